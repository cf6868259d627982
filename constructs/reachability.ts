import {
  asArray,
  asString,
  finding,
  isRecord,
  labelsOf,
  listing,
  nameOf,
  namespaceOf,
  type Finding,
  type Invariant,
  type Manifest,
  type ProofContext,
  type ProofResult,
} from './findings';
import type { ResolvedPlatform } from './resolve';

/*
 * The isolation proof: a namespace-level reachability matrix computed from the
 * NetworkPolicies and Namespaces in dist/, following Kubernetes semantics:
 * - a connection needs the source's egress AND the destination's ingress to allow it;
 * - a namespace is isolated in a direction only by a policy that selects all its pods
 *   (`podSelector: {}`) with that policy type; otherwise some pod there is open;
 * - rules add up; a rule without `from`/`to` admits everyone, without `ports` every port;
 * - namespaceSelector is evaluated against the Namespace objects' labels, including the
 *   implicit `kubernetes.io/metadata.name`.
 * Pod selectors are not modelled (tenants label their own pods), so every rule is taken
 * to reach some pod: the matrix over-approximates, which is the safe side for a proof.
 * Namespaces that are not in dist/ (the platform's, and any other) have unknown policies
 * and are taken as open both ways.
 */

export const ISOLATION_INVARIANTS: readonly Invariant[] = [
  {
    id: 'isolation/ingress-isolated',
    proof: 'isolation',
    statement: 'Every tenant namespace has a NetworkPolicy that selects all its pods for Ingress (the default deny), so nothing reaches it unless a rule admits it.',
  },
  {
    id: 'isolation/peers-own-tenant',
    proof: 'isolation',
    statement: "A tenant's NetworkPolicy rules name only its own namespaces, the platform's namespaces and addresses outside the pod ranges.",
  },
  {
    id: 'isolation/no-cross-tenant-path',
    proof: 'isolation',
    statement: "No namespace of one tenant can open a connection to a namespace of another, directly or through a namespace that is neither a tenant's nor the platform's.",
  },
  {
    id: 'isolation/namespace-owner',
    proof: 'isolation',
    statement: "Each Namespace is defined once, in its tenant's folder, and its tenantry.io/tenant label names that tenant.",
  },
  {
    id: 'isolation/objects-in-own-namespaces',
    proof: 'isolation',
    statement: "Every namespaced object in dist/<tenant>/ lives in one of that tenant's namespaces (Argo CD objects in the Argo CD namespace excepted).",
  },
];

// ---------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** A port range of one protocol, or a named port (resolved per pod, so unknown here). */
export interface PortRange {
  readonly protocol: Protocol;
  readonly from: number;
  readonly to: number;
  readonly name?: string;
}

export interface PortSet {
  /** Every port of every protocol. */
  readonly all: boolean;
  readonly ranges: readonly PortRange[];
}

export const ALL_PORTS: PortSet = { all: true, ranges: [] };
export const NO_PORTS: PortSet = { all: false, ranges: [] };
const MAX_PORT = 65535;

/** The ports a NetworkPolicy rule's `ports` list allows. */
export function rulePorts(ports: unknown): PortSet {
  const list = asArray(ports);
  if (!list.length) return ALL_PORTS;
  const ranges: PortRange[] = [];
  for (const entry of list) {
    if (!isRecord(entry)) continue;
    const protocol = (asString(entry.protocol) ?? 'TCP') as Protocol;
    const port = entry.port;
    if (port === undefined || port === null) ranges.push({ protocol, from: 1, to: MAX_PORT });
    else if (typeof port === 'number') ranges.push({ protocol, from: port, to: typeof entry.endPort === 'number' ? entry.endPort : port });
    else if (typeof port === 'string' && /^\d+$/.test(port)) ranges.push({ protocol, from: Number(port), to: Number(port) });
    else ranges.push({ protocol, from: 0, to: 0, name: String(port) });
  }
  return normalize(ranges);
}

