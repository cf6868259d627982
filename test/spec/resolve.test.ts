import { describe, expect, it } from 'vitest';
import {
  compare,
  dedicatedAgentName,
  globToRegExp,
  labelPropagates,
  namespaceName,
  platformNamespaces,
  resolveIsolation,
  resolvePlatform,
  resolveTenant,
  sortKeys,
  type ResolvedNamespace,
} from '../../lib/spec/resolve';
import { PlatformSchema, TenantSchema, type PlatformInput } from '../../lib/spec/schema';
import { DEFAULTS } from '../../lib/spec/defaults';
import { PLATFORM, type TenantInput } from '../support/arbitraries';

const platform = resolvePlatform(PlatformSchema.parse(PLATFORM));

function resolve(spec: Omit<TenantInput, 'id' | 'name' | 'owner'> & { id?: string }, on = platform) {
  return resolveTenant(TenantSchema.parse({ id: 'acme', name: 'Acme', owner: 'lead@acme.example', ...spec }), on);
}

function only(spec: Parameters<typeof resolve>[0]): ResolvedNamespace {
  const tenant = resolve(spec);
  expect(tenant.namespaces).toHaveLength(1);
  return tenant.namespaces[0]!;
}

describe('label propagation', () => {
  it('matches globs on whole keys', () => {
    // GIVEN the pattern team-*
    const pattern = globToRegExp('team-*');
    // WHEN keys are tested
    // THEN only keys starting with team- match
    expect(pattern.test('team-tier')).toBe(true);
    expect(pattern.test('team-')).toBe(true);
    expect(pattern.test('my-team-tier')).toBe(false);
    expect(pattern.test('team')).toBe(false);
  });

  it('treats dots and slashes literally', () => {
    // GIVEN a pattern with a dot and a slash
    const pattern = globToRegExp('example.com/*');
    // WHEN keys are tested
    // THEN the dot is no wildcard
    expect(pattern.test('example.com/owner')).toBe(true);
    expect(pattern.test('exampleXcom/owner')).toBe(false);
  });

  it('always propagates tenantry.io labels', () => {
    // GIVEN no patterns at all
    // WHEN tenantry.io and other keys are tested
    // THEN only tenantry.io keys propagate
    expect(labelPropagates('tenantry.io/tier', [])).toBe(true);
    expect(labelPropagates('cost-center', [])).toBe(false);
    expect(labelPropagates('cost-center', [globToRegExp('cost-center')])).toBe(true);
  });

  it('puts matching labels on every object and the rest on the Namespace only', () => {
    // GIVEN tenant and team labels, some matching the platform's patterns (cost-center, team-*)
    // WHEN the tenant is resolved
    const ns = only({
      isolation: 'soft',
      labels: { 'cost-center': 'cc-1', 'example.com/owner': 'ann', 'tenantry.io/tier': 'gold' },
      teams: [{ id: 'api', labels: { 'team-tier': 'silver' } }],
    });
    // THEN the propagated set holds matches plus the system labels, the Namespace set the rest
    expect(ns.propagatedLabels).toEqual({
      'app.kubernetes.io/managed-by': 'tenantry',
      'cost-center': 'cc-1',
      'team-tier': 'silver',
      'tenantry.io/isolation': 'soft',
      'tenantry.io/team': 'api',
      'tenantry.io/tenant': 'acme',
      'tenantry.io/tier': 'gold',
    });
    expect(ns.namespaceLabels).toEqual({ 'example.com/owner': 'ann' });
  });

  it('sorts label keys', () => {
    // GIVEN labels in no particular order
    // WHEN the tenant is resolved
    const ns = only({ isolation: 'soft', labels: { 'team-z': 'z', 'cost-center': 'c', 'team-a': 'a' }, teams: [{ id: 'api' }] });
    // THEN keys come out in code-point order
    expect(Object.keys(ns.propagatedLabels)).toEqual([...Object.keys(ns.propagatedLabels)].sort(compare));
  });

  it('adds the environment label per environment namespace', () => {
    // GIVEN a team with two environments
    // WHEN the tenant is resolved
    const tenant = resolve({ isolation: 'soft', teams: [{ id: 'api', environments: ['dev', 'production'] }] });
    // THEN each namespace carries its environment
    expect(tenant.namespaces.map((ns) => [ns.name, ns.propagatedLabels['tenantry.io/env']])).toEqual([
      ['acme-api-dev', 'dev'],
      ['acme-api-production', 'production'],
    ]);
  });
});

