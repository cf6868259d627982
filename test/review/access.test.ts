import { describe, expect, it } from 'vitest';
import { diffAccess, grantsOf, roleRank } from '../../lib/review/access';
import { sideOf, tenant } from '../support/review-sides';

const ARGOCD = { gitops: { engine: 'argocd', repoURL: 'https://github.com/example/fleet.git', revision: 'main', path: 'dist' } };
const acme = (access: object[]) => sideOf('side', ARGOCD, [tenant('acme', 'soft', [{ id: 'web', environments: ['dev', 'production'], access }])]);

describe('roleRank', () => {
  it('orders view < edit < admin, unknown roles as edit', () => {
    // GIVEN Tenantry's roles and another
    // WHEN ranked
    // THEN view is lowest and admin highest
    expect(['ClusterRole tenantry-tenant-view', 'ClusterRole tenantry-tenant-edit', 'ClusterRole tenantry-tenant-admin', 'Role deployer'].map(roleRank)).toEqual([1, 2, 3, 2]);
  });
});

describe('diffAccess', () => {
  it('flags a group going from edit to admin, in production too, in Kubernetes and Argo CD', () => {
    // GIVEN acme-dev raised from edit to admin
    const before = acme([{ group: 'acme-dev', role: 'edit' }]);
    const after = acme([{ group: 'acme-dev', role: 'admin' }]);

    // WHEN access is compared
    const changes = diffAccess(before, after, ['acme']).get('acme')!.changes;

    // THEN every gained admin is an escalation from edit, and the production namespace says so
    const gained = changes.filter((c) => c.change === 'gained');
    expect(gained.map((c) => `${c.scope}${c.production ? ' (production)' : ''}: ${c.role} from ${c.from}`)).toEqual([
      'Argo CD project acme: project role admin from project role edit',
      'acme-web-dev: ClusterRole tenantry-tenant-admin from ClusterRole tenantry-tenant-edit',
      'acme-web-production (production): ClusterRole tenantry-tenant-admin from ClusterRole tenantry-tenant-edit',
    ]);
    expect(gained.every((c) => c.escalation)).toBe(true);
    expect(changes.filter((c) => c.change === 'lost').every((c) => !c.escalation)).toBe(true);
  });

  it('flags a new admin but not a new viewer', () => {
    // GIVEN a user added as admin and a group added as viewer
    const before = acme([]);
    const after = acme([{ user: 'eve@acme.example', role: 'admin' }, { group: 'acme-audit', role: 'view' }]);

    // WHEN access is compared
    const changes = diffAccess(before, after, ['acme']).get('acme')!.changes;

    // THEN only the admin grants are escalations
    expect([...new Set(changes.filter((c) => c.escalation).map((c) => c.subject))]).toEqual(['User eve@acme.example']);
    expect(changes.some((c) => c.subject === 'Group acme-audit' && !c.escalation)).toBe(true);
    // AND the user listed in the Argo CD project role's groups is still named as a user
    expect(changes.filter((c) => c.system === 'Argo CD' && c.escalation).map((c) => c.subject)).toEqual(['User eve@acme.example']);
  });

  it('reports nothing for an unchanged tenant', () => {
    // GIVEN the same access on both sides
    const side = acme([{ group: 'acme-dev', role: 'edit' }]);

    // WHEN compared
    // THEN there is no entry
    expect(diffAccess(side, side, ['acme']).size).toBe(0);
  });
});

describe('grantsOf', () => {
  it('names ServiceAccounts with their namespace', () => {
    // GIVEN a tenant whose team deploys with Flux (a reconciler ServiceAccount bound to edit)
    const side = sideOf('side', { gitops: { ...ARGOCD.gitops, engine: 'flux' } }, [tenant('acme', 'soft', [{ id: 'web', deploy: { repo: 'https://github.com/acme/web.git' } }])]);

    // WHEN its grants are listed
    // THEN the ServiceAccount is namespace/name
    expect(grantsOf(side).get('acme')!.map((g) => `${g.subject}: ${g.role}`)).toContain('ServiceAccount acme-web/flux-reconciler: ClusterRole tenantry-tenant-edit');
  });
});
