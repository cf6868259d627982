/*
 * The review report: runs every section over the two sides, gathers the tenants with
 * something to say, the risk flags, the verdict and the picture. JSON is this model as is.
 */
import { compare } from '../spec/resolve';
import type { TenantAccess } from './access';
import type { SharedPoolChange } from './cost';
import { diagramOf, type Diagram } from './diagram';
import type { TenantNetwork } from './network';
import type { TenantObjects } from './objects';
import { riskFlags, type RiskFlag } from './risks';
import { reviewContext, SECTIONS } from './sections';
import { tenantFolders, type Snapshot } from './snapshot';

export type Verdict = 'no changes' | 'low risk' | 'review required';

export interface TenantReport {
  readonly id: string;
  readonly status: 'added' | 'removed' | 'changed';
  /** One key per section with something to say (objects, quota, cost, access, network). */
  readonly sections: Readonly<Record<string, unknown>>;
}

export interface Report {
  readonly base: string;
  readonly head: string;
  readonly verdict: Verdict;
  /** The verdict and the counts in one line. */
  readonly headline: string;
  readonly summary: {
    readonly tenants: { readonly added: number; readonly removed: number; readonly changed: number };
    readonly objects: { readonly added: number; readonly removed: number; readonly changed: number };
  };
  readonly risks: readonly RiskFlag[];
  readonly tenants: readonly TenantReport[];
  /** Platform objects that belong to no tenant (tenant ClusterRoles, the GitOps bootstrap). */
  readonly platform?: Readonly<Record<string, unknown>>;
  readonly sharedPool?: SharedPoolChange;
  readonly diagram: Diagram;
}

export const PLATFORM_KEY = '_platform';

export function buildReport(before: Snapshot, after: Snapshot, labels: { base: string; head: string } = { base: before.label, head: after.label }): Report {
  const beforeFolders = new Set(tenantFolders(before));
  const afterFolders = new Set(tenantFolders(after));
  const all = [...new Set([...beforeFolders, ...afterFolders])].sort(compare);
  const context = reviewContext(before, after, all);
  const byTenant = new Map<string, Record<string, unknown>>();
  for (const section of SECTIONS) {
    for (const [tenant, model] of section.compute(context)) {
      byTenant.set(tenant, { ...byTenant.get(tenant), [section.id]: model });
    }
  }
  const tenants: TenantReport[] = [...byTenant]
    .filter(([id]) => id !== PLATFORM_KEY)
    .sort(([a], [b]) => compare(a, b))
    .map(([id, sections]) => ({ id, status: !beforeFolders.has(id) ? 'added' : !afterFolders.has(id) ? 'removed' : 'changed', sections }));
  const sectionMap = <T>(id: string) => new Map([...byTenant].filter(([, s]) => s[id] !== undefined).map(([t, s]) => [t, s[id] as T]));
  const objects = sectionMap<TenantObjects>('objects');
  const risks = riskFlags({ before, after, objects, access: sectionMap<TenantAccess>('access'), network: sectionMap<TenantNetwork>('network') });
  const count = (key: 'added' | 'removed' | 'changed') => [...objects.values()].reduce((s, o) => s + o[key], 0);
  const summary = {
    tenants: {
      added: tenants.filter((t) => t.status === 'added').length,
      removed: tenants.filter((t) => t.status === 'removed').length,
      changed: tenants.filter((t) => t.status === 'changed').length,
    },
    objects: { added: count('added'), removed: count('removed'), changed: count('changed') },
  };
  const empty = !tenants.length && !byTenant.has(PLATFORM_KEY) && !risks.length && !context.cost.sharedPool;
  const verdict: Verdict = empty ? 'no changes' : risks.length ? 'review required' : 'low risk';
  return {
    base: labels.base,
    head: labels.head,
    verdict,
    headline: headline(verdict, summary, risks.length),
    summary,
    risks,
    tenants,
    ...(byTenant.has(PLATFORM_KEY) ? { platform: byTenant.get(PLATFORM_KEY) } : {}),
    ...(context.cost.sharedPool ? { sharedPool: context.cost.sharedPool } : {}),
    diagram: diagramOf(before, after, context.network, tenants.map((t) => t.id)),
  };
}

function headline(verdict: Verdict, summary: Report['summary'], risks: number): string {
  if (verdict === 'no changes') return 'no changes: dist/ is the same on both sides';
  const t = summary.tenants;
  const o = summary.objects;
  const flags = risks ? ` — ${risks} risk flag${risks === 1 ? '' : 's'}` : '';
  return `${verdict}${flags}; tenants: ${t.added} added, ${t.removed} removed, ${t.changed} changed; objects: ${o.added} added, ${o.removed} removed, ${o.changed} changed`;
}
