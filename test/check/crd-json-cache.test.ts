import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedCrdSchema, crdSchemaCache } from '../../lib/check/crd-json-cache';
import { tempDirs } from '../support/temp';

const KEY = 'argoproj.io/v1alpha1/AppProject';
const TEXT = 'kind: CustomResourceDefinition\n';
const SCHEMA = { type: 'object', properties: { spec: { type: 'object' } } };

const tempDir = tempDirs('tenantry-crd-cache-');
const cacheDir = () => join(tempDir(), 'crd-schemas');

/** cachedCrdSchema with a parse that counts its calls. */
function counting(dir: string | null, text = TEXT, key = KEY, storable = true) {
  let parses = 0;
  const schema = cachedCrdSchema(key, text, () => (parses++, { schema: structuredClone(SCHEMA), storable }), dir);
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

  it('parses again for another text, replacing the kind\'s entry, and keeps another kind apart', () => {
    // GIVEN a cache holding one CRD's schema
    const dir = cacheDir();
    counting(dir);

    // WHEN a changed text, another kind and the changed text again are asked for
    const changed = counting(dir, `${TEXT}# upgraded\n`);
    const otherKind = counting(dir, TEXT, 'argoproj.io/v1alpha1/Application');
    const again = counting(dir, `${TEXT}# upgraded\n`);

    // THEN the first two are parsed and stored, one file per kind, and the third read
    expect([changed.parses, otherKind.parses, again.parses]).toEqual([1, 1, 0]);
    expect(readdirSync(dir).sort()).toEqual(['argoproj.io_v1alpha1_AppProject.json', 'argoproj.io_v1alpha1_Application.json']);
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

  it('parses again under another code fingerprint', () => {
    // GIVEN a cache holding the CRD's schema
    const dir = cacheDir();
    counting(dir);

    // WHEN the code that reads it differs (cdk8s' unsorted switch is part of the fingerprint)
    process.env.CDK8S_DISABLE_SORT = '1';
    const other = (() => {
      try {
        return counting(dir);
      } finally {
        delete process.env.CDK8S_DISABLE_SORT;
      }
    })();

    // THEN the stored entry is not used, and is replaced
    expect(other.parses).toBe(1);
    expect(readdirSync(dir)).toHaveLength(1);
    expect(counting(dir).parses).toBe(1);
  });

  it('never stores a schema its parse says JSON would change, nor reads or stores without a folder', () => {
    // GIVEN an empty cache
    const dir = cacheDir();

    // WHEN a schema that is not storable is asked for twice, and one without a folder
    const first = counting(dir, TEXT, KEY, false);
    const second = counting(dir, TEXT, KEY, false);
    const nowhere = counting(null);

    // THEN each is parsed and nothing is stored
    expect([first.parses, second.parses, nowhere.parses]).toEqual([1, 1, 1]);
    expect(readdirSync(dirname(dir))).toEqual([]);
  });
});

describe('crdSchemaCache', () => {
  it('is the project\'s node_modules/.cache/tenantry/crd-schemas/, and none in CI or without node_modules/', () => {
    // GIVEN a project with node_modules/ and one without
    const root = dirname(cacheDir());
    const bare = dirname(cacheDir());
    mkdirSync(join(root, 'node_modules'));

    // WHEN the folder is asked for in and out of CI
    // THEN only the project with node_modules/, outside CI, has one
    expect(crdSchemaCache({}, root)).toBe(join(root, 'node_modules', '.cache', 'tenantry', 'crd-schemas'));
    expect(crdSchemaCache({ CI: 'true' }, root)).toBeNull();
    expect(crdSchemaCache({}, bare)).toBeNull();
  });
});
