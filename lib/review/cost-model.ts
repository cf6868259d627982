/*
 * The cost model of `npm run cost` and the review: monthly cost per team from the price
 * list in platform.ts. Committed = what dedicated agents request × their replicas; ceiling =
 * what the ResourceQuotas allow; shared = an even split of the shared agent pool.
 */
import { isRecord, labelsOf } from '../check/findings';
import { parseQuantity } from '../spec/quantity';
import { compare, type ResolvedPrices } from '../spec/resolve';
import { folderOwner } from '../spec/fleet-names';
import { DEFAULT_PRICES as OPENCOST_PRICES } from '../spec/prices';
import { namespaceLabel, tenantOf, type ObjectEntry, type Snapshot } from './snapshot';

export interface Resources {
  /** Cores. */
  readonly cpu: number;
  readonly memoryGiB: number;
  readonly storageGiB: number;
}

const GIB = 2 ** 30;
const NONE: Resources = { cpu: 0, memoryGiB: 0, storageGiB: 0 };
const add = (a: Resources, b: Resources): Resources => ({ cpu: a.cpu + b.cpu, memoryGiB: a.memoryGiB + b.memoryGiB, storageGiB: a.storageGiB + b.storageGiB });
const scale = (a: Resources, n: number): Resources => ({ cpu: a.cpu * n, memoryGiB: a.memoryGiB * n, storageGiB: a.storageGiB * n });

export const DEFAULT_PRICES: ResolvedPrices = OPENCOST_PRICES;

/** (cpu × cpu-hour + memory × GiB-hour) × hours per month + storage × GiB-month. */
export function monthlyCost(resources: Resources, prices: ResolvedPrices): number {
  return (resources.cpu * prices.cpuHour + resources.memoryGiB * prices.memoryGiBHour) * prices.hoursPerMonth + resources.storageGiB * prices.storageGiBMonth;
}

/** The shared agent pool's monthly cost, split evenly among `teams`. */
export function sharedShare(prices: ResolvedPrices, teams: number): number {
  const pool = prices.sharedAgent;
  if (!pool || teams === 0) return 0;
  const pod: Resources = { cpu: parseQuantity(pool.cpu), memoryGiB: parseQuantity(pool.memory) / GIB, storageGiB: 0 };
  return monthlyCost(scale(pod, pool.replicas), prices) / teams;
}

export interface TeamCost {
  readonly tenant: string;
  readonly team: string;
  readonly namespaces: readonly string[];
  /** `dedicated` when the team runs its own agent, `shared` when it uses the pool, `none` (pending). */
  readonly agent: 'dedicated' | 'shared' | 'none';
  readonly committed: Resources;
  /** What the quotas allow; undefined when a namespace has no cpu or memory quota (no ceiling). */
  readonly ceiling?: Resources;
}

/** Per team of every tenant folder, from the objects in dist/. */
export function teamCosts(snapshot: Snapshot): TeamCost[] {
  const byNamespace = new Map<string, ObjectEntry[]>();
  const teamOf = new Map<string, { tenant: string; team: string }>();
  // Keyed by folder too: in a fleet one namespace runs on each cluster the team is placed on.
  for (const entry of snapshot.objects.values()) {
    const tenant = tenantOf(entry);
    if (!entry.folder || tenant === '_platform' || !folderOwner(entry.folder).tenant) continue;
    if (entry.kind === 'Namespace') teamOf.set(namespaceLabel(entry, entry.name), { tenant, team: labelsOf(entry.object)['tenantry.io/team'] ?? entry.name });
    else if (entry.namespace) {
      const key = namespaceLabel(entry, entry.namespace);
      byNamespace.set(key, [...(byNamespace.get(key) ?? []), entry]);
    }
  }
  const teams = new Map<string, { tenant: string; team: string; namespaces: string[]; agent: TeamCost['agent']; committed: Resources; ceiling?: Resources }>();
  for (const [namespace, owner] of [...teamOf].sort(([a], [b]) => compare(a, b))) {
    const key = `${owner.tenant}\u0000${owner.team}`;
    const objects = byNamespace.get(namespace) ?? [];
    const team = teams.get(key) ?? { ...owner, namespaces: [], agent: 'none', committed: NONE, ceiling: NONE };
    team.namespaces.push(namespace);
    const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
    if (workloads.length) team.agent = 'dedicated';
    else if (team.agent === 'none' && objects.some((o) => o.kind === 'ConfigMap' && o.name === 'tenant-config')) team.agent = 'shared';
    for (const workload of workloads) team.committed = add(team.committed, scale(podRequests(workload), replicasOf(workload, objects)));
    const quota = ceilingOf(objects);
    team.ceiling = quota && team.ceiling ? add(team.ceiling, quota) : undefined;
    teams.set(key, team);
  }
  return [...teams.values()];
}

