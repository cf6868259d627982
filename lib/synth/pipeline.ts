import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { threadId, Worker } from 'node:worker_threads';
import { CACHE_VERSION, DistWriter, type FolderJob, type SynthCache, type WriterOptions, type WriteSummary } from './dist-writer';
import type { LoadedProject } from '../spec/loader';
import type { ResolvedPlatform, ResolvedTenant } from '../spec/resolve';
import { clusterFolder, tenantFolders } from '../spec/fleet-names';
import { PLATFORM_FOLDER, synthesizeClusterPlatform, synthesizePlatform, synthesizeTenant, type FolderOutput } from './synth';
import type { WorkerReply, WorkerRequest } from './synth-worker';

/*
 * The synthesis pipeline shared by `npm run synth`, `npm run check` and `npm run bench`:
 * a validated project → one job per dist/ folder → dist/. Only folders whose inputs
 * changed are built. With many of them, a writer thread writes while this thread
 * builds, and on machines with cores to spare, worker threads build tenants too.
 */

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE_FILE = join(PROJECT_ROOT, 'node_modules', '.cache', 'tenantry', 'synth-cache.json');
/** Below this many tenants to build, starting workers costs more than it saves. */
export const WORKER_THRESHOLD = 150;
/** Tenants handed to a worker at a time: enough to keep it busy, few enough to balance the load. */
const BATCH = 8;
/** Folders queued for the writer thread before building pauses: keeps the disk busy and memory bounded. */
const WRITE_QUEUE = 16;

let fingerprint: string | undefined;

/**
 * Hash of the code that shapes the output (constructs, generated imports, Tenantry's
 * version, locked dependencies), so a cache entry never outlives a change to Tenantry.
 */
export function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  const sources = ['constructs', 'lib', 'imports'].flatMap((dir) =>
    readdirSync(join(PROJECT_ROOT, dir))
      .filter((f) => f.endsWith('.ts'))
      .sort()
      .map((f) => join(dir, f)),
  );
  for (const file of [...sources, 'package.json', 'package-lock.json']) {
    hash.update(file).update('\0');
    try {
      hash.update(readFileSync(join(PROJECT_ROOT, file)));
    } catch {
      hash.update('missing');
    }
  }
  fingerprint = hash.digest('hex');
  return fingerprint;
}

