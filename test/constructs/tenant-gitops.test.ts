import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResolvedTenant } from '../../lib/spec/resolve';
import { validateObject } from '../../lib/check/schema-validator';
import { chartObjects, newChart } from '../../lib/synth/synth';
import { type KubeObject } from '../../lib/synth/dist-layout';
import { TenantGitOps, type TenantGitOpsProps } from '../../constructs/tenant-gitops';
import { FLUX_RECONCILER, gitOpsRoles, type GitOpsEngine } from '../../lib/spec/gitops-names';
import { SECRET_KIND, TENANT_WORKLOAD_KINDS } from '../../lib/spec/tenant-kinds';
import { emitYaml } from '../../lib/synth/yaml-emitter';
import { arbTenantSet, validProject, type TenantInput } from '../support/arbitraries';

const ENGINES: readonly GitOpsEngine[] = ['argocd', 'flux', 'both'];

const tenant = (id: string, spec: Omit<TenantInput, 'id' | 'name' | 'owner'>): TenantInput => ({
  id,
  name: `${id[0]!.toUpperCase()}${id.slice(1)} Inc`,
  owner: `lead@${id}.example`,
  ...spec,
});

/** Two teams, one with environments and a deploy repository, groups in every role and a user. */
const ACME = tenant('acme', {
  isolation: 'soft',
  labels: { 'cost-center': 'cc-42' },
  repos: ['https://github.com/acme/apps.git'],
  teams: [
    {
      id: 'web',
      environments: ['dev', 'production'],
      access: [
        { group: 'acme-web', role: 'edit' },
        { group: 'acme-leads', role: 'admin' },
        { user: 'ann@acme.example', role: 'view' },
      ],
      deploy: { repo: 'https://github.com/acme/web-deploy.git', path: './clusters' },
    },
    { id: 'data', access: [{ group: 'acme-data', role: 'view' }] },
  ],
});

const HOOLI = tenant('hooli', {
  isolation: 'soft',
  status: 'suspended',
  teams: [
    {
      id: 'search',
      access: [{ group: 'hooli-search', role: 'admin' }],
      deploy: { repo: 'https://github.com/hooli/search-deploy.git', branch: 'release' },
    },
  ],
});

const VANDELAY = tenant('vandelay', {
  isolation: 'hard',
  status: 'pending',
  repos: ['https://github.com/vandelay/apps.git'],
  teams: [{ id: 'imports', access: [{ group: 'vandelay-imports', role: 'edit' }], deploy: { repo: 'https://github.com/vandelay/imports.git' } }],
});

function resolved(spec: TenantInput): ResolvedTenant {
  return validProject([spec]).tenants[0]!;
}

function synthesize(spec: TenantInput | ResolvedTenant, engine: GitOpsEngine, extra: Partial<TenantGitOpsProps> = {}) {
  const t = 'namespaces' in spec ? spec : resolved(spec);
  const chart = newChart(t.id);
  const gitops = new TenantGitOps(chart, 'GitOps', { tenant: t, engine, ...extra });
  return { gitops, objects: chartObjects(chart) };
}

function asYaml(objects: readonly KubeObject[]): string {
  return objects.map((o) => `---\n${emitYaml(o)}`).join('');
}

const ofKind = (objects: readonly KubeObject[], kind: string) => objects.filter((o) => o.kind === kind) as (KubeObject & { spec: any })[];

