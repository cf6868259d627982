/*
 * The synthesis pipeline shared by `npm run synth`, `npm run check` and `npm run bench`:
 * a validated project → one job per dist/ folder → dist/. Only folders whose inputs
 * changed are built. With many of them, a writer thread writes while this thread
 * builds, and worker threads (every core but one) build tenants too.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { LoadedProject } from '../spec/loader';
import { DistWriter, type WriterOptions, type WriteSummary } from './dist-writer';
import type { SynthJob } from './folder-jobs';
import { emptyTimings, folderKeys, type FolderKey, type SynthTimings } from './folder-keys';
import { heapKeeperFor, keepHeapFlat, shareHeadroom } from './heap';
import type { ReadShape } from './read-tracking';
import { CACHE_FILE, readCache, saveCache, type SynthCache } from './synth-cache';
import { PLATFORM_FOLDER, type FolderOutput } from './dist-layout';
import { prestartWorkers, WorkerPool } from './worker-pool';
import type { ProjectMemo } from './project-memo';

/** Below this many tenants to build, starting workers costs more than it saves. */
export const WORKER_THRESHOLD = 150;
/** Folders queued for the writer thread before building pauses: keeps the disk busy and memory bounded. */
const WRITE_QUEUE = 16;

export interface SynthOptions extends Pick<WriterOptions, 'force' | 'onProgress' | 'writeFile' | 'intact'> {
  readonly distDir: string;
  /** Where the incremental cache lives; `null` disables it. @default CACHE_FILE */
  readonly cacheFile?: string | null;
  /**
   * Worker threads for building tenants; 0 builds in this thread. Workers start only
   * when at least WORKER_THRESHOLD tenants need building.
   * @default defaultWorkers(): every core but one, at most 3
   */
  readonly workers?: number;
  /** Filled in with where the time went. @default - not measured */
  readonly timings?: SynthTimings;
  /** Build workers started ahead (prestartWorkers): adopted when workers build, ended otherwise. @default - none */
  readonly prestarted?: readonly Worker[];
  /** The project's key and counts, recorded in the cache with what this run wrote (project-memo.ts). @default - none recorded */
  readonly project?: Pick<ProjectMemo, 'key' | 'tenants' | 'terminating' | 'namespaces'>;
}

export function platformReadsOf(cache: SynthCache | undefined): ReadShape | undefined {
  return cache?.reads?.[PLATFORM_FOLDER] as ReadShape | undefined;
}

/** Builds one folder here and hands it to the writer; a tracked build also leaves what it read in `reads`. */
export function buildInThread(job: SynthJob, writer: DistWriter, reads: Record<string, ReadShape>, timings: SynthTimings, keepHeap: () => void = keepHeapFlat): void {
  let t = performance.now();
  let output: FolderOutput;
  let inputKey: string | undefined;
  if (job.trackedBuild) {
    const tracked = job.trackedBuild();
    ({ output, inputKey } = tracked);
    reads[job.folder] = tracked.reads;
  } else {
    output = job.build();
  }
  timings.build += performance.now() - t;
  t = performance.now();
  writer.accept(output, inputKey);
  keepHeap();
  timings.stage += performance.now() - t;
}

/** The new cache with each folder's reads: from this run's build, or kept from the cache for a folder it served. */
export function withReads(result: WriteSummary, previous: SynthCache | undefined, built: Record<string, ReadShape>): WriteSummary {
  const reads: Record<string, unknown> = {};
  for (const [folder, entry] of Object.entries(result.cache.folders)) {
    const kept = previous?.folders[folder] === entry ? previous.reads?.[folder] : undefined;
    if (built[folder] ?? kept) reads[folder] = built[folder] ?? kept;
  }
  return { ...result, cache: { ...result.cache, reads } };
}

/** The cache with the memo of the project it now holds (none when its key is unknown). */
export function withProject(result: WriteSummary, project: SynthOptions['project']): WriteSummary {
  if (!project) return result;
  const files = Object.values(result.cache.folders).reduce((sum, folder) => sum + folder.names.length, 0);
  return { ...result, cache: { ...result.cache, project: { ...project, objects: result.objects, files, folders: result.folders } } };
}

/** Saves the cache unless this run served every folder from it unchanged, for the same project. */
export function updateCache(previous: SynthCache | undefined, result: WriteSummary, cacheFile: string): void {
  const same =
    previous !== undefined &&
    previous.distDir === result.cache.distDir &&
    result.rebuilt === 0 &&
    Object.keys(previous.folders).length === Object.keys(result.cache.folders).length &&
    JSON.stringify(previous.project) === JSON.stringify(result.cache.project);
  if (!same) saveCache(result.cache, cacheFile);
}