/** Teams that use the shared agent pool. */
export const sharedTeams = (costs: readonly TeamCost[]) => costs.filter((c) => c.agent === 'shared').length;

function podRequests(workload: ObjectEntry): Resources {
  const spec = isRecord(workload.object.spec) ? workload.object.spec : {};
  const pod = isRecord(spec.template) && isRecord(spec.template.spec) ? spec.template.spec : {};
  let total = NONE;
  for (const container of Array.isArray(pod.containers) ? pod.containers : []) {
    const requests = isRecord(container) && isRecord(container.resources) && isRecord(container.resources.requests) ? container.resources.requests : {};
    total = add(total, {
      cpu: requests.cpu !== undefined ? parseQuantity(String(requests.cpu)) : 0,
      memoryGiB: requests.memory !== undefined ? parseQuantity(String(requests.memory)) / GIB : 0,
      storageGiB: 0,
    });
  }
  return total;
}

/** spec.replicas; under an autoscaler that leaves it out, the HPA's minReplicas; else Kubernetes' default 1. */
function replicasOf(workload: ObjectEntry, objects: readonly ObjectEntry[]): number {
  const spec = isRecord(workload.object.spec) ? workload.object.spec : {};
  if (typeof spec.replicas === 'number') return spec.replicas;
  const hpa = objects.find((o) => {
    const target = o.kind === 'HorizontalPodAutoscaler' && isRecord(o.object.spec) ? o.object.spec.scaleTargetRef : undefined;
    return isRecord(target) && target.kind === workload.kind && target.name === workload.name;
  });
  const min = hpa && isRecord(hpa.object.spec) ? hpa.object.spec.minReplicas : undefined;
  return typeof min === 'number' ? min : 1;
}

function ceilingOf(objects: readonly ObjectEntry[]): Resources | undefined {
  // Scoped quotas (system-priority) cap only some pods, so the ceiling is the namespace's unscoped quota.
  const quota = objects.find((o) => o.kind === 'ResourceQuota' && !(isRecord(o.object.spec) && (o.object.spec.scopeSelector !== undefined || o.object.spec.scopes !== undefined)));
  const hard = quota && isRecord(quota.object.spec) && isRecord(quota.object.spec.hard) ? quota.object.spec.hard : undefined;
  const cpu = hard?.['limits.cpu'] ?? hard?.['requests.cpu'];
  const memory = hard?.['limits.memory'] ?? hard?.['requests.memory'];
  if (cpu === undefined || memory === undefined) return undefined;
  const storage = hard?.['requests.storage'];
  return { cpu: parseQuantity(String(cpu)), memoryGiB: parseQuantity(String(memory)) / GIB, storageGiB: storage === undefined ? 0 : parseQuantity(String(storage)) / GIB };
}

/** Prices of a side: its platform's, else the defaults. */
export const pricesOf = (snapshot: Snapshot): ResolvedPrices => snapshot.project?.platform.prices ?? DEFAULT_PRICES;

/** `$21.89`, or `EUR 21.89` for another currency. */
export function money(amount: number, currency = 'USD'): string {
  const text = (Math.round(amount * 100) / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return currency === 'USD' ? `$${text}` : `${currency} ${text}`;
}

/** `+$1.20`, `-$3.00`. */
export function moneyDelta(amount: number, currency = 'USD'): string {
  const rounded = Math.round(amount * 100) / 100;
  return `${rounded < 0 ? '-' : '+'}${money(Math.abs(rounded), currency)}`;
}
