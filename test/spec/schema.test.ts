import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { definePlatform, defineTenant, PlatformSchema, TenantSchema } from '../../lib/spec/schema';
import { DEFAULTS, DEFAULT_RESERVED_NAMESPACES, KUBERNETES_NAMESPACES, SYSTEM_ENV_NAMES, SYSTEM_LABEL_KEYS } from '../../lib/spec/defaults';
import { PLATFORM, type TenantInput } from '../support/arbitraries';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXAMPLE_TENANTS = readdirSync(join(ROOT, 'tenants')).filter((f) => f.endsWith('.ts')).sort();

const minimal: TenantInput = { id: 'acme', name: 'Acme', owner: 'lead@acme.example', isolation: 'soft', teams: [{ id: 'api' }] };

function issuesOf(value: unknown): { path: string; message: string }[] {
  const result = TenantSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('defineTenant and definePlatform', () => {
  it('returns the tenant spec it is given', () => {
    // GIVEN a tenant spec
    // WHEN it is passed through defineTenant
    const defined = defineTenant(minimal);
    // THEN it is the very same object
    expect(defined).toBe(minimal);
  });

  it('returns the platform spec it is given', () => {
    // GIVEN a platform spec
    // WHEN it is passed through definePlatform
    const defined = definePlatform(PLATFORM);
    // THEN it is the very same object
    expect(defined).toBe(PLATFORM);
  });
});

describe('DEFAULTS', () => {
  it('holds every default in one place', () => {
    // GIVEN the defaults constant
    // WHEN it is read
    // THEN it holds the documented values
    expect(DEFAULTS.status).toBe('active');
    expect(DEFAULTS.podSecurityVersion).toBe('latest');
    expect(DEFAULTS.gitops).toEqual({ argocdNamespace: 'argocd', fluxNamespace: 'flux-system' });
    expect(DEFAULTS.agent.port).toBe(8080);
    expect(DEFAULTS.settings.quota).toEqual({ cpu: '2', memory: '4Gi', storage: '20Gi', pods: 20, services: 10, persistentVolumeClaims: 10 });
    expect(DEFAULTS.settings.limitRange).toEqual({ defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '512Mi' } });
    expect(DEFAULTS.settings.network).toEqual({ externalEgress: false, externalEgressPorts: [80, 443], allowMonitoring: true });
    expect(DEFAULTS.settings.agent).toMatchObject({ replicas: 1, cpu: '1', memory: '1Gi', requests: { cpu: '250m', memory: '256Mi' }, autoscaling: null });
  });

  it('pins the default agent image', () => {
    // GIVEN the default agent image
    // WHEN it is checked against the platform schema
    const result = PlatformSchema.safeParse({ agent: { image: DEFAULTS.agent.image, sharedUrl: DEFAULTS.agent.sharedUrl } });
    // THEN it is accepted as pinned
    expect(result.success).toBe(true);
  });

  it('lists reserved names, system labels and system variables', () => {
    // GIVEN the reserved lists
    // WHEN they are read
    // THEN they cover what DESIGN.md reserves
    expect(KUBERNETES_NAMESPACES).toEqual(['default', 'kube-*']);
    expect(DEFAULT_RESERVED_NAMESPACES).toEqual(expect.arrayContaining(['argocd', 'flux-system', 'cert-manager', 'istio-*', 'ingress-*', 'monitoring', 'gatekeeper-system', 'kyverno']));
    expect(SYSTEM_LABEL_KEYS).toEqual(['tenantry.io/tenant', 'tenantry.io/team', 'tenantry.io/isolation', 'tenantry.io/env']);
    expect(SYSTEM_ENV_NAMES).toEqual(['TENANT_ID', 'TEAM_ID', 'TEAM_ENV']);
  });
});