function hashOf(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/** A folder job; tenant jobs carry their tenant so a worker can build them. */
export interface SynthJob extends FolderJob {
  readonly tenant?: ResolvedTenant;
  /** Builds the folder while recording what it read, and returns the input key for exactly those reads. */
  readonly trackedBuild?: () => { readonly output: FolderOutput; readonly reads: ReadShape; readonly inputKey: string };
}

/**
 * One job per tenant plus the platform folder. A tenant's key covers the code, the
 * whole resolved platform and the resolved tenant (which already folds in the
 * platform defaults it inherits). The platform folder lists every tenant, but reads
 * only a little of each (ids, namespaces): its key covers the parts of the tenants
 * its last build read (`platformReads`, from the cache), or every tenant when that
 * is unknown, so a change no platform object depends on does not rebuild it.
 */
export function folderJobs(project: LoadedProject, platformReads?: ReadShape): SynthJob[] {
  const code = codeFingerprint();
  const platformKey = hashOf(code, JSON.stringify(project.platform));
  const tenantJobs = project.tenants.flatMap((whole) =>
    tenantFolders(whole, project.platform).map(
      (tenant): SynthJob => ({
        folder: tenant.folder ?? tenant.id,
        inputKey: hashOf(platformKey, JSON.stringify(tenant)),
        tenant,
        build: () => synthesizeTenant(tenant, project.platform),
      }),
    ),
  );
  // A cluster's platform folder lists only the ids of the tenants placed there.
  const clusterJobs = (project.platform.clusters ?? []).map((cluster): SynthJob => {
    const placed = project.tenants.filter((t) => t.clusters?.includes(cluster.name)).map((t) => t.id);
    return {
      folder: clusterFolder(PLATFORM_FOLDER, cluster.name),
      inputKey: hashOf(platformKey, 'cluster', cluster.name, ...placed),
      build: () => synthesizeClusterPlatform(project.platform, project.tenants, cluster.name),
    };
  });
  const readsKey = (reads: ReadShape) => hashOf(platformKey, 'reads', JSON.stringify(projectReads(project.tenants, reads)));
  return [
    {
      folder: PLATFORM_FOLDER,
      inputKey: platformReads ? readsKey(platformReads) : hashOf(platformKey, ...tenantJobs.map((j) => j.inputKey)),
      build: () => synthesizePlatform(project.platform, project.tenants),
      trackedBuild: () => {
        const reads: ReadShape = {};
        const output = synthesizePlatform(project.platform, trackReads(project.tenants, reads));
        return { output, reads, inputKey: readsKey(reads) };
      },
    },
    ...clusterJobs,
    ...tenantJobs,
  ];
}

/**
 * Which parts of a value a computation read: fields by name (array elements merged
 * under "[]"), whether it listed the keys, or all of it where reads cannot be followed.
 */
export interface ReadShape {
  keys?: boolean;
  whole?: boolean;
  fields?: Record<string, ReadShape>;
}

const INDEX = /^(0|[1-9][0-9]*)$/;
const tracked = new WeakMap<object, Map<ReadShape, object>>();

/**
 * A read-only view of `value` that records in `shape` every part of it that is read,
 * including through spreads, Object.keys, iteration and JSON.stringify. A build that
 * is a deterministic function of its reads gives the same output whenever
 * projectReads() of its input is the same.
 */
export function trackReads<T>(value: T, shape: ReadShape): T {
  if (value === null || typeof value !== 'object') return value;
  const target = value as object;
  const known = tracked.get(target)?.get(shape);
  if (known) return known as T;
  const field = (prop: string | symbol): ReadShape | undefined => {
    if (typeof prop === 'symbol') return undefined;
    const key = Array.isArray(target) && INDEX.test(prop) ? '[]' : prop;
    return ((shape.fields ??= {})[key] ??= {});
  };
  const proxy = new Proxy(target, {
    get(object, prop) {
      const result: unknown = Reflect.get(object, prop);
      if (typeof result === 'function' || typeof prop === 'symbol') return result;
      const child = field(prop)!;
      if (result === null || typeof result !== 'object') return result;
      const descriptor = Reflect.getOwnPropertyDescriptor(object, prop);
      if (descriptor && !descriptor.configurable && !descriptor.writable) {
        child.whole = true; // a proxy may not stand in for a frozen property's value
        return result;
      }
      return trackReads(result, child);
    },
    has(object, prop) {
      field(prop);
      return Reflect.has(object, prop);
    },
    ownKeys(object) {
      shape.keys = true;
      return Reflect.ownKeys(object);
    },
    getOwnPropertyDescriptor(object, prop) {
      field(prop);
      return Reflect.getOwnPropertyDescriptor(object, prop);
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
  if (!tracked.has(target)) tracked.set(target, new Map());
  tracked.get(target)!.set(shape, proxy);
  return proxy as T;
}

/** The parts of `value` that `shape` says were read; equal projections mean equal reads. */
export function projectReads(value: unknown, shape: ReadShape): unknown {
  if (shape.whole || value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = { '#array': Array.isArray(value) };
  if (shape.keys) out['#keys'] = Object.keys(record);
  for (const [key, child] of Object.entries(shape.fields ?? {})) {
    if (key === '[]') out[key] = Array.isArray(value) ? value.map((item) => projectReads(item, child)) : '#absent';
    else if (!(key in record)) out[key] = '#absent';
    else out[key] = record[key] === undefined ? '#undefined' : projectReads(record[key], child);
  }
  return out;
}

/** Every folder in memory, for `check` and tests. */
export function synthesizeAll(project: LoadedProject): FolderOutput[] {
  return folderJobs(project).map((job) => job.build());
}

export function readCache(path = CACHE_FILE): SynthCache | undefined {
  try {
    const cache = JSON.parse(readFileSync(path, 'utf8')) as SynthCache;
    return cache?.version === CACHE_VERSION && typeof cache.folders === 'object' && cache.folders !== null ? cache : undefined;
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed, so a crash never leaves half a cache. */
export function saveCache(cache: SynthCache, path = CACHE_FILE): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${threadId}.tmp`; // concurrent syntheses never share a half-written file
  writeFileSync(temporary, JSON.stringify(cache));
  renameSync(temporary, path);
}

/** Where the time went, in milliseconds; `build` adds up every thread's building and serializing. */
export interface SynthTimings {
  /** Recovering, scanning dist/ and checking the cache. */
  plan: number;
  /** Starting worker threads (0 without workers). */
  workerStartup: number;
  /** Building construct trees and serializing them, summed over threads. */
  build: number;
  /** Comparing with dist/, linking unchanged files and queueing new ones for the writer (this thread). */
  stage: number;
  /** Waiting for the last writes, swapping staged folders into dist/, saving the cache. */
  commit: number;
  /** Wall time of the whole synthesis. */
  total: number;
  /** Worker threads used. */
  workers: number;
}

export interface SynthOptions extends Pick<WriterOptions, 'force' | 'onProgress' | 'writeFile'> {
  readonly distDir: string;
  /** Where the incremental cache lives; `null` disables it. @default CACHE_FILE */
  readonly cacheFile?: string | null;
  /**
   * Worker threads for building tenants; 0 builds in this thread. Workers start only
   * when at least WORKER_THRESHOLD tenants need building.
   * @default defaultWorkers(): the cores beyond two, at most 3
   */
  readonly workers?: number;
  /** Filled in with where the time went. @default - not measured */
  readonly timings?: SynthTimings;
}

export function emptyTimings(): SynthTimings {
  return { plan: 0, workerStartup: 0, build: 0, stage: 0, commit: 0, total: 0, workers: 0 };
}

/** Synthesizes into dist/ in this thread; small projects and tests. */
export function synthesizeProject(project: LoadedProject, options: SynthOptions): WriteSummary {
  const cacheFile = options.cacheFile === undefined ? CACHE_FILE : options.cacheFile;
  const cache = cacheFile ? readCache(cacheFile) : undefined;
  const writer = new DistWriter({ ...options, jobs: folderJobs(project, platformReadsOf(cache)), cache });
  const reads: Record<string, ReadShape> = {};
  try {
    for (const job of writer.misses as readonly SynthJob[]) buildInThread(job, writer, reads, options.timings ?? emptyTimings());
    const result = withReads(writer.commit(), cache, reads);
    if (cacheFile) updateCache(cache, result, cacheFile);
    return result;
  } catch (error) {
    writer.abort();
    throw error;
  }
}

function platformReadsOf(cache: SynthCache | undefined): ReadShape | undefined {
  return cache?.reads?.[PLATFORM_FOLDER] as ReadShape | undefined;
}

/** Builds one folder here and hands it to the writer; a tracked build also leaves what it read in `reads`. */
function buildInThread(job: SynthJob, writer: DistWriter, reads: Record<string, ReadShape>, timings: SynthTimings): void {
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
  keepHeapFlat();
  timings.stage += performance.now() - t;
}

/** The new cache with each folder's reads: from this run's build, or kept from the cache for a folder it served. */
function withReads(result: WriteSummary, previous: SynthCache | undefined, built: Record<string, ReadShape>): WriteSummary {
  const reads: Record<string, unknown> = {};
  for (const [folder, entry] of Object.entries(result.cache.folders)) {
    const kept = previous?.folders[folder] === entry ? previous.reads?.[folder] : undefined;
    if (built[folder] ?? kept) reads[folder] = built[folder] ?? kept;
  }
  return { ...result, cache: { ...result.cache, reads } };
}

/** Saves the cache unless this run served every folder from it unchanged. */
function updateCache(previous: SynthCache | undefined, result: WriteSummary, cacheFile: string): void {
  const same =
    previous !== undefined &&
    previous.distDir === result.cache.distDir &&
    result.rebuilt === 0 &&
    Object.keys(previous.folders).length === Object.keys(result.cache.folders).length;
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
  const writer = new DistWriter({ ...options, jobs: folderJobs(project, platformReadsOf(cache)), cache, backgroundWrites: WRITE_QUEUE });
  timings.plan += performance.now() - started;
  const misses = writer.misses as readonly SynthJob[];
  const queue = misses.filter((job) => job.tenant);
  const workers = queue.length >= WORKER_THRESHOLD ? (options.workers ?? defaultWorkers()) : 0;
  timings.workers = workers;
  const reads: Record<string, ReadShape> = {};
  const accept = (output: FolderOutput) => {
    const t = performance.now();
    writer.accept(output);
    keepHeapFlat();
    timings.stage += performance.now() - t;
  };
  try {
    if (workers > 0) {
      const pool = new WorkerPool(project.platform, workers, accept, () => writer.drain(), timings);
      try {
        let next = 0;
        const take = () => (next < queue.length ? queue[next++] : undefined);
        const done = pool.run(take);
        done.catch(() => undefined); // a failure surfaces through check() or the await below
        // This thread builds too, yielding between tenants so worker results get written.
        for (let job = take(); job; job = take()) {
          buildInThread(job, writer, reads, timings);
          await writer.drain();
          await new Promise((resolve) => setImmediate(resolve));
          pool.check();
        }
        await done;
      } finally {
        await pool.close();
      }
    } else {
      for (const job of queue) {
        buildInThread(job, writer, reads, timings);
        await writer.drain();
      }
    }
    for (const job of misses) if (!job.tenant) buildInThread(job, writer, reads, timings);
    const t = performance.now();
    await writer.settle();
    const result = withReads(writer.commit(), cache, reads);
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
 * This thread, the writer thread and V8's own helper threads already keep two cores
 * busy: measured on 2 cores, a build worker bought no time and cost ~130 MiB. Build
 * workers start only where cores are left over.
 */
export function defaultWorkers(): number {
  return Math.max(0, Math.min(availableParallelism() - 2, 3));
}

/**
 * Heap growth (bytes) allowed before a forced collection. cdk8s trees are short-lived
 * but survive long enough to be promoted, and V8 lets them pile up for thousands of
 * tenants; collecting at a fixed headroom keeps peak memory flat whatever the count.
 */
export const HEAP_HEADROOM = Number(process.env.TENANTRY_HEAP_HEADROOM_MB ?? 64) * 2 ** 20;

let gcFunction: (() => void) | null | undefined;
let heapFloor = 0;

/** Collects garbage once the heap has grown HEAP_HEADROOM past what the last collection left; a no-op where V8 refuses. */
export function keepHeapFlat(): void {
  if (getHeapStatistics().used_heap_size < heapFloor + HEAP_HEADROOM) return;
  if (gcFunction === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gcFunction = runInNewContext('gc') as () => void;
    } catch {
      gcFunction = null;
    }
  }
  gcFunction?.();
  heapFloor = getHeapStatistics().used_heap_size;
}

/** tsx's programmatic loader: workers load TypeScript the same way `tsx main.ts` does. */
function tsxApiUrl(): string {
  return pathToFileURL(join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'api', 'index.mjs')).href;
}

/** Worker threads that build tenants handed to them in small batches. */
class WorkerPool {
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
  ) {
    const entry = new URL('./synth-worker.ts', import.meta.url).href;
    const bootstrap = `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
    this.workers = Array.from({ length: count }, () => new Worker(bootstrap, { eval: true, workerData: { platform } }));
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
              this.accept({ folder: reply.folder, files: new Map(reply.files), objects: reply.objects });
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