describe('TenantGitOps', () => {
  it.each(ENGINES)('matches the golden yaml under engine %s', async (engine) => {
    // GIVEN a tenant with a deploy repository and groups in every role
    const spec = ACME;

    // WHEN its GitOps wiring is synthesized
    const { objects } = synthesize(spec, engine);

    // THEN reviewers read the same YAML as the golden file
    await expect(asYaml(objects)).toMatchFileSnapshot(`./__golden__/tenant-gitops.${engine}.yaml`);
  });

  it('whitelists exactly the namespaced kinds the tenant edit role may write', () => {
    // GIVEN a tenant under Argo CD
    // WHEN its AppProject is synthesized
    const [project] = ofKind(synthesize(ACME, 'argocd').objects, 'AppProject');
    // THEN its applications may create the team's workload kinds and Secrets, exactly what the edit role writes, and nothing else
    const kinds = project!.spec.namespaceResourceWhitelist.map((k: { group: string; kind: string }) => `${k.group}/${k.kind}`);
    expect(kinds).toEqual([...TENANT_WORKLOAD_KINDS, SECRET_KIND].map((k) => `${k.group}/${k.kind}`));
    for (const guardrail of ['/ResourceQuota', '/LimitRange', 'networking.k8s.io/NetworkPolicy', 'rbac.authorization.k8s.io/RoleBinding', '/ServiceAccount']) {
      expect(kinds).not.toContain(guardrail);
    }
  });

  it('whitelists the platform kinds teams write, and not the read-only ones', () => {
    // GIVEN platform kinds AIMService (writable) and AIMArtifact (read-only)
    const platformKinds = [
      { group: 'aim.eai.amd.com', kind: 'AIMArtifact', resource: 'aimartifacts', readOnly: true },
      { group: 'aim.eai.amd.com', kind: 'AIMService', resource: 'aimservices', readOnly: false },
    ];

    // WHEN the AppProject is synthesized with them
    const [project] = ofKind(synthesize(ACME, 'argocd', { platformKinds }).objects, 'AppProject');

    // THEN AIMService follows Tenantry's own kinds, and AIMArtifact is not there
    const kinds = project!.spec.namespaceResourceWhitelist.map((k: { group: string; kind: string }) => `${k.group}/${k.kind}`);
    expect(kinds).toEqual([...[...TENANT_WORKLOAD_KINDS, SECRET_KIND].map((k) => `${k.group}/${k.kind}`), 'aim.eai.amd.com/AIMService']);
  });

  it('matches the golden yaml of a suspended tenant', async () => {
    // GIVEN a suspended tenant
    const spec = HOOLI;

    // WHEN its wiring is synthesized under both engines
    const { objects } = synthesize(spec, 'both');

    // THEN the YAML shows the deny window, view-only roles and suspended Flux objects
    await expect(asYaml(objects)).toMatchFileSnapshot('./__golden__/tenant-gitops.suspended.yaml');
  });

  it.each(ENGINES)('validates every object against its schema under engine %s', (engine) => {
    // GIVEN an active and a suspended tenant
    const specs = [ACME, HOOLI];

    // WHEN their wiring is synthesized
    const objects = specs.flatMap((spec) => synthesize(spec, engine).objects);

    // THEN every Argo CD, Flux and core object passes its CRD or model schema
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.map((o) => ({ file: `${o.kind}/${o.metadata.name}`, issues: validateObject(o) })).filter((r) => r.issues.length)).toEqual([]);
  });

  it('limits the app project to the tenant namespaces and repositories without cluster kinds', () => {
    // GIVEN the acme tenant
    const spec = ACME;

    // WHEN its wiring is synthesized under engine argocd
    const { objects } = synthesize(spec, 'argocd');

    // THEN its AppProject lists exactly its namespaces and repos and no cluster-scoped kind
    const [project] = ofKind(objects, 'AppProject');
    expect(project!.metadata).toMatchObject({ name: 'acme', namespace: 'argocd' });
    expect(project!.spec.destinations).toEqual(
      ['acme-web-dev', 'acme-web-production', 'acme-data'].map((namespace) => ({ server: 'https://kubernetes.default.svc', namespace })),
    );
    expect(project!.spec.sourceRepos).toEqual(['https://github.com/acme/apps.git', 'https://github.com/acme/web-deploy.git']);
    expect(project!.spec.clusterResourceWhitelist).toEqual([]);
    expect(project!.spec.orphanedResources).toEqual({ warn: true });
  });

  it('blacklists the guardrail, rbac and applier kinds', () => {
    // GIVEN the acme tenant
    const spec = ACME;

    // WHEN its wiring is synthesized
    const { objects } = synthesize(spec, 'both');

    // THEN tenant applications can neither loosen guardrails nor bind roles nor start other appliers
    const kinds = ofKind(objects, 'AppProject')[0]!.spec.namespaceResourceBlacklist.map((k: { group: string; kind: string }) => `${k.group}/${k.kind}`);
    expect(kinds).toEqual([
      '/LimitRange',
      '/ResourceQuota',
      'networking.k8s.io/NetworkPolicy',
      'rbac.authorization.k8s.io/Role',
      'rbac.authorization.k8s.io/RoleBinding',
      'argoproj.io/AppProject',
      'argoproj.io/Application',
      'argoproj.io/ApplicationSet',
      'helm.toolkit.fluxcd.io/HelmRelease',
      'kustomize.toolkit.fluxcd.io/Kustomization',
    ]);
  });

  it('maps team groups and users to project roles scoped to the project', () => {
    // GIVEN the acme tenant with view, edit and admin groups and a viewing user
    const spec = ACME;

    // WHEN its wiring is synthesized
    const { objects } = synthesize(spec, 'argocd');

    // THEN each role lists its groups and users and only project-scoped application policies
    const roles = ofKind(objects, 'AppProject')[0]!.spec.roles as { name: string; groups: string[]; policies: string[] }[];
    expect(roles.map((r) => [r.name, r.groups])).toEqual([
      ['view', ['acme-data', 'ann@acme.example']],
      ['edit', ['acme-web']],
      ['admin', ['acme-leads']],
    ]);
    expect(roles.find((r) => r.name === 'edit')!.policies).toEqual([
      'p, proj:acme:edit, applications, get, acme/*, allow',
      'p, proj:acme:edit, logs, get, acme/*, allow',
      'p, proj:acme:edit, applications, sync, acme/*, allow',
      'p, proj:acme:edit, applications, create, acme/*, allow',
      'p, proj:acme:edit, applications, update, acme/*, allow',
    ]);
    // Argo CD 3.x: logs need `logs, get`; managed resources need update/* and delete/*
    expect(roles.find((r) => r.name === 'view')!.policies).toEqual(['p, proj:acme:view, applications, get, acme/*, allow', 'p, proj:acme:view, logs, get, acme/*, allow']);
    expect(roles.find((r) => r.name === 'admin')!.policies.map((p) => p.split(', ').slice(2, 4).join(' '))).toEqual([
      'applications get',
      'logs get',
      'applications sync',
      'applications create',
      'applications update',
      'applications update/*',
      'applications delete',
      'applications delete/*',
      'applications override',
      'applications action/*',
    ]);
  });

  it('stops a suspended tenant with a deny window, view-only roles and suspended flux objects', () => {
    // GIVEN a suspended tenant whose admin group would otherwise have full control
    const spec = HOOLI;

    // WHEN its wiring is synthesized under both engines
    const { objects } = synthesize(spec, 'both');

    // THEN every sync is denied, the group only views and Flux neither fetches nor applies
    const project = ofKind(objects, 'AppProject')[0]!;
    expect(project.spec.syncWindows).toEqual([
      {
        description: 'Tenant hooli is suspended: no automated or manual syncs',
        duration: '25h',
        kind: 'deny',
        manualSync: false,
        namespaces: ['hooli-search'],
        schedule: '0 0 1-31 1-12 0-6',
      },
    ]);
    expect(project.spec.roles.map((r: { name: string; groups: string[] }) => [r.name, r.groups])).toEqual([['view', ['hooli-search']]]);
    expect([...ofKind(objects, 'GitRepository'), ...ofKind(objects, 'Kustomization')].map((o) => o.spec.suspend)).toEqual([true, true]);
  });

  it.each(ENGINES)('wires nothing for a pending tenant under engine %s', (engine) => {
    // GIVEN a pending tenant with repos and a deploy repository
    const spec = VANDELAY;

    // WHEN its wiring is synthesized
    const { gitops, objects } = synthesize(spec, engine);

    // THEN nothing can deploy into its prepared namespaces yet
    expect(objects).toEqual([]);
    expect(gitops.project).toBeUndefined();
  });

  it('passes a private deploy repository\'s credentials by reference only', () => {
    // GIVEN a team whose deploy repository needs credentials kept in a Secret
    const spec = tenant('acme', { isolation: 'soft', teams: [{ id: 'web', deploy: { repo: 'https://github.com/acme/private.git', secretRef: 'acme-git' } }] });

    // WHEN its wiring is synthesized under engine flux
    const { objects } = synthesize(spec, 'flux');

    // THEN the GitRepository names the Secret and carries no credential itself
    const [repository] = ofKind(objects, 'GitRepository');
    expect(repository!.spec).toEqual({ interval: '1m', url: 'https://github.com/acme/private.git', ref: { branch: 'main' }, secretRef: { name: 'acme-git' } });
  });

  it('binds each flux reconciler to tenantry-tenant-edit in its own namespace only', () => {
    // GIVEN the acme tenant whose web team deploys to two environments
    const spec = ACME;

    // WHEN its wiring is synthesized under engine flux
    const { objects } = synthesize(spec, 'flux');

    // THEN each environment has its reconciler bound to the namespace-scoped edit role
    const bindings = ofKind(objects, 'RoleBinding') as unknown as { metadata: { name: string; namespace: string }; roleRef: unknown; subjects: unknown[] }[];
    expect(bindings.map((b) => [b.metadata.namespace, b.metadata.name, b.roleRef, b.subjects])).toEqual(
      ['acme-web-dev', 'acme-web-production'].map((ns) => [
        ns,
        FLUX_RECONCILER,
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'tenantry-tenant-edit' },
        [{ apiGroup: '', kind: 'ServiceAccount', name: FLUX_RECONCILER, namespace: ns }],
      ]),
    );
    expect(ofKind(objects, 'Kustomization').map((k) => [k.metadata.namespace, k.spec.path, k.spec.targetNamespace, k.spec.serviceAccountName])).toEqual([
      ['acme-web-dev', './clusters/dev', 'acme-web-dev', FLUX_RECONCILER],
      ['acme-web-production', './clusters/production', 'acme-web-production', FLUX_RECONCILER],
    ]);
  });

  it.each([
    ['argocd', { AppProject: 1, Application: 2 }],
    ['flux', { ServiceAccount: 2, RoleBinding: 2, GitRepository: 2, Kustomization: 2 }],
    ['both', { AppProject: 1, ServiceAccount: 2, RoleBinding: 2, GitRepository: 2, Kustomization: 2 }],
  ] as const)('gives a deploy repository exactly one owner under engine %s', (engine, expected) => {
    // GIVEN the acme tenant whose web team deploys to two environments
    const spec = ACME;

    // WHEN its wiring is synthesized
    const { objects } = synthesize(spec, engine);

    // THEN the deploy repository is synced by Argo CD or by Flux, never by both
    const counts: Record<string, number> = {};
    for (const o of objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
    expect(counts).toEqual(expected);
  });

  it('syncs a deploy repository as an application of the tenant project under engine argocd', () => {
    // GIVEN the acme tenant
    const spec = ACME;

    // WHEN its wiring is synthesized under engine argocd
    const { objects } = synthesize(spec, 'argocd');

    // THEN each environment's Application is bound to the tenant project and prunes on removal
    const application = ofKind(objects, 'Application').find((a) => a.metadata.name === 'acme-web-dev')!;
    expect(application.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
    expect(application.spec).toEqual({
      destination: { namespace: 'acme-web-dev', server: 'https://kubernetes.default.svc' },
      project: 'acme',
      source: { path: 'clusters/dev', repoURL: 'https://github.com/acme/web-deploy.git', targetRevision: 'main' },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    });
  });

  it('fails when the tenant is terminating', () => {
    // GIVEN a terminating tenant
    const t: ResolvedTenant = { ...resolved(ACME), status: 'terminating' };

    // WHEN its wiring is synthesized
    const act = () => synthesize(t, 'both');

    // THEN it is refused so GitOps prunes the tenant instead
    expect(act).toThrow('TenantGitOps acme: a terminating tenant gets no GitOps wiring; leave it out so GitOps prunes its objects');
  });

  it('fails when the tenant id is a reserved project name', () => {
    // GIVEN a tenant called "default"
    const t: ResolvedTenant = { ...resolved(ACME), id: 'default' };

    // WHEN its wiring is synthesized
    const act = () => synthesize(t, 'argocd');

    // THEN it is refused before it replaces Argo CD's default project
    expect(act).toThrow(
      'TenantGitOps default: the tenant id "default" would replace the platform\'s Argo CD AppProject of that name (reserved: default, tenantry-platform); rename the tenant',
    );
  });

  it.each([
    ['cluster-admin', 'must not grant cluster-admin'],
    ['admin', 'must not be the built-in admin, which may rewrite the NetworkPolicies'],
    ['edit', 'must not be the built-in edit, which may rewrite the NetworkPolicies'],
  ])('fails when the reconciler role is %s', (role, reason) => {
    // GIVEN a reconciler role that could loosen the guardrails
    const reconcilerClusterRole = role;

    // WHEN the wiring is synthesized
    const act = () => synthesize(ACME, 'flux', { reconcilerClusterRole });

    // THEN it is refused with the safe role to use instead
    expect(act).toThrow(`TenantGitOps acme: reconcilerClusterRole ${reason}, got "${role}"; use "tenantry-tenant-edit"`);
  });
});

