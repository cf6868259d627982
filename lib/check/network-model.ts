/*
 * The policy model of the isolation proof: namespaces as nodes, NetworkPolicies as rules,
 * selectors and ipBlocks evaluated with Kubernetes semantics (see reachability.ts).
 */
import { asArray, asString, isRecord, labelsOf, nameOf, namespaceOf, type Manifest, type ProofContext } from './findings';
import type { ResolvedPlatform } from '../spec/resolve';
import { ipBlockReach } from './ip-blocks';
import { ALL_PORTS, intersectPorts, isEmptyPorts, NO_PORTS, rulePorts, unionPorts, type PortSet } from './port-set';

export type NodeKind = 'tenant' | 'platform' | 'undeclared' | 'other' | 'external';

export interface NetworkNode {
  /** The namespace name, or `(other namespaces)` / `(external)`. */
  readonly id: string;
  readonly kind: NodeKind;
  /** The owning tenant, for tenant namespaces. */
  readonly tenant?: string;
  /** What the platform runs there (`ingress controller`, `DNS`, `shared service postgresql`…). */
  readonly roles: readonly string[];
  /** Labels known for certain. */
  readonly labels: Readonly<Record<string, string>>;
  /** Whether the namespace may carry labels other than the ones known (every node but the external one). */
  readonly openLabels: boolean;
}

export const OTHER_NODE = '(other namespaces)';
export const EXTERNAL_NODE = '(external)';
const NAME_LABEL = 'kubernetes.io/metadata.name';

interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

function requirementsOf(selector: Record<string, unknown>): Requirement[] | undefined {
  const out: Requirement[] = [];
  const matchLabels = selector.matchLabels;
  if (isRecord(matchLabels)) for (const [key, value] of Object.entries(matchLabels)) out.push({ key, operator: 'In', values: [String(value)] });
  for (const expression of asArray(selector.matchExpressions)) {
    if (!isRecord(expression) || typeof expression.key !== 'string' || typeof expression.operator !== 'string') return undefined;
    out.push({ key: expression.key, operator: expression.operator, values: asArray(expression.values).map(String) });
  }
  return out;
}

function satisfies(requirement: Requirement, value: string | undefined): boolean {
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && requirement.values.includes(value);
    case 'NotIn':
      return value === undefined || !requirement.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    default:
      return false; // the API server rejects other operators
  }
}

/**
 * Whether a label selector can match the node. Only `kubernetes.io/metadata.name` is taken
 * as fixed (the API server sets it and nobody can change it); any other label is open:
 * whoever may label a namespace may set it to any value, so a key is satisfiable when some
 * value (or its absence) meets every requirement on it.
 */