describe('TenantSchema', () => {
  it.each(EXAMPLE_TENANTS)('accepts the example tenant %s', async (file) => {
    // GIVEN an example tenant file
    const spec = ((await import(join(ROOT, 'tenants', file))) as { default: unknown }).default;
    // WHEN it is parsed
    const issues = issuesOf(spec);
    // THEN there is no issue
    expect(issues).toEqual([]);
  });

  it('accepts a minimal tenant', () => {
    // GIVEN id, name, owner, isolation and one team
    // WHEN it is parsed
    const issues = issuesOf(minimal);
    // THEN there is no issue
    expect(issues).toEqual([]);
  });

  it('accepts null on inherited settings', () => {
    // GIVEN nulls that remove inherited values
    const spec = { ...minimal, limitRange: null, teams: [{ id: 'api', quota: null, env: { LOG_LEVEL: null }, labels: { 'team-tier': null }, agent: { autoscaling: null } }] };
    // WHEN it is parsed
    const issues = issuesOf(spec);
    // THEN there is no issue
    expect(issues).toEqual([]);
  });

  it.each([
    ['ghcr.io/acme/agent:1.4.2', true],
    [`ghcr.io/acme/agent@sha256:${'0'.repeat(64)}`, true],
    [`registry.example.com:5000/agent:2.0.0@sha256:${'f'.repeat(64)}`, true],
    ['ghcr.io/acme/agent:latest', false],
    ['ghcr.io/acme/agent', false],
    ['registry.example.com:5000/agent', false],
  ] as const)('checks that the agent image %s is pinned (%s)', (image, pinned) => {
    // GIVEN a team agent image
    const spec = { ...minimal, teams: [{ id: 'api', agent: { image } }] };
    // WHEN it is parsed
    const issues = issuesOf(spec);
    // THEN only tags other than latest and digests pass
    expect(issues.length === 0).toBe(pinned);
  });

  it('fails when a field is unknown', () => {
    // GIVEN a typo in a team field
    const spec = { ...minimal, teams: [{ id: 'api', quotaa: {} }] };
    // WHEN it is parsed
    const issues = issuesOf(spec);
    // THEN the typo is reported at its path
    expect(issues).toEqual([{ path: 'teams.0', message: 'Unrecognized key: "quotaa"' }]);
  });

  it('fails when a tenant has no teams', () => {
    // GIVEN an empty team list
    // WHEN it is parsed
    const issues = issuesOf({ ...minimal, teams: [] });
    // THEN the schema says at least one team is expected
    expect(issues).toEqual([{ path: 'teams', message: 'expected at least one team' }]);
  });

  it('fails when a quantity is not one', () => {
    // GIVEN a bad quota value
    // WHEN it is parsed
    const issues = issuesOf({ ...minimal, teams: [{ id: 'api', quota: { cpu: 'lots' } }] });
    // THEN the message gives an example of a quantity
    expect(issues).toEqual([{ path: 'teams.0.quota.cpu', message: 'expected a Kubernetes quantity such as "500m", "2" or "4Gi"' }]);
  });

  it('fails when a custom isolation leaves out an aspect', () => {
    // GIVEN a custom isolation missing its podSecurity aspect
    const spec = { ...minimal, isolation: { custom: { network: 'deny-all', quota: true, nodes: 'shared', storage: 'shared', agent: 'shared' } } };
    // WHEN it is parsed
    const issues = issuesOf(spec);
    // THEN the union refuses it (the loader then reports the custom branch's missing aspect)
    expect(issues).toEqual([
      { path: 'isolation', message: 'expected "hard", "soft", "network-only" or { custom: { network, quota, nodes, storage, agent, podSecurity } }' },
    ]);
  });
});

describe('PlatformSchema', () => {
  it('accepts the example platform and the test platform', async () => {
    // GIVEN platform.ts and the fixed test platform
    const example = ((await import(join(ROOT, 'platform.ts'))) as { default: unknown }).default;
    // WHEN they are parsed
    // THEN both are valid
    expect(PlatformSchema.safeParse(example).success).toBe(true);
    expect(PlatformSchema.safeParse(PLATFORM).success).toBe(true);
  });

  it('fails when defaults name a shared service the platform does not declare', () => {
    // GIVEN defaults naming an undeclared shared service
    // WHEN the platform is parsed
    const result = PlatformSchema.safeParse({ sharedServices: { redis: { namespace: 'data', port: 6379 } }, defaults: { network: { sharedServices: ['mysql'] } } });
    // THEN the issue names the known services
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['defaults.network.sharedServices.0', 'unknown shared service; declare it under sharedServices or use one of: redis'],
    ]);
  });
});
