/*
 * A vendored CRD's schema kept as JSON with the hash of Tenantry's code, the kind and the CRD's YAML,
 * in node_modules/.cache/tenantry/crd-schemas/ (safe to delete): the yaml package takes about half
 * a second for Argo CD's Application CRD on every check, JSON.parse about 5 ms.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../spec/atomic-write';
import { codeFingerprint, PROJECT_ROOT } from '../spec/code-fingerprint';
import { inCi } from './ci';
import { isPlainObject } from './schema-issues';

/** Bumped whenever what is stored changes meaning; part of every entry's name. */
const FORMAT = 1;

type Schema = Record<string, unknown>;

/** What parsing a CRD gives: its schema, and whether JSON keeps it as it is (no YAML alias shares a node). */
export interface ParsedCrdSchema {
  readonly schema: Schema;
  readonly storable: boolean;
}

/** The cache's folder: none in CI, where the gate trusts nothing left on the machine, nor without node_modules/. */
export function crdSchemaCache(env: NodeJS.ProcessEnv = process.env, root = PROJECT_ROOT): string | null {
  return inCi(env) || !existsSync(join(root, 'node_modules')) ? null : join(root, 'node_modules', '.cache', 'tenantry', 'crd-schemas');
}

/**
 * The schema `parse` gives for `text`, read from the cache when an earlier run of this code stored
 * it. One file per kind, holding the hash it was stored under, so a new version replaces the old
 * one. A missing, stale or damaged entry is parsed and stored again; a cache that cannot be
 * written is left alone; `dir` null reads and stores nothing.
 */
export function cachedCrdSchema(key: string, text: string, parse: () => ParsedCrdSchema, dir: string | null = crdSchemaCache()): Schema {
  if (dir === null) return parse().schema;
  const file = join(dir, `${key.replace(/[^A-Za-z0-9.-]+/g, '_')}.json`);
  const hash = createHash('sha256').update(`${FORMAT}\0${codeFingerprint()}\0${key}\0`).update(text).digest('hex');
  try {
    const stored: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (isPlainObject(stored) && stored.hash === hash && isPlainObject(stored.schema)) return stored.schema;
  } catch {
    // not stored yet, or damaged: parsed below
  }
  const { schema, storable } = parse();
  if (storable) {
    try {
      writeAtomically(file, JSON.stringify({ hash, schema }));
    } catch {
      // a read-only node_modules: the next run parses again
    }
  }
  return schema;
}
