// Writes dist/ atomically per folder, rewriting only what changed.
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { compare } from '../spec/resolve';
import { scanDist, type ExistingFolder } from './dist-scan';
import { applyJournal, JOURNAL, recoverInterruptedSwap, retiredPath, stagingPath, type Journal } from './dist-swap';
import { CACHE_VERSION, hashFiles, type CachedFolder, type SynthCache } from './synth-cache';
import type { FolderOutput } from './dist-layout';
import { startWriterThreads, type WriterReply } from './writer-threads';

/*
 * Writes dist/ so that a reader never sees a half-written folder and a failure leaves
 * the previous dist/ as it was. Folders whose content changed are assembled in a
 * sibling staging folder (unchanged files hard-linked, so they keep their inode and
 * mtime); a journal then marks the commit point and the folders are swapped in one by
 * one with renames. A crash after the commit point is rolled forward on the next run,
 * a crash before it leaves dist/ untouched. Unchanged folders are never touched, so
 * a one-tenant change costs one folder, not the whole tree. Files Tenantry did not
 * generate are carried over and reported, never deleted.
 */

/** One folder to produce: `build` runs only when the cache cannot vouch for the folder. */
export interface FolderJob {
  readonly folder: string;
  /** Hash of everything the folder's content depends on. */
  readonly inputKey: string;
  readonly build: () => FolderOutput;
}

export interface WriterOptions {
  readonly distDir: string;
  readonly jobs: readonly FolderJob[];
  readonly cache?: SynthCache;
  /** Rebuild every folder, ignoring the cache. @default false */
  readonly force?: boolean;
  /** Folders verifyInBackground found holding exactly their cached files (same cache, same lock). @default - none */
  readonly intact?: ReadonlySet<string>;
  /** Called after each folder. @default - none */
  readonly onProgress?: (done: number, total: number) => void;
  /** The file writer; tests inject a failing one. @default fs.writeFileSync in this thread */
  readonly writeFile?: (path: string, content: string) => void;
  /**
   * Write new files on writer threads, with up to this many folders queued, so the
   * calling thread keeps building while the disk works; call `settle()` before
   * `commit()`. Ignored when `writeFile` is given.
   * @default 0 (write in this thread)
   */
  readonly backgroundWrites?: number;
}

export type WriteOptions = WriterOptions;

export interface WriteSummary {
  readonly folders: number;
  readonly objects: number;
  /** Files written with new content. */
  readonly written: number;
  /** Generated files kept as they were (same inode and mtime). */
  readonly unchanged: number;
  /** Generated files deleted (their object left the output). */
  readonly removed: number;
  /** Folders served from the cache without rebuilding. */
  readonly reused: number;
  /** Folders built this run. */
  readonly rebuilt: number;
  /** Folders swapped in or pruned, sorted. */
  readonly replaced: readonly string[];
  /** Paths under dist/ that Tenantry did not generate; kept, never deleted. */
  readonly foreign: readonly string[];
  readonly cache: SynthCache;
}

/** Fewer folders to build than this are written in the calling thread: starting writer threads would cost more. */
const BACKGROUND_MIN_FOLDERS = 32;

/**
 * One write of dist/: the constructor recovers an interrupted swap, scans dist/ and
 * checks the cache; then each folder in `misses` is built (in any order, on any
 * thread) and handed to `accept`; `commit` swaps the changed folders in. On any
 * error call `abort`: dist/ stays as it was.
 */
export class DistWriter {
  public readonly distDir: string;
  /** Jobs the cache cannot vouch for: build each and pass the output to `accept`. */
  public readonly misses: readonly FolderJob[];
  private readonly jobs: ReadonlyMap<string, FolderJob>;
  private readonly existing: ReadonlyMap<string, ExistingFolder>;
  private readonly strays: readonly string[];
  private readonly previous: Readonly<Record<string, CachedFolder>>;
  /** What each folder holds after this run (its dirMtime and foreign files are settled in commit). */
  private readonly folders: Record<string, CachedFolder> = {};
  private readonly carried = new Map<string, string[]>();
  private readonly replace: string[] = [];
  private readonly accepted = new Set<string>();
  private readonly staging: string;
  private readonly write: (path: string, content: string) => void;
  private readonly queueLimit: number;
  private writerThreads: Worker[] = [];
  private nextWrite = 0;
  private readonly pendingWrites = new Map<number, { sizes: number[]; mtimes: number[]; at: number[] }>();
  private inflight = 0;
  private waiters: { readonly limit: number; readonly wake: () => void }[] = [];
  private writeFailure: { error: unknown } | undefined;
  private readonly onProgress?: (done: number, total: number) => void;
  private stagingReady = false;
  private written = 0;
  private unchanged = 0;
  private removed = 0;
  private readonly reused: number;
  private readonly intact: ReadonlySet<string>;

