import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_FILE, CACHE_VERSION, hashFiles, hashOf, readCache, saveCache, type SynthCache } from '../../lib/synth/synth-cache';
import { tempDirs } from '../support/temp';

const tempDir = tempDirs('tenantry-synth-cache-test-');

const CACHE: SynthCache = {
  version: CACHE_VERSION,
  distDir: '/repo/dist',
  folders: {
    acme: { inputKey: 'k1', objects: 2, outputHash: 'h1', names: ['Namespace.acme-web.yaml', 'kustomization.yaml'], sizes: [10, 20], mtimes: [1.5, 2.5], dirMtime: 3, foreign: ['notes.txt'] },
  },
  reads: { _platform: { fields: { id: {} } } },
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

describe('hashFiles', () => {
  it('changes with any name or content, and only with them', () => {
    // GIVEN a folder's files
    const files = new Map([
      ['a.yaml', 'kind: A\n'],
      ['b.yaml', 'kind: B\n'],
    ]);

    // WHEN it is hashed as is, rebuilt equal, with one content changed and with one name changed
    const same = hashFiles(new Map(files));
    const edited = hashFiles(new Map([...files, ['b.yaml', 'kind: C\n']]));
    const renamed = hashFiles(new Map([['a.yaml', 'kind: A\n'], ['c.yaml', 'kind: B\n']]));
    // a name/content boundary moved must not collide either
    const shifted = hashFiles(new Map([['a.yamlk', 'ind: A\n'], ['b.yaml', 'kind: B\n']]));

    // THEN
    expect(hashFiles(files)).toBe(same);
    expect(new Set([same, edited, renamed, shifted]).size).toBe(4);
  });
});
