/*
 * The network section: connections added to or removed from the reachability matrix of
 * `npm run check` (namespace → namespace or external, with ports), cross-tenant ones flagged.
 */
import type { NetworkNode, ReachabilityMatrix } from '../check/network-model';
import { formatPorts } from '../check/port-set';
import { proveIsolation } from '../check/reachability';
import { compare } from '../spec/resolve';
import type { Snapshot } from './snapshot';

export interface EdgeChange {
  readonly change: 'added' | 'removed' | 'changed';
  readonly from: string;
  readonly to: string;
  /** Ports before (removed, changed). */
  readonly before?: string;
  /** Ports after (added, changed). */
  readonly after?: string;
  /** The connection joins namespaces of two different tenants. */
  readonly crossTenant: boolean;
}

export interface TenantNetwork {
  readonly edges: readonly EdgeChange[];
}

export function matrixOf(snapshot: Snapshot): ReachabilityMatrix {
  return proveIsolation({ manifests: snapshot.manifests, tenancy: snapshot.tenancy, platform: snapshot.project?.platform }).matrix;
}

export interface NetworkDiff {
  readonly tenants: Map<string, TenantNetwork>;
  /** Every changed edge once, for the picture. */
  readonly edges: readonly EdgeChange[];
  readonly before: ReachabilityMatrix;
  readonly after: ReachabilityMatrix;
}

export function diffNetwork(before: Snapshot, after: Snapshot): NetworkDiff {
  const a = matrixOf(before);
  const b = matrixOf(after);
  const ports = (m: ReachabilityMatrix) => new Map(m.edges.filter((e) => e.from !== e.to).map((e) => [`${e.from}\u0000${e.to}`, formatPorts(e.ports)]));
  const nodes = new Map<string, NetworkNode>([...a.nodes, ...b.nodes].map((n) => [n.id, n]));
  const x = ports(a);
  const y = ports(b);
  const edges: EdgeChange[] = [];
  for (const key of [...new Set([...x.keys(), ...y.keys()])].sort(compare)) {
    const [from, to] = key.split('\u0000') as [string, string];
    const p = x.get(key);
    const q = y.get(key);
    if (p === q) continue;
    const f = nodes.get(from);
    const t = nodes.get(to);
    const crossTenant = f?.kind === 'tenant' && t?.kind === 'tenant' && f.tenant !== t.tenant;
    edges.push({ change: p === undefined ? 'added' : q === undefined ? 'removed' : 'changed', from, to, ...(p ? { before: p } : {}), ...(q ? { after: q } : {}), crossTenant });
  }
  const tenants = new Map<string, TenantNetwork>();
  for (const edge of edges) {
    const owners = new Set([nodes.get(edge.from)?.tenant, nodes.get(edge.to)?.tenant].filter((t): t is string => Boolean(t)));
    for (const owner of owners) tenants.set(owner, { edges: [...(tenants.get(owner)?.edges ?? []), edge] });
  }
  return { tenants: new Map([...tenants].sort(([p], [q]) => compare(p, q))), edges, before: a, after: b };
}
