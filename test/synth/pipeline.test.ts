import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_PLATFORM, generateTenants } from '../../lib/bench/generate';
import { stagingPath } from '../../lib/synth/dist-swap';
import { emptyTimings, synthesizeAll } from '../../lib/synth/folder-jobs';
import { projectReads, trackReads, type ReadShape } from '../../lib/synth/read-tracking';
import { CACHE_FILE } from '../../lib/synth/synth-cache';
import { validateProject, type LoadedProject, type SourceFile } from '../../lib/spec/loader';
import { synthesizeProject, synthesizeProjectParallel, WORKER_THRESHOLD } from '../../lib/synth/pipeline';
import type { PlatformInput, TenantSpec } from '../../lib/spec/schema';
import { PLATFORM_FOLDER, synthesizePlatform } from '../../lib/synth/synth';
import { identities, readTree } from '../support/tree';

const tempDirs: string[] = [];

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tenantry-pipeline-test-'));
  tempDirs.push(dir);
  return dir;
}

function project(sources: readonly SourceFile[], platform: PlatformInput = BENCH_PLATFORM): LoadedProject {
  const result = validateProject({ file: 'platform.ts', value: platform }, sources);
  if (!result.ok) throw new Error(`invalid test project:\n${result.errors.join('\n')}`);
  return result;
}



function touchedBetween(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((rel) => before.get(rel) !== after.get(rel)).sort();
}

/** A full synth from nothing, no cache: what the incremental result must equal. */
function fullSynth(loaded: LoadedProject): Map<string, string> {
  const distDir = join(tempDir(), 'dist');
  synthesizeProject(loaded, { distDir, cacheFile: null });
  return readTree(distDir);
}

function withPods(source: SourceFile, pods: number): SourceFile {
  const spec = source.value as TenantSpec;
  const [first, ...rest] = spec.teams;
  return { ...source, value: { ...spec, teams: [{ ...first!, quota: { ...first!.quota, pods } }, ...rest] } };
}

/** Seed 8 gives every isolation level (hard, soft, network-only, custom) and suspended tenants. */
/** The same tenant with a suspended status and its last team split into environments: new namespaces, new platform objects. */
function withNewEnvironment(source: SourceFile): SourceFile {
  const spec = source.value as TenantSpec;
  const teams = spec.teams.map((team, i) => (i === spec.teams.length - 1 ? { ...team, environments: ['qa', 'prod'] } : team));
  return { ...source, value: { ...spec, teams, quota: undefined } };
}

const SMALL = generateTenants({ tenants: 12, seed: 8 });
/** Multi-tenant syntheses take seconds on a busy 2-core machine. */
const SLOW = 120_000;

