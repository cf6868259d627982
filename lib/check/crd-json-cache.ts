/*
 * A vendored CRD's schema kept as JSON by the hash of its YAML, in
 * node_modules/.cache/tenantry/crd-schemas/ (safe to delete): the yaml package takes about half a
 * second for Argo CD's Application CRD on every check, JSON.parse about 5 ms.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { PROJECT_ROOT } from '../spec/code-fingerprint';
import { isPlainObject } from './schema-issues';

export const CRD_SCHEMA_CACHE = join(PROJECT_ROOT, 'node_modules', '.cache', 'tenantry', 'crd-schemas');

/** Bumped whenever what is stored changes meaning; part of every entry's name. */
const FORMAT = 1;

type Schema = Record<string, unknown>;

/**
 * The schema `parse` gives for `text`, read from the cache when an earlier run stored it. A missing
 * or damaged entry is parsed and stored again; a cache that cannot be written is left alone.
 */
export function cachedCrdSchema(key: string, text: string, parse: () => Schema, dir = CRD_SCHEMA_CACHE): Schema {
  const file = join(dir, `${createHash('sha256').update(`${FORMAT}\0${key}\0`).update(text).digest('hex')}.json`);
  try {
    const stored: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (isPlainObject(stored)) return stored;
  } catch {
    // not stored yet, or damaged: parsed below
  }
  const schema = parse();
  try {
    mkdirSync(dir, { recursive: true });
    const temporary = `${file}.${process.pid}.${threadId}.tmp`;
    writeFileSync(temporary, JSON.stringify(schema));
    renameSync(temporary, file);
  } catch {
    // a read-only node_modules: the next run parses again
  }
  return schema;
}