  constructor(options: WriterOptions) {
    this.distDir = options.distDir;
    this.staging = stagingPath(options.distDir);
    this.write = options.writeFile ?? ((path, content) => writeFileSync(path, content));
    this.onProgress = options.onProgress;
    this.intact = options.intact ?? new Set();
    recoverInterruptedSwap(options.distDir);
    const scan = scanDist(options.distDir);
    this.existing = scan.folders;
    this.strays = scan.strays;
    const cache = options.cache?.version === CACHE_VERSION && options.cache.distDir === options.distDir ? options.cache : undefined;
    this.previous = options.force ? {} : (cache?.folders ?? {});
    this.jobs = new Map(options.jobs.map((job) => [job.folder, job]));
    if (this.jobs.size !== options.jobs.length) throw new Error('writeDist: two jobs write the same folder');
    const misses: FolderJob[] = [];
    for (const job of options.jobs) {
      const cached = this.previous[job.folder];
      if (cached && cached.inputKey === job.inputKey && this.onDisk(job.folder, cached)) {
        this.folders[job.folder] = cached;
        this.unchanged += cached.names.length;
      } else {
        misses.push(job);
      }
    }
    this.misses = misses;
    this.reused = options.jobs.length - misses.length;
    // A writer thread pays for itself only over many folders.
    this.queueLimit = options.writeFile || misses.length < BACKGROUND_MIN_FOLDERS ? 0 : (options.backgroundWrites ?? 0);
    this.onProgress?.(this.reused, this.jobs.size);
  }

  /**
   * Takes one built folder: compares it with dist/ and stages it if anything differs.
   * `inputKey` replaces the job's when the build itself found out what it depends on.
   */
  accept(output: FolderOutput, inputKey?: string): void {
    const { folder } = output;
    const job = this.jobs.get(folder);
    if (!job) throw new Error(`writeDist: no job for folder "${folder}"`);
    if (this.accepted.has(folder) || this.folders[folder]) throw new Error(`writeDist: folder "${folder}" was built twice`);
    this.accepted.add(folder);
    const outputHash = output.outputHash ?? hashFiles(output.files);
    const existing = this.existing.get(folder);
    const cached = this.previous[folder];
    const generatedGone = existing ? [...existing.generated].filter((name) => !output.files.has(name)) : [];
    const present = new Set(existing?.files ?? []);
    const same =
      existing !== undefined &&
      generatedGone.length === 0 &&
      (cached?.outputHash === outputHash && this.onDisk(folder, cached)
        ? true
        : [...output.files].every(([name, content]) => present.has(name) && sameContent(join(this.distDir, folder, name), content)));
    const names = [...output.files.keys()];
    const sizes: number[] = [];
    const mtimes: number[] = [];
    if (same) {
      for (const name of names) {
        const stat = statSync(join(this.distDir, folder, name));
        sizes.push(stat.size);
        mtimes.push(stat.mtimeMs);
      }
      this.unchanged += names.length;
    } else {
      const target = this.stage(folder);
      const later: [string, string][] = [];
      const at: number[] = [];
      for (const [name, content] of output.files) {
        const current = join(this.distDir, folder, name);
        const next = join(target, name);
        if (present.has(name) && sameContent(current, content)) {
          linkSync(current, next);
          this.unchanged++;
        } else if (this.queueLimit > 0) {
          later.push([next, content]);
          at.push(sizes.length);
          this.written++;
          sizes.push(0); // filled in when the writer thread reports
          mtimes.push(0);
          continue;
        } else {
          this.write(next, content);
          this.written++;
        }
        const stat = statSync(next);
        sizes.push(stat.size);
        mtimes.push(stat.mtimeMs);
      }
      if (later.length) this.writeInBackground(later, { sizes, mtimes, at });
      this.removed += generatedGone.length;
      this.carried.set(folder, existing ? this.carryForeign(folder, existing, target, output.files) : []);
      this.replace.push(folder);
    }
    this.folders[folder] = { inputKey: inputKey ?? job.inputKey, objects: output.objects, outputHash, names, sizes, mtimes, dirMtime: 0, foreign: [] };
    this.onProgress?.(this.reused + this.accepted.size, this.jobs.size);
  }

