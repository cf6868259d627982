import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CACHE_FILE, CACHE_VERSION, codeFingerprint, hashOf, readCache, saveCache, type SynthCache } from '../../lib/synth/synth-cache';
import { tempDirs } from '../support/temp';

const tempDir = tempDirs('tenantry-synth-cache-test-');
const MODULE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'lib', 'synth', 'synth-cache.ts');

const CACHE: SynthCache = {
  version: CACHE_VERSION,
  distDir: '/repo/dist',
  folders: {
    acme: { inputKey: 'k1', objects: 2, outputHash: 'h1', names: ['Namespace.acme-web.yaml', 'kustomization.yaml'], sizes: [10, 20], mtimes: [1.5, 2.5], dirMtime: 3, foreign: ['notes.txt'] },
  },
  reads: { _platform: { fields: { id: {} } } },
};

/**
 * A project tree holding a copy of synth-cache.ts at lib/synth/ and the given files, so
 * codeFingerprint() hashes that tree (its root comes from the module's own location).
 */
async function fingerprintOf(files: Record<string, string>): Promise<string> {
  const root = tempDir();
  for (const dir of ['constructs', 'imports', 'lib/synth']) mkdirSync(join(root, dir), { recursive: true });
  copyFileSync(MODULE, join(root, 'lib', 'synth', 'synth-cache.ts'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const copy = (await import(pathToFileURL(join(root, 'lib', 'synth', 'synth-cache.ts')).href)) as { codeFingerprint: () => string };
  return copy.codeFingerprint();
}

const TREE = {
  'constructs/tenant.ts': 'export const tenant = 1;\n',
  'lib/spec/deep/names.ts': 'export const name = "a";\n',
  'imports/k8s.ts': 'export const k8s = 1;\n',
  'package.json': '{}\n',
  'package-lock.json': '{}\n',
};

describe('readCache', () => {
  it('reads back a cache of this version', () => {
    // GIVEN
    const path = join(tempDir(), 'cache.json');
    writeFileSync(path, JSON.stringify(CACHE));

    // WHEN
    const cache = readCache(path);

    // THEN
    expect(cache).toEqual(CACHE);
  });

  it.each([
    ['another version', JSON.stringify({ ...CACHE, version: CACHE_VERSION - 1 })],
    ['a newer version', JSON.stringify({ ...CACHE, version: CACHE_VERSION + 1 })],
    ['no folders', JSON.stringify({ version: CACHE_VERSION })],
    ['null folders', JSON.stringify({ version: CACHE_VERSION, folders: null })],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['garbage', '{"version": 3, "folders": {'],
    ['an empty file', ''],
  ])('ignores a cache with %s', (_, text) => {
    // GIVEN
    const path = join(tempDir(), 'cache.json');
    writeFileSync(path, text);

    // WHEN
    const cache = readCache(path);

    // THEN
    expect(cache).toBeUndefined();
  });

  it('ignores a cache that does not exist', () => {
    // GIVEN
    const path = join(tempDir(), 'missing', 'cache.json');

    // WHEN
    const cache = readCache(path);

    // THEN
    expect(cache).toBeUndefined();
  });
});

describe('saveCache', () => {
  it('round-trips through readCache, creating its folder', () => {
    // GIVEN
    const path = join(tempDir(), 'node_modules', '.cache', 'tenantry', 'synth-cache.json');

    // WHEN
    saveCache(CACHE, path);

    // THEN
    expect(readCache(path)).toEqual(CACHE);
  });

  it('replaces the previous cache whole and leaves no temporary file behind', () => {
    // GIVEN
    const dir = tempDir();
    const path = join(dir, 'cache.json');
    writeFileSync(path, JSON.stringify({ ...CACHE, folders: { ...CACHE.folders, globex: CACHE.folders.acme! } }) + ' '.repeat(10_000));
    const next: SynthCache = { version: CACHE_VERSION, folders: {} };

    // WHEN
    saveCache(next, path);

    // THEN
    expect(readFileSync(path, 'utf8')).toBe(JSON.stringify(next));
    expect(readdirSync(dir)).toEqual(['cache.json']);
  });
});

describe('hashOf', () => {
  it('is stable and keeps the parts apart', () => {
    // GIVEN
    const parts = ['ab', 'c'];

    // WHEN
    const hash = hashOf(...parts);

    // THEN
    expect(hash).toBe(hashOf('ab', 'c'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toBe(hashOf('a', 'bc'));
    expect(hash).not.toBe(hashOf('abc'));
  });
});

describe('codeFingerprint', () => {
  it('is stable for the project', () => {
    // GIVEN
    const first = codeFingerprint();

    // WHEN
    const second = codeFingerprint();

    // THEN
    expect(second).toBe(first);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
  });

  it('depends on the files\' names and contents, not on where the project lies', async () => {
    // GIVEN two copies of the same tree in different folders
    const trees = [TREE, TREE];

    // WHEN each is fingerprinted
    const [a, b] = await Promise.all(trees.map(fingerprintOf));

    // THEN
    expect(b).toBe(a);
  });

  it.each([
    ['a file in a lib/ subfolder', { 'lib/spec/deep/names.ts': 'export const name = "b";\n' }],
    ['a new file in a lib/ subfolder', { 'lib/check/new.ts': 'export {};\n' }],
    ['a construct', { 'constructs/tenant.ts': 'export const tenant = 2;\n' }],
    ['a generated import', { 'imports/k8s.ts': 'export const k8s = 2;\n' }],
    ['the locked dependencies', { 'package-lock.json': '{"lockfileVersion": 3}\n' }],
    ['package.json', { 'package.json': '{"version": "0.2.0"}\n' }],
  ])('changes with %s', async (_, change) => {
    // GIVEN
    const before = await fingerprintOf(TREE);

    // WHEN
    const after = await fingerprintOf({ ...TREE, ...change });

    // THEN
    expect(after).not.toBe(before);
  });

  it('ignores files that are not TypeScript', async () => {
    // GIVEN
    const before = await fingerprintOf(TREE);

    // WHEN
    const after = await fingerprintOf({ ...TREE, 'lib/spec/deep/README.md': 'notes\n', 'imports/crds/x.yaml': 'kind: X\n' });

    // THEN
    expect(after).toBe(before);
  });
});

describe('CACHE_FILE', () => {
  it('keeps its default cache outside dist/, under node_modules/.cache/tenantry', () => {
    // GIVEN
    const path = CACHE_FILE.split('\\').join('/');

    // WHEN
    const inNodeModules = /\/node_modules\/\.cache\/tenantry\/[^/]+\.json$/.test(path);

    // THEN
    expect(inNodeModules).toBe(true);
    expect(path.includes('/dist/')).toBe(false);
  });
});
