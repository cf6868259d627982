/* Worker threads that build tenants handed to them in small batches, beside the main thread (every core but one). */
import type { Worker } from 'node:worker_threads';
import type { ResolvedPlatform, ResolvedTenant } from '../spec/resolve';
import type { SynthJob } from './folder-jobs';
import type { SynthTimings } from './folder-keys';
import { startEntryWorker } from './entry-worker';
import type { FolderOutput } from './dist-layout';
import type { WorkerReply, WorkerRequest } from './synth-worker';

/** Tenants handed to a worker at a time: enough to keep it busy, few enough to balance the load. */
const BATCH = 8;

/** A build worker: the launcher announces its bundled entry as `tenantry.synthWorker`. */
function startWorker(platform: ResolvedPlatform | undefined, threads: number): Worker {
  return startEntryWorker('tenantry.synthWorker', new URL('./synth-worker.ts', import.meta.url), { workerData: { platform, threads } });
}

/** Worker threads that build tenants handed to them in small batches. */
export class WorkerPool {
  private readonly workers: Worker[];
  private failure: unknown;
  private fail: (error: unknown) => void = (error) => {
    this.failure ??= error;
  };

  constructor(
    platform: ResolvedPlatform,
    count: number,
    private readonly accept: (output: FolderOutput) => void,
    /** Resolves when the disk has caught up enough to take another batch. */
    private readonly ready: () => Promise<void>,
    private readonly timings: SynthTimings,
    /** Workers prestartWorkers started while the project loaded; used first, the rest started here. */
    prestarted: readonly Worker[] = [],
  ) {
    const adopted = prestarted.slice(0, count);
    for (const worker of prestarted.slice(count)) void worker.terminate();
    for (const worker of adopted) {
      worker.ref(); // prestarted workers never hold the process; these now do, until close()
      worker.postMessage({ type: 'platform', platform } satisfies WorkerRequest);
    }
    // The workers and this thread share one heap headroom (heap.ts).
    this.workers = [...adopted, ...Array.from({ length: count - adopted.length }, () => startWorker(platform, count + 1))];
  }

  /** Feeds the workers from `take` until it runs dry and every batch is back. */
  run(take: () => SynthJob | undefined): Promise<void> {
    const startedAt = performance.now();
    return new Promise<void>((resolve, reject) => {
      let pending = 0;
      let ready = 0;
      let drained = false;
      this.fail = (error) => {
        this.failure ??= error;
        reject(error);
      };
      const feed = (worker: Worker) => {
        const batch: ResolvedTenant[] = [];
        for (let job = batch.length < BATCH ? take() : undefined; job; job = batch.length < BATCH ? take() : undefined) batch.push(job.tenant!);
        if (batch.length) {
          pending++;
          worker.postMessage({ type: 'build', tenants: batch } satisfies WorkerRequest);
        } else {
          drained = true;
        }
        if (drained && pending === 0) resolve();
      };
      for (const worker of this.workers) {
        worker.on('message', (reply: WorkerReply) => {
          try {
            if (reply.type === 'ready') {
              if (++ready === this.workers.length) this.timings.workerStartup += performance.now() - startedAt;
              // Two batches in flight: the worker builds the next while this thread writes the last.
              feed(worker);
              feed(worker);
            } else if (reply.type === 'folder') {
              this.timings.build += reply.ms;
              this.accept({ folder: reply.folder, files: new Map(reply.files), objects: reply.objects, outputHash: reply.outputHash });
            } else if (reply.type === 'idle') {
              pending--;
              this.ready().then(() => feed(worker), (error: unknown) => this.fail(error));
            } else {
              this.fail(new Error(reply.message));
            }
          } catch (error) {
            this.fail(error);
          }
        });
        worker.on('error', (error) => this.fail(error));
      }
    });
  }

  /** Throws a worker's failure in this thread's loop. */
  check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/**
 * Starts `count` build workers before the project is loaded, so loading their code (cdk8s,
 * the constructs) overlaps loading and validating the tenants; hand them to the pipeline
 * (SynthOptions.prestarted), which gives them the platform or ends them if it builds too little.
 */
export function prestartWorkers(count: number): Worker[] {
  return Array.from({ length: count }, () => {
    const worker = startWorker(undefined, count + 1);
    worker.unref(); // a run that fails to load, or builds too little, must not wait for it
    return worker;
  });
}