  /** Resolves once fewer than `limit` folders wait for the writer thread; rejects if a write failed. */
  async drain(limit = this.queueLimit): Promise<void> {
    if (this.inflight > 0 && this.inflight >= limit) await new Promise<void>((wake) => this.waiters.push({ limit, wake }));
    if (this.writeFailure) throw this.writeFailure.error;
  }

  /** Waits for every write in flight; rejects with the first failure. */
  async settle(): Promise<void> {
    await this.drain(1);
  }

  private writeInBackground(files: [string, string][], out: { sizes: number[]; mtimes: number[]; at: number[] }): void {
    if (!this.writerThreads.length) {
      this.writerThreads = startWriterThreads((thread) => {
        thread.on('message', (reply: WriterReply) => {
          const pending = this.pendingWrites.get(reply.id)!;
          this.pendingWrites.delete(reply.id);
          if (reply.error !== undefined) this.writeFailure ??= { error: new Error(reply.error) };
          else {
            reply.signatures!.forEach(([size, mtime], i) => {
              pending.sizes[pending.at[i]!] = size;
              pending.mtimes[pending.at[i]!] = mtime;
            });
          }
          this.finishWrite();
        });
        thread.on('error', (error) => {
          this.writeFailure ??= { error };
          while (this.inflight > 0) this.finishWrite();
        });
      });
    }
    const id = this.nextWrite++;
    this.pendingWrites.set(id, out);
    this.inflight++;
    this.writerThreads[id % this.writerThreads.length]!.postMessage({ id, files });
  }

  private finishWrite(): void {
    this.inflight--;
    const ready = this.waiters.filter((w) => this.inflight === 0 || this.inflight < w.limit);
    if (!ready.length) return;
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.wake();
  }

  /** Prunes removed folders and swaps every changed folder into dist/. */
  commit(): WriteSummary {
    if (this.inflight > 0) throw new Error('writeDist: commit() before settle(): writes are still in flight');
    if (this.writeFailure) throw this.writeFailure.error;
    const missing = this.misses.filter((job) => !this.accepted.has(job.folder)).map((job) => job.folder);
    if (missing.length) throw new Error(`writeDist: folders never built: ${missing.join(', ')}`);
    const deletions: string[] = [];
    const leftovers: string[] = [];
    for (const [folder, existing] of this.existing) {
      if (this.jobs.has(folder) || existing.generated.size === 0) continue;
      this.removed += existing.generated.size;
      const foreign = existing.files.filter((name) => !existing.generated.has(name));
      if (foreign.length) {
        this.carryForeign(folder, existing, this.stage(folder), new Map());
        this.replace.push(folder);
        leftovers.push(...foreign.map((name) => `${folder}/${name}`));
      } else {
        deletions.push(folder);
      }
    }
    if (this.replace.length || deletions.length) {
      mkdirSync(this.distDir, { recursive: true });
      this.stage(undefined);
      const journal: Journal = { replace: [...this.replace].sort(), delete: deletions.sort() };
      // The journal's rename is the commit point: from here on the swap is rolled forward.
      writeFileSync(join(this.staging, `${JOURNAL}.tmp`), JSON.stringify(journal));
      renameSync(join(this.staging, `${JOURNAL}.tmp`), join(this.staging, JOURNAL));
      applyJournal(this.distDir, journal);
    }
    this.cleanUp();
    const folders: Record<string, CachedFolder> = {};
    const foreign: string[] = [...this.strays, ...leftovers];
    for (const folder of this.jobs.keys()) {
      const entry = this.settleFolder(folder);
      folders[folder] = entry;
      foreign.push(...entry.foreign.map((name) => `${folder}/${name}`));
    }
    for (const [folder, existing] of this.existing) {
      if (!this.jobs.has(folder) && existing.generated.size === 0) foreign.push(...existing.files.map((name) => `${folder}/${name}`));
    }
    return {
      folders: this.jobs.size,
      objects: Object.values(folders).reduce((sum, f) => sum + f.objects, 0),
      written: this.written,
      unchanged: this.unchanged,
      removed: this.removed,
      reused: this.reused,
      rebuilt: this.accepted.size,
      replaced: [...this.replace, ...deletions].sort(),
      foreign: foreign.sort(compare),
      cache: { version: CACHE_VERSION, distDir: this.distDir, folders },
    };
  }

