import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadProject, validateProject, type LoadedProject } from '../../lib/spec/loader';
import { synthesizeAll } from '../../lib/synth/folder-jobs';
import { synthesizeProject } from '../../lib/synth/synthesize-project';
import { validateObject } from '../../lib/check/schema-validator';
import type { TenantSpec } from '../../lib/spec/schema';
import { fileNameOf, GENERATED_MARKER, isClusterScoped, KUSTOMIZATION_FILE, PLATFORM_FOLDER, type FolderOutput, type KubeObject } from '../../lib/synth/dist-layout';
import { readTree } from '../support/tree';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
if (!hasKubectl) console.warn('kubectl is not on PATH: skipping the `kubectl kustomize` checks of the synthesized folders');

let project: LoadedProject;
let folders: FolderOutput[];
/** platform.ts's default export, for re-validating edited specs. */
let platformSource: unknown;
const tempDirs: string[] = [];

beforeAll(async () => {
  const loaded = await loadProject(ROOT);
  if (!loaded.ok) throw new Error(`the example project is invalid:\n${loaded.errors.join('\n')}`);
  project = loaded;
  folders = synthesizeAll(project);
  platformSource = ((await import(join(ROOT, 'platform.ts'))) as { default: unknown }).default;
});

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tenantry-synth-test-'));
  tempDirs.push(dir);
  return dir;
}


