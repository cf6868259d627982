import { describe, expect, it } from 'vitest';
import { GUARDRAIL_KINDS, SECRET_KIND, TENANT_ROLES, TENANT_WORKLOAD_KINDS, type TenantKind } from '../../lib/spec/tenant-kinds';

const key = ({ group, kind }: TenantKind) => `${group}/${kind}`;

describe('tenant kinds', () => {
  it('never lets a team write a guardrail or a secret as a workload kind', () => {
    // GIVEN what a team writes day to day
    const workloads = TENANT_WORKLOAD_KINDS.map(key);

    // WHEN it is compared with the guardrails and secrets
    const overlap = [...GUARDRAIL_KINDS, SECRET_KIND].map(key).filter((k) => workloads.includes(k));

    // THEN none of them is among the workload kinds
    expect(overlap).toEqual([]);
    expect(GUARDRAIL_KINDS.map(key)).toEqual(['/LimitRange', '/ResourceQuota', 'networking.k8s.io/NetworkPolicy']);
  });

  it('lists each kind once, in group then kind order, with its plural lowercase resource', () => {
    // GIVEN every kind list
    const lists = [TENANT_WORKLOAD_KINDS, GUARDRAIL_KINDS];

    // WHEN their keys and resources are read
    const keys = lists.map((list) => list.map(key));

    // THEN each is sorted without duplicates, and every resource is the RBAC plural of its kind
    for (const list of keys) {
      expect(new Set(list).size).toBe(list.length);
      expect([...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(list);
    }
    for (const kind of [...TENANT_WORKLOAD_KINDS, ...GUARDRAIL_KINDS, SECRET_KIND]) {
      expect(kind.resource).toMatch(/^[a-z]+s$/);
      expect(kind.resource.startsWith(kind.kind.toLowerCase().replace(/y$/, ''))).toBe(true);
    }
  });

  it('names the tenant ClusterRoles tenantry-tenant-<role>, none of them a built-in role', () => {
    // GIVEN the tenant roles
    // WHEN their names are read
    const names = Object.entries(TENANT_ROLES);

    // THEN each is prefixed, so no built-in admin, edit or cluster-admin is ever bound
    expect(names).toEqual([
      ['admin', 'tenantry-tenant-admin'],
      ['edit', 'tenantry-tenant-edit'],
      ['view', 'tenantry-tenant-view'],
    ]);
  });

  it('keeps secrets in the core group as "secrets"', () => {
    // GIVEN / WHEN the secret kind
    const secret = SECRET_KIND;

    // THEN
    expect(secret).toEqual({ group: '', kind: 'Secret', resource: 'secrets' });
  });
});