describe('resolveIsolation', () => {
  it.each([
    ['hard', { network: 'deny-all', quota: true, nodes: 'dedicated', storage: 'dedicated', agent: 'dedicated', podSecurity: 'restricted' }],
    ['soft', { network: 'deny-ingress', quota: true, nodes: 'shared', storage: 'shared', agent: 'shared', podSecurity: 'baseline' }],
    ['network-only', { network: 'deny-all', quota: false, nodes: 'shared', storage: 'shared', agent: 'shared', podSecurity: 'baseline' }],
  ] as const)('spells out %s', (level, aspects) => {
    // GIVEN a named isolation level
    // WHEN it is resolved
    const resolved = resolveIsolation(level);
    // THEN it has the aspects of the DESIGN.md matrix
    expect(resolved).toEqual({ level, ...aspects });
  });

  it('takes every aspect of custom isolation as given', () => {
    // GIVEN a custom isolation
    const custom = { network: 'deny-ingress', quota: false, nodes: 'dedicated', storage: 'shared', agent: 'dedicated', podSecurity: 'restricted' } as const;
    // WHEN it is resolved
    const resolved = resolveIsolation({ custom });
    // THEN the level is custom and each aspect is the chosen one
    expect(resolved).toEqual({ level: 'custom', ...custom });
  });
});

describe('resolvePlatform', () => {
  it('fills every default for an empty platform', () => {
    // GIVEN a platform that sets nothing
    // WHEN it is resolved
    const resolved = resolvePlatform(PlatformSchema.parse({}));
    // THEN the DEFAULTS apply
    expect(resolved.clusterServer).toBe(DEFAULTS.cluster.server);
    expect(resolved.dns).toEqual(DEFAULTS.dns);
    expect(resolved.agent).toEqual(DEFAULTS.agent);
    expect(resolved.storage).toEqual(DEFAULTS.storage);
    expect(resolved.podSecurityVersion).toBe('latest');
    expect(resolved.defaults).toEqual(JSON.parse(JSON.stringify({ ...DEFAULTS.settings, agent: { ...DEFAULTS.settings.agent, autoscaling: undefined } })));
    expect(resolved.sharedServices).toEqual({});
    expect(resolved.gitops).toBeUndefined();
  });

  it('merges the platform defaults over the built-in ones', () => {
    // GIVEN a platform overriding one quota key and removing another
    const spec: PlatformInput = { defaults: { quota: { cpu: '8', pods: null } } };
    // WHEN it is resolved
    const resolved = resolvePlatform(PlatformSchema.parse(spec));
    // THEN the rest of the built-in quota stays
    expect(resolved.defaults.quota).toEqual({ cpu: '8', memory: '4Gi', storage: '20Gi', services: 10, persistentVolumeClaims: 10 });
  });

  it('sorts shared services and gives them one port each', () => {
    // GIVEN shared services declared out of order
    const spec: PlatformInput = {
      sharedServices: { redis: { namespace: 'data', port: 6379 }, postgresql: { namespace: 'data', port: 5432, protocol: 'TCP' } },
    };
    // WHEN the platform is resolved
    const resolved = resolvePlatform(PlatformSchema.parse(spec));
    // THEN they are sorted by name with TCP as the default protocol
    expect(resolved.sharedServices).toEqual({
      postgresql: { namespace: 'data', podSelector: {}, ports: [5432], protocol: 'TCP' },
      redis: { namespace: 'data', podSelector: {}, ports: [6379], protocol: 'TCP' },
    });
  });
});

