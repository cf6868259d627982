import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadProject } from '../../lib/spec/loader';
import { synthesizeProject } from '../../lib/synth/synthesize-project';
import { folderJobs } from '../../lib/synth/folder-jobs';
import { PlatformGitOps, type PlatformGitOpsProps } from '../../constructs/platform-gitops';
import type { ResolvedTenant } from '../../lib/spec/resolve';
import { validateObject } from '../../lib/check/schema-validator';
import { chartObjects, newChart } from '../../lib/synth/synth';
import { KUSTOMIZATION_FILE, type KubeObject } from '../../lib/synth/dist-layout';
import type { GitOpsEngine } from '../../lib/spec/gitops-names';
import { emitYaml } from '../../lib/synth/yaml-emitter';
import { arbTenantSet, validProject, type TenantInput } from '../support/arbitraries';

const ENGINES: readonly GitOpsEngine[] = ['argocd', 'flux', 'both'];
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REPO = 'https://github.com/example-org/tenantry-fleet.git';

const tenant = (id: string, spec: Omit<TenantInput, 'id' | 'name' | 'owner'>): TenantInput => ({
  id,
  name: `${id[0]!.toUpperCase()}${id.slice(1)} Inc`,
  owner: `lead@${id}.example`,
  ...spec,
});

/** An active tenant with environments and a deploy repository, a pending and a suspended one. */
const TENANTS: readonly TenantInput[] = [
  tenant('acme', {
    isolation: 'soft',
    teams: [
      { id: 'web', environments: ['dev', 'production'], deploy: { repo: 'https://github.com/acme/web-deploy.git' } },
      { id: 'data', access: [{ group: 'acme-data', role: 'edit' }] },
    ],
  }),
  tenant('hooli', { isolation: 'soft', status: 'suspended', teams: [{ id: 'search' }] }),
  tenant('vandelay', { isolation: 'hard', status: 'pending', teams: [{ id: 'imports' }] }),
];

function synthesize(tenants: readonly ResolvedTenant[], engine: GitOpsEngine, extra: Partial<PlatformGitOpsProps> = {}) {
  const chart = newChart('_platform');
  const gitops = new PlatformGitOps(chart, 'GitOps', { engine, repoURL: REPO, revision: 'main', path: 'dist', tenants, ...extra });
  return { gitops, objects: chartObjects(chart) as (KubeObject & { spec: any })[] };
}

const resolved = (specs: readonly TenantInput[]) => validProject(specs).tenants;
const ofKind = <T extends KubeObject>(objects: readonly T[], kind: string) => objects.filter((o) => o.kind === kind);
const named = <T extends KubeObject>(objects: readonly T[], kind: string, name: string) => ofKind(objects, kind).find((o) => o.metadata.name === name)!;

function asYaml(objects: readonly KubeObject[]): string {
  return objects.map((o) => `---\n${emitYaml(o)}`).join('');
}

