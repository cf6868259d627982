import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { GENERATED_MARKER, KUSTOMIZATION_FILE, type FolderOutput } from './synth';

/*
 * Writes dist/ so that it is never half-written: the new tree is assembled in a sibling
 * staging folder (unchanged files are hard-linked, so they keep their inode and mtime),
 * then swapped in with two renames. A crash between the renames is repaired on the
 * next run. Files Tenantry did not generate are carried over and reported.
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
  /** File name → "size:mtimeMs" as written. */
  readonly files: Readonly<Record<string, string>>;
}

export interface SynthCache {
  readonly folders: Readonly<Record<string, CachedFolder>>;
}

export interface WriteOptions {
  readonly distDir: string;
  readonly jobs: readonly FolderJob[];
  readonly cache?: SynthCache;
  /** Rebuild every folder, ignoring the cache. @default false */
  readonly force?: boolean;
  /** Called after each folder. @default - none */
  readonly onProgress?: (done: number, total: number) => void;
  /** The file writer; tests inject a failing one. @default fs.writeFileSync */
  readonly writeFile?: (path: string, content: string) => void;
}

export interface WriteSummary {
  readonly folders: number;
  readonly objects: number;
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
  /** Folders served from the cache without rebuilding. */
  readonly reused: number;
  /** Paths under dist/ that Tenantry did not generate; kept, never deleted. */
  readonly foreign: readonly string[];
  readonly cache: SynthCache;
}

interface ExistingFolder {
  /** Files the folder's Tenantry kustomization.yaml lists, plus that file itself. */
  readonly generated: ReadonlySet<string>;
  readonly files: readonly string[];
}