function normalize(ranges: readonly PortRange[]): PortSet {
  const named = new Map<string, PortRange>();
  const byProtocol = new Map<Protocol, PortRange[]>();
  for (const r of ranges) {
    if (r.name !== undefined) named.set(`${r.protocol}/${r.name}`, r);
    else byProtocol.set(r.protocol, [...(byProtocol.get(r.protocol) ?? []), r]);
  }
  const merged: PortRange[] = [];
  for (const protocol of [...byProtocol.keys()].sort()) {
    const sorted = [...byProtocol.get(protocol)!].sort((a, b) => a.from - b.from);
    let current: PortRange | undefined;
    for (const r of sorted) {
      if (current && r.from <= current.to + 1) current = { ...current, to: Math.max(current.to, r.to) };
      else {
        if (current) merged.push(current);
        current = { ...r };
      }
    }
    if (current) merged.push(current);
  }
  return { all: false, ranges: [...merged, ...[...named.keys()].sort().map((k) => named.get(k)!)] };
}

export function unionPorts(a: PortSet, b: PortSet): PortSet {
  if (a.all || b.all) return ALL_PORTS;
  return normalize([...a.ranges, ...b.ranges]);
}

/** Named ports may resolve to any number, so they survive against anything of their protocol. */
export function intersectPorts(a: PortSet, b: PortSet): PortSet {
  if (a.all) return b;
  if (b.all) return a;
  const out: PortRange[] = [];
  for (const x of a.ranges) {
    for (const y of b.ranges) {
      if (x.protocol !== y.protocol) continue;
      if (x.name !== undefined) out.push(x);
      else if (y.name !== undefined) out.push(y);
      else if (Math.max(x.from, y.from) <= Math.min(x.to, y.to)) out.push({ protocol: x.protocol, from: Math.max(x.from, y.from), to: Math.min(x.to, y.to) });
    }
  }
  return normalize(out);
}

export function isEmptyPorts(set: PortSet): boolean {
  return !set.all && set.ranges.length === 0;
}

/** `all ports`, `5432/TCP`, `53/UDP, 53/TCP`, `8000-8100/TCP`, `any TCP port`, `http/TCP`. */
export function formatPorts(set: PortSet): string {
  if (set.all) return 'all ports';
  if (!set.ranges.length) return 'no ports';
  return set.ranges
    .map((r) => {
      if (r.name !== undefined) return `${r.name}/${r.protocol}`;
      if (r.from <= 1 && r.to >= MAX_PORT) return `any ${r.protocol} port`;
      return r.from === r.to ? `${r.from}/${r.protocol}` : `${r.from}-${r.to}/${r.protocol}`;
    })
    .join(', ');
}

// ---------------------------------------------------------------------------
// Nodes and selectors
// ---------------------------------------------------------------------------

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
  /** Whether the namespace may carry further labels we do not know (not `tenantry.io/*`). */
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
 * Whether a label selector can match the node. Known labels are exact; for a node with
 * open labels, a key it may carry is satisfiable when some value (or its absence) meets
 * every requirement on that key. `tenantry.io/*` keys are taken to be set only by Tenantry.
 */
export function selectorMatches(selector: Record<string, unknown>, node: NetworkNode): boolean {
  const requirements = requirementsOf(selector);
  if (!requirements) return true; // malformed: the schema proof reports it; stay on the safe side
  const byKey = new Map<string, Requirement[]>();
  for (const r of requirements) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  for (const [key, reqs] of byKey) {
    const fixed = key in node.labels || key === NAME_LABEL || key.startsWith('tenantry.io/') || !node.openLabels;
    const candidates: (string | undefined)[] = fixed ? [node.labels[key]] : [undefined, ...reqs.flatMap((r) => r.values), '\u0000fresh'];
    if (!candidates.some((value) => reqs.every((r) => satisfies(r, value)))) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// IP blocks
// ---------------------------------------------------------------------------

/** Where pod IPs come from in practice: RFC 1918 and the shared address space some CNIs use. */
const POD_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

type Interval = readonly [number, number];

function parseCidr(cidr: string): Interval | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr.trim());
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const address = ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
  const size = 2 ** (32 - bits);
  const start = Math.floor(address / size) * size;
  return [start, start + size - 1];
}

