/*
 * The capacity check at synth time: on each cluster with a declared capacity, the
 * quota requests of the namespaces placed there, plus what dedicated agents request at
 * their most replicas, must fit the allocatable cpu and memory times the overcommit.
 */
import type { PlacementIssue } from './placement';
import { formatQuantity, parseQuantity } from './quantity';
import type { ResolvedNamespace, ResolvedTenant } from './resolve';
import type { PlatformSpec } from './schema';

type Resource = 'cpu' | 'memory';

/** What one namespace asks of its cluster: its quota's requests and its dedicated agent at max replicas. */
export function namespaceDemand(tenant: ResolvedTenant, ns: ResolvedNamespace, resource: Resource): { quota: number; agent: number } {
  const quota = ns.quota[resource] === undefined ? 0 : parseQuantity(ns.quota[resource]!);
  const runsAgent = tenant.status !== 'pending' && ns.agent.mode === 'dedicated';
  const replicas = ns.agent.autoscaling?.maxReplicas ?? ns.agent.replicas;
  const agent = runsAgent ? parseQuantity(ns.agent.requests[resource]) * replicas : 0;
  return { quota, agent };
}

export interface ClusterLoad {
  readonly cluster: string;
  readonly resource: Resource;
  readonly quota: number;
  readonly agents: number;
  /** Per tenant, its share on this cluster, largest first. */
  readonly tenants: readonly { readonly id: string; readonly total: number }[];
}

/** The load each resource puts on each cluster, for every cluster the tenants are placed on. */
export function clusterLoads(tenants: readonly ResolvedTenant[]): ClusterLoad[] {
  const loads = new Map<string, { quota: number; agents: number; tenants: Map<string, number> }>();
  for (const tenant of tenants) {
    for (const ns of tenant.namespaces) {
      for (const cluster of ns.clusters ?? []) {
        for (const resource of ['cpu', 'memory'] as const) {
          const key = `${cluster}\u0000${resource}`;
          const load = loads.get(key) ?? { quota: 0, agents: 0, tenants: new Map<string, number>() };
          const demand = namespaceDemand(tenant, ns, resource);
          load.quota += demand.quota;
          load.agents += demand.agent;
          load.tenants.set(tenant.id, (load.tenants.get(tenant.id) ?? 0) + demand.quota + demand.agent);
          loads.set(key, load);
        }
      }
    }
  }
  return [...loads].map(([key, load]) => {
    const [cluster, resource] = key.split('\u0000') as [string, Resource];
    const shares = [...load.tenants].map(([id, total]) => ({ id, total })).sort((a, b) => b.total - a.total || (a.id < b.id ? -1 : 1));
    return { cluster, resource, quota: load.quota, agents: load.agents, tenants: shares };
  });
}

/** One issue per cluster and resource over capacity, at `clusters.<i>.capacity.<resource>` of platform.ts. */
export function capacityIssues(platform: PlatformSpec, tenants: readonly ResolvedTenant[]): PlacementIssue[] {
  const issues: PlacementIssue[] = [];
  const loads = clusterLoads(tenants);
  (platform.clusters ?? []).forEach((cluster, index) => {
    if (!cluster.capacity) return;
    const overcommit = cluster.capacity.overcommit ?? 1;
    for (const resource of ['cpu', 'memory'] as const) {
      const load = loads.find((l) => l.cluster === cluster.name && l.resource === resource);
      if (!load) continue;
      const total = load.quota + load.agents;
      const allowed = parseQuantity(cluster.capacity[resource]) * overcommit;
      if (total <= allowed * (1 + 1e-12)) continue;
      const kind = resource === 'cpu' ? 'cpu' : 'bytes';
      const show = (value: number) => formatQuantity(value, kind);
      const largest = load.tenants.slice(0, 3).map((t) => `${t.id} ${show(t.total)}`).join(', ');
      issues.push({
        path: ['clusters', index, 'capacity', resource],
        message:
          `cluster ${cluster.name} is over capacity: the tenants placed there request ${show(total)} ${resource} (quotas ${show(load.quota)}, dedicated agents at max replicas ${show(load.agents)}), ` +
          `more than its capacity ${cluster.capacity[resource]} × overcommit ${overcommit} = ${show(allowed)}; largest there: ${largest}; place tenants elsewhere, lower their quotas or raise the capacity`,
      });
    }
  });
  return issues;
}