export function selectorMatches(selector: Record<string, unknown>, node: NetworkNode): boolean {
  const requirements = requirementsOf(selector);
  if (!requirements) return true; // malformed: the schema proof reports it; stay on the safe side
  const byKey = new Map<string, Requirement[]>();
  for (const r of requirements) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  for (const [key, reqs] of byKey) {
    const fixed = key === NAME_LABEL || !node.openLabels;
    const candidates: (string | undefined)[] = fixed ? [node.labels[key]] : [undefined, ...reqs.flatMap((r) => r.values), '\u0000fresh'];
    if (!candidates.some((value) => reqs.every((r) => satisfies(r, value)))) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Policies
// ---------------------------------------------------------------------------

type Direction = 'ingress' | 'egress';

/** Node ids a rule's peers match; `all` for a rule without peers. */
type Matched = ReadonlySet<string> | 'all';

interface Rule {
  readonly policy: Policy;
  readonly direction: Direction;
  readonly index: number;
  readonly matched: Matched;
  /** ipBlock peers covering pod IPs, for the message. */
  readonly podBlocks: readonly string[];
  readonly ports: PortSet;
}

interface Policy {
  readonly manifest: Manifest;
  readonly namespace: string;
  readonly selectsAll: boolean;
  readonly types: ReadonlySet<'Ingress' | 'Egress'>;
  rules: Rule[];
}

/** One namespace-level connection the policies allow. */
export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly ports: PortSet;
}

/** A connection between two tenants, directly or through undeclared namespaces. */
export interface CrossTenantPath {
  readonly fromTenant: string;
  /** The source namespaces of `fromTenant`. */
  readonly from: readonly string[];
  readonly to: string;
  readonly toTenant: string;
  /** The undeclared namespace the last hop leaves from; absent for a direct path. */
  readonly via?: string;
  readonly ports: PortSet;
}

export interface ReachabilityMatrix {
  readonly nodes: readonly NetworkNode[];
  /** Every allowed connection between two nodes (including a namespace to itself). */
  readonly edges: readonly Edge[];
  readonly paths: readonly CrossTenantPath[];
}

export class NetworkModel {
  public readonly nodes: NetworkNode[];
  private readonly byId: Map<string, NetworkNode>;
  private readonly selectorCache = new Map<string, ReadonlySet<string>>();
  /** One object per distinct value: at 20,000 namespaces the policies' rules and the edges number in the hundreds of thousands, their values in the tens. */
  private readonly portSets = new Map<string, PortSet>();
  private readonly typeSets = new Map<string, ReadonlySet<'Ingress' | 'Egress'>>();
  public readonly policies: Policy[] = [];
  public readonly ingressRules = new Map<string, Rule[]>();
  public readonly egressRules = new Map<string, Rule[]>();
  public readonly ingressIsolated = new Set<string>();
  public readonly egressIsolated = new Set<string>();
  public checks = 0;

  /** Node positions by id, and by their fixed `kubernetes.io/metadata.name` label. */
  private readonly position = new Map<string, number>();
  private readonly byName = new Map<string, number[]>();

  constructor(nodes: NetworkNode[]) {
    this.nodes = nodes;
    this.byId = new Map(nodes.map((n) => [n.id, n]));
    nodes.forEach((node, index) => {
      this.position.set(node.id, index);
      const name = node.labels[NAME_LABEL];
      if (name !== undefined) this.byName.set(name, [...(this.byName.get(name) ?? []), index]);
    });
  }

  node(id: string): NetworkNode | undefined {
    return this.byId.get(id);
  }

  /** The ids of the namespaces a selector can match, in node order. */
  namespaces(selector: Record<string, unknown>): ReadonlySet<string> {
    const key = JSON.stringify(selector);
    let hit = this.selectorCache.get(key);
    if (!hit) {
      hit = new Set(this.candidates(selector).filter((n) => n.kind !== 'external' && selectorMatches(selector, n)).map((n) => n.id));
      this.selectorCache.set(key, hit);
    }
    return hit;
  }

  /**
   * The nodes worth testing against a selector, in node order: a requirement `kubernetes.io/metadata.name
   * In (…)` can only match nodes with one of those names (the label is fixed), so a tenant's selector of its
   * own namespaces is tested against those, not against all of them: that made the proof quadratic.
   */
  private candidates(selector: Record<string, unknown>): readonly NetworkNode[] {
    let names: readonly string[] | undefined;
    for (const requirement of requirementsOf(selector) ?? []) {
      if (requirement.key !== NAME_LABEL || requirement.operator !== 'In') continue;
      names = names ? names.filter((name) => requirement.values.includes(name)) : requirement.values;
    }
    if (!names) return this.nodes;
    const indexes = new Set(names.flatMap((name) => this.byName.get(name) ?? []));
    return [...indexes].sort((a, b) => a - b).map((index) => this.nodes[index]!);
  }

  /** The node ids among `ids`, in node order. */
  private inOrder(ids: Iterable<string>): string[] {
    return [...ids].filter((id) => this.position.has(id)).sort((a, b) => this.position.get(a)! - this.position.get(b)!);
  }

  addPolicy(manifest: Manifest): void {
    const namespace = namespaceOf(manifest.object);
    const spec = isRecord(manifest.object.spec) ? manifest.object.spec : {};
    if (!namespace || !this.byId.has(namespace) || this.byId.get(namespace)!.kind !== 'tenant') return;
    const podSelector = isRecord(spec.podSelector) ? spec.podSelector : {};
    const selectsAll = (requirementsOf(podSelector) ?? [null]).length === 0;
    const declared = asArray(spec.policyTypes).filter((t): t is 'Ingress' | 'Egress' => t === 'Ingress' || t === 'Egress');
    // Kubernetes' defaulting: without policyTypes, Egress is added only when the egress list is non-empty.
    const types = this.typesOf(declared.length ? declared : asArray(spec.egress).length > 0 ? ['Ingress', 'Egress'] : ['Ingress']);
    const policy: Policy = { manifest, namespace, selectsAll, types, rules: [] };
    for (const direction of ['ingress', 'egress'] as const) {
      if (!types.has(direction === 'ingress' ? 'Ingress' : 'Egress')) continue;
      asArray(spec[direction]).forEach((raw, index) => {
        const rule = isRecord(raw) ? raw : {};
        const peers = asArray(direction === 'ingress' ? rule.from : rule.to);
        const { matched, podBlocks } = this.matchPeers(namespace, peers);
        policy.rules.push({ policy, direction, index, matched, podBlocks, ports: this.shared(rulePorts(rule.ports)) });
      });
    }
    this.policies.push(policy);
    for (const rule of policy.rules) {
      const map = rule.direction === 'ingress' ? this.ingressRules : this.egressRules;
      map.set(namespace, [...(map.get(namespace) ?? []), rule]);
    }
    if (selectsAll && types.has('Ingress')) this.ingressIsolated.add(namespace);
    if (selectsAll && types.has('Egress')) this.egressIsolated.add(namespace);
  }

  private typesOf(types: readonly ('Ingress' | 'Egress')[]): ReadonlySet<'Ingress' | 'Egress'> {
    const key = types.join();
    let set = this.typeSets.get(key);
    if (!set) this.typeSets.set(key, (set = new Set(types)));
    return set;
  }

  /** The one PortSet object of `ports`' value. */
  private shared(ports: PortSet): PortSet {
    const key = JSON.stringify(ports);
    const known = this.portSets.get(key);
    if (known) return known;
    this.portSets.set(key, ports);
    return ports;
  }

  private matchPeers(namespace: string, peers: readonly unknown[]): { matched: Matched; podBlocks: string[] } {
    if (!peers.length) return { matched: 'all', podBlocks: [] };
    const [only] = peers;
    if (peers.length === 1 && isRecord(only) && !isRecord(only.ipBlock) && isRecord(only.namespaceSelector)) {
      // A lone namespaceSelector matches what the selector does: the cached set itself, not a copy per rule.
      this.checks++;
      return { matched: this.namespaces(only.namespaceSelector), podBlocks: [] };
    }
    const matched = new Set<string>();
    const podBlocks: string[] = [];
    for (const peer of peers) {
      this.checks++;
      if (!isRecord(peer) || (!peer.ipBlock && !peer.namespaceSelector && !peer.podSelector)) return { matched: 'all', podBlocks };
      if (isRecord(peer.ipBlock)) {
        const reach = ipBlockReach(peer.ipBlock);
        if (reach.external) matched.add(EXTERNAL_NODE);
        if (reach.pods) {
          podBlocks.push(asString(peer.ipBlock.cidr) ?? '(no cidr)');
          for (const n of this.nodes) if (n.kind !== 'external') matched.add(n.id);
        }
      } else if (isRecord(peer.namespaceSelector)) {
        for (const id of this.namespaces(peer.namespaceSelector)) matched.add(id);
      } else {
        matched.add(namespace); // podSelector alone: pods of the policy's own namespace
      }
    }
    return { matched, podBlocks };
  }

  /** The ports `namespace`'s rules in `direction` allow towards / from `peer`. */
  allowed(namespace: string, direction: Direction, peer: string): PortSet {
    const node = this.byId.get(namespace)!;
    if (node.kind !== 'tenant') return ALL_PORTS; // policies unknown: open
    const isolated = direction === 'ingress' ? this.ingressIsolated : this.egressIsolated;
    if (!isolated.has(namespace)) return ALL_PORTS;
    let ports = NO_PORTS;
    for (const rule of (direction === 'ingress' ? this.ingressRules : this.egressRules).get(namespace) ?? []) {
      if (rule.matched === 'all' || rule.matched.has(peer)) ports = unionPorts(ports, rule.ports);
      if (ports.all) break;
    }
    return ports;
  }

  connection(from: string, to: string): PortSet {
    this.checks++;
    const egress = this.allowed(from, 'egress', to);
    if (isEmptyPorts(egress)) return NO_PORTS;
    return intersectPorts(egress, this.allowed(to, 'ingress', from));
  }

  /** Every edge, visiting only the sources an isolated destination's rules can admit. */
  edges(): Edge[] {
    const edges: Edge[] = [];
    const ids = this.nodes.map((n) => n.id);
    for (const to of this.nodes) {
      let sources: Iterable<string> = ids;
      if (to.kind === 'tenant' && this.ingressIsolated.has(to.id)) {
        const admitted = new Set<string>();
        let all = false;
        for (const rule of this.ingressRules.get(to.id) ?? []) {
          if (rule.matched === 'all') {
            all = true;
            break;
          }
          for (const id of rule.matched) admitted.add(id);
        }
        sources = all ? ids : this.inOrder(admitted); // not a scan of every node per destination: that was quadratic
      }
      for (const from of sources) {
        const ports = this.connection(from, to.id);
        if (!isEmptyPorts(ports)) edges.push({ from, to: to.id, ports: this.shared(ports) });
      }
    }
    return edges;
  }
}

// ---------------------------------------------------------------------------
// The proof
// ---------------------------------------------------------------------------

function platformRoles(platform: ResolvedPlatform | undefined): Map<string, string[]> {
  const roles = new Map<string, string[]>();
  const add = (namespace: string, role: string) => roles.set(namespace, [...(roles.get(namespace) ?? []), role]);
  if (!platform) return roles;
  // Each platform component by name and what it may do (lib/spec/components.ts).
  for (const component of platform.components) add(component.namespace, component.role);
  return roles;
}

/** Namespace names that selectors pin by `kubernetes.io/metadata.name`. */
function pinnedNames(policies: readonly Manifest[]): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isRecord(value)) {
      if (isRecord(value.namespaceSelector)) {
        const sel = value.namespaceSelector;
        if (isRecord(sel.matchLabels) && typeof sel.matchLabels[NAME_LABEL] === 'string') names.add(sel.matchLabels[NAME_LABEL]);
        for (const e of asArray(sel.matchExpressions)) if (isRecord(e) && e.key === NAME_LABEL && e.operator === 'In') asArray(e.values).forEach((v) => names.add(String(v)));
      }
      Object.values(value).forEach(visit);
    }
  };
  policies.forEach((m) => visit(m.object.spec));
  return names;
}