describe('synthesizeProjectParallel', () => {
  it('writes the same dist/ as the in-thread pipeline and synthesizeAll', async () => {
    // GIVEN
    const loaded = project(SMALL);
    const distDir = join(tempDir(), 'dist');

    // WHEN
    const summary = await synthesizeProjectParallel(loaded, { distDir, cacheFile: null });

    // THEN
    const expected = new Map(synthesizeAll(loaded).flatMap((f) => [...f.files].map(([name, text]) => [`${f.folder}/${name}`, text] as [string, string])));
    expect(readTree(distDir)).toEqual(new Map([...expected].sort(([a], [b]) => (a < b ? -1 : 1))));
    expect(readTree(distDir)).toEqual(fullSynth(loaded));
    expect(summary.folders).toBe(13);
  }, SLOW);

  it('gives byte-identical output incrementally and from scratch, whatever changed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          changed: fc.uniqueArray(fc.nat({ max: SMALL.length - 1 }), { maxLength: 3 }),
          reshaped: fc.uniqueArray(fc.nat({ max: SMALL.length - 1 }), { maxLength: 2 }),
          removed: fc.option(fc.nat({ max: SMALL.length - 1 }), { nil: undefined }),
          platformPods: fc.constantFrom(20, 12),
        }),
        async ({ changed, reshaped, removed, platformPods }) => {
          // GIVEN
          const dir = tempDir();
          const distDir = join(dir, 'dist');
          const cacheFile = join(dir, 'cache.json');
          await synthesizeProjectParallel(project(SMALL), { distDir, cacheFile });
          const platform = { ...BENCH_PLATFORM, defaults: { ...BENCH_PLATFORM.defaults, quota: { ...BENCH_PLATFORM.defaults!.quota, pods: platformPods } } };
          const next = SMALL.map((source, i) => (changed.includes(i) ? withPods(source, 3 + i) : source))
            .map((source, i) => (reshaped.includes(i) ? withNewEnvironment(source) : source))
            .filter((_, i) => i !== removed);

          // WHEN
          await synthesizeProjectParallel(project(next, platform), { distDir, cacheFile });

          // THEN
          expect(readTree(distDir)).toEqual(fullSynth(project(next, platform)));
          expect(existsSync(stagingPath(distDir))).toBe(false);
        },
      ),
      { numRuns: 8 },
    );
  }, SLOW);

  it('neither rebuilds nor rewrites an unchanged tenant', async () => {
    // GIVEN
    const dir = tempDir();
    const distDir = join(dir, 'dist');
    const cacheFile = join(dir, 'cache.json');
    await synthesizeProjectParallel(project(SMALL), { distDir, cacheFile });
    const before = identities(distDir);
    const target = (SMALL[4]!.value as TenantSpec).id;

    // WHEN
    const summary = await synthesizeProjectParallel(project(SMALL.map((s, i) => (i === 4 ? withPods(s, 5) : s))), { distDir, cacheFile });

    // THEN
    expect(summary.rebuilt).toBe(1); // the platform folder does not read quotas, so it is not rebuilt
    expect(summary.reused).toBe(SMALL.length);
    const touched = touchedBetween(before, identities(distDir));
    expect(touched.length).toBeGreaterThan(0);
    expect(touched.filter((rel) => !rel.startsWith(`${target}/`))).toEqual([]);
  }, SLOW);

  it('rebuilds nothing and writes nothing when nothing changed', async () => {
    // GIVEN
    const dir = tempDir();
    const distDir = join(dir, 'dist');
    const cacheFile = join(dir, 'cache.json');
    await synthesizeProjectParallel(project(SMALL), { distDir, cacheFile });
    const before = identities(distDir);
    const cacheBefore = statSync(cacheFile).mtimeMs;

    // WHEN
    const summary = await synthesizeProjectParallel(project(SMALL), { distDir, cacheFile });

    // THEN
    expect(summary).toMatchObject({ rebuilt: 0, written: 0, reused: SMALL.length + 1, replaced: [] });
    expect(identities(distDir)).toEqual(before);
    expect(statSync(cacheFile).mtimeMs).toBe(cacheBefore);
  }, SLOW);

  it('invalidates every tenant a changed platform setting affects, and rewrites only what changed', async () => {
    // GIVEN
    const dir = tempDir();
    const distDir = join(dir, 'dist');
    const cacheFile = join(dir, 'cache.json');
    await synthesizeProjectParallel(project(SMALL), { distDir, cacheFile });
    const before = identities(distDir);
    const defaults = BENCH_PLATFORM.defaults!;
    const platform: PlatformInput = { ...BENCH_PLATFORM, defaults: { ...defaults, limitRange: { ...defaults.limitRange, default: { cpu: '400m', memory: '512Mi' } } } };
    const changed = project(SMALL, platform);

    // WHEN
    const summary = await synthesizeProjectParallel(changed, { distDir, cacheFile });

    // THEN
    expect(summary.rebuilt).toBe(SMALL.length + 1);
    expect(readTree(distDir)).toEqual(fullSynth(changed));
    // Only LimitRanges carry the default limit, and only tenants with quotas have LimitRanges.
    const touched = touchedBetween(before, identities(distDir));
    const withLimits = changed.tenants.filter((t) => t.isolation.quota).map((t) => t.id);
    expect(withLimits.length).toBeGreaterThan(0);
    expect(withLimits.length).toBeLessThan(SMALL.length);
    expect(touched.every((rel) => /^[^/]+\/LimitRange\./.test(rel))).toBe(true);
    expect([...new Set(touched.map((rel) => rel.split('/')[0]))].sort()).toEqual([...withLimits].sort());
  }, SLOW);

  it('rebuilds everything but rewrites nothing with --force or without its cache', async () => {
    // GIVEN
    const dir = tempDir();
    const distDir = join(dir, 'dist');
    const cacheFile = join(dir, 'cache.json');
    await synthesizeProjectParallel(project(SMALL), { distDir, cacheFile });
    const before = identities(distDir);

    // WHEN
    const forced = await synthesizeProjectParallel(project(SMALL), { distDir, cacheFile, force: true });
    rmSync(cacheFile);
    const uncached = await synthesizeProjectParallel(project(SMALL), { distDir, cacheFile });

    // THEN
    for (const summary of [forced, uncached]) expect(summary).toMatchObject({ rebuilt: SMALL.length + 1, reused: 0, written: 0 });
    expect(identities(distDir)).toEqual(before);
    expect(existsSync(cacheFile)).toBe(true);
  }, SLOW);

  it('rebuilds the platform folder when a tenant gains namespaces, and the result equals a full synth', async () => {
    // GIVEN
    const dir = tempDir();
    const distDir = join(dir, 'dist');
    const cacheFile = join(dir, 'cache.json');
    await synthesizeProjectParallel(project(SMALL), { distDir, cacheFile });
    const next = project(SMALL.map((s, i) => (i === 2 ? withNewEnvironment(s) : s)));

    // WHEN
    const summary = await synthesizeProjectParallel(next, { distDir, cacheFile });

    // THEN
    expect(summary.rebuilt).toBe(2);
    expect(summary.replaced).toContain(PLATFORM_FOLDER);
    expect(readTree(distDir)).toEqual(fullSynth(next));
  }, SLOW);

  it('keeps its default cache outside dist/, under node_modules/.cache/tenantry', () => {
    // GIVEN
    const path = CACHE_FILE.split('\\').join('/');

    // WHEN
    const inNodeModules = /\/node_modules\/\.cache\/tenantry\/[^/]+\.json$/.test(path);

    // THEN
    expect(inNodeModules).toBe(true);
    expect(path.includes('/dist/')).toBe(false);
  });

  it('builds on worker threads the same dist/ as on one thread', async () => {
    // GIVEN
    const many = project(generateTenants({ tenants: WORKER_THRESHOLD + 10, seed: 3 }));
    const oneThread = join(tempDir(), 'dist');
    const threaded = join(tempDir(), 'dist');
    const timings = emptyTimings();

    // WHEN
    await synthesizeProjectParallel(many, { distDir: oneThread, cacheFile: null, workers: 0 });
    const summary = await synthesizeProjectParallel(many, { distDir: threaded, cacheFile: null, workers: 1, timings });

    // THEN
    expect(timings.workers).toBe(1);
    expect(summary.rebuilt).toBe(WORKER_THRESHOLD + 11);
    expect(readTree(threaded)).toEqual(readTree(oneThread));
  }, SLOW);

  it('fails when a tenant cannot be built, leaving dist/ as it was', async () => {
    // GIVEN
    const sources = generateTenants({ tenants: WORKER_THRESHOLD + 10, seed: 3 });
    const loaded = project(sources);
    const dir = tempDir();
    const distDir = join(dir, 'dist');
    synthesizeProject(project(SMALL), { distDir, cacheFile: null });
    const before = identities(distDir);
    const broken = loaded.tenants[100]!;
    const bad: LoadedProject = { ...loaded, tenants: loaded.tenants.map((t) => (t === broken ? { ...t, status: 'terminating' } : t)) };

    // WHEN
    const attempt = synthesizeProjectParallel(bad, { distDir, cacheFile: join(dir, 'cache.json'), workers: 1 });

    // THEN
    await expect(attempt).rejects.toThrowError(new Error(`Tenant ${broken.id}: a terminating tenant is not synthesized; leave it out so GitOps prunes its objects`));
    expect(identities(distDir)).toEqual(before);
    expect(existsSync(stagingPath(distDir))).toBe(false);
    expect(existsSync(join(dir, 'cache.json'))).toBe(false);
  }, SLOW);

  it('puts the platform folder first and one folder per tenant after it', () => {
    // GIVEN
    const loaded = project(SMALL);

    // WHEN
    const folders = synthesizeAll(loaded).map((f) => f.folder);

    // THEN
    expect(folders).toEqual([PLATFORM_FOLDER, ...loaded.tenants.map((t) => t.id)]);
  });
});

