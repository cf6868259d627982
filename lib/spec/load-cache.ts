/*
 * The load cache: per tenant file, what reading it as data, scanning it for secrets and validating
 * it produced, keyed by a hash of its content, so an unchanged file is not parsed, scanned or
 * validated again. Kept in <root>/node_modules/.cache/tenantry/ (safe to delete; `synth --force` ignores it).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { codeFingerprint } from './code-fingerprint';
import type { ResolvedTenant } from './resolve';
import type { TenantSpec } from './schema';
import type { ReadResult } from './tenant-reader';

/** Bumped whenever an entry's shape changes; a cache of another version is ignored. */
export const LOAD_CACHE_VERSION = 1;

export interface FileEntry {
  /** Hash of Tenantry's code, the project root, the file's path and its content. */
  readonly hash: string;
  readonly read: ReadResult;
  /** The secret-scan errors of the file's strings. */
  readonly secrets: readonly string[];
  /** The validated spec and resolved tenant, for the platform whose key is `platformKey`. */
  readonly validated?: { readonly platformKey: string; readonly spec: TenantSpec; readonly tenant: ResolvedTenant };
}

interface StoredCache {
  readonly version: number;
  readonly files: Readonly<Record<string, FileEntry>>;
  /** platform.ts' secret-scan errors, by the hash of its value. */
  readonly platform?: { readonly key: string; readonly secrets: readonly string[] };
}

/** The cache file for a project, or undefined when the project has no node_modules/ to keep it in. */
export function loadCacheFile(root: string): string | undefined {
  return existsSync(join(root, 'node_modules')) ? join(root, 'node_modules', '.cache', 'tenantry', 'load-cache.json') : undefined;
}

/** One run's view of the cache: what it found, and what it learnt, saved once at the end. */
export class LoadCache {
  private readonly previous: StoredCache | undefined;
  private readonly files: Record<string, FileEntry> = {};
  private platform: StoredCache['platform'];
  private changed = false;

  /**
   * `file` undefined: nothing is read or saved, every lookup misses. `code` is Tenantry's
   * code fingerprint: another Tenantry version hashes every file differently.
   */
  constructor(
    private readonly file: string | undefined,
    private readonly root: string,
    private readonly code = codeFingerprint(),
  ) {
    this.previous = file ? readStored(file) : undefined;
    this.platform = this.previous?.platform;
  }

  hashOf(file: string, text: string): string {
    return createHash('sha256').update(this.code).update('\0').update(this.root).update('\0').update(file).update('\0').update(text).digest('hex');
  }

  /** The entry for `file` if its hash is still `hash`; it is kept for the next run. */
  hit(file: string, hash: string): FileEntry | undefined {
    const entry = this.previous?.files[file];
    if (!entry || entry.hash !== hash) return undefined;
    this.files[file] = entry;
    return entry;
  }

  store(file: string, entry: FileEntry): void {
    this.files[file] = entry;
    this.changed = true;
  }

  /** Adds the validated spec and tenant to the file's entry (read and scanned already this run). */
  storeValidated(file: string, validated: NonNullable<FileEntry['validated']>): void {
    const entry = this.files[file];
    if (!entry || entry.validated?.platformKey === validated.platformKey) return;
    this.files[file] = { ...entry, validated };
    this.changed = true;
  }

  platformSecrets(key: string): readonly string[] | undefined {
    return this.platform?.key === key ? this.platform.secrets : undefined;
  }

  storePlatformSecrets(key: string, secrets: readonly string[]): void {
    this.platform = { key, secrets };
    this.changed = true;
  }

  /** Saves the cache when this run changed it or dropped files; written to a temporary file and renamed. */
  save(): void {
    if (!this.file) return;
    const dropped = Object.keys(this.previous?.files ?? {}).some((file) => !Object.hasOwn(this.files, file));
    if (!this.changed && !dropped && this.previous) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.${threadId}.tmp`;
    writeFileSync(temporary, JSON.stringify({ version: LOAD_CACHE_VERSION, files: this.files, platform: this.platform } satisfies StoredCache));
    renameSync(temporary, this.file);
  }
}

function readStored(file: string): StoredCache | undefined {
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredCache;
    return stored?.version === LOAD_CACHE_VERSION && typeof stored.files === 'object' && stored.files !== null ? stored : undefined;
  } catch {
    return undefined;
  }
}

export function hashValue(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value) ?? 'undefined').digest('hex');
}
