import fc from 'fast-check';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatedPaths, parseTree } from '../../lib/check/dist-tree';
import { drift, DriftComparison } from '../../lib/check/drift';
import { loadProject, type LoadedProject } from '../../lib/spec/loader';
import { synthesizeAll } from '../../lib/synth/folder-jobs';
import { synthesizeProject } from '../../lib/synth/synthesize-project';
import { readCache, type SynthCache } from '../../lib/synth/synth-cache';
import { tempDirs } from '../support/temp';
import { readTree } from '../support/tree';

const FIXTURE = join(__dirname, 'fixtures', 'check-project');
let project: LoadedProject;
let fresh: Map<string, string>;

beforeAll(async () => {
  const loaded = await loadProject(FIXTURE);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  project = loaded;
  fresh = new Map(synthesizeAll(project).flatMap((o) => [...o.files].map(([name, text]) => [`${o.folder}/${name}`, text] as [string, string])));
});

const lines = (files: Map<string, string>, generated = new Set(files.keys())) =>
  drift(project, files, generated, [], 'dist').findings.map((f) => `${f.file}: ${f.message}`);

describe('drift', () => {
  it('finds nothing when dist/ equals a fresh synthesis', () => {
    // GIVEN the files a fresh synthesis writes
    const files = new Map(fresh);

    // WHEN they are compared
    const result = drift(project, files, new Set(files.keys()), [], 'dist');

    // THEN every file was checked and none differs
    expect(result.findings).toEqual([]);
    expect(result.checks).toBe(fresh.size * 2);
  });

  it('fails when a file was edited by hand, naming the first differing line', () => {
    // GIVEN a quota file with a changed line
    const path = [...fresh.keys()].find((p) => p.includes('ResourceQuota') && p.endsWith('.quota.yaml'))!;
    const files = new Map(fresh);
    const text = fresh.get(path)!.split('\n');
    const index = text.findIndex((line) => line.includes('pods:'));
    text[index] = '    pods: "999"';
    files.set(path, text.join('\n'));

    // WHEN they are compared
    const found = lines(files);

    // THEN the file, the line and the fix are named
    const source = `tenants/${path.split('/')[0]!.split('.')[0]}.ts`;
    expect(found).toEqual([
      `dist/${path}: changed: line ${index + 1} is "    pods: \\"999\\"", but ${source} produces ${JSON.stringify(fresh.get(path)!.split('\n')[index])}; run \`npm run synth\` and commit dist/ (edit ${source}, never dist/)`,
    ]);
  });

  it('fails when a generated file is missing or stale', () => {
    // GIVEN one file removed and one generated file no tenant produces
    const [missing] = [...fresh.keys()].filter((p) => p.startsWith('_platform/') && p !== '_platform/kustomization.yaml');
    const files = new Map(fresh);
    files.delete(missing!);
    files.set('_platform/Namespace.gone.yaml', 'kind: Namespace\n');

    // WHEN they are compared
    const found = lines(files);

    // THEN both are reported with their fix
    expect(found).toEqual([
      `dist/${missing}: missing: platform.ts produces it; run \`npm run synth\` and commit dist/`,
      'dist/_platform/Namespace.gone.yaml: stale: no tenant file produces it any more; run `npm run synth` (which removes it) and commit dist/',
    ]);
  });
});

