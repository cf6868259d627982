/*
 * Risk flags: what a reviewer must not miss — isolation lowered, Pod Security loosened, a
 * guardrail removed, a tenant pruned, access escalated, a new path across tenants or to the
 * internet, and a platform-wide change with the number of tenants it touches.
 */
import { labelsOf } from '../check/findings';
import { EXTERNAL_NODE } from '../check/network-model';
import { compare, resolveIsolation, type IsolationAspects } from '../spec/resolve';
import { GUARDRAIL_KINDS } from '../spec/tenant-kinds';
import type { TenantAccess } from './access';
import type { TenantNetwork } from './network';
import type { TenantObjects } from './objects';
import { tenantFolders, tenantOf, type Snapshot } from './snapshot';

export type RiskKind =
  | 'spec-invalid'
  | 'tenant-removed'
  | 'isolation-lowered'
  | 'pod-security-loosened'
  | 'guardrail-removed'
  | 'access-escalation'
  | 'cross-tenant-path'
  | 'external-egress'
  | 'platform-wide';

export interface RiskFlag {
  readonly kind: RiskKind;
  /** The tenant concerned; absent for the platform. */
  readonly tenant?: string;
  readonly message: string;
}

export interface RiskInput {
  readonly before: Snapshot;
  readonly after: Snapshot;
  readonly objects: ReadonlyMap<string, TenantObjects>;
  readonly access: ReadonlyMap<string, TenantAccess>;
  readonly network: ReadonlyMap<string, TenantNetwork>;
}

/** Stronger first: the value each aspect takes when it isolates more. */
const STRONGER: Readonly<Record<keyof Omit<IsolationAspects, 'level'>, string | boolean>> = {
  network: 'deny-all',
  quota: true,
  nodes: 'dedicated',
  storage: 'dedicated',
  agent: 'dedicated',
  podSecurity: 'restricted',
};

const POD_SECURITY_RANK: Readonly<Record<string, number>> = { restricted: 3, baseline: 2, privileged: 1 };
/** Quotas, limit ranges and the default-deny policies; dropping an allow policy only narrows. */
const isGuardrail = (kind: string, name: string) => GUARDRAIL_KINDS.some((k) => k.kind === kind) && (kind !== 'NetworkPolicy' || name.startsWith('default-deny'));

export function riskFlags(input: RiskInput): RiskFlag[] {
  const { before, after } = input;
  const flags: RiskFlag[] = [];
  for (const side of [before, after]) {
    if (side.errors.length) flags.push({ kind: 'spec-invalid', message: `the ${side.label} specs do not load (${side.errors.length} error${side.errors.length === 1 ? '' : 's'}, first: ${side.errors[0]}); spec-based figures (budgets, isolation) are left out` });
  }
  const afterFolders = new Set(tenantFolders(after));
  for (const tenant of tenantFolders(before)) {
    if (afterFolders.has(tenant)) continue;
    const pruned = input.objects.get(tenant)?.removed ?? 0;
    const namespaces = [...new Set([...before.objects.values()].filter((e) => tenantOf(e) === tenant && e.kind === 'Namespace').map((e) => e.name))];
    const why = after.project?.terminating.includes(tenant) ? 'status terminating' : 'its tenant file is gone';
    flags.push({
      kind: 'tenant-removed',
      tenant,
      message: `tenant ${tenant} is removed (${why}): Argo CD or Flux prunes its ${pruned} objects, including namespace${namespaces.length === 1 ? '' : 's'} ${namespaces.join(', ')} with everything in them (volumes too)`,
    });
  }
  for (const tenant of [...after.project?.specs.keys() ?? []].sort(compare)) {
    const a = before.project?.specs.get(tenant);
    const b = after.project?.specs.get(tenant);
    if (!a || !b || b.status === 'terminating') continue;
    const x = resolveIsolation(a.isolation);
    const y = resolveIsolation(b.isolation);
    const weaker = (Object.keys(STRONGER) as (keyof typeof STRONGER)[]).filter((k) => x[k] === STRONGER[k] && y[k] !== STRONGER[k]);
    if (weaker.length) {
      flags.push({ kind: 'isolation-lowered', tenant, message: `isolation lowered for tenant ${tenant}: ${x.level} → ${y.level} (${weaker.map((k) => `${k} ${String(x[k])} → ${String(y[k])}`).join(', ')})` });
    }
  }
  const afterNamespaces = new Map([...after.objects.values()].filter((e) => e.kind === 'Namespace').map((e) => [e.name, e]));
  for (const entry of before.objects.values()) {
    if (entry.kind !== 'Namespace') continue;
    const now = afterNamespaces.get(entry.name);
    if (!now) continue;
    const x = labelsOf(entry.object)['pod-security.kubernetes.io/enforce'] ?? 'privileged';
    const y = labelsOf(now.object)['pod-security.kubernetes.io/enforce'] ?? 'privileged';
    if ((POD_SECURITY_RANK[y] ?? 0) < (POD_SECURITY_RANK[x] ?? 0)) {
      flags.push({ kind: 'pod-security-loosened', tenant: tenantOf(now), message: `Pod Security loosened in ${entry.name}: enforce ${x} → ${y}` });
    }
  }
  for (const [tenant, objects] of input.objects) {
    for (const o of objects.objects) {
      if (o.change === 'removed' && isGuardrail(o.kind, o.name) && o.namespace && afterNamespaces.has(o.namespace)) {
        flags.push({ kind: 'guardrail-removed', tenant, message: `guardrail removed: ${o.kind} ${o.namespace}/${o.name}, while namespace ${o.namespace} stays` });
      }
    }
  }
  for (const [tenant, access] of input.access) {
    for (const c of access.changes) {
      if (!c.escalation) continue;
      const where = `${c.scope}${c.production ? ' (production)' : ''}`;
      flags.push({ kind: 'access-escalation', tenant, message: `access escalation: ${c.subject} ${c.from ? `${c.from} → ${c.role}` : `gains ${c.role}`} in ${where}` });
    }
  }
  const seen = new Set<string>();
  for (const [tenant, network] of input.network) {
    for (const e of network.edges) {
      if (e.change === 'removed') continue;
      const key = `${e.from}\u0000${e.to}`;
      if (e.crossTenant && !seen.has(key)) {
        seen.add(key);
        flags.push({ kind: 'cross-tenant-path', tenant, message: `new connection across tenants: ${e.from} → ${e.to} on ${e.after}` });
      } else if (e.to === EXTERNAL_NODE && !seen.has(key)) {
        seen.add(key);
        flags.push({ kind: 'external-egress', tenant, message: `${e.from} can ${e.change === 'added' ? 'now' : 'newly'} reach the internet on ${e.after}${e.before ? ` (was ${e.before})` : ''}` });
      }
    }
  }
  if (before.platformSource !== after.platformSource) {
    const touched = [...input.objects.keys()].filter((t) => t !== '_platform');
    const total = new Set([...tenantFolders(before), ...tenantFolders(after)]).size;
    flags.push({ kind: 'platform-wide', message: `platform-wide change: platform.ts changed, touching ${touched.length} of ${total} tenant${total === 1 ? '' : 's'}` });
  }
  return flags;
}