/**
 * Synthesizes into dist/, building changed tenants on worker threads when there are
 * many: this thread and the workers draw tenants from one queue, and a writer thread
 * writes each folder as it is built, so only a few folders' output is ever held in
 * memory.
 */
export async function synthesizeProjectParallel(project: LoadedProject, options: SynthOptions): Promise<WriteSummary> {
  const timings = options.timings ?? emptyTimings();
  const started = performance.now();
  const cacheFile = options.cacheFile === undefined ? CACHE_FILE : options.cacheFile;
  const cache = cacheFile ? readCache(cacheFile) : undefined;
  let builders: typeof import('./folder-jobs') | undefined;
  const jobs = folderKeys(project, platformReadsOf(cache)).map((key) => lazyJob(key, project, () => builders!));
  const writer = new DistWriter({ ...options, jobs, cache, backgroundWrites: WRITE_QUEUE });
  timings.plan += performance.now() - started;
  const misses = writer.misses as readonly SynthJob[];
  // cdk8s and the constructs load only when something is to be built.
  if (misses.length) builders = await import('./folder-jobs');
  const queue = misses.filter((job) => job.tenant);
  const workers = queue.length >= WORKER_THRESHOLD ? (options.workers ?? defaultWorkers()) : 0;
  timings.workers = workers;
  const reads: Record<string, ReadShape> = {};
  const keepHeap = heapKeeperFor(misses.length);
  const accept = (output: FolderOutput) => {
    const t = performance.now();
    writer.accept(output);
    keepHeap();
    timings.stage += performance.now() - t;
  };
  try {
    if (workers > 0) {
      shareHeadroom(workers + 1);
      const pool = new WorkerPool(project.platform, workers, accept, () => writer.drain(), timings, options.prestarted);
      try {
        let next = 0;
        const take = () => (next < queue.length ? queue[next++] : undefined);
        const done = pool.run(take);
        done.catch(() => undefined); // a failure surfaces through check() or the await below
        // This thread builds too, yielding between tenants so worker results get written.
        for (let job = take(); job; job = take()) {
          buildInThread(job, writer, reads, timings, keepHeap);
          await writer.drain();
          await new Promise((resolve) => setImmediate(resolve));
          pool.check();
        }
        await done;
      } finally {
        await pool.close();
        shareHeadroom(1);
      }
    } else {
      for (const worker of options.prestarted ?? []) void worker.terminate();
      for (const job of queue) {
        buildInThread(job, writer, reads, timings, keepHeap);
        await writer.drain();
      }
    }
    for (const job of misses) if (!job.tenant) buildInThread(job, writer, reads, timings, keepHeap);
    const t = performance.now();
    await writer.settle();
    const result = withProject(withReads(writer.commit(), cache, reads), options.project);
    if (cacheFile) updateCache(cache, result, cacheFile);
    timings.commit += performance.now() - t;
    timings.total += performance.now() - started;
    return result;
  } catch (error) {
    await writer.settle().catch(() => undefined); // no write may land in staging after it is removed
    writer.abort();
    throw error;
  }
}

/**
 * Every core but one builds beside this thread, at most 3 workers. On 2 cores one worker
 * building beside this thread (and the writer thread) took a 1,000-tenant synth from
 * 14.5–15.1 s to 11.2–11.4 s; the heap headroom is shared, so peak memory grows by the
 * worker's code, not by a second headroom.
 */
export function defaultWorkers(): number {
  return Math.max(0, Math.min(availableParallelism() - 1, 3));
}

/**
 * Build workers started before the project loads, for a run that will build `tenants` folders
 * (prestartWorkers): none below WORKER_THRESHOLD or without cores to spare.
 */
export function workersAhead(tenants: number, workers = defaultWorkers()): Worker[] {
  return tenants >= WORKER_THRESHOLD && workers > 0 ? prestartWorkers(workers) : [];
}

/** A job whose build loads on first use: planning needs only the folder and its key. */
function lazyJob(key: FolderKey, project: LoadedProject, builders: () => typeof import('./folder-jobs')): SynthJob {
  let job: SynthJob | undefined;
  const real = () => (job ??= builders().jobOf(key, project));
  return {
    folder: key.folder,
    inputKey: key.inputKey,
    ...(key.kind === 'tenant' ? { tenant: key.tenant } : {}),
    build: () => real().build(),
    ...(key.kind === 'platform' ? { trackedBuild: () => real().trackedBuild!() } : {}),
  };
}
