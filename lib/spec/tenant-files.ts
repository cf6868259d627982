/*
 * Lists and reads tenants/. Every entry must be a tenant file `<id>.ts`: a renamed, backed-up
 * or moved file is an error, never silently ignored, because a tenant that disappears from
 * the input is pruned from the cluster.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describeFsError } from './fs-errors';
import { readTenantSource, TENANT_FILE_LIMIT, type ReadResult } from './tenant-reader';

/** `<id>.ts` in lowercase; the id's own rules (length, DNS label) are the spec's to report. */
const TENANT_FILE = /^[a-z0-9][-a-z0-9]*\.ts$/;

/** A tenant file's default export as data, and the file (relative to the project root). */
export interface TenantSource {
  readonly file: string;
  readonly value: unknown;
}

export interface TenantFiles {
  readonly sources: readonly TenantSource[];
  readonly errors: readonly string[];
}

/** Turns one file's text into its data; the loader's cache answers for unchanged files. */
export type TenantParser = (file: string, text: string) => ReadResult;

/** One tenant file's text, named relative to the project root. */
export interface TenantText {
  readonly file: string;
  readonly text: string;
}

export interface TenantTexts {
  readonly texts: readonly TenantText[];
  readonly errors: readonly string[];
}

/** Reads every tenant file in `<root>/<tenantsDir>` as data; each file is read on its own. */
export async function readTenantFiles(root: string, tenantsDir = 'tenants', parse: TenantParser = (file, text) => readTenantSource(root, file, text)): Promise<TenantFiles> {
  const { texts, errors } = await readTenantTexts(root, tenantsDir);
  return parseTenantTexts(texts, errors, parse);
}

/** Each text turned into data, in order; the parser's errors follow `errors`. */
export function parseTenantTexts(texts: readonly TenantText[], errors: readonly string[], parse: TenantParser): TenantFiles {
  const sources: TenantSource[] = [];
  const all = [...errors];
  for (const { file, text } of texts) {
    const read = parse(file, text);
    // The value is taken on first use: the load cache parses an unchanged file's data only if it is validated again.
    if (read.ok)
      sources.push({
        file,
        get value() {
          return read.value;
        },
      });
    else all.push(...read.errors);
  }
  return { sources, errors: all };
}

/** The text of every tenant file in `<root>/<tenantsDir>`, sorted by name, without parsing any. */
export async function readTenantTexts(root: string, tenantsDir = 'tenants'): Promise<TenantTexts> {
  const dir = join(root, tenantsDir);
  let entries;
  try {
    entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      texts: [],
      errors: [missing ? `${tenantsDir}/: folder not found; create it and add one file per tenant, such as ${tenantsDir}/acme.ts` : describeFsError(error, `${tenantsDir}/`, 'list')],
    };
  }
  const errors: string[] = [];
  const texts: TenantText[] = [];
  for (const entry of entries) {
    const file = `${tenantsDir}/${entry.name}`;
    const problem = entryProblem(entry.name, entry.isFile(), entry.isDirectory());
    if (problem) {
      errors.push(`${file}${entry.isDirectory() ? '/' : ''}: ${problem}`);
      continue;
    }
    const text = readBounded(root, file, errors);
    if (text !== undefined) texts.push({ file, text });
  }
  return { texts, errors };
}

/** Why an entry of tenants/ is not a tenant file, with the fix; undefined for a tenant file. */
export function entryProblem(name: string, isFile: boolean, isDirectory: boolean): string | undefined {
  if (isDirectory) return 'a folder in tenants/; tenant files live directly in tenants/ as <id>.ts, so move its files up or out of tenants/';
  if (!isFile) return 'not a regular file (a link or a device); replace it with the tenant file itself';
  if (TENANT_FILE.test(name)) return undefined;
  const stem = name.replace(/^\.+/, '').split('.')[0]!.toLowerCase();
  const rename = /^[a-z0-9][-a-z0-9]*$/.test(stem) ? `rename it to tenants/${stem}.ts to keep the tenant` : 'rename it to <id>.ts to keep the tenant';
  return `not a tenant file (a tenant file is named <id>.ts, in lowercase), so its tenant would be pruned; ${rename}, or move it out of tenants/`;
}

/** One read buffer for every file: the reads are synchronous, and a fresh 256 KiB buffer per file cost more than the reads. */
const BUFFER = Buffer.allocUnsafe(TENANT_FILE_LIMIT + 1);

/**
 * The file's text, or undefined (with an error) when it cannot be read or is too large to be
 * a tenant file. Synchronous: a thousand small reads cost less than a thousand round trips
 * through the thread pool.
 */
function readBounded(root: string, file: string, errors: string[]): string | undefined {
  try {
    const fd = openSync(join(root, file), 'r');
    try {
      // One byte past the limit tells a file that is too large without a stat of every file.
      const bytesRead = readSync(fd, BUFFER, 0, BUFFER.length, 0);
      if (bytesRead > TENANT_FILE_LIMIT) {
        errors.push(`${file}: cannot be read — the file is ${Math.ceil(fstatSync(fd).size / 1024)} KiB, more than the ${TENANT_FILE_LIMIT / 1024} KiB a tenant file may have; split the tenant or shorten the file`);
        return undefined;
      }
      return BUFFER.toString('utf8', 0, bytesRead);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    errors.push(describeFsError(error, file, 'read'));
    return undefined;
  }
}
