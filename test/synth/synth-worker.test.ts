import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { ResolvedPlatform } from '../../lib/spec/resolve';
import { synthesizeTenant } from '../../lib/synth/synth';
import { hashFiles } from '../../lib/synth/synth-cache';
import type { WorkerReply, WorkerRequest } from '../../lib/synth/synth-worker';
import { project, SMALL } from '../support/project';

const SLOW = 120_000;
const ROOT = join(import.meta.dirname, '..', '..');

/** The worker as the pool starts it: synth-worker.ts through tsx's loader, with the platform as workerData. */
function startWorker(platform: ResolvedPlatform | undefined): Worker {
  const tsx = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'api', 'index.mjs')).href;
  const entry = pathToFileURL(join(ROOT, 'lib', 'synth', 'synth-worker.ts')).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
  return new Worker(bootstrap, { eval: true, workerData: { platform } });
}

/** Collects replies until `done` says the conversation is over. */
function replies(worker: Worker, done: (reply: WorkerReply) => boolean): Promise<WorkerReply[]> {
  const seen: WorkerReply[] = [];
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (reply: WorkerReply) => {
      seen.push(reply);
      if (done(reply)) resolve(seen);
    });
  });
}

describe('synth-worker', () => {
  it('says it is ready, sends each tenant\'s folder as synthesizeTenant builds it, then says it is idle', async () => {
    // GIVEN
    const loaded = project(SMALL);
    const tenants = loaded.tenants.slice(0, 3);
    const worker = startWorker(loaded.platform);
    const ready = replies(worker, (reply) => reply.type === 'ready');

    // WHEN
    try {
      await ready;
      const answer = replies(worker, (reply) => reply.type === 'idle' || reply.type === 'error');
      worker.postMessage({ type: 'build', tenants } satisfies WorkerRequest);
      const got = await answer;

      // THEN
      expect(got.map((reply) => reply.type)).toEqual(['folder', 'folder', 'folder', 'idle']);
      const folders = got.flatMap((reply) => (reply.type === 'folder' ? [{ folder: reply.folder, files: new Map(reply.files), objects: reply.objects }] : []));
      expect(folders).toEqual(tenants.map((t) => synthesizeTenant(t, loaded.platform)));
      for (const reply of got) if (reply.type === 'folder') expect(reply.ms).toBeGreaterThan(0);
      for (const reply of got) if (reply.type === 'folder') expect(reply.outputHash).toBe(hashFiles(new Map(reply.files)));
    } finally {
      await worker.terminate();
    }
  }, SLOW);

  it('fails when a tenant cannot be built, replying with the message and building nothing after it', async () => {
    // GIVEN a batch whose second tenant is terminating
    const loaded = project(SMALL);
    const [a, b, c] = loaded.tenants;
    const worker = startWorker(loaded.platform);
    const ready = replies(worker, (reply) => reply.type === 'ready');

    // WHEN
    try {
      await ready;
      const answer = replies(worker, (reply) => reply.type === 'idle' || reply.type === 'error');
      worker.postMessage({ type: 'build', tenants: [a!, { ...b!, status: 'terminating' }, c!] } satisfies WorkerRequest);
      const got = await answer;

      // THEN
      expect(got.map((reply) => (reply.type === 'folder' ? reply.folder : reply))).toEqual([
        a!.id,
        { type: 'error', message: `Tenant ${b!.id}: a terminating tenant is not synthesized; leave it out so GitOps prunes its objects` },
      ]);
    } finally {
      await worker.terminate();
    }
  }, SLOW);

  it('started without a platform, refuses to build until it is given one, then says it is ready', async () => {
    // GIVEN a worker started ahead, with no platform yet
    const loaded = project(SMALL);
    const worker = startWorker(undefined);

    // WHEN it is asked to build first, then given the platform
    try {
      const refused = replies(worker, (reply) => reply.type === 'error');
      worker.postMessage({ type: 'build', tenants: loaded.tenants.slice(0, 1) } satisfies WorkerRequest);
      const first = await refused;
      const ready = replies(worker, (reply) => reply.type === 'ready');
      worker.postMessage({ type: 'platform', platform: loaded.platform } satisfies WorkerRequest);
      const second = await ready;

      // THEN
      // (each collector keeps listening, so the first also saw the later ready)
      expect(first).toEqual([{ type: 'error', message: 'synth-worker: asked to build before it was given the platform' }, { type: 'ready' }]);
      expect(second).toEqual([{ type: 'ready' }]);
    } finally {
      await worker.terminate();
    }
  }, SLOW);
});
