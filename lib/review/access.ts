/*
 * The access section: who (groups, users, ServiceAccounts) gained or lost which role where,
 * from Kubernetes RoleBindings and Argo CD AppProject roles; a higher role is an escalation.
 */
import { asArray, asString, isRecord, labelsOf } from '../check/findings';
import { compare } from '../spec/resolve';
import { tenantOf, type Snapshot } from './snapshot';

export interface Grant {
  /** `Group acme-sre`, `User ann@acme.example`, `ServiceAccount acme-x/sa-x`. */
  readonly subject: string;
  readonly role: string;
  /** A namespace, `cluster`, or `Argo CD project acme`. */
  readonly scope: string;
  readonly system: 'Kubernetes' | 'Argo CD';
  /** The scope is a production namespace (env label or name). */
  readonly production: boolean;
}

export interface AccessChange extends Grant {
  readonly change: 'gained' | 'lost';
  /** Gained a higher role than the subject had in this scope. */
  readonly escalation: boolean;
  /** The subject's highest role in this scope before, when it had one. */
  readonly from?: string;
}

export interface TenantAccess {
  readonly changes: readonly AccessChange[];
}

/** view < edit < admin; roles Tenantry does not name count as edit. */
export function roleRank(role: string): number {
  if (/admin/.test(role)) return 3;
  if (/view|read/.test(role)) return 1;
  return 2;
}

const PRODUCTION = /(^|-)(prod|production)$/;

/** Grants per tenant id. */
export function grantsOf(snapshot: Snapshot): Map<string, Grant[]> {
  const production = new Set<string>();
  for (const e of snapshot.objects.values()) {
    if (e.kind === 'Namespace' && (PRODUCTION.test(labelsOf(e.object)['tenantry.io/env'] ?? '') || PRODUCTION.test(e.name))) production.add(e.name);
  }
  const grants = new Map<string, Grant[]>();
  const add = (tenant: string, grant: Grant) => grants.set(tenant, [...(grants.get(tenant) ?? []), grant]);
  // Argo CD project roles list users by name in `groups`; a name the tenant binds as a User is one.
  const users = new Set<string>();
  for (const e of snapshot.objects.values()) {
    if (e.kind !== 'RoleBinding' && e.kind !== 'ClusterRoleBinding') continue;
    for (const s of asArray(e.object.subjects)) if (isRecord(s) && s.kind === 'User' && typeof s.name === 'string') users.add(`${tenantOf(e)}\u0000${s.name}`);
  }
  for (const entry of snapshot.objects.values()) {
    const spec = isRecord(entry.object.spec) ? entry.object.spec : {};
    if (entry.kind === 'RoleBinding' || entry.kind === 'ClusterRoleBinding') {
      const role = isRecord(entry.object.roleRef) ? `${asString(entry.object.roleRef.kind) ?? 'Role'} ${asString(entry.object.roleRef.name) ?? '?'}` : '?';
      const scope = entry.kind === 'ClusterRoleBinding' ? 'cluster' : (entry.namespace ?? '?');
      for (const subject of asArray(entry.object.subjects)) {
        if (!isRecord(subject)) continue;
        const kind = asString(subject.kind) ?? '?';
        const name = kind === 'ServiceAccount' ? `${asString(subject.namespace) ?? entry.namespace}/${asString(subject.name)}` : asString(subject.name);
        add(tenantOf(entry), { subject: `${kind} ${name}`, role, scope, system: 'Kubernetes', production: production.has(scope) });
      }
    } else if (entry.kind === 'AppProject') {
      for (const role of asArray(spec.roles)) {
        if (!isRecord(role)) continue;
        for (const group of asArray(role.groups)) {
          if (typeof group !== 'string') continue;
          add(tenantOf(entry), { subject: `${users.has(`${tenantOf(entry)}\u0000${group}`) ? 'User' : 'Group'} ${group}`, role: `project role ${asString(role.name) ?? '?'}`, scope: `Argo CD project ${entry.name}`, system: 'Argo CD', production: PRODUCTION.test(entry.name) });
        }
      }
    }
  }
  return grants;
}

const grantKey = (g: Grant) => `${g.system}\u0000${g.scope}\u0000${g.subject}\u0000${g.role}`;

export function diffAccess(before: Snapshot, after: Snapshot, tenants: readonly string[]): Map<string, TenantAccess> {
  const a = grantsOf(before);
  const b = grantsOf(after);
  const result = new Map<string, TenantAccess>();
  for (const tenant of tenants) {
    const x = new Map((a.get(tenant) ?? []).map((g) => [grantKey(g), g]));
    const y = new Map((b.get(tenant) ?? []).map((g) => [grantKey(g), g]));
    const highest = (grants: Map<string, Grant>, g: Grant) =>
      [...grants.values()].filter((o) => o.system === g.system && o.scope === g.scope && o.subject === g.subject).sort((p, q) => roleRank(q.role) - roleRank(p.role))[0];
    const changes: AccessChange[] = [];
    for (const [key, g] of y) {
      if (x.has(key)) continue;
      const had = highest(x, g);
      const escalation = had ? roleRank(g.role) > roleRank(had.role) : roleRank(g.role) === 3;
      changes.push({ change: 'gained', ...g, escalation, ...(had ? { from: had.role } : {}) });
    }
    for (const [key, g] of x) if (!y.has(key)) changes.push({ change: 'lost', ...g, escalation: false });
    changes.sort((p, q) => compare(`${p.scope}\u0000${p.subject}\u0000${p.change}\u0000${p.role}`, `${q.scope}\u0000${q.subject}\u0000${q.change}\u0000${q.role}`));
    if (changes.length) result.set(tenant, { changes });
  }
  return result;
}
