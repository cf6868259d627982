// The isolation proof: cross-tenant paths in the namespace reachability matrix, and who owns each namespace.
import {
  finding,
  folderTenant,
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
import { POD_RANGES } from './ip-blocks';
import { buildNodes, isNetworkPolicy, NetworkModel, type CrossTenantPath, type Edge, type NetworkNode, type ReachabilityMatrix } from './network-model';
import { formatPorts, NO_PORTS, unionPorts, type PortSet } from './port-set';

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

export interface IsolationResult extends ProofResult {
  readonly matrix: ReachabilityMatrix;
}

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
    const tenant = folderTenant(m.folder);
    const label = labelsOf(m.object)['tenantry.io/tenant'];
    if (tenant && label !== tenant) {
      findings.push(
        finding('isolation', 'isolation/namespace-owner', m, `label tenantry.io/tenant is ${label === undefined ? 'missing' : `"${label}"`}, but the namespace belongs to tenant ${tenant} (dist/${tenant}/); the admission bindings select tenant namespaces by this label, so it must be "${tenant}"`),
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
    const tenant = folderTenant(m.folder);
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
