import { describe, expect, it } from 'vitest';
import { resolvePlatform, resolveTenant } from '../../lib/spec/resolve';
import { PlatformSchema, TenantSchema } from '../../lib/spec/schema';
import { projectOf, tenantProjects } from '../../lib/spec/tenant-projects';
import { PLATFORM, type TenantInput } from '../support/arbitraries';

const platform = resolvePlatform(PlatformSchema.parse(PLATFORM));
const resolve = (teams: TenantInput['teams']) => resolveTenant(TenantSchema.parse({ id: 'acme', name: 'Acme', owner: 'lead@acme.example', isolation: 'soft', teams }), platform);

describe('tenantProjects', () => {
  it('gives one project named after the tenant when no access lists environments', () => {
    // GIVEN a team with environments but access for all of them
    const tenant = resolve([{ id: 'api', environments: ['dev', 'production'], access: [{ group: 'devs', role: 'edit' }] }]);
    // WHEN the projects are taken
    const projects = tenantProjects(tenant);
    // THEN there is one project holding every namespace
    expect(projects.map((p) => [p.name, p.namespaces.length])).toEqual([['acme', 2]]);
  });

  it('gives one project per environment once access lists environments', () => {
    // GIVEN a team with per-environment access and a team without environments
    const tenant = resolve([{ id: 'api', environments: ['dev', 'production'], access: [{ group: 'devs', role: 'edit', environments: ['dev'] }] }, { id: 'web' }]);
    // WHEN the projects are taken
    const projects = tenantProjects(tenant);
    // THEN each environment has its own project and the plain namespace stays in the tenant's
    expect(projects.map((p) => [p.name, p.environment, p.namespaces.map((ns) => ns.name).sort()]).sort()).toEqual([
      ['acme', undefined, ['acme-web']],
      ['acme-dev', 'dev', ['acme-api-dev']],
      ['acme-production', 'production', ['acme-api-production']],
    ]);
    expect(projectOf(tenant, 'acme-api-dev')).toBe('acme-dev');
    expect(projectOf(tenant, 'acme-web')).toBe('acme');
  });

  it('gives the tenant project for a namespace it does not hold', () => {
    // GIVEN a tenant
    const tenant = resolve([{ id: 'api' }]);
    // WHEN an unknown namespace is looked up
    // THEN the tenant's own project is named
    expect(projectOf(tenant, 'elsewhere')).toBe('acme');
  });
});