describe('resolveTenant', () => {
  it('names namespaces <tenant>-<team>[-<env>] in team then environment order', () => {
    // GIVEN two teams, one with environments
    // WHEN the tenant is resolved
    const tenant = resolve({ isolation: 'soft', teams: [{ id: 'web', environments: ['staging', 'dev'] }, { id: 'api' }] });
    // THEN the names follow the spec order
    expect(tenant.namespaces.map((ns) => [ns.name, ns.teamIndex])).toEqual([
      ['acme-web-staging', 0],
      ['acme-web-dev', 0],
      ['acme-api', 1],
    ]);
  });

  it('defaults the status to active', () => {
    // GIVEN no status
    // WHEN the tenant is resolved
    const tenant = resolve({ isolation: 'soft', teams: [{ id: 'api' }] });
    // THEN it is active
    expect(tenant.status).toBe('active');
  });

  it('collects repos from the tenant and team deploys, sorted and unique', () => {
    // GIVEN repos on the tenant and on a team
    // WHEN the tenant is resolved
    const tenant = resolve({
      isolation: 'soft',
      repos: ['https://github.com/acme/z.git', 'https://github.com/acme/a.git'],
      teams: [{ id: 'api', deploy: { repo: 'https://github.com/acme/z.git' } }, { id: 'web', deploy: { repo: 'https://github.com/acme/m.git' } }],
    });
    // THEN each repo appears once, in order
    expect(tenant.repos).toEqual(['https://github.com/acme/a.git', 'https://github.com/acme/m.git', 'https://github.com/acme/z.git']);
  });

  it('takes quota from platform, then unit, then team, never from the tenant budget', () => {
    // GIVEN a tenant budget, a unit quota and a team quota
    // WHEN the tenant is resolved
    const tenant = resolve({
      isolation: 'soft',
      quota: { cpu: '100', memory: '100Gi' },
      units: { core: { quota: { cpu: '6', memory: '6Gi' } } },
      teams: [{ id: 'api', unit: 'core', quota: { cpu: '3', pods: null } }, { id: 'web' }],
    });
    // THEN the team wins over the unit, the unit over the platform, and the budget is no layer
    const [api, web] = tenant.namespaces;
    expect(api!.quota).toEqual({ cpu: '3', memory: '6Gi', storage: '20Gi', services: 10, persistentVolumeClaims: 10 });
    expect(web!.quota).toEqual({ cpu: '2', memory: '4Gi', storage: '20Gi', pods: 20, services: 10, persistentVolumeClaims: 10 });
  });

  it('removes the whole quota with null', () => {
    // GIVEN a team that removes its quota
    // WHEN the tenant is resolved
    const ns = only({ isolation: 'soft', teams: [{ id: 'api', quota: null }] });
    // THEN the namespace quota is empty
    expect(ns.quota).toEqual({});
  });

  it('merges limitRange from platform, tenant, unit and team', () => {
    // GIVEN a limit range layer at every level
    // WHEN the tenant is resolved
    const ns = only({
      isolation: 'soft',
      limitRange: { default: { cpu: '1' } },
      units: { core: { limitRange: { default: { memory: '1Gi' } } } },
      teams: [{ id: 'api', unit: 'core', limitRange: { max: { cpu: null }, defaultRequest: { cpu: '200m' } } }],
    });
    // THEN each level adds or overrides its keys
    expect(ns.limitRange).toEqual({
      defaultRequest: { cpu: '200m', memory: '128Mi' },
      default: { cpu: '1', memory: '1Gi' },
      max: { memory: '16Gi' },
    });
  });

  it('merges network allowances, the team winning', () => {
    // GIVEN external egress on the tenant, narrowed ports on the unit and no monitoring on the team
    // WHEN the tenant is resolved
    const ns = only({
      isolation: 'hard',
      network: { externalEgress: true, sharedServices: ['redis'] },
      units: { core: { network: { externalEgressPorts: [443] } } },
      teams: [{ id: 'api', unit: 'core', network: { allowMonitoring: false } }],
    });
    // THEN the merged allowances apply
    expect(ns.network).toEqual({ externalEgressPorts: [443], sharedServices: ['redis'], allowMonitoring: false });
  });

  it('opens no external ports unless external egress is on', () => {
    // GIVEN ports but no external egress
    // WHEN the tenant is resolved
    const ns = only({ isolation: 'hard', teams: [{ id: 'api', network: { externalEgressPorts: [443] } }] });
    // THEN no port is open, and every platform shared service is allowed by default
    expect(ns.network).toEqual({ externalEgressPorts: [], sharedServices: ['postgresql', 'redis'], allowMonitoring: true });
  });

  it('merges env with the team first, then unit, tenant and platform', () => {
    // GIVEN env at every level, the team removing one inherited variable
    // WHEN the tenant is resolved
    const ns = only({
      isolation: 'soft',
      env: { REGION: 'eu', LOG_LEVEL: 'warn', MODE: 'a' },
      units: { core: { env: { MODE: 'b', TIMEZONE: 'UTC' } } },
      teams: [{ id: 'api', unit: 'core', env: { MODE: 'c', REGION: null, HF_TOKEN: { secretKeyRef: { name: 'hf', key: 'token' } } } }],
    });
    // THEN the most specific value wins and null removes
    expect(ns.env).toEqual({ HF_TOKEN: { secretKeyRef: { name: 'hf', key: 'token' } }, LOG_LEVEL: 'warn', MODE: 'c', TIMEZONE: 'UTC' });
    expect(Object.keys(ns.env)).toEqual(['HF_TOKEN', 'LOG_LEVEL', 'MODE', 'TIMEZONE']);
  });

  it('merges labels with the team first and null removing', () => {
    // GIVEN labels at tenant, unit and team
    // WHEN the tenant is resolved
    const ns = only({
      isolation: 'soft',
      labels: { 'cost-center': 'cc-1', 'team-tier': 'gold' },
      units: { core: { labels: { 'cost-center': 'cc-2' } } },
      teams: [{ id: 'api', unit: 'core', labels: { 'team-tier': null } }],
    });
    // THEN the unit's cost center wins and the team removed the tier
    expect(ns.propagatedLabels['cost-center']).toBe('cc-2');
    expect(ns.propagatedLabels).not.toHaveProperty('team-tier');
  });

  it('merges agent settings with the team winning', () => {
    // GIVEN agent settings on the tenant and the team
    // WHEN the tenant is resolved
    const ns = only({
      isolation: 'soft',
      agent: { mode: 'dedicated', image: 'ghcr.io/acme/agent:2.0.0', cpu: '2', requests: { cpu: '1' }, env: { A: 'tenant', B: 'tenant' } },
      teams: [{ id: 'api', agent: { memory: '2Gi', requests: { memory: '1Gi' }, env: { B: 'team' }, autoscaling: { minReplicas: 1, maxReplicas: 3, cpuPercent: 60 } } }],
    });
    // THEN objects merge and defaults fill the rest
    expect(ns.agent).toEqual({
      mode: 'dedicated',
      image: 'ghcr.io/acme/agent:2.0.0',
      port: 8080,
      replicas: 1,
      limits: { cpu: '2', memory: '2Gi' },
      requests: { cpu: '1', memory: '1Gi' },
      nodeSelector: {},
      tolerations: [],
      autoscaling: { minReplicas: 1, maxReplicas: 3, cpuPercent: 60 },
      env: { A: 'tenant', B: 'team' },
    });
  });

  it('uses the platform agent image and built-in resources by default', () => {
    // GIVEN no agent settings
    // WHEN the tenant is resolved
    const ns = only({ isolation: 'soft', teams: [{ id: 'api' }] });
    // THEN the agent is shared with the platform image and default resources
    expect(ns.agent).toMatchObject({
      mode: 'shared',
      image: 'ghcr.io/tenantry/agent:1.4.2',
      replicas: DEFAULTS.settings.agent.replicas,
      limits: { cpu: DEFAULTS.settings.agent.cpu, memory: DEFAULTS.settings.agent.memory },
      requests: DEFAULTS.settings.agent.requests,
    });
    expect(ns.agent.autoscaling).toBeUndefined();
  });

  it.each([
    ['hard', 'dedicated'],
    ['soft', 'shared'],
    ['network-only', 'shared'],
  ] as const)('gives %s isolation a %s agent by default', (isolation, mode) => {
    // GIVEN a named isolation level and no agent mode
    // WHEN the tenant is resolved
    const ns = only({ isolation, teams: [{ id: 'api' }] });
    // THEN the agent mode follows the matrix
    expect(ns.agent.mode).toBe(mode);
  });

  it('lets a team opt out of the isolation default agent', () => {
    // GIVEN hard isolation and a team choosing the shared agent
    // WHEN the tenant is resolved
    const ns = only({ isolation: 'hard', teams: [{ id: 'api', agent: { mode: 'shared' } }] });
    // THEN the team choice wins
    expect(ns.agent.mode).toBe('shared');
  });

  it('appends the environment to the deploy path', () => {
    // GIVEN a team deploying per environment
    // WHEN the tenant is resolved
    const tenant = resolve({ isolation: 'soft', teams: [{ id: 'api', environments: ['dev'], deploy: { repo: 'https://github.com/acme/d.git', path: './k8s' } }] });
    // THEN the environment folder and main branch are used
    expect(tenant.namespaces[0]!.deploy).toEqual({ repo: 'https://github.com/acme/d.git', branch: 'main', path: './k8s/dev' });
  });
});