function subtract(intervals: readonly Interval[], cut: Interval): Interval[] {
  return intervals.flatMap(([a, b]): Interval[] => {
    if (cut[1] < a || cut[0] > b) return [[a, b]];
    const out: Interval[] = [];
    if (cut[0] > a) out.push([a, cut[0] - 1]);
    if (cut[1] < b) out.push([cut[1] + 1, b]);
    return out;
  });
}

/** Whether an ipBlock covers pod IPs (so other tenants' pods), and whether it covers the outside world. */
export function ipBlockReach(block: Record<string, unknown>): { pods: boolean; external: boolean } {
  const cidr = asString(block.cidr) ?? '';
  const range = parseCidr(cidr);
  if (!range) return { pods: true, external: true }; // IPv6 or malformed: cannot rule pods out
  let remaining: Interval[] = [range];
  for (const except of asArray(block.except)) {
    const cut = typeof except === 'string' ? parseCidr(except) : undefined;
    if (cut) remaining = subtract(remaining, cut);
  }
  const podRanges = POD_RANGES.map((r) => parseCidr(r)!);
  const pods = remaining.some(([a, b]) => podRanges.some(([c, d]) => a <= d && c <= b));
  let outside = remaining;
  for (const pod of podRanges) outside = subtract(outside, pod);
  return { pods, external: outside.length > 0 };
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

export interface IsolationResult extends ProofResult {
  readonly matrix: ReachabilityMatrix;
}

class NetworkModel {
  public readonly nodes: NetworkNode[];
  private readonly byId: Map<string, NetworkNode>;
  private readonly selectorCache = new Map<string, ReadonlySet<string>>();
  public readonly policies: Policy[] = [];
  public readonly ingressRules = new Map<string, Rule[]>();
  public readonly egressRules = new Map<string, Rule[]>();
  public readonly ingressIsolated = new Set<string>();
  public readonly egressIsolated = new Set<string>();
  public checks = 0;

  constructor(nodes: NetworkNode[]) {
    this.nodes = nodes;
    this.byId = new Map(nodes.map((n) => [n.id, n]));
  }

  node(id: string): NetworkNode | undefined {
    return this.byId.get(id);
  }

  namespaces(selector: Record<string, unknown>): ReadonlySet<string> {
    const key = JSON.stringify(selector);
    let hit = this.selectorCache.get(key);
    if (!hit) {
      hit = new Set(this.nodes.filter((n) => n.kind !== 'external' && selectorMatches(selector, n)).map((n) => n.id));
      this.selectorCache.set(key, hit);
    }
    return hit;
  }

  addPolicy(manifest: Manifest): void {
    const namespace = namespaceOf(manifest.object);
    const spec = isRecord(manifest.object.spec) ? manifest.object.spec : {};
    if (!namespace || !this.byId.has(namespace) || this.byId.get(namespace)!.kind !== 'tenant') return;
    const podSelector = isRecord(spec.podSelector) ? spec.podSelector : {};
    const selectsAll = (requirementsOf(podSelector) ?? [null]).length === 0;
    const declared = asArray(spec.policyTypes).filter((t): t is 'Ingress' | 'Egress' => t === 'Ingress' || t === 'Egress');
    const types = new Set<'Ingress' | 'Egress'>(declared.length ? declared : spec.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress']);
    const policy: Policy = { manifest, namespace, selectsAll, types, rules: [] };
    for (const direction of ['ingress', 'egress'] as const) {
      if (!types.has(direction === 'ingress' ? 'Ingress' : 'Egress')) continue;
      asArray(spec[direction]).forEach((raw, index) => {
        const rule = isRecord(raw) ? raw : {};
        const peers = asArray(direction === 'ingress' ? rule.from : rule.to);
        const { matched, podBlocks } = this.matchPeers(namespace, peers);
        policy.rules.push({ policy, direction, index, matched, podBlocks, ports: rulePorts(rule.ports) });
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

  private matchPeers(namespace: string, peers: readonly unknown[]): { matched: Matched; podBlocks: string[] } {
    if (!peers.length) return { matched: 'all', podBlocks: [] };
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
        for (const rule of this.ingressRules.get(to.id) ?? []) {
          if (rule.matched === 'all') {
            for (const id of ids) admitted.add(id);
            break;
          }
          for (const id of rule.matched) admitted.add(id);
        }
        sources = ids.filter((id) => admitted.has(id));
      }
      for (const from of sources) {
        const ports = this.connection(from, to.id);
        if (!isEmptyPorts(ports)) edges.push({ from, to: to.id, ports });
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
  if (platform.ingress) add(platform.ingress.namespace, 'ingress controller');
  if (platform.monitoring) add(platform.monitoring.namespace, 'monitoring');
  add(platform.dns.namespace, 'DNS');
  for (const [name, service] of Object.entries(platform.sharedServices)) add(service.namespace, `shared service ${name}`);
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

function buildNodes(context: ProofContext, policies: readonly Manifest[]): NetworkNode[] {
  const { tenancy, manifests } = context;
  const nodes: NetworkNode[] = [];
  const seen = new Set<string>();
  const namespaceObjects = new Map(manifests.filter((m) => m.object.kind === 'Namespace' && nameOf(m.object)).map((m) => [nameOf(m.object)!, m]));
  for (const [name, tenant] of [...tenancy.namespaceOwner].sort(([a, ta], [b, tb]) => (ta + a < tb + b ? -1 : 1))) {
    const labels = { ...labelsOf(namespaceObjects.get(name)!.object), [NAME_LABEL]: name };
    nodes.push({ id: name, kind: 'tenant', tenant, roles: [], labels, openLabels: false });
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

const isNetworkPolicy = (m: Manifest) => m.object.kind === 'NetworkPolicy' && m.object.apiVersion === 'networking.k8s.io/v1';

/** The reachability matrix alone, for `--matrix` and tests. */
export function computeMatrix(context: ProofContext): ReachabilityMatrix {
  return proveIsolation(context).matrix;
}

export function proveIsolation(context: ProofContext): IsolationResult {
  const policyManifests = context.manifests.filter(isNetworkPolicy);
  const model = new NetworkModel(buildNodes(context, policyManifests));
  for (const manifest of policyManifests) model.addPolicy(manifest);
  const edges = model.edges();
  const paths = crossTenantPaths(model, edges);
  const findings: Finding[] = [
    ...ownershipFindings(context),
    ...isolationFindings(context, model),
    ...ruleFindings(model, paths),
  ];
  findings.push(...unexplainedPaths(context, paths, findings));
  return { findings, checks: model.checks + context.manifests.length * 2, matrix: { nodes: model.nodes, edges, paths } };
}

const intermediate = (node: NetworkNode | undefined) => node?.kind === 'undeclared' || node?.kind === 'other';

function crossTenantPaths(model: NetworkModel, edges: readonly Edge[]): CrossTenantPath[] {
  const direct = new Map<string, { from: Set<string>; ports: PortSet; fromTenant: string; to: string; toTenant: string; via?: string }>();
  const add = (fromTenant: string, fromNs: string, to: NetworkNode, ports: PortSet, via?: string) => {
    const key = `${fromTenant}\u0000${to.id}\u0000${via ?? ''}`;
    const entry = direct.get(key) ?? { from: new Set<string>(), ports: NO_PORTS, fromTenant, to: to.id, toTenant: to.tenant!, via };
    entry.from.add(fromNs);
    entry.ports = unionPorts(entry.ports, ports);
    direct.set(key, entry);
  };
  // Which tenant namespaces reach each undeclared namespace, following hops between them.
  const reachedBy = new Map<string, Map<string, Set<string>>>();
  const note = (node: string, tenant: string, ns: string) => {
    const byTenant = reachedBy.get(node) ?? new Map<string, Set<string>>();
    const set = byTenant.get(tenant) ?? new Set<string>();
    const fresh = !set.has(ns);
    set.add(ns);
    byTenant.set(tenant, set);
    reachedBy.set(node, byTenant);
    return fresh;
  };
  for (const edge of edges) {
    const from = model.node(edge.from)!;
    const to = model.node(edge.to)!;
    if (from.kind === 'tenant' && to.kind === 'tenant' && from.tenant !== to.tenant) add(from.tenant!, from.id, to, edge.ports);
    if (from.kind === 'tenant' && intermediate(to)) note(to.id, from.tenant!, from.id);
  }
  const hops = edges.filter((e) => intermediate(model.node(e.from)) && intermediate(model.node(e.to)) && e.from !== e.to);
  for (let changed = true; changed; ) {
    changed = false;
    for (const hop of hops) {
      for (const [tenant, namespaces] of reachedBy.get(hop.from) ?? []) for (const ns of namespaces) changed = note(hop.to, tenant, ns) || changed;
    }
  }
  for (const edge of edges) {
    const to = model.node(edge.to)!;
    if (!intermediate(model.node(edge.from)) || to.kind !== 'tenant') continue;
    for (const [tenant, namespaces] of reachedBy.get(edge.from) ?? []) {
      if (tenant === to.tenant) continue;
      for (const ns of namespaces) add(tenant, ns, to, edge.ports, edge.from);
    }
  }
  return [...direct.values()]
    .map((p) => ({ fromTenant: p.fromTenant, from: [...p.from].sort(), to: p.to, toTenant: p.toTenant, via: p.via, ports: p.ports }))
    .sort((a, b) => (`${a.to}\u0000${a.fromTenant}\u0000${a.via ?? ''}` < `${b.to}\u0000${b.fromTenant}\u0000${b.via ?? ''}` ? -1 : 1));
}

function ownershipFindings(context: ProofContext): Finding[] {
  const findings: Finding[] = [];
  const { tenancy } = context;
  const definedIn = new Map<string, Manifest[]>();
  for (const m of context.manifests) {
    if (m.object.kind !== 'Namespace' || !nameOf(m.object)) continue;
    const name = nameOf(m.object)!;
    definedIn.set(name, [...(definedIn.get(name) ?? []), m]);
    const tenant = m.folder && m.folder !== '_platform' ? m.folder : undefined;
    const label = labelsOf(m.object)['tenantry.io/tenant'];
    if (tenant && label !== tenant) {
      findings.push(
        finding('isolation', 'isolation/namespace-owner', m, `label tenantry.io/tenant is ${label === undefined ? 'missing' : `"${label}"`}, but the namespace belongs to tenant ${tenant} (dist/${tenant}/); other tenants' policies select namespaces by this label, so it must be "${tenant}"`),
      );
    }
  }
  for (const [name, defs] of definedIn) {
    if (defs.length < 2) continue;
    for (const m of defs.slice(1)) {
      findings.push(finding('isolation', 'isolation/namespace-owner', m, `namespace ${name} is also defined in ${defs[0]!.file}; a namespace belongs to one tenant only`));
    }
  }
  const argocdNamespace = context.platform?.gitops?.argocdNamespace ?? 'argocd';
  for (const m of context.manifests) {
    const tenant = m.folder && m.folder !== '_platform' ? m.folder : undefined;
    const namespace = namespaceOf(m.object);
    if (!tenant || !namespace || m.object.kind === 'Namespace') continue;
    if (typeof m.object.apiVersion === 'string' && m.object.apiVersion.startsWith('argoproj.io/') && namespace === argocdNamespace) continue;
    const owner = tenancy.namespaceOwner.get(namespace);
    if (owner === tenant) continue;
    findings.push(
      finding(
        'isolation',
        'isolation/objects-in-own-namespaces',
        m,
        owner
          ? `lives in namespace ${namespace} of tenant ${owner}; objects of tenant ${tenant} stay in its own namespaces (${listing([...(tenancy.tenantNamespaces.get(tenant) ?? [])])})`
          : `lives in namespace ${namespace}, which is not a namespace of tenant ${tenant}; objects of a tenant stay in its own namespaces`,
      ),
    );
  }
  return findings;
}

function isolationFindings(context: ProofContext, model: NetworkModel): Finding[] {
  const findings: Finding[] = [];
  for (const node of model.nodes) {
    if (node.kind !== 'tenant' || model.ingressIsolated.has(node.id)) continue;
    const file = context.tenancy.namespaceFile.get(node.id)!;
    const manifest = context.manifests.find((m) => m.file === file && m.object.kind === 'Namespace');
    findings.push(
      finding(
        'isolation',
        'isolation/ingress-isolated',
        manifest ?? file,
        `no NetworkPolicy selects all its pods (podSelector: {}) for Ingress, so every namespace may connect to it, other tenants' included; restore the default-deny NetworkPolicy of tenant ${node.tenant}`,
      ),
    );
  }
  return findings;
}

/** Rules of a tenant's policies that name namespaces other than its own and the platform's. */
function ruleFindings(model: NetworkModel, paths: readonly CrossTenantPath[]): Finding[] {
  const findings: Finding[] = [];
  for (const policy of model.policies) {
    const owner = model.node(policy.namespace)!.tenant!;
    for (const rule of policy.rules) {
      model.checks++;
      const foreign = new Map<string, string[]>();
      const undeclared: string[] = [];
      let other = false;
      const ids = rule.matched === 'all' ? model.nodes.map((n) => n.id) : [...rule.matched];
      for (const id of ids) {
        const node = model.node(id)!;
        if (node.kind === 'tenant' && node.tenant !== owner) foreign.set(node.tenant!, [...(foreign.get(node.tenant!) ?? []), id]);
        else if (node.kind === 'undeclared') undeclared.push(id);
        else if (node.kind === 'other') other = true;
      }
      if (!foreign.size && !undeclared.length && !other) continue;
      const verb = rule.direction === 'ingress' ? 'admits' : 'allows connections to';
      const what: string[] = [];
      if (rule.matched === 'all') what.push(rule.direction === 'ingress' ? `every source (no "from")` : `every destination (no "to")`);
      else if (rule.podBlocks.length) what.push(`the pod IPs of every namespace (ipBlock ${rule.podBlocks.join(', ')} overlaps the pod ranges ${POD_RANGES.join(', ')}; list them under except)`);
      if (rule.matched !== 'all' && !rule.podBlocks.length) {
        for (const [tenant, namespaces] of [...foreign].sort()) what.push(`tenant ${tenant}'s namespace${namespaces.length > 1 ? 's' : ''} ${listing(namespaces.sort())}`);
        for (const name of undeclared) what.push(`namespace ${name}, which is neither a tenant's nor the platform's`);
        if (other) what.push('namespaces outside Tenantry and platform.ts');
      }
      const relevant = paths.filter((p) =>
        rule.direction === 'ingress'
          ? p.to === policy.namespace && (p.via ? ids.includes(p.via) : p.from.some((f) => ids.includes(f)))
          : p.from.includes(policy.namespace) && ids.includes(p.via ?? p.to),
      );
      const consequence = relevant.length
        ? `, which opens a path across tenants (${listing(relevant.map(describePath))})`
        : `; no path across tenants exists only because the other side's policies block it`;
      findings.push(
        finding(
          'isolation',
          'isolation/peers-own-tenant',
          policy.manifest,
          `spec.${rule.direction}[${rule.index}] ${verb} ${listing(what)} on ${formatPorts(rule.ports)}${consequence}; a tenant's NetworkPolicies may name only its own namespaces, the platform's and addresses outside the pod ranges`,
        ),
      );
    }
  }
  return findings;
}

export function describePath(path: CrossTenantPath): string {
  return `${listing([...path.from])} → ${path.via ? `${path.via} → ` : ''}${path.to} on ${formatPorts(path.ports)}`;
}

/** A safety net: every cross-tenant path must be explained by a finding on its destination. */
function unexplainedPaths(context: ProofContext, paths: readonly CrossTenantPath[], findings: readonly Finding[]): Finding[] {
  const explained = new Set(findings.filter((f) => f.invariant !== 'isolation/objects-in-own-namespaces').map((f) => f.object?.split('/')[1]));
  return paths
    .filter((p) => !explained.has(p.to) && !explained.has(p.from[0]))
    .map((p) =>
      finding(
        'isolation',
        'isolation/no-cross-tenant-path',
        context.tenancy.namespaceFile.get(p.to) ?? 'dist/',
        `tenant ${p.fromTenant} can open connections to ${p.to} of tenant ${p.toTenant}: ${describePath(p)}; tenants may reach each other only through the ingress controller and shared services`,
      ),
    );
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

function ownerOf(node: NetworkNode): string {
  switch (node.kind) {
    case 'tenant':
      return `tenant ${node.tenant}`;
    case 'platform':
      return `platform: ${node.roles.join(', ')}`;
    case 'undeclared':
      return 'named by a policy, but neither a tenant namespace nor in platform.ts';
    case 'other':
      return 'every namespace not listed above (policies unknown: open)';
    case 'external':
      return 'outside the cluster (ipBlock)';
  }
}

/** A readable table: a numbered legend, the grid, and a key to the port sets in it. */
export function renderMatrix(matrix: ReachabilityMatrix): string {
  const index = new Map(matrix.nodes.map((n, i) => [n.id, i + 1]));
  const cells = new Map(matrix.edges.map((e) => [`${e.from}\u0000${e.to}`, e.ports]));
  const codes = new Map<string, string>();
  const cross = new Set(matrix.paths.flatMap((p) => p.from.map((f) => `${p.via ?? f}\u0000${p.to}`)));
  const codeOf = (ports: PortSet) => {
    if (ports.all) return '*';
    const text = formatPorts(ports);
    if (!codes.has(text)) codes.set(text, String.fromCharCode(97 + (codes.size % 26)) + (codes.size >= 26 ? String(Math.floor(codes.size / 26)) : ''));
    return codes.get(text)!;
  };
  const width = String(matrix.nodes.length).length;
  const nameWidth = Math.max(...matrix.nodes.map((n) => n.id.length));
  const lines = [
    'Reachability: may a pod in the row namespace open a connection to a pod in the column namespace?',
    "Both must allow it: the row's egress and the column's ingress NetworkPolicies. Pod selectors are not",
    'modelled, so a cell is what some pod may do. Namespaces whose policies are not in dist/ count as open.',
    '',
    ...matrix.nodes.map((n) => `  ${String(index.get(n.id)).padStart(width)}  ${n.id.padEnd(nameWidth)}  ${ownerOf(n)}`),
    '',
  ];
  const cellWidth = Math.max(3, width + 1);
  const prefix = Math.max(width + 4, 8);
  lines.push(`${'from\\to'.padEnd(prefix)}${matrix.nodes.map((n) => String(index.get(n.id)).padStart(cellWidth)).join('')}`);
  for (const from of matrix.nodes) {
    const row = matrix.nodes.map((to) => {
      const ports = cells.get(`${from.id}\u0000${to.id}`);
      const text = ports ? codeOf(ports) + (cross.has(`${from.id}\u0000${to.id}`) ? '!' : '') : '.';
      return text.padStart(cellWidth);
    });
    lines.push(`  ${String(index.get(from.id)).padStart(width)}`.padEnd(prefix) + row.join(''));
  }
  lines.push('', 'Key:  .  no connection    *  all ports    !  crosses tenants');
  for (const [text, code] of codes) lines.push(`  ${code.padStart(2)}  ${text}`);
  lines.push('');
  lines.push(
    matrix.paths.length
      ? `Cross-tenant paths: ${matrix.paths.length}\n${matrix.paths.map((p) => `  tenant ${p.fromTenant} → tenant ${p.toTenant}: ${describePath(p)}`).join('\n')}`
      : 'Cross-tenant paths: none. Tenants reach each other only through the platform namespaces above.',
  );
  return lines.join('\n');
}

/** The matrix as plain data for `--json`. */
export function matrixJson(matrix: ReachabilityMatrix) {
  const ports = (set: PortSet) => (set.all ? 'all' : set.ranges.map((r) => ({ protocol: r.protocol, ...(r.name !== undefined ? { name: r.name } : { from: r.from, to: r.to }) })));
  return {
    namespaces: matrix.nodes.map((n) => ({ name: n.id, kind: n.kind, ...(n.tenant ? { tenant: n.tenant } : {}), ...(n.roles.length ? { roles: n.roles } : {}) })),
    edges: matrix.edges.map((e) => ({ from: e.from, to: e.to, ports: ports(e.ports) })),
    crossTenantPaths: matrix.paths.map((p) => ({ fromTenant: p.fromTenant, from: p.from, toTenant: p.toTenant, to: p.to, ...(p.via ? { via: p.via } : {}), ports: ports(p.ports) })),
  };
}
