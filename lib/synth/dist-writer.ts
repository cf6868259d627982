import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { compare } from '../spec/resolve';
import { generatedNames, KUSTOMIZATION_FILE, type FolderOutput } from './synth';

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

export interface CachedFolder {
  readonly inputKey: string;
  readonly objects: number;
  /** Hash of the folder's generated files (names and contents). */
  readonly outputHash: string;
  /** The generated files, in output order, with the size and mtime (ms) each had when written. */
  readonly names: readonly string[];
  readonly sizes: readonly number[];
  readonly mtimes: readonly number[];
  /** The folder's own mtime and the files in it Tenantry did not generate, so an untouched folder need not be listed again. */
  readonly dirMtime: number;
  readonly foreign: readonly string[];
}

/** Bumped whenever the cache's shape changes; a cache of another version is ignored. */
export const CACHE_VERSION = 3;

export interface SynthCache {
  readonly version: number;
  /** The dist/ folder the signatures belong to. */
  readonly distDir?: string;
  readonly folders: Readonly<Record<string, CachedFolder>>;
  /** Per folder, what its last build read of its inputs, where the pipeline tracks that. */
  readonly reads?: Readonly<Record<string, unknown>>;
}

export interface WriterOptions {
  readonly distDir: string;
  readonly jobs: readonly FolderJob[];
  readonly cache?: SynthCache;
  /** Rebuild every folder, ignoring the cache. @default false */
  readonly force?: boolean;
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

export interface ExistingFolder {
  /** Every file in the folder, relative to it, sorted. Listed on first use. */
  readonly files: readonly string[];
  /** Files the folder's Tenantry kustomization.yaml lists, plus that file itself; empty when it has none. Read on first use. */
  readonly generated: ReadonlySet<string>;
}

interface Journal {
  readonly replace: readonly string[];
  readonly delete: readonly string[];
}

const JOURNAL = '.tenantry-swap.json';
/** Fewer folders to build than this are written in the calling thread: starting writer threads would cost more. */
const BACKGROUND_MIN_FOLDERS = 32;
/** This disk creates files faster two at a time than one at a time (20,000 files: 1.3 s against 2.1 s); more did not help. */
const WRITER_THREADS = 2;

/** The writer thread: plain Node, no loader; writes each batch synchronously and reports sizes and mtimes. */
const WRITER_THREAD = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
parentPort.on('message', ({ id, files }) => {
  try {
    const signatures = files.map(([path, content]) => {
      const fd = fs.openSync(path, 'wx');
      try {
        fs.writeFileSync(fd, content);
        const stat = fs.fstatSync(fd);
        return [stat.size, stat.mtimeMs];
      } finally {
        fs.closeSync(fd);
      }
    });
    parentPort.postMessage({ id, signatures });
  } catch (error) {
    parentPort.postMessage({ id, error: error && error.message ? error.message : String(error) });
  }
});
`;

export function stagingPath(distDir: string): string {
  return join(dirname(distDir), `.${basename(distDir)}.staging`);
}

export function retiredPath(distDir: string): string {
  return join(dirname(distDir), `.${basename(distDir)}.previous`);
}

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

  constructor(options: WriterOptions) {
    this.distDir = options.distDir;
    this.staging = stagingPath(options.distDir);
    this.write = options.writeFile ?? ((path, content) => writeFileSync(path, content));
    this.onProgress = options.onProgress;
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
    const outputHash = hashFiles(output.files);
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
      this.writerThreads = Array.from({ length: WRITER_THREADS }, () => {
        const thread = new Worker(WRITER_THREAD, { eval: true });
        thread.on('message', (reply: { id: number; signatures?: [number, number][]; error?: string }) => {
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
        return thread;
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

/** Renames each staged folder into dist/; safe to run again on a half-applied journal. */
function applyJournal(distDir: string, journal: Journal): void {
  const staging = stagingPath(distDir);
  const retired = retiredPath(distDir);
  mkdirSync(retired, { recursive: true });
  for (const folder of journal.replace) {
    const source = join(staging, folder);
    if (!existsSync(source)) continue; // already swapped in
    const target = join(distDir, folder);
    if (existsSync(target)) {
      rmSync(join(retired, folder), { recursive: true, force: true });
      renameSync(target, join(retired, folder));
    }
    renameSync(source, target);
  }
  for (const folder of journal.delete) {
    const target = join(distDir, folder);
    if (!existsSync(target)) continue;
    rmSync(join(retired, folder), { recursive: true, force: true });
    renameSync(target, join(retired, folder));
  }
}

/**
 * Repairs what a crash left behind: a committed swap (journal present) is rolled
 * forward, an uncommitted staging folder is dropped, and a dist/ that an older
 * whole-tree swap left missing is put back from its previous copy.
 */
export function recoverInterruptedSwap(distDir: string): void {
  const staging = stagingPath(distDir);
  const retired = retiredPath(distDir);
  let journal: Journal | undefined;
  try {
    journal = JSON.parse(readFileSync(join(staging, JOURNAL), 'utf8')) as Journal;
  } catch {
    journal = undefined;
  }
  if (journal) {
    mkdirSync(distDir, { recursive: true });
    applyJournal(distDir, journal);
  } else if (!existsSync(distDir) && existsSync(retired)) {
    renameSync(retired, distDir);
  }
  rmSync(staging, { recursive: true, force: true });
  rmSync(retired, { recursive: true, force: true });
}

/** Hash of a folder's files, names and contents, in their (sorted) order. */
export function hashFiles(files: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const [name, content] of files) hash.update(name).update('\0').update(content).update('\0');
  return hash.digest('hex');
}

function sameContent(path: string, content: string): boolean {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat?.isFile() || stat.size !== Buffer.byteLength(content)) return false;
  return readFileSync(path, 'utf8') === content;
}

export interface DistScan {
  /** Every top-level folder, with the files Tenantry generated in it (none for a foreign folder). */
  readonly folders: ReadonlyMap<string, ExistingFolder>;
  /** Top-level files, which Tenantry never generates. */
  readonly strays: readonly string[];
}

/** What dist/ holds now, and which of it Tenantry generated (per each folder's kustomization.yaml). */
export function scanDist(distDir: string): DistScan {
  const folders = new Map<string, ExistingFolder>();
  const strays: string[] = [];
  if (!existsSync(distDir)) return { folders, strays };
  for (const entry of readdirSync(distDir, { withFileTypes: true }).sort((a, b) => compare(a.name, b.name))) {
    if (!entry.isDirectory()) {
      strays.push(entry.name);
      continue;
    }
    const dir = join(distDir, entry.name);
    let files: string[] | undefined;
    let generated: Set<string> | undefined;
    folders.set(entry.name, {
      get files() {
        return (files ??= listFiles(dir));
      },
      get generated() {
        return (generated ??= generatedFiles(dir));
      },
    });
  }
  return { folders, strays };
}

function listFiles(dir: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(prefix ? join(dir, prefix) : dir, { withFileTypes: true })) {
    const name = prefix ? join(prefix, entry.name) : entry.name;
    if (entry.isDirectory()) files.push(...listFiles(dir, name));
    else files.push(name);
  }
  return files.sort(compare);
}

function generatedFiles(dir: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(join(dir, KUSTOMIZATION_FILE), 'utf8');
  } catch {
    return new Set();
  }
  return generatedNames(text);
}
