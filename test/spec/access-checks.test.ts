import { describe, expect, it } from 'vitest';
import { validateProject } from '../../lib/spec/loader';

const platform = (extra: Record<string, unknown> = {}) => ({ file: 'platform.ts', value: { ingress: { namespace: 'ingress-nginx', ports: [8000] }, ...extra } });
const tenant = (id: string, teams: unknown[]) => ({ file: `tenants/${id}.ts`, value: { id, name: `${id} corp`, owner: `lead@${id}.example`, isolation: 'soft', teams } });

function access(result: ReturnType<typeof validateProject>) {
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return Object.fromEntries(result.tenants.flatMap((t) => t.namespaces.map((ns) => [ns.name, ns.access.map((e) => JSON.stringify(e))])));
}

describe('access entries', () => {
  it('binds the team ServiceAccount to view by default, in each of its namespaces', () => {
    // GIVEN a platform without serviceAccountRole and a team with two environments
    const result = validateProject(platform(), [tenant('acme', [{ id: 'api', environments: ['dev', 'prod'] }])]);

    // WHEN the access is resolved
    // THEN each namespace binds its own sa-api to view
    expect(access(result)).toEqual({
      'acme-api-dev': ['{"serviceAccount":"acme-api-dev/sa-api","role":"view"}'],
      'acme-api-prod': ['{"serviceAccount":"acme-api-prod/sa-api","role":"view"}'],
    });
  });

  it('lets the platform change the role and a team remove the binding', () => {
    // GIVEN a platform choosing edit, one team keeping it and one removing it
    const result = validateProject(platform({ serviceAccountRole: 'edit' }), [tenant('acme', [{ id: 'api' }, { id: 'web', serviceAccountRole: null }])]);

    // WHEN the access is resolved
    // THEN api's ServiceAccount edits and web's is bound to nothing
    expect(access(result)).toEqual({ 'acme-api': ['{"serviceAccount":"acme-api/sa-api","role":"edit"}'], 'acme-web': [] });
  });

  it('gives an entry only the environments it lists', () => {
    // GIVEN Flyte's alpha-developer (development, staging) and alpha-senior (all)
    const team = {
      id: 'alpha',
      environments: ['development', 'staging', 'production'],
      serviceAccountRole: null,
      access: [
        { group: 'team-alpha-developers', role: 'edit', environments: ['development', 'staging'] },
        { group: 'team-alpha-seniors', role: 'edit' },
      ],
    };
    const result = validateProject(platform(), [tenant('flyte', [team])]);

    // WHEN the access is resolved
    const byNamespace = access(result);

    // THEN production has only the seniors
    expect(byNamespace['flyte-alpha-production']).toEqual(['{"group":"team-alpha-seniors","role":"edit"}']);
    expect(byNamespace['flyte-alpha-staging']).toHaveLength(2);
  });

  it('accepts a ServiceAccount of another of the tenant\'s own namespaces', () => {
    // GIVEN a CI ServiceAccount in acme-tools bound in acme-api
    const result = validateProject(platform(), [
      tenant('acme', [{ id: 'tools', serviceAccountRole: null }, { id: 'api', serviceAccountRole: null, access: [{ serviceAccount: 'acme-tools/deployer', role: 'edit' }] }]),
    ]);

    // WHEN the access is resolved
    // THEN the entry stands as written
    expect(access(result)['acme-api']).toEqual(['{"serviceAccount":"acme-tools/deployer","role":"edit"}']);
  });
});
