/*
 * The quota section: each namespace's ResourceQuota (requests and limits) before → after,
 * the tenant's totals, and how much of the tenant budget (tenants/<id>.ts `quota`) they use.
 */
import { isRecord } from '../check/findings';
import { formatQuantity, parseQuantity } from '../spec/quantity';
import { compare } from '../spec/resolve';
import { namespaceLabel, tenantOf, type Snapshot } from './snapshot';

/** The ResourceQuota keys the review follows, with the tenant-budget field that caps each. */
export const QUOTA_RESOURCES: readonly { key: string; kind: 'cpu' | 'bytes' | 'count'; budget?: 'cpu' | 'memory' | 'storage' | 'pods' | 'services' | 'persistentVolumeClaims' }[] = [
  { key: 'requests.cpu', kind: 'cpu', budget: 'cpu' },
  { key: 'limits.cpu', kind: 'cpu', budget: 'cpu' },
  { key: 'requests.memory', kind: 'bytes', budget: 'memory' },
  { key: 'limits.memory', kind: 'bytes', budget: 'memory' },
  { key: 'requests.storage', kind: 'bytes', budget: 'storage' },
  { key: 'pods', kind: 'count', budget: 'pods' },
  { key: 'services', kind: 'count', budget: 'services' },
  { key: 'persistentvolumeclaims', kind: 'count', budget: 'persistentVolumeClaims' },
];

export interface QuotaRow {
  readonly namespace: string;
  readonly resource: string;
  readonly before?: string;
  readonly after?: string;
}

export interface QuotaTotal {
  readonly resource: string;
  readonly before?: string;
  readonly after?: string;
  /** The tenant budget for this resource after the change, when it has one. */
  readonly budget?: string;
  readonly budgetBefore?: string;
  /** after / budget, in percent, rounded. */
  readonly budgetUse?: number;
}

export interface TenantQuota {
  readonly namespaces: readonly QuotaRow[];
  readonly totals: readonly QuotaTotal[];
}

type Quotas = Map<string, Record<string, string>>;

/** Tenant folder → namespace → resource → quantity, from the ResourceQuotas of dist/, in one pass. */
export function allQuotas(snapshot: Snapshot): Map<string, Quotas> {
  const byTenant = new Map<string, Quotas>();
  for (const entry of snapshot.objects.values()) {
    if (entry.kind !== 'ResourceQuota' || !entry.namespace) continue;
    const spec = isRecord(entry.object.spec) ? entry.object.spec : {};
    // A scoped quota (e.g. system-priority's pods: 0 for system PriorityClasses) caps only some pods, not the namespace.
    if (spec.scopeSelector !== undefined || spec.scopes !== undefined) continue;
    const tenant = tenantOf(entry);
    const namespace = namespaceLabel(entry, entry.namespace);
    const quotas = byTenant.get(tenant) ?? new Map<string, Record<string, string>>();
    const hard = isRecord(spec.hard) ? spec.hard : {};
    const values: Record<string, string> = { ...quotas.get(namespace) };
    // Several unscoped quotas in a namespace all apply, so the lowest wins.
    for (const { key } of QUOTA_RESOURCES) {
      if (hard[key] === undefined) continue;
      const value = String(hard[key]);
      const had = values[key];
      if (had === undefined || parseQuantity(value) < parseQuantity(had)) values[key] = value;
    }
    quotas.set(namespace, values);
    byTenant.set(tenant, quotas);
  }
  return byTenant;
}

/** namespace → resource → quantity, from a tenant's ResourceQuotas. */
export const quotasOf = (snapshot: Snapshot, tenant: string): Quotas => allQuotas(snapshot).get(tenant) ?? new Map();

function budgetOf(snapshot: Snapshot, tenant: string, field: QuotaTotal['resource']): string | undefined {
  const value = snapshot.project?.specs.get(tenant)?.quota?.[field as 'cpu'];
  return value === undefined || value === null ? undefined : String(value);
}

export function diffQuota(before: Snapshot, after: Snapshot, tenants: readonly string[]): Map<string, TenantQuota> {
  const result = new Map<string, TenantQuota>();
  const quotasBefore = allQuotas(before);
  const quotasAfter = allQuotas(after);
  for (const tenant of tenants) {
    const a = quotasBefore.get(tenant) ?? new Map<string, Record<string, string>>();
    const b = quotasAfter.get(tenant) ?? new Map<string, Record<string, string>>();
    const namespaces = [...new Set([...a.keys(), ...b.keys()])].sort(compare);
    const rows: QuotaRow[] = [];
    const totals: QuotaTotal[] = [];
    for (const { key, kind, budget } of QUOTA_RESOURCES) {
      for (const ns of namespaces) {
        const x = a.get(ns)?.[key];
        const y = b.get(ns)?.[key];
        if (x !== y && !(x !== undefined && y !== undefined && parseQuantity(x) === parseQuantity(y))) rows.push({ namespace: ns, resource: key, before: x, after: y });
      }
      const sum = (quotas: Map<string, Record<string, string>>) => {
        const values = [...quotas.values()].map((q) => q[key]).filter((v): v is string => v !== undefined);
        return values.length ? values.reduce((s, v) => s + parseQuantity(v), 0) : undefined;
      };
      const x = sum(a);
      const y = sum(b);
      const cap = budget && budgetOf(after, tenant, budget);
      const capBefore = budget && budgetOf(before, tenant, budget);
      if (x === y && cap === capBefore) continue;
      const use = cap && y !== undefined && parseQuantity(cap) > 0 ? Math.round((y / parseQuantity(cap)) * 100) : undefined;
      totals.push({
        resource: key,
        ...(x !== undefined ? { before: formatQuantity(x, kind) } : {}),
        ...(y !== undefined ? { after: formatQuantity(y, kind) } : {}),
        ...(cap ? { budget: cap } : {}),
        ...(capBefore && capBefore !== cap ? { budgetBefore: capBefore } : {}),
        ...(use !== undefined ? { budgetUse: use } : {}),
      });
    }
    rows.sort((p, q) => compare(p.namespace, q.namespace));
    if (rows.length || totals.length) result.set(tenant, { namespaces: rows, totals });
  }
  return result;
}
