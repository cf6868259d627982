/*
 * The load cache: per tenant file, what reading it as data, scanning it for secrets and validating
 * it produced, keyed by a hash of its content, so an unchanged file is not parsed, scanned or
 * validated again. Kept in <root>/node_modules/.cache/tenantry/ (safe to delete; `synth --force` ignores it).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from './atomic-write';
import { codeFingerprint } from './code-fingerprint';
import type { ResolvedTenant } from './resolve';
import type { TenantSpec } from './schema';
import type { ReadResult } from './tenant-reader';

/** Bumped whenever the file's or an entry's shape changes; a cache of another version is ignored. */
export const LOAD_CACHE_VERSION = 2;

export interface FileEntry {
  /** Hash of Tenantry's code, the project root, the file's path and its content. */
  readonly hash: string;
  readonly read: ReadResult;
  /** The secret-scan errors of the file's strings. */
  readonly secrets: readonly string[];
  /** The validated spec and resolved tenant, for the platform whose key is `platformKey`. */
  readonly validated?: { readonly platformKey: string; readonly spec: TenantSpec; readonly tenant: ResolvedTenant };
}

/*
 * The file is one header line, then one line per tenant file:
 *   <file as JSON> TAB <hash> TAB <{ ok, secrets, validated } as JSON> TAB <read as JSON>
 * A run that changes one file writes every other line back as it read it, and parses a file's
 * data (`read`) only when the file must be validated again (another platform.ts).
 */
interface Header {
  readonly version: number;
  /** platform.ts' secret-scan errors, by the hash of its value. */
  readonly platform?: { readonly key: string; readonly secrets: readonly string[] };
}

interface Stored {
  readonly header: Header;
  readonly lines: ReadonlyMap<string, string>;
}

type EntryMeta = Pick<FileEntry, 'secrets' | 'validated'> & { readonly ok: boolean };

/** The cache file for a project, or undefined when the project has no node_modules/ to keep it in. */
export function loadCacheFile(root: string): string | undefined {
  return existsSync(join(root, 'node_modules')) ? join(root, 'node_modules', '.cache', 'tenantry', 'load-cache.json') : undefined;
}

/** One run's view of the cache: what it found, and what it learnt, saved once at the end. */
export class LoadCache {
  private readonly previous: Stored | undefined;
  private readonly files = new Map<string, FileEntry>();
  /** Entries still as they were read: saved as the same line. */
  private readonly unchangedLines = new Map<string, string>();
  private platform: Header['platform'];
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
    this.platform = this.previous?.header.platform;
  }

  hashOf(file: string, text: string): string {
    return createHash('sha256').update(this.code).update('\0').update(this.root).update('\0').update(file).update('\0').update(text).digest('hex');
  }

  /** The entry for `file` if its hash is still `hash`; it is kept for the next run. */
  hit(file: string, hash: string): FileEntry | undefined {
    const line = this.previous?.lines.get(file);
    const entry = line === undefined ? undefined : entryOf(line, hash);
    if (!entry) return undefined;
    this.files.set(file, entry);
    this.unchangedLines.set(file, line!);
    return entry;
  }

  store(file: string, entry: FileEntry): void {
    this.files.set(file, entry);
    this.unchangedLines.delete(file);
    this.changed = true;
  }

  /** Adds the validated spec and tenant to the file's entry (read and scanned already this run). */
  storeValidated(file: string, validated: NonNullable<FileEntry['validated']>): void {
    const entry = this.files.get(file);
    if (!entry || entry.validated?.platformKey === validated.platformKey) return;
    this.store(file, { hash: entry.hash, read: entry.read, secrets: entry.secrets, validated });
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
    const dropped = [...(this.previous?.lines.keys() ?? [])].some((file) => !this.files.has(file));
    if (!this.changed && !dropped && this.previous) return;
    const header: Header = { version: LOAD_CACHE_VERSION, ...(this.platform ? { platform: this.platform } : {}) };
    const lines = [JSON.stringify(header)];
    for (const [file, entry] of this.files) lines.push(this.unchangedLines.get(file) ?? lineOf(file, entry));
    writeAtomically(this.file, `${lines.join('\n')}\n`);
  }
}

function lineOf(file: string, entry: FileEntry): string {
  const meta: EntryMeta = { ok: entry.read.ok, secrets: entry.secrets, ...(entry.validated ? { validated: entry.validated } : {}) };
  return `${JSON.stringify(file)}\t${entry.hash}\t${JSON.stringify(meta)}\t${JSON.stringify(entry.read)}`;
}

/** The entry a line holds if its hash is `hash`, its data parsed on first use. */
function entryOf(line: string, hash: string): FileEntry | undefined {
  const first = line.indexOf('\t');
  const second = line.indexOf('\t', first + 1);
  const third = line.indexOf('\t', second + 1);
  if (third < 0 || line.slice(first + 1, second) !== hash) return undefined;
  try {
    const meta = JSON.parse(line.slice(second + 1, third)) as EntryMeta;
    const readText = line.slice(third + 1);
    let read: ReadResult | undefined;
    const parsed = () => (read ??= parseRead(readText));
    // A file that read as data stays lazy until its value is wanted; a failed read is parsed now, for its errors.
    const lazy: ReadResult = meta.ok
      ? {
          ok: true,
          get value() {
            return (parsed() as { value: unknown }).value;
          },
        }
      : parsed();
    return { hash, read: lazy, secrets: meta.secrets, ...(meta.validated ? { validated: meta.validated } : {}) };
  } catch {
    return undefined;
  }
}

function parseRead(text: string): ReadResult {
  try {
    return JSON.parse(text) as ReadResult;
  } catch {
    throw new Error('the load cache (node_modules/.cache/tenantry/load-cache.json) is damaged; delete it and run the command again');
  }
}

function readStored(file: string): Stored | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const rows = text.split('\n');
  let header: Header;
  try {
    header = JSON.parse(rows[0]!) as Header;
  } catch {
    return undefined;
  }
  if (header?.version !== LOAD_CACHE_VERSION) return undefined;
  const lines = new Map<string, string>();
  for (const row of rows.slice(1)) {
    const tab = row.indexOf('\t');
    if (tab < 0) continue;
    try {
      lines.set(JSON.parse(row.slice(0, tab)) as string, row);
    } catch {
      // a damaged line is a miss
    }
  }
  return { header, lines };
}

export function hashValue(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value) ?? 'undefined').digest('hex');
}