describe('drift with the synth cache', () => {
  const tempDir = tempDirs('tenantry-drift-test-');
  let distDir: string;
  let cache: SynthCache;
  let synthesized: Map<string, string>;

  beforeAll(() => {
    // What `npm run synth` leaves behind: dist/ and its cache.
    const dir = tempDir();
    distDir = join(dir, 'dist');
    synthesizeProject(project, { distDir, cacheFile: join(dir, 'cache.json') });
    cache = readCache(join(dir, 'cache.json'))!;
    synthesized = readTree(distDir);
  });

  const compare = (files: Map<string, string>, withCache: SynthCache | undefined, against: LoadedProject = project) =>
    drift(against, files, generatedPaths(files), parseTree(files, 'dist').manifests, 'dist', withCache);
  const folders = () => new Set([...synthesized.keys()].map((path) => path.split('/')[0]!));

  it('synthesizes no folder when dist/ is as the cache recorded it', () => {
    // GIVEN dist/ as synth left it
    const files = new Map(synthesized);

    // WHEN it is compared with the cache's help
    const result = compare(files, cache);

    // THEN nothing differs and every folder was vouched for by the cache
    expect(result).toEqual({ findings: [], checks: synthesized.size * 2, built: 0, cached: folders().size });
  });

  it('finds the same with the cache as by synthesizing every folder, however dist/ was tampered with', () => {
    const tamper = fc.record({ how: fc.constantFrom('edit', 'delete', 'stale', 'unlist', 'foreign'), pick: fc.nat() });
    fc.assert(
      fc.property(fc.array(tamper, { minLength: 1, maxLength: 4 }), (tampering) => {
        // GIVEN dist/ tampered with by hand in a few places
        const files = new Map(synthesized);
        const touched = new Set<string>();
        for (const { how, pick } of tampering) {
          const paths = [...files.keys()];
          const path = paths[pick % paths.length]!;
          const folder = path.split('/')[0]!;
          touched.add(folder);
          if (how === 'edit') files.set(path, files.get(path)!.replace(/\n  (\S)/, '\n  x$1'));
          if (how === 'delete') files.delete(path);
          if (how === 'stale') files.set(`${folder}/Namespace.gone.yaml`, 'kind: Namespace\n');
          if (how === 'unlist') files.set(`${folder}/kustomization.yaml`, (files.get(`${folder}/kustomization.yaml`) ?? '').replace(/\n  - [^\n]*/, ''));
          if (how === 'foreign') files.set(`${folder}/notes.txt`, 'hello\n');
        }

        // WHEN it is compared with the cache and without
        const withCache = compare(files, cache);
        const without = compare(files, undefined);

        // THEN the findings are the same; only the folders left untouched need not be synthesized
        expect(withCache.findings).toEqual(without.findings);
        expect(withCache.checks).toBe(without.checks);
        expect(without.cached).toBe(0);
        expect(withCache.cached).toBeGreaterThanOrEqual(folders().size - touched.size);
      }),
      { numRuns: 40 },
    );
  });

  it('fails when a tenant file changed after the last synth, though dist/ matches the cache', async () => {
    // GIVEN acme's tenant file edited after dist/ and the cache were written
    const root = tempDir();
    cpSync(FIXTURE, root, { recursive: true });
    const file = join(root, 'tenants', 'acme.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace("name: 'Acme Corp'", "name: 'Acme Inc'"));
    const edited = await loadProject(root);
    if (!edited.ok) throw new Error(edited.errors.join('\n'));

    // WHEN dist/ is compared with the cache and without
    const withCache = compare(new Map(synthesized), cache, edited);
    const without = compare(new Map(synthesized), undefined, edited);

    // THEN the stale entry is not used: acme's folder is synthesized and its changed files are found
    expect(withCache.findings.length).toBeGreaterThan(0);
    expect(withCache.findings).toEqual(without.findings);
    expect(withCache.findings.every((f) => f.file.startsWith('dist/acme/'))).toBe(true);
    expect(withCache.built).toBe(1);
  });

  it.each<[string, (entry: Record<string, unknown>) => unknown]>([
    ['another output hash', (entry) => ({ ...entry, outputHash: '0'.repeat(64) })],
    ['no file names', (entry) => ({ ...entry, names: [] })],
    ['names that are not strings', (entry) => ({ ...entry, names: (entry.names as string[]).map((_, i) => i) })],
    ['a file that is not in dist/', (entry) => ({ ...entry, names: [...(entry.names as string[]), 'Namespace.elsewhere.yaml'] })],
    ['no names at all', (entry) => ({ ...entry, names: undefined })],
    ['null', () => null],
  ])('synthesizes every folder whose cache entry has %s', (_, corrupt) => {
    // GIVEN a cache whose every entry is damaged, and dist/ with one hand edit
    const damaged: SynthCache = { ...cache, folders: Object.fromEntries(Object.entries(cache.folders).map(([folder, entry]) => [folder, corrupt({ ...entry })])) as SynthCache['folders'] };
    const files = new Map(synthesized);
    const path = [...files.keys()].find((p) => p.startsWith('acme/Namespace.'))!;
    files.set(path, `${files.get(path)!}# edited\n`);

    // WHEN dist/ is compared with it
    const result = compare(files, damaged);

    // THEN no entry was trusted, and the edit is found as without a cache
    expect(result.built).toBe(folders().size);
    expect(result.findings).toEqual(compare(files, undefined).findings);
    expect(result.findings.map((f) => f.file)).toEqual([`dist/${path}`]);
  });

  it('synthesizes the platform folder when the reads its key depends on are damaged', () => {
    // GIVEN a cache whose record of what the platform folder read is not a read shape
    const damaged = { ...cache, reads: { ...cache.reads, _platform: { fields: 'everything' } } } as unknown as SynthCache;

    // WHEN dist/ as synthesized is compared with it
    const result = compare(new Map(synthesized), damaged);

    // THEN nothing differs, and the platform folder was synthesized rather than vouched for
    expect(result.findings).toEqual([]);
    expect(result.built).toBeGreaterThanOrEqual(1);
  });
});

describe('DriftComparison', () => {
  /** dist/ in parts as readParts gives them: each top-level folder whole, each top-level file alone. */
  const partsOf = (files: Map<string, string>) => {
    const parts = new Map<string, Map<string, string>>();
    for (const [path, text] of files) {
      const key = path.includes('/') ? path.split('/')[0]! : `/${path}`;
      parts.set(key, (parts.get(key) ?? new Map<string, string>()).set(path, text));
    }
    return [...parts.values()];
  };

  it('finds part by part what drift finds on the whole tree, however dist/ was tampered with', () => {
    const tamper = fc.record({ how: fc.constantFrom('edit', 'delete', 'drop-folder', 'stale', 'top-file'), pick: fc.nat() });
    fc.assert(
      fc.property(fc.array(tamper, { maxLength: 4 }), (tampering) => {
        // GIVEN a fresh dist/ with files edited, deleted or added, and whole folders gone
        const files = new Map(fresh);
        for (const { how, pick } of tampering) {
          const paths = [...files.keys()];
          if (!paths.length) break;
          const path = paths[pick % paths.length]!;
          const folder = path.split('/')[0]!;
          if (how === 'edit') files.set(path, `${files.get(path)!}# edited\n`);
          if (how === 'delete') files.delete(path);
          if (how === 'drop-folder') for (const other of paths) if (other.startsWith(`${folder}/`)) files.delete(other);
          if (how === 'stale') files.set(`${folder}/Namespace.gone.yaml`, 'kind: Namespace\n');
          if (how === 'top-file') files.set('README.md', '# dist\n');
        }

        // WHEN it is compared part by part, and as a whole
        const comparison = new DriftComparison(project, 'dist');
        for (const part of partsOf(files)) comparison.compare(part, generatedPaths(part), parseTree(part, 'dist').manifests);
        const byParts = comparison.finish();
        const whole = drift(project, files, generatedPaths(files), parseTree(files, 'dist').manifests, 'dist');

        // THEN the findings, checks and folders synthesized are the same
        expect(sortByFile(byParts.findings)).toEqual(sortByFile(whole.findings));
        expect({ checks: byParts.checks, built: byParts.built }).toEqual({ checks: whole.checks, built: whole.built });
      }),
      { numRuns: 25 },
    );
  });

  it('fails with one finding when synthesis fails, whichever part it fails in', () => {
    // GIVEN a project whose platform folder cannot be synthesized
    const broken = { ...project, platform: { ...project.platform, clusters: 'not clusters' } } as unknown as LoadedProject;

    // WHEN a fresh dist/ is compared part by part
    const comparison = new DriftComparison(broken, 'dist');
    for (const part of partsOf(new Map(fresh))) comparison.compare(part, generatedPaths(part), []);
    const result = comparison.finish();

    // THEN synthesis failing is drift's only finding
    expect(result.findings.map((f) => `${f.file}: ${f.message.split(':')[0]}`)).toEqual(['dist/: synthesis failed, so dist/ cannot be compared']);
    expect(result.checks).toBe(1);
  });
});

const sortByFile = (findings: readonly { file: string; message: string }[]) => [...findings].sort((a, b) => (`${a.file}\0${a.message}` < `${b.file}\0${b.message}` ? -1 : 1));