// One seed for every invariant (TENANTRY_FC_SEED reproduces a run).
const SEED = Number(process.env.TENANTRY_FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = { numRuns: 40, seed: SEED };
const arbCase = fc.tuple(arbTenantSet, fc.constantFrom(...ENGINES));

function synthesizeSet(specs: TenantInput[], engine: GitOpsEngine) {
  return validProject(specs).tenants.map((t) => ({ tenant: t, objects: synthesize(t, engine).objects }));
}

/** Every string in a value, with its path. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

describe('TenantGitOps invariants over generated valid tenant sets', { timeout: 60_000 }, () => {
  it("keeps every app project's destinations within that tenant's namespaces", () => {
    fc.assert(
      fc.property(arbCase, ([specs, engine]) => {
        // GIVEN a generated tenant set
        // WHEN it is synthesized
        for (const { tenant: t, objects } of synthesizeSet(specs, engine)) {
          // THEN each AppProject only targets its own tenant's namespaces on the cluster
          const namespaces = new Set(t.namespaces.map((ns) => ns.name));
          for (const project of ofKind(objects, 'AppProject')) {
            expect(project.metadata.name).toBe(t.id);
            for (const d of project.spec.destinations) {
              expect(namespaces.has(d.namespace)).toBe(true);
              expect(d.server).toBe('https://kubernetes.default.svc');
            }
          }
        }
      }),
      RUNS,
    );
  });

  it('puts no wildcard in an app project outside its project-scoped role policies', () => {
    fc.assert(
      fc.property(arbCase, ([specs, engine]) => {
        // GIVEN a generated tenant set
        // WHEN it is synthesized
        for (const { tenant: t, objects } of synthesizeSet(specs, engine)) {
          for (const project of ofKind(objects, 'AppProject')) {
            // THEN `*` appears only as `<project>/*`, `action/*`, `update/*` and `delete/*` in the documented policy form
            const policy = new RegExp(`^p, proj:${t.id}:(view|edit|admin), (applications, (get|sync|create|update|delete|override|action/\\*|update/\\*|delete/\\*)|logs, get), ${t.id}/\\*, allow$`);
            for (const [path, value] of strings(project)) {
              if (/^spec\.roles\[\d+\]\.policies\[\d+\]$/.test(path)) expect(value).toMatch(policy);
              else expect(value, path).not.toContain('*');
            }
          }
        }
      }),
      RUNS,
    );
  });

  it('lets no tenant app project sync a cluster-scoped kind', () => {
    fc.assert(
      fc.property(arbCase, ([specs, engine]) => {
        // GIVEN a generated tenant set
        // WHEN it is synthesized
        for (const { objects } of synthesizeSet(specs, engine)) {
          // THEN every AppProject has an empty cluster whitelist and blacklists the guardrails
          for (const project of ofKind(objects, 'AppProject')) {
            expect(project.spec.clusterResourceWhitelist).toEqual([]);
            expect(project.spec.namespaceResourceBlacklist).toEqual(
              expect.arrayContaining([
                { group: '', kind: 'ResourceQuota' },
                { group: '', kind: 'LimitRange' },
                { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
                { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
              ]),
            );
          }
        }
      }),
      RUNS,
    );
  });

  it('gives every tenant flux kustomization a service account and its own namespace as target', () => {
    fc.assert(
      fc.property(arbCase, ([specs, engine]) => {
        // GIVEN a generated tenant set
        // WHEN it is synthesized
        for (const { tenant: t, objects } of synthesizeSet(specs, engine)) {
          const kustomizations = ofKind(objects, 'Kustomization');
          // THEN each Kustomization impersonates the reconciler in, and targets, its own namespace
          for (const k of kustomizations) {
            expect(k.spec.serviceAccountName).toBe(FLUX_RECONCILER);
            expect(k.spec.targetNamespace).toBe(k.metadata.namespace);
            expect(k.spec.prune).toBe(true);
            expect(k.spec.suspend ?? false).toBe(t.status === 'suspended');
          }
          const deploying = t.status === 'pending' ? 0 : t.namespaces.filter((ns) => ns.deploy).length;
          expect(kustomizations).toHaveLength(gitOpsRoles(engine).fluxDeploy ? deploying : 0);
        }
      }),
      RUNS,
    );
  });

  it('binds no reconciler to cluster-admin and validates every object against its schema', () => {
    fc.assert(
      fc.property(arbCase, ([specs, engine]) => {
        // GIVEN a generated tenant set
        // WHEN it is synthesized
        for (const { objects } of synthesizeSet(specs, engine)) {
          for (const o of objects) {
            // THEN reconcilers hold edit (view while suspended), never cluster-admin, and every object passes its schema
            const suspended = specs.some((s) => s.status === 'suspended' && o.metadata.namespace?.startsWith(`${s.id}-`));
            if (o.kind === 'RoleBinding') expect((o as unknown as { roleRef: { name: string } }).roleRef.name).toBe(suspended ? 'tenantry-tenant-view' : 'tenantry-tenant-edit');
            expect(validateObject(o)).toEqual([]);
          }
        }
      }),
      { ...RUNS, numRuns: 20 },
    );
  });
});

describe('TenantGitOps access per environment', () => {
  const FLYTE = tenant('flyte', {
    isolation: 'soft',
    teams: [
      {
        id: 'alpha',
        environments: ['development', 'staging', 'production'],
        access: [
          { group: 'team-alpha-developers', role: 'edit', environments: ['development', 'staging'] },
          { group: 'team-alpha-seniors', role: 'edit' },
          { user: 'bob@company.com', role: 'view', environments: ['production'] },
        ],
        deploy: { repo: 'https://github.com/flyte/alpha-deploy.git' },
      },
    ],
  });

  it('gives each environment its own AppProject, with only the groups and users that may work there', () => {
    // GIVEN alpha-developer limited to development and staging, and a production-only user
    // WHEN the Argo CD wiring is synthesized
    const { objects } = synthesize(FLYTE, 'argocd');
    const projects = ofKind(objects, 'AppProject');

    // THEN production's project neither lists the developers nor lets them sync, and every Application uses its environment's project
    expect(projects.map((p) => p.metadata.name)).toEqual(['flyte-development', 'flyte-staging', 'flyte-production']);
    const production = projects.find((p) => p.metadata.name === 'flyte-production')!;
    expect(production.spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'flyte-alpha-production' }]);
    expect(production.spec.roles.map((r: { name: string; groups: string[] }) => `${r.name}: ${r.groups.join(', ')}`)).toEqual(['view: bob@company.com', 'edit: team-alpha-seniors']);
    expect(JSON.stringify(production.spec.roles)).not.toContain('team-alpha-developers');
    expect(ofKind(objects, 'Application').map((a) => `${a.metadata.name} → ${a.spec.project}`)).toEqual([
      'flyte-alpha-development → flyte-development',
      'flyte-alpha-staging → flyte-staging',
      'flyte-alpha-production → flyte-production',
    ]);
  });
});