export function buildNodes(context: ProofContext, policies: readonly Manifest[]): NetworkNode[] {
  const { tenancy, manifests } = context;
  const nodes: NetworkNode[] = [];
  const seen = new Set<string>();
  const namespaceObjects = new Map(manifests.filter((m) => m.object.kind === 'Namespace' && nameOf(m.object)).map((m) => [nameOf(m.object)!, m]));
  for (const [name, tenant] of [...tenancy.namespaceOwner].sort(([a, ta], [b, tb]) => (ta + a < tb + b ? -1 : 1))) {
    const labels = { ...labelsOf(namespaceObjects.get(name)!.object), [NAME_LABEL]: name };
    nodes.push({ id: name, kind: 'tenant', tenant, roles: [], labels, openLabels: true });
    seen.add(name);
  }
  const roles = platformRoles(context.platform);
  for (const name of [...roles.keys()].sort()) {
    if (seen.has(name)) continue;
    nodes.push({ id: name, kind: 'platform', roles: roles.get(name)!, labels: { [NAME_LABEL]: name }, openLabels: true });
    seen.add(name);
  }
  for (const name of [...pinnedNames(policies)].sort()) {
    if (seen.has(name)) continue;
    // Without platform.ts (it failed to load, which is reported) the named namespaces cannot be judged.
    const kind = context.platform ? 'undeclared' : 'platform';
    nodes.push({ id: name, kind, roles: kind === 'platform' ? ['unknown: platform.ts did not load'] : [], labels: { [NAME_LABEL]: name }, openLabels: true });
    seen.add(name);
  }
  nodes.push({ id: OTHER_NODE, kind: 'other', roles: [], labels: { [NAME_LABEL]: '\u0000other' }, openLabels: true });
  nodes.push({ id: EXTERNAL_NODE, kind: 'external', roles: [], labels: {}, openLabels: false });
  return nodes;
}

export const isNetworkPolicy = (m: Manifest) => m.object.kind === 'NetworkPolicy' && m.object.apiVersion === 'networking.k8s.io/v1';