  /** Drops everything staged; dist/ is left as it was. With background writes, await `settle()` (ignoring its error) first. */
  abort(): void {
    this.cleanUp();
  }

  /** The folder's cache entry with its final mtime and foreign files; an untouched folder is listed again only if its mtime moved. */
  private settleFolder(folder: string): CachedFolder {
    const entry = this.folders[folder]!;
    const dirMtime = statSync(join(this.distDir, folder)).mtimeMs;
    const untouched = entry === this.previous[folder] && !this.replace.includes(folder);
    if (untouched && dirMtime === entry.dirMtime && !entry.foreign.some((name) => name.includes('/'))) return entry;
    const carried = this.carried.get(folder);
    const generated = new Set(entry.names);
    const foreign = carried ?? this.existing.get(folder)!.files.filter((name) => !generated.has(name));
    return { ...entry, dirMtime, foreign };
  }

  private cleanUp(): void {
    for (const thread of this.writerThreads) void thread.terminate();
    this.writerThreads = [];
    rmSync(this.staging, { recursive: true, force: true });
    rmSync(retiredPath(this.distDir), { recursive: true, force: true });
  }

  /** The staging copy of a folder (or the staging root), created on first use. */
  private stage(folder: string | undefined): string {
    if (!this.stagingReady) {
      rmSync(this.staging, { recursive: true, force: true });
      mkdirSync(this.staging, { recursive: true });
      this.stagingReady = true;
    }
    if (folder === undefined) return this.staging;
    const target = join(this.staging, folder);
    mkdirSync(target);
    return target;
  }

  /** Links the folder's foreign files into its staging copy; returns their names. */
  private carryForeign(folder: string, existing: ExistingFolder, target: string, generated: ReadonlyMap<string, string>): string[] {
    const carried: string[] = [];
    for (const name of existing.files) {
      // A generated file of the same name takes the foreign file's place.
      if (existing.generated.has(name) || generated.has(name)) continue;
      mkdirSync(dirname(join(target, name)), { recursive: true });
      linkSync(join(this.distDir, folder, name), join(target, name));
      carried.push(name);
    }
    return carried;
  }

  /** Whether dist/<folder> still holds exactly the files the cache recorded. */
  private onDisk(folder: string, cached: CachedFolder): boolean {
    // Matching signatures include kustomization.yaml's, so the folder's generated files are the cached ones.
    if (!this.existing.has(folder)) return false;
    if (this.intact.has(folder)) return true;
    const dir = `${this.distDir}/${folder}/`;
    for (let i = 0; i < cached.names.length; i++) {
      const stat = statSync(dir + cached.names[i], { throwIfNoEntry: false });
      if (stat?.size !== cached.sizes[i] || stat.mtimeMs !== cached.mtimes[i]) return false;
    }
    return true;
  }
}

/** Writes dist/ in one go, building each folder in this thread. */
export function writeDist(options: WriterOptions): WriteSummary {
  const writer = new DistWriter(options);
  try {
    for (const job of writer.misses) writer.accept(job.build());
    return writer.commit();
  } catch (error) {
    writer.abort();
    throw error;
  }
}


function sameContent(path: string, content: string): boolean {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat?.isFile() || stat.size !== Buffer.byteLength(content)) return false;
  return readFileSync(path, 'utf8') === content;
}
