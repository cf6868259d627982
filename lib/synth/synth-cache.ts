/*
 * The incremental-synthesis cache: per folder, the hash of its inputs and of its files, kept
 * in node_modules/.cache/tenantry/ (safe to delete; `synth --force` ignores it).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../spec/atomic-write';
import { PROJECT_ROOT } from '../spec/code-fingerprint';
import type { ProjectMemo } from './project-memo';

export const CACHE_FILE = join(PROJECT_ROOT, 'node_modules', '.cache', 'tenantry', 'synth-cache.json');

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
  /** The project this cache's folders were synthesized from, when its key was known. */
  readonly project?: ProjectMemo;
}

export function hashOf(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/** Hash of a folder's files, names and contents, in their (sorted) order. */
export function hashFiles(files: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const [name, content] of files) hash.update(name).update('\0').update(content).update('\0');
  return hash.digest('hex');
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
  writeAtomically(path, JSON.stringify(cache));
}
