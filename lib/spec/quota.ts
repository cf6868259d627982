// Quota requests and limits: `cpu: '4'` is shorthand for both; `requests` and `limits` set each; the tenant budget covers each.
import type { FieldPath } from './errors';
import { formatQuantity, parseQuantity } from './quantity';
import type { Settings } from './schema';

export interface ResolvedQuota {
  readonly cpu?: string;
  readonly memory?: string;
  readonly storage?: string;
  readonly pods?: number;
  readonly services?: number;
  readonly persistentVolumeClaims?: number;
  /** Set where requests and limits differ; `cpu` / `memory` hold a pair that is equal. */
  readonly requests?: { readonly cpu?: string; readonly memory?: string };
  readonly limits?: { readonly cpu?: string; readonly memory?: string };
}

/*
 * Each layer's quota is spelled out into requests and limits before the layers merge, so a
 * team that sets only `requests.cpu` keeps the inherited limit, and one that sets `cpu`
 * replaces both. After merging, a side pair that is equal folds back into the shorthand,
 * which keeps the resolved quota (and `tenant-config`) as it was for quotas without a split.
 */

export const SPLIT_RESOURCES = ['cpu', 'memory'] as const;
export type SplitResource = (typeof SPLIT_RESOURCES)[number];
export type Side = 'requests' | 'limits';
type QuotaLayer = NonNullable<Settings['quota']>;

/** One layer's quota with `cpu` and `memory` moved into `requests` and `limits`. */
export function spellOutQuota(quota: Settings['quota']): Settings['quota'] {
  if (!quota) return quota;
  const { cpu, memory, requests, limits, ...rest } = quota;
  const shorthand = { cpu, memory };
  const side = (given: QuotaLayer['requests']) => {
    const out: Record<string, string | null> = {};
    for (const r of SPLIT_RESOURCES) {
      const value = given?.[r] !== undefined ? given[r] : shorthand[r];
      if (value !== undefined) out[r] = value;
    }
    return Object.keys(out).length ? out : given === null ? null : undefined;
  };
  const spelled: QuotaLayer = { ...rest };
  const req = side(requests);
  const lim = side(limits);
  if (req !== undefined) spelled.requests = req;
  if (lim !== undefined) spelled.limits = lim;
  return spelled;
}

/** Settings with their quota spelled out, for merging. */
export function withSpelledQuota<T extends Settings | null | undefined>(settings: T): T {
  if (!settings || settings.quota === undefined) return settings;
  return { ...settings, quota: spellOutQuota(settings.quota) };
}

const ORDER = ['cpu', 'memory', 'storage', 'pods', 'services', 'persistentVolumeClaims', 'requests', 'limits'] as const;

/** The merged quota with equal sides folded back into `cpu` / `memory`, keys in a fixed order. */
export function foldQuota(quota: Settings['quota']): ResolvedQuota {
  if (!quota) return {};
  const out: Record<string, unknown> = { ...quota };
  const requests: Record<string, string> = { ...(quota.requests ?? {}) } as Record<string, string>;
  const limits: Record<string, string> = { ...(quota.limits ?? {}) } as Record<string, string>;
  for (const r of SPLIT_RESOURCES) {
    if (requests[r] !== undefined && requests[r] === limits[r]) {
      out[r] = requests[r];
      delete requests[r];
      delete limits[r];
    }
  }
  out.requests = Object.keys(requests).length ? requests : undefined;
  out.limits = Object.keys(limits).length ? limits : undefined;
  return Object.fromEntries(ORDER.filter((key) => out[key] !== undefined && out[key] !== null).map((key) => [key, out[key]])) as ResolvedQuota;
}

/** The quota's requests or limits for cpu or memory. */
export function quotaSide(quota: ResolvedQuota, side: Side, resource: SplitResource): string | undefined {
  return quota[side]?.[resource] ?? quota[resource];
}

type ErrorSink = (path: FieldPath, message: string) => void;

/** Within one layer, a request may not be more than the limit it sets beside it. */
export function checkQuotaLayer(path: FieldPath, quota: Settings['quota'], error: ErrorSink): void {
  const spelled = spellOutQuota(quota);
  for (const r of SPLIT_RESOURCES) {
    const request = spelled?.requests?.[r];
    const limit = spelled?.limits?.[r];
    if (request && limit && parseQuantity(request) > parseQuantity(limit)) {
      const at = quota?.requests?.[r] ? [...path, 'quota', 'requests', r] : [...path, 'quota', r];
      error(at, `request is more than the limit quota.limits.${r} "${limit}", got "${request}"; lower the request or raise the limit`);
    }
  }
}

type BudgetKey = 'cpu' | 'memory' | 'storage' | 'pods' | 'services' | 'persistentVolumeClaims';
const BUDGET: readonly { key: BudgetKey; kind: 'cpu' | 'bytes' | 'count' }[] = [
  { key: 'cpu', kind: 'cpu' },
  { key: 'memory', kind: 'bytes' },
  { key: 'storage', kind: 'bytes' },
  { key: 'pods', kind: 'count' },
  { key: 'services', kind: 'count' },
  { key: 'persistentVolumeClaims', kind: 'count' },
];

/**
 * The team namespaces' quotas add up to no more than the tenant's budget, for each field;
 * cpu and memory for requests and limits each. Budgets and quotas given as shorthand are
 * reported as before (`quota.cpu`); a split is reported per side (`quota.requests.cpu`).
 */
export function checkQuotaBudget(budget: Settings['quota'], tenant: { readonly namespaces: readonly { readonly name: string; readonly quota: ResolvedQuota }[] }, error: ErrorSink): void {
  const caps = foldQuota(spellOutQuota(budget));
  for (const { key, kind } of BUDGET) {
    const split = (SPLIT_RESOURCES as readonly string[]).includes(key);
    const sides: (Side | undefined)[] = split && (caps[key] === undefined || tenant.namespaces.some((ns) => ns.quota[key] === undefined)) ? ['requests', 'limits'] : [undefined];
    for (const side of sides) {
      const valueOf = (q: ResolvedQuota) => (side ? quotaSide(q, side, key as SplitResource) : (q[key] as string | number | undefined));
      const cap = valueOf(caps);
      if (cap === undefined) continue;
      const field = side ? `${side}.${key}` : key;
      const path: FieldPath = side ? (budget?.[side]?.[key as SplitResource] ? ['quota', side, key] : ['quota', key]) : ['quota', key];
      const unbounded = tenant.namespaces.filter((ns) => valueOf(ns.quota) === undefined).map((ns) => ns.name);
      if (unbounded.length) {
        error(path, `is a tenant budget, but namespace ${unbounded.join(', ')} has no quota.${field}; set quota.${field} on its team or unit`);
        continue;
      }
      const total = tenant.namespaces.reduce((sum, ns) => sum + parseQuantity(valueOf(ns.quota)!), 0);
      if (total > parseQuantity(cap) * (1 + 1e-12)) {
        const parts = tenant.namespaces.map((ns) => `${ns.name} ${valueOf(ns.quota)}`).join(', ');
        const shown = typeof cap === 'number' ? String(cap) : `"${cap}"`;
        error(path, `the team namespaces${side ? `' ${field}` : ''} add up to ${formatQuantity(total, kind)} (${parts}), more than the tenant quota ${shown}; raise quota.${field} or lower the teams' quota.${field}`);
      }
    }
  }
}