describe('PlatformGitOps', () => {
  it.each(ENGINES)('matches the golden yaml under engine %s', async (engine) => {
    // GIVEN an active, a suspended and a pending tenant
    const tenants = resolved(TENANTS);

    // WHEN the platform wiring is synthesized
    const { objects } = synthesize(tenants, engine);

    // THEN reviewers read the same YAML as the golden file
    await expect(asYaml(objects)).toMatchFileSnapshot(`./__golden__/platform-gitops.${engine}.yaml`);
  });

  it.each(ENGINES)('validates every object against its crd under engine %s', (engine) => {
    // GIVEN the example tenants
    const tenants = resolved(TENANTS);

    // WHEN the platform wiring is synthesized
    const { objects } = synthesize(tenants, engine);

    // THEN every Argo CD and Flux object passes its CRD schema
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.map((o) => ({ file: `${o.kind}/${o.metadata.name}`, issues: validateObject(o) })).filter((r) => r.issues.length)).toEqual([]);
  });

  it('syncs every tenant folder under the hard-coded platform project with prune, self-heal and cascading deletion', () => {
    // GIVEN the example tenants
    const tenants = resolved(TENANTS);

    // WHEN the platform wiring is synthesized under engine argocd
    const { objects } = synthesize(tenants, 'argocd');

    // THEN one Application per tenant folder, pending and suspended ones included, prunes what is removed
    const applications = ofKind(objects, 'Application').filter((a) => a.metadata.name !== 'tenantry-platform');
    expect(applications.map((a) => [a.metadata.name, a.spec.source.path, a.spec.project, a.metadata.finalizers])).toEqual(
      ['acme', 'hooli', 'vandelay'].map((id) => [`tenant-${id}`, `dist/${id}`, 'tenantry-platform', ['resources-finalizer.argocd.argoproj.io']]),
    );
    for (const a of applications) expect(a.spec.syncPolicy).toEqual({ automated: { prune: true, selfHeal: true } });
  });

  it('manages the platform folder with a root application that does not cascade on deletion', () => {
    // GIVEN the example tenants
    const tenants = resolved(TENANTS);

    // WHEN the platform wiring is synthesized
    const { objects } = synthesize(tenants, 'both');

    // THEN the root Application syncs dist/_platform, itself included, and deleting it deletes nothing else
    const root = named(objects, 'Application', 'tenantry-platform');
    expect(root.metadata.finalizers).toBeUndefined();
    expect(root.spec).toEqual({
      destination: { namespace: 'argocd', server: 'https://kubernetes.default.svc' },
      project: 'tenantry-platform',
      source: { path: 'dist/_platform', repoURL: REPO, targetRevision: 'main' },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    });
  });

  it('lists the platform project destinations and cluster kinds one by one', () => {
    // GIVEN the example tenants
    const tenants = resolved(TENANTS);

    // WHEN the platform wiring is synthesized
    const { objects } = synthesize(tenants, 'argocd');

    // THEN the platform project names every namespace and cluster kind it may touch, and only this repository
    const project = named(objects, 'AppProject', 'tenantry-platform');
    expect(project.spec.sourceRepos).toEqual([REPO]);
    expect(project.spec.destinations.map((d: { namespace: string }) => d.namespace)).toEqual([
      'argocd',
      'acme-web-dev',
      'acme-web-production',
      'acme-data',
      'hooli-search',
      'vandelay-imports',
    ]);
    expect(project.spec.clusterResourceWhitelist).toEqual([
      { group: '', kind: 'Namespace' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'storage.k8s.io', kind: 'StorageClass' },
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicy' },
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicyBinding' },
    ]);
    expect(JSON.stringify(project)).not.toContain('*');
  });

  it('empties the default project unless told not to', () => {
    // GIVEN the example tenants
    const tenants = resolved(TENANTS);

    // WHEN the platform wiring is synthesized with and without restricting the default project
    const restricted = synthesize(tenants, 'argocd').objects;
    const kept = synthesize(tenants, 'argocd', { restrictDefaultProject: false }).objects;

    // THEN the default project allows no repository, destination or kind, or is left to Argo CD
    expect(named(restricted, 'AppProject', 'default').spec).toEqual({
      clusterResourceWhitelist: [],
      destinations: [],
      namespaceResourceWhitelist: [],
      sourceRepos: [],
    });
    expect(ofKind(kept, 'AppProject').map((p) => p.metadata.name)).toEqual(['tenantry-platform']);
  });

  it('applies each folder from one git repository as kustomize-controller with prune under engine flux', () => {
    // GIVEN the example tenants
    const tenants = resolved(TENANTS);

    // WHEN the platform wiring is synthesized under engine flux
    const { objects } = synthesize(tenants, 'flux');

    // THEN one source and one Kustomization per folder live in flux-system, and no Argo CD object exists
    expect(objects.filter((o) => o.apiVersion.startsWith('argoproj.io'))).toEqual([]);
    expect(ofKind(objects, 'GitRepository').map((g) => [g.metadata.namespace, g.metadata.name, g.spec])).toEqual([
      ['flux-system', 'tenantry', { interval: '1m', ref: { branch: 'main' }, url: REPO }],
    ]);
    expect(ofKind(objects, 'Kustomization').map((k) => [k.metadata.name, k.spec.path, k.spec.serviceAccountName, k.spec.prune, k.spec.sourceRef])).toEqual(
      [
        ['tenantry-platform', './dist/_platform'],
        ['tenant-acme', './dist/acme'],
        ['tenant-hooli', './dist/hooli'],
        ['tenant-vandelay', './dist/vandelay'],
      ].map(([name, path]) => [name, path, 'kustomize-controller', true, { kind: 'GitRepository', name: 'tenantry' }]),
    );
  });

  it.each([
    ['a branch', 'release-1', { branch: 'release-1' }],
    ['a full reference', 'refs/tags/v1.2.0', { name: 'refs/tags/v1.2.0' }],
    ['a commit', 'a'.repeat(40), { commit: 'a'.repeat(40) }],
  ])('fetches %s as the flux source reference', (_label, revision, ref) => {
    // GIVEN a revision in platform.ts
    const tenants = resolved(TENANTS.slice(0, 1));

    // WHEN the platform wiring is synthesized under engine flux
    const { objects } = synthesize(tenants, 'flux', { revision, fluxSecretRef: 'tenantry-git' });

    // THEN the GitRepository fetches exactly that, with the credentials named
    expect(named(objects, 'GitRepository', 'tenantry').spec).toMatchObject({ ref, secretRef: { name: 'tenantry-git' } });
  });

  it.each([
    ['.', 'acme', './acme'],
    ['./deploy/dist/', 'deploy/dist/acme', './deploy/dist/acme'],
  ])('reads the folder of path %s the same way in both engines', (path, argo, flux) => {
    // GIVEN a dist path written in another style
    const tenants = resolved(TENANTS.slice(0, 1));

    // WHEN the platform wiring is synthesized for each engine
    const argocd = synthesize(tenants, 'argocd', { path }).objects;
    const fluxObjects = synthesize(tenants, 'flux', { path }).objects;

    // THEN both point at the same folder
    expect([named(argocd, 'Application', 'tenant-acme').spec.source.path, named(fluxObjects, 'Kustomization', 'tenant-acme').spec.path]).toEqual([argo, flux]);
  });

  it('fails when the path leaves the repository', () => {
    // GIVEN a path with ".."
    const tenants = resolved(TENANTS.slice(0, 1));

    // WHEN the platform wiring is synthesized
    const act = () => synthesize(tenants, 'flux', { path: '../dist' });

    // THEN it is refused with the fix
    expect(act).toThrow('PlatformGitOps: path must stay inside the repository, got "../dist"; use a folder such as "dist"');
  });

  it("fails when a team's deploy application would take a platform application's name", () => {
    // GIVEN tenant "tenant" whose team "acme" deploys into namespace tenant-acme, next to tenant acme
    const tenants = resolved([
      TENANTS[0]!,
      tenant('tenant', { isolation: 'soft', teams: [{ id: 'acme', deploy: { repo: 'https://github.com/tenant/acme.git' } }] }),
    ]);

    // WHEN the platform wiring is synthesized under engine argocd
    const act = () => synthesize(tenants, 'argocd');

    // THEN the clash is refused before one Application overwrites the other
    expect(act).toThrow(
      'PlatformGitOps: the Argo CD Application name "tenant-acme" is taken twice (the platform Application of tenant acme and the deploy Application of namespace tenant-acme); rename tenant tenant or its team',
    );
  });

  it('fails when a tenant id makes a platform name longer than 63 characters', () => {
    // GIVEN a 58-character tenant id
    const id = `a${'b'.repeat(57)}`;
    const tenants: ResolvedTenant[] = [{ ...resolved(TENANTS.slice(0, 1))[0]!, id }];

    // WHEN the platform wiring is synthesized under engine flux
    const act = () => synthesize(tenants, 'flux');

    // THEN it is refused because Flux copies the name into a label value
    expect(act).toThrow(`PlatformGitOps: the Flux Kustomization "tenant-${id}" of tenant ${id} is longer than 63 characters; shorten the tenant id`);
  });
});

