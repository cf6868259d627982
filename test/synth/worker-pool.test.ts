import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createProject } from '../../lib/bench/e2e-project';
import type { SynthJob } from '../../lib/synth/folder-jobs';
import { folderJobs } from '../../lib/synth/folder-jobs';
import { emptyTimings } from '../../lib/synth/folder-keys';
import { synthesizeTenant } from '../../lib/synth/synth';
import { type FolderOutput } from '../../lib/synth/dist-layout';
import { prestartWorkers, WorkerPool } from '../../lib/synth/worker-pool';
import { hashFiles } from '../../lib/synth/synth-cache';
import { project, SMALL } from '../support/project';
import { tempDirs } from '../support/temp';

const ROOT = join(import.meta.dirname, '..', '..');
const tempDir = tempDirs('tenantry-worker-pool-test-');

/** Worker threads load TypeScript through tsx: seconds on a busy 2-core machine. */
const SLOW = 120_000;

/** A folder as a worker hands it over: with the hash of its files, computed in the worker. */
function hashed(output: FolderOutput): FolderOutput {
  return { ...output, outputHash: hashFiles(output.files) };
}

function queue(jobs: readonly SynthJob[]): () => SynthJob | undefined {
  let next = 0;
  return () => jobs[next++];
}

describe('WorkerPool', () => {
  it('builds the same folders as synthesizeTenant, each tenant once, waiting for the disk between batches', async () => {
    // GIVEN
    const loaded = project(SMALL);
    const tenantJobs = folderJobs(loaded).filter((job) => job.tenant);
    const accepted: FolderOutput[] = [];
    let readyCalls = 0;
    const timings = emptyTimings();
    const pool = new WorkerPool(loaded.platform, 2, (output) => accepted.push(output), async () => void readyCalls++, timings);

    // WHEN
    try {
      await pool.run(queue(tenantJobs));
    } finally {
      await pool.close();
    }

    // THEN
    const byFolder = (a: FolderOutput, b: FolderOutput) => (a.folder < b.folder ? -1 : 1);
    expect([...accepted].sort(byFolder)).toEqual(loaded.tenants.map((t) => hashed(synthesizeTenant(t, loaded.platform))).sort(byFolder));
    expect(readyCalls).toBeGreaterThan(0);
    expect(timings.build).toBeGreaterThan(0);
    expect(() => pool.check()).not.toThrow();
  }, SLOW);

  it('fails when a worker cannot build a tenant, in run() and in check()', async () => {
    // GIVEN a tenant a worker refuses to build
    const loaded = project(SMALL);
    const [first, ...rest] = folderJobs(loaded).filter((job) => job.tenant);
    const broken: SynthJob = { ...first!, tenant: { ...first!.tenant!, status: 'terminating' } };
    const pool = new WorkerPool(loaded.platform, 1, () => undefined, async () => undefined, emptyTimings());
    const message = `Tenant ${first!.folder}: a terminating tenant is not synthesized; leave it out so GitOps prunes its objects`;

    // WHEN
    const run = pool.run(queue([broken, ...rest]));

    // THEN
    try {
      await expect(run).rejects.toThrowError(new Error(message));
      expect(() => pool.check()).toThrowError(new Error(message));
    } finally {
      await pool.close();
    }
  }, SLOW);

  it('resolves once its worker is up when there is nothing to build, timing the start-up', async () => {
    // GIVEN
    const loaded = project(SMALL);
    const timings = emptyTimings();
    const pool = new WorkerPool(loaded.platform, 1, () => undefined, async () => undefined, timings);

    // WHEN
    const run = pool.run(() => undefined);

    // THEN
    try {
      await expect(run).resolves.toBeUndefined();
      expect(timings.workerStartup).toBeGreaterThan(0);
      expect(timings.build).toBe(0);
    } finally {
      await pool.close();
    }
  }, SLOW);

  it('starts its workers from the launcher\'s build when there is one, building the same folders', async () => {
    // GIVEN a build made by bin/tenantry.mjs, announced the way the launcher announces it
    const dir = join(tempDir(), 'project');
    createProject(ROOT, dir, { tenants: 1, teams: 1 });
    execFileSync(process.execPath, [join(dir, 'bin', 'tenantry.mjs'), 'synth'], { cwd: dir, env: { ...process.env, NODE_OPTIONS: '' } });
    const builds = join(dir, 'node_modules', '.cache', 'tenantry', 'build');
    const [build] = readdirSync(builds);
    const entry = Symbol.for('tenantry.synthWorker');
    (globalThis as Record<symbol, unknown>)[entry] = pathToFileURL(join(builds, build!, 'synth-worker.js')).href;
    const loaded = project(SMALL);
    const accepted: FolderOutput[] = [];
    const pool = new WorkerPool(loaded.platform, 1, (output) => accepted.push(output), async () => undefined, emptyTimings());

    // WHEN
    try {
      await pool.run(queue(folderJobs(loaded).filter((job) => job.tenant)));
    } finally {
      await pool.close();
      delete (globalThis as Record<symbol, unknown>)[entry];
    }

    // THEN
    const byFolder = (a: FolderOutput, b: FolderOutput) => (a.folder < b.folder ? -1 : 1);
    expect([...accepted].sort(byFolder)).toEqual(loaded.tenants.map((t) => hashed(synthesizeTenant(t, loaded.platform))).sort(byFolder));
  }, SLOW);

  it('fails when the announced build is gone, so a stale announcement never goes unnoticed', async () => {
    // GIVEN an announced worker entry that does not exist
    const entry = Symbol.for('tenantry.synthWorker');
    (globalThis as Record<symbol, unknown>)[entry] = pathToFileURL(join(tempDir(), 'synth-worker.js')).href;
    const loaded = project(SMALL);
    const pool = new WorkerPool(loaded.platform, 1, () => undefined, async () => undefined, emptyTimings());

    // WHEN
    const run = pool.run(queue(folderJobs(loaded).filter((job) => job.tenant)));

    // THEN
    try {
      await expect(run).rejects.toThrow(/Cannot find module .*synth-worker\.js/);
    } finally {
      await pool.close();
      delete (globalThis as Record<symbol, unknown>)[entry];
    }
  }, SLOW);

  it('adopts workers started before the platform was known, and starts only the ones missing', async () => {
    // GIVEN one worker started ahead, as a clean synth starts it while the tenants load
    const loaded = project(SMALL);
    const [ahead] = prestartWorkers(1);
    const accepted: FolderOutput[] = [];
    const pool = new WorkerPool(loaded.platform, 2, (output) => accepted.push(output), async () => undefined, emptyTimings(), [ahead!]);

    // WHEN
    try {
      await pool.run(queue(folderJobs(loaded).filter((job) => job.tenant)));
    } finally {
      await pool.close();
    }

    // THEN every tenant is built once, exactly as synthesizeTenant builds it
    const byFolder = (a: FolderOutput, b: FolderOutput) => (a.folder < b.folder ? -1 : 1);
    expect([...accepted].sort(byFolder)).toEqual(loaded.tenants.map((t) => hashed(synthesizeTenant(t, loaded.platform))).sort(byFolder));
  }, SLOW);

  it('ends the workers started ahead that it does not need', async () => {
    // GIVEN two workers started ahead for a pool of one
    const loaded = project(SMALL);
    const ahead = prestartWorkers(2);
    const exited = ahead.map((worker) => new Promise<number>((resolve) => worker.once('exit', resolve)));

    // WHEN the pool takes one and is closed
    const pool = new WorkerPool(loaded.platform, 1, () => undefined, async () => undefined, emptyTimings(), ahead);
    await pool.run(() => undefined);
    await pool.close();

    // THEN both have exited: the spare at once, the adopted one on close
    await expect(Promise.all(exited)).resolves.toHaveLength(2);
  }, SLOW);
});