export function writeDist(options: WriteOptions): WriteSummary {
  const { distDir } = options;
  recoverInterruptedSwap(distDir);
  const existing = scanDist(distDir);
  const previous = options.force ? {} : (options.cache?.folders ?? {});
  const hits = new Set(options.jobs.filter((job) => isCacheHit(distDir, job, previous[job.folder])).map((job) => job.folder));

  const foreign = foreignFiles(existing);
  const nothingToDo =
    hits.size === options.jobs.length &&
    existing.folders.size === options.jobs.length &&
    options.jobs.every((job) => existing.folders.has(job.folder));
  if (nothingToDo) {
    options.onProgress?.(options.jobs.length, options.jobs.length);
    const folders = Object.fromEntries(options.jobs.map((job) => [job.folder, previous[job.folder]!]));
    return summary(options.jobs.length, folders, { written: 0, removed: 0, reused: hits.size, foreign }, countFiles(folders));
  }

  const staging = join(dirname(distDir), `.${basename(distDir)}.staging`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const write = options.writeFile ?? ((path: string, content: string) => writeFileSync(path, content));
  let written = 0;
  let unchanged = 0;
  let removed = 0;
  const folders: Record<string, CachedFolder> = {};
  try {
    options.jobs.forEach((job, index) => {
      const target = join(staging, job.folder);
      mkdirSync(target);
      const cached = previous[job.folder];
      if (hits.has(job.folder) && cached) {
        for (const name of Object.keys(cached.files)) linkSync(join(distDir, job.folder, name), join(target, name));
        unchanged += Object.keys(cached.files).length;
        folders[job.folder] = cached;
      } else {
        const output = job.build();
        const files: Record<string, string> = {};
        for (const [name, content] of output.files) {
          const current = join(distDir, job.folder, name);
          const next = join(target, name);
          if (sameContent(current, content)) {
            linkSync(current, next);
            unchanged++;
          } else {
            write(next, content);
            written++;
          }
          files[name] = signature(next);
        }
        folders[job.folder] = { inputKey: job.inputKey, objects: output.objects, files };
      }
      options.onProgress?.(index + 1, options.jobs.length);
    });
    for (const [folder, { generated }] of existing.folders) {
      if (!folders[folder]) removed += generated.size;
      else removed += [...generated].filter((name) => !(name in folders[folder]!.files)).length;
    }
    for (const path of foreign) {
      const target = join(staging, path);
      if (existsSync(target)) continue; // a generated file of the same name takes its place
      mkdirSync(dirname(target), { recursive: true });
      linkSync(join(distDir, path), target);
    }
    swapIn(staging, distDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return summary(options.jobs.length, folders, { written, removed, reused: hits.size, foreign }, unchanged);
}

function summary(
  count: number,
  folders: Record<string, CachedFolder>,
  counts: { written: number; removed: number; reused: number; foreign: readonly string[] },
  unchanged: number,
): WriteSummary {
  const objects = Object.values(folders).reduce((sum, f) => sum + f.objects, 0);
  return { folders: count, objects, unchanged, ...counts, cache: { folders } };
}

function countFiles(folders: Record<string, CachedFolder>): number {
  return Object.values(folders).reduce((sum, f) => sum + Object.keys(f.files).length, 0);
}

function swapIn(staging: string, distDir: string): void {
  const old = retiredPath(distDir);
  rmSync(old, { recursive: true, force: true });
  if (existsSync(distDir)) renameSync(distDir, old);
  renameSync(staging, distDir);
  rmSync(old, { recursive: true, force: true });
}

function retiredPath(distDir: string): string {
  return join(dirname(distDir), `.${basename(distDir)}.previous`);
}

/** A crash between the two renames leaves dist/ missing and its previous copy beside it. */
export function recoverInterruptedSwap(distDir: string): void {
  const old = retiredPath(distDir);
  if (!existsSync(old)) return;
  if (existsSync(distDir)) rmSync(old, { recursive: true, force: true });
  else renameSync(old, distDir);
}

function isCacheHit(distDir: string, job: FolderJob, cached: CachedFolder | undefined): boolean {
  if (!cached || cached.inputKey !== job.inputKey) return false;
  for (const [name, expected] of Object.entries(cached.files)) {
    if (signatureOrUndefined(join(distDir, job.folder, name)) !== expected) return false;
  }
  return true;
}

function signature(path: string): string {
  const stat = statSync(path);
  return `${stat.size}:${stat.mtimeMs}`;
}

function signatureOrUndefined(path: string): string | undefined {
  try {
    return signature(path);
  } catch {
    return undefined;
  }
}

function sameContent(path: string, content: string): boolean {
  try {
    const stat = statSync(path);
    if (stat.size !== Buffer.byteLength(content)) return false;
    return readFileSync(path, 'utf8') === content;
  } catch {
    return false;
  }
}

interface DistScan {
  readonly folders: ReadonlyMap<string, ExistingFolder>;
  /** Top-level entries that are not Tenantry folders. */
  readonly strays: readonly string[];
}

/** What dist/ holds now, and which of it Tenantry generated (per each folder's kustomization.yaml). */
export function scanDist(distDir: string): DistScan & { readonly folders: Map<string, ExistingFolder> } {
  const folders = new Map<string, ExistingFolder>();
  const strays: string[] = [];
  if (!existsSync(distDir)) return { folders, strays };
  for (const entry of readdirSync(distDir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory()) {
      strays.push(entry.name);
      continue;
    }
    const dir = join(distDir, entry.name);
    const files = listFiles(dir);
    const generated = generatedFiles(dir);
    if (generated) folders.set(entry.name, { generated, files });
    else strays.push(...files.map((f) => `${entry.name}/${f}`));
  }
  return { folders, strays };
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? listFiles(dir, join(prefix, e.name)) : [join(prefix, e.name)]));
}

function generatedFiles(dir: string): Set<string> | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, KUSTOMIZATION_FILE), 'utf8');
  } catch {
    return undefined;
  }
  if (!text.startsWith(GENERATED_MARKER)) return undefined;
  const resources = [...text.matchAll(/^ {2}- (.+)$/gm)].map((m) => m[1]!.replace(/^"(.*)"$/, '$1'));
  return new Set([KUSTOMIZATION_FILE, ...resources]);
}

function foreignFiles(scan: DistScan): string[] {
  const foreign = [...scan.strays];
  for (const [folder, { generated, files }] of scan.folders) {
    for (const file of files) if (!generated.has(file)) foreign.push(`${folder}/${file}`);
  }
  return foreign.sort();
}
