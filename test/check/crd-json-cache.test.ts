import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedCrdSchema } from '../../lib/check/crd-json-cache';

const KEY = 'argoproj.io/v1alpha1/AppProject';
const TEXT = 'kind: CustomResourceDefinition\n';
const SCHEMA = { type: 'object', properties: { spec: { type: 'object' } } };

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const cacheDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenantry-crd-cache-'));
  dirs.push(dir);
  return join(dir, 'crd-schemas');
};

/** cachedCrdSchema with a parse that counts its calls. */
function counting(dir: string, text = TEXT, key = KEY) {
  let parses = 0;
  const schema = cachedCrdSchema(key, text, () => (parses++, structuredClone(SCHEMA)), dir);
  return { schema, parses };
}

describe('cachedCrdSchema', () => {
  it('parses a CRD once and reads the stored schema on every later run', () => {
    // GIVEN an empty cache
    const dir = cacheDir();

    // WHEN the same CRD text is asked for twice
    const first = counting(dir);
    const second = counting(dir);

    // THEN only the first parses; both give the schema, each a copy of its own
    expect([first.parses, second.parses]).toEqual([1, 0]);
    expect(second.schema).toEqual(SCHEMA);
    expect(second.schema).not.toBe(first.schema);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('parses again for another text or another kind of the same text', () => {
    // GIVEN a cache holding one CRD's schema
    const dir = cacheDir();
    counting(dir);

    // WHEN a changed text and another kind are asked for
    const changed = counting(dir, `${TEXT}# upgraded\n`);
    const otherKind = counting(dir, TEXT, 'argoproj.io/v1alpha1/Application');

    // THEN each is parsed and stored under a name of its own
    expect([changed.parses, otherKind.parses]).toEqual([1, 1]);
    expect(readdirSync(dir)).toHaveLength(3);
  });

  it('parses again when the stored entry is damaged, and repairs it', () => {
    // GIVEN a cache whose one entry is cut short
    const dir = cacheDir();
    counting(dir);
    writeFileSync(join(dir, readdirSync(dir)[0]!), '{"type": "obj');

    // WHEN the CRD is asked for twice more
    const repaired = counting(dir);
    const after = counting(dir);

    // THEN the damaged entry is parsed and stored again, then read
    expect([repaired.parses, after.parses]).toEqual([1, 0]);
    expect(after.schema).toEqual(SCHEMA);
  });

  it('gives the parse when the cache cannot be written', () => {
    // GIVEN a cache folder that cannot be made: a file stands where its parent should be
    const parent = cacheDir();
    writeFileSync(parent, 'not a folder');

    // WHEN the CRD is asked for twice
    const first = counting(join(parent, 'crd-schemas'));
    const second = counting(join(parent, 'crd-schemas'));

    // THEN each parses and gives the schema, with no error
    expect([first.parses, second.parses]).toEqual([1, 1]);
    expect(second.schema).toEqual(SCHEMA);
  });
});
