import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BENCH_PLATFORM, generateTenants } from '../../lib/bench/generate';
import { stagingPath } from '../../lib/synth/dist-swap';
import { synthesizeAll } from '../../lib/synth/folder-jobs';
import { emptyTimings } from '../../lib/synth/folder-keys';
import type { LoadedProject } from '../../lib/spec/loader';
import { synthesizeProjectParallel, WORKER_THRESHOLD, workersAhead } from '../../lib/synth/pipeline';
import { synthesizeProject } from '../../lib/synth/synthesize-project';
import type { PlatformInput, TenantSpec } from '../../lib/spec/schema';
import { PLATFORM_FOLDER } from '../../lib/synth/dist-layout';
import { project, SMALL, withNewEnvironment, withPods } from '../support/project';
import { tempDirs } from '../support/temp';
import { identities, readTree } from '../support/tree';

const tempDir = tempDirs('tenantry-pipeline-test-');

function touchedBetween(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((rel) => before.get(rel) !== after.get(rel)).sort();
}

/** A full synth from nothing, no cache: what the incremental result must equal. */
function fullSynth(loaded: LoadedProject): Map<string, string> {
  const distDir = join(tempDir(), 'dist');
  synthesizeProject(loaded, { distDir, cacheFile: null });
  return readTree(distDir);
}

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
});

describe('workersAhead', () => {
  it('starts workers ahead only for enough tenants and when workers are wanted', async () => {
    // GIVEN / WHEN too few tenants, no workers wanted, and enough tenants for two
    const few = workersAhead(WORKER_THRESHOLD - 1, 2);
    const none = workersAhead(WORKER_THRESHOLD, 0);
    const two = workersAhead(WORKER_THRESHOLD, 2);

    // THEN
    try {
      expect([few.length, none.length, two.length]).toEqual([0, 0, 2]);
    } finally {
      await Promise.all(two.map((worker) => worker.terminate()));
    }
  });
});