const SEED = Number(process.env.TENANTRY_FC_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe('PlatformGitOps invariants over generated valid tenant sets', { timeout: 60_000 }, () => {
  it('wires every tenant folder exactly once and keeps the platform project free of wildcards', () => {
    fc.assert(
      fc.property(arbTenantSet, fc.constantFrom(...ENGINES), (specs, engine) => {
        // GIVEN a generated tenant set
        const tenants = validProject(specs).tenants;

        // WHEN the platform wiring is synthesized
        const { objects } = synthesize(tenants, engine);

        // THEN each folder has one Application or one Kustomization, and every object is valid
        const folders = ['dist/_platform', ...tenants.map((t) => `dist/${t.id}`)].sort();
        const argoPaths = ofKind(objects, 'Application').map((a) => a.spec.source.path as string);
        const fluxPaths = ofKind(objects, 'Kustomization').map((k) => (k.spec.path as string).slice(2));
        expect([...argoPaths, ...fluxPaths].sort()).toEqual(folders);
        for (const project of ofKind(objects, 'AppProject')) {
          expect(JSON.stringify(project)).not.toContain('*');
          if (project.metadata.name === 'tenantry-platform') {
            const destinations = project.spec.destinations.map((d: { namespace: string }) => d.namespace);
            expect(destinations).toEqual(['argocd', ...tenants.flatMap((t) => t.namespaces.map((ns) => ns.name))]);
          }
        }
        for (const o of objects) expect(validateObject(o)).toEqual([]);
      }),
      { numRuns: 40, seed: SEED },
    );
  });
});

const hasKubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasKubectl) console.log('platform-gitops.test.ts: kubectl is not on PATH, so the `kubectl kustomize` check of every dist/ folder is skipped');

describe('dist folders as Flux and kubectl build them', () => {
  const temp: string[] = [];
  afterAll(() => temp.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it.skipIf(!hasKubectl).each(ENGINES)('builds every folder with kubectl kustomize under engine %s', async (engine) => {
    // GIVEN the repository's platform.ts and tenants/, with the engine switched
    const loaded = await loadProject(ROOT);
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const project = { ...loaded, platform: { ...loaded.platform, gitops: { ...loaded.platform.gitops!, engine } } };
    const distDir = mkdtempSync(join(tmpdir(), 'tenantry-gitops-'));
    temp.push(distDir);

    // WHEN dist/ is synthesized into a temporary folder and each folder is built by kubectl
    synthesizeProject(project, { distDir, cacheFile: null });
    const folders = readdirSync(distDir).sort();
    const built = folders.map((folder) => {
      const files = readdirSync(join(distDir, folder)).filter((f) => f !== KUSTOMIZATION_FILE);
      const output = execFileSync('kubectl', ['kustomize', join(distDir, folder)], { encoding: 'utf8' });
      return { folder, files: files.length, objects: parseAllDocuments(output).filter((d) => d.contents !== null).length };
    });

    // THEN every folder builds, with one object per file
    expect(folders).toEqual(folderJobs(project).map((job) => job.folder).sort());
    expect(built.filter((b) => b.files !== b.objects)).toEqual([]);
  });
});
