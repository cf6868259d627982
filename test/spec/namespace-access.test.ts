import { describe, expect, it } from 'vitest';
import { namespaceAccess } from '../../lib/spec/namespace-access';
import { TeamSchema } from '../../lib/spec/schema';

const team = (spec: Record<string, unknown>) => TeamSchema.parse({ id: 'web', ...spec });

describe('namespaceAccess', () => {
  it('keeps entries for every environment and those listing this one', () => {
    // GIVEN entries for all environments, for dev and for production
    const t = team({ environments: ['dev', 'production'], access: [{ group: 'all', role: 'view' }, { group: 'devs', role: 'edit', environments: ['dev'] }, { user: 'oncall', role: 'admin', environments: ['production'] }] });
    // WHEN the dev namespace's access is taken
    const entries = namespaceAccess(t, 'dev', 'acme-web-dev', 'sa-web', undefined);
    // THEN the production entry is left out
    expect(entries).toEqual([{ group: 'all', role: 'view' }, { group: 'devs', role: 'edit', environments: ['dev'] }]);
  });

  it('leaves out environment entries for a namespace without an environment', () => {
    // GIVEN an entry that lists an environment
    const t = team({ access: [{ group: 'devs', role: 'edit', environments: ['dev'] }] });
    // WHEN a namespace without an environment is resolved
    // THEN no entry covers it
    expect(namespaceAccess(t, undefined, 'acme-web', 'sa-web', undefined)).toEqual([]);
  });

  it('writes serviceaccounts as namespace/name', () => {
    // GIVEN a ServiceAccount of the same namespace and one of another
    const t = team({ access: [{ serviceAccount: 'ci', role: 'edit' }, { serviceAccount: 'acme-api/deployer', role: 'view' }] });
    // WHEN the access is taken
    // THEN the local one gets this namespace, the other is kept
    expect(namespaceAccess(t, undefined, 'acme-web', 'sa-web', undefined)).toEqual([{ serviceAccount: 'acme-web/ci', role: 'edit' }, { serviceAccount: 'acme-api/deployer', role: 'view' }]);
  });

  it('binds the team serviceaccount to the team role, else the platform role, unless null', () => {
    // GIVEN a team role, no team role, and a null team role
    // WHEN the access is taken with the platform role view
    // THEN the team's role wins, the platform's fills in, and null binds nothing
    expect(namespaceAccess(team({ serviceAccountRole: 'edit' }), undefined, 'acme-web', 'sa-web', 'view')).toEqual([{ serviceAccount: 'acme-web/sa-web', role: 'edit' }]);
    expect(namespaceAccess(team({}), undefined, 'acme-web', 'sa-web', 'view')).toEqual([{ serviceAccount: 'acme-web/sa-web', role: 'view' }]);
    expect(namespaceAccess(team({ serviceAccountRole: null }), undefined, 'acme-web', 'sa-web', 'view')).toEqual([]);
    expect(namespaceAccess(team({}), undefined, 'acme-web', 'sa-web', undefined)).toEqual([]);
  });
});