describe('names and ordering helpers', () => {
  it('composes namespace and agent names', () => {
    // GIVEN a tenant, team and environment
    // WHEN names are composed
    // THEN they are readable and hash-free
    expect(namespaceName('acme', 'api')).toBe('acme-api');
    expect(namespaceName('acme', 'api', 'dev')).toBe('acme-api-dev');
    expect(dedicatedAgentName('acme', 'api')).toBe('agent-dedicated-acme-api');
  });

  it('sorts keys by code point, independent of locale', () => {
    // GIVEN keys that locale-aware sorting would order differently
    // WHEN they are sorted
    const sorted = Object.keys(sortKeys({ b: 1, B: 2, a: 3, _: 4 }));
    // THEN upper case comes before lower case
    expect(sorted).toEqual(['B', '_', 'a', 'b']);
  });
});

describe('platformNamespaces', () => {
  it('names every namespace the platform runs in, with what runs there', () => {
    // GIVEN the test platform with ingress, monitoring, DNS, shared services, GitOps and a shared agent
    // WHEN its namespaces are listed
    const owned = platformNamespaces(platform);
    // THEN each namespace says what it hosts, shared namespaces listing every owner
    expect(Object.fromEntries(owned)).toEqual({
      'ingress-nginx': 'ingress controller',
      monitoring: 'monitoring',
      'kube-system': 'DNS',
      'shared-data': 'shared service postgresql, shared service redis',
      argocd: 'Argo CD',
      'flux-system': 'Flux',
      'tenantry-system': 'shared agent',
    });
  });
});