function asTree(outputs: readonly FolderOutput[]): Map<string, string> {
  return new Map(outputs.flatMap((f) => [...f.files.entries()].map(([name, text]) => [`${f.folder}/${name}`, text] as [string, string])).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function objectsOf(folder: FolderOutput): [string, KubeObject][] {
  return [...folder.files.entries()].filter(([name]) => name !== KUSTOMIZATION_FILE).map(([name, text]) => [name, parse(text) as KubeObject]);
}

function changedFolders(before: readonly FolderOutput[], after: readonly FolderOutput[]): string[] {
  const old = new Map(before.map((f) => [f.folder, asTree([f])]));
  return after
    .filter((f) => {
      const previous = old.get(f.folder);
      const now = asTree([f]);
      return !previous || previous.size !== now.size || [...now].some(([k, v]) => previous.get(k) !== v);
    })
    .map((f) => f.folder);
}

describe('synthesis of the example project', () => {
  it('writes the hub folders, and per cluster a platform folder and a folder per tenant placed there', () => {
    // GIVEN the example project, a fleet of three clusters
    // WHEN it is synthesized
    // THEN the hub gets _platform and a folder per non-terminating tenant; each cluster _platform.<cluster> and <tenant>.<cluster>
    const clusters = project.platform.clusters!.map((c) => c.name);
    const expected = [
      PLATFORM_FOLDER,
      ...clusters.map((c) => `${PLATFORM_FOLDER}.${c}`),
      ...project.tenants.flatMap((t) => [t.id, ...t.clusters!.map((c) => `${t.id}.${c}`)]),
    ];
    expect(folders.map((f) => f.folder).sort()).toEqual(expected.sort());
    expect(project.terminating).toEqual(['wayne']);
  });

  it('validates every object against the Kubernetes and CRD schemas', () => {
    // GIVEN every synthesized object
    const issues: string[] = [];
    for (const folder of folders) {
      for (const [name, object] of objectsOf(folder)) {
        // WHEN it is validated (strict upstream schemas for core kinds, ajv over the vendored CRDs)
        for (const issue of validateObject(object, { allowedKinds: project.platform.allowedKinds })) issues.push(`${folder.folder}/${name}: ${issue.path} ${issue.message}`);
      }
    }
    // THEN nothing is reported
    expect(issues).toEqual([]);
  });

  it('keeps cluster-scoped objects free of metadata.namespace', () => {
    // GIVEN every synthesized object
    const offenders = folders.flatMap((folder) =>
      objectsOf(folder)
        // WHEN cluster-scoped ones are checked
        .filter(([, o]) => isClusterScoped(o.kind) && o.metadata.namespace !== undefined)
        .map(([name]) => `${folder.folder}/${name}`),
    );
    // THEN none carries a namespace
    expect(offenders).toEqual([]);
  });

  it('names each file <Kind>.[<namespace>.]<name>.yaml after its object', () => {
    for (const folder of folders) {
      // GIVEN a folder's files
      for (const [name, object] of objectsOf(folder)) {
        // WHEN the name is compared with the object
        // THEN it is derived from kind, namespace and name, with no hash
        expect(name).toBe(fileNameOf(object));
        expect(name).toBe(object.metadata.namespace ? `${object.kind}.${object.metadata.namespace}.${object.metadata.name}.yaml` : `${object.kind}.${object.metadata.name}.yaml`);
        expect(name).toMatch(/^[A-Z][A-Za-z]+\.[a-z0-9.-]+\.yaml$/);
      }
    }
  });

  it('lists every file of a folder in its kustomization and marks every file as generated', () => {
    for (const folder of folders) {
      // GIVEN a folder
      // WHEN its kustomization is read
      const kustomization = parse(folder.files.get(KUSTOMIZATION_FILE)!) as { resources: string[] };
      // THEN it lists exactly the object files, sorted, and every file starts with the marker
      const objectFiles = [...folder.files.keys()].filter((n) => n !== KUSTOMIZATION_FILE).sort();
      expect(kustomization.resources).toEqual(objectFiles);
      expect(folder.objects).toBe(objectFiles.length);
      for (const text of folder.files.values()) expect(text.startsWith(GENERATED_MARKER)).toBe(true);
    }
  });

  it('is deterministic: two syntheses give byte-identical folders', async () => {
    // GIVEN two temporary dist folders
    const first = tempDir();
    const second = tempDir();
    // WHEN the project is loaded and synthesized into each, without cache
    synthesizeProject(project, { distDir: join(first, 'dist'), cacheFile: null });
    const again = await loadProject(ROOT);
    if (!again.ok) throw new Error(again.errors.join('\n'));
    synthesizeProject(again, { distDir: join(second, 'dist'), cacheFile: null });
    // THEN the trees are byte for byte the same, and the same as in memory
    const a = readTree(join(first, 'dist'));
    expect(readTree(join(second, 'dist'))).toEqual(a);
    expect(a).toEqual(asTree(synthesizeAll(again)));
  });

  it("matches the repository's committed dist/ byte for byte", () => {
    // GIVEN the committed dist/ (regenerate with `npm run synth` when this fails after a change)
    const committed = readTree(join(ROOT, 'dist'));
    // WHEN it is compared with a fresh synthesis
    const fresh = asTree(folders);
    // THEN the file lists and every file are equal
    expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [path, text] of fresh) expect(committed.get(path), path).toBe(text);
  });

  it("changes only that tenant's folder when one tenant's quota changes", () => {
    // GIVEN the example specs with globex's payments quota lowered in memory
    const specs = [...project.specs.values()];
    const changed = specs.map((spec): TenantSpec => {
      if (spec.id !== 'globex') return spec;
      const teams = spec.teams.map((team) => (team.id === 'payments' ? { ...team, quota: { ...team.quota, cpu: '6' } } : team));
      return { ...spec, teams };
    });
    // WHEN both versions are validated and synthesized
    const before = synthesizeAll(valid(platformSource, specs));
    const after = synthesizeAll(valid(platformSource, changed));
    // THEN only globex's folder on its cluster differs; neither the platform nor its hub folder depends on quotas
    expect(changedFolders(before, after)).toEqual(['globex.gpu-pool']);
    const quota = after.find((f) => f.folder === 'globex.gpu-pool')!.files.get('ResourceQuota.globex-payments.quota.yaml')!;
    expect(quota).toContain('requests.cpu: "6"');
  });

  it.skipIf(!hasKubectl)('builds every folder of the committed dist/ with kubectl kustomize, one object per file', () => {
    // GIVEN the repository's dist/ folders
    const dist = join(ROOT, 'dist');
    for (const folder of readdirSync(dist).sort()) {
      // WHEN kubectl kustomize builds the folder, as Flux's kustomize-controller and Argo CD do
      const output = execFileSync('kubectl', ['kustomize', join(dist, folder)], { encoding: 'utf8' });
      // THEN it yields one object per YAML file beside the kustomization
      const files = readdirSync(join(dist, folder)).filter((f) => f.endsWith('.yaml') && f !== KUSTOMIZATION_FILE);
      const documents = parseAllDocuments(output).filter((d) => d.contents !== null);
      expect(documents.length, folder).toBe(files.length);
    }
  }, 60_000);
});

function valid(platform: unknown, specs: readonly TenantSpec[]): LoadedProject {
  const result = validateProject(
    { file: 'platform.ts', value: platform },
    specs.map((spec) => ({ file: `tenants/${spec.id}.ts`, value: spec })),
  );
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result;
}