describe('trackReads', () => {
  it('records the fields, array elements and key lists a computation reads', () => {
    // GIVEN
    const shape: ReadShape = {};
    const value = { a: 1, b: { c: [{ d: 2, e: 3 }, { d: 4, e: 5 }] }, f: { g: 1 }, unused: 9 };
    const view = trackReads(value, shape);

    // WHEN
    const sum = view.a + view.b.c.reduce((total, item) => total + item.d, 0) + Object.keys(view.f).length;

    // THEN
    expect(sum).toBe(8);
    // Object.keys also looks at each key's descriptor, so f's keys count as read too: more than needed is safe.
    expect(shape).toEqual({ fields: { a: {}, b: { fields: { c: { fields: { length: {}, '[]': { fields: { d: {} } } } } } }, f: { keys: true, fields: { g: {} } } } });
    expect(projectReads({ ...value, unused: 10, b: { c: [{ d: 2, e: 99 }, { d: 4, e: 0 }] } }, shape)).toEqual(projectReads(value, shape));
    expect(projectReads({ ...value, f: { g: 1, h: 2 } }, shape)).not.toEqual(projectReads(value, shape));
  });

  it('fails when the computation writes to what it reads', () => {
    // GIVEN
    const view = trackReads({ a: 1 } as { a: number }, {});

    // WHEN
    const write = () => {
      view.a = 2;
    };

    // THEN
    expect(write).toThrowError(new TypeError("'set' on proxy: trap returned falsish for property 'a'"));
  });

  it('never lets equal projections hide a change in the platform folder', () => {
    const tenants = project(SMALL).tenants;
    const shape: ReadShape = {};
    const before = synthesizePlatform(project(SMALL).platform, trackReads(tenants, shape));
    fc.assert(
      fc.property(fc.nat({ max: SMALL.length - 1 }), fc.constantFrom('pods', 'environment', 'status', 'labels', 'deploy'), (index, change) => {
        // GIVEN
        const source = SMALL[index]!;
        const spec = source.value as TenantSpec;
        const edited: SourceFile =
          change === 'pods'
            ? withPods(source, 4)
            : change === 'environment'
              ? withNewEnvironment(source)
              : change === 'status'
                ? { ...source, value: { ...spec, status: spec.status === 'pending' ? 'suspended' : 'pending' } }
                : change === 'labels'
                  ? { ...source, value: { ...spec, labels: { ...spec.labels, 'cost-center': 'cc-changed' } } }
                  : { ...source, value: { ...spec, teams: spec.teams.map((t) => ({ ...t, deploy: { repo: `https://github.com/x/${t.id}.git` } })) } };
        const next = project(SMALL.map((s, i) => (i === index ? edited : s)));

        // WHEN
        const after = synthesizePlatform(next.platform, next.tenants);
        const sameReads = JSON.stringify(projectReads(next.tenants, shape)) === JSON.stringify(projectReads(tenants, shape));

        // THEN
        if (sameReads) expect([...after.files]).toEqual([...before.files]);
      }),
      { numRuns: 40 },
    );
  });
});
