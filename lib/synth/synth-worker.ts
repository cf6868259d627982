/*
 * A synthesis worker thread: receives resolved tenants as plain data, builds and
 * serializes each one exactly as the main thread would (synthesizeTenant), and sends
 * back its files. The pipeline starts it; it is never run on its own.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { ResolvedPlatform, ResolvedTenant } from '../spec/resolve';
import { keepHeapFlat, shareHeadroom } from './heap';
import { synthesizeTenant } from './synth';
import { hashFiles } from './synth-cache';

export type WorkerRequest =
  | { readonly type: 'build'; readonly tenants: readonly ResolvedTenant[] }
  /** For a worker started before the project was loaded (prestartWorkers): the platform, once. */
  | { readonly type: 'platform'; readonly platform: ResolvedPlatform };

export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'folder'; readonly folder: string; readonly files: readonly [string, string][]; readonly objects: number; readonly outputHash: string; readonly ms: number }
  | { readonly type: 'idle' }
  | { readonly type: 'error'; readonly message: string };

if (!isMainThread && parentPort) {
  const port = parentPort;
  const data = workerData as { platform?: ResolvedPlatform; threads?: number };
  let platform = data.platform;
  shareHeadroom(data.threads ?? 1);
  const reply = (message: WorkerReply) => port.postMessage(message);
  port.on('message', (request: WorkerRequest) => {
    if (request.type === 'platform') {
      platform = request.platform;
      reply({ type: 'ready' });
      return;
    }
    if (!platform) {
      reply({ type: 'error', message: 'synth-worker: asked to build before it was given the platform' });
      return;
    }
    for (const tenant of request.tenants) {
      try {
        const started = performance.now();
        const output = synthesizeTenant(tenant, platform);
        // Hashed here, so the main thread need not hash what this thread built.
        const outputHash = hashFiles(output.files);
        reply({ type: 'folder', folder: output.folder, files: [...output.files], objects: output.objects, outputHash, ms: performance.now() - started });
        keepHeapFlat();
      } catch (error) {
        reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
        return;
      }
    }
    reply({ type: 'idle' });
  });
  if (platform) reply({ type: 'ready' });
}
