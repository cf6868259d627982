import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { announced, codeFingerprint } from '../../lib/spec/code-fingerprint';
import { tempDirs } from '../support/temp';

const tempDir = tempDirs('tenantry-code-fingerprint-test-');
const MODULE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'lib', 'spec', 'code-fingerprint.ts');

/**
 * A project tree holding a copy of code-fingerprint.ts at lib/spec/ and the given files, so
 * codeFingerprint() hashes that tree (its root comes from the module's own location).
 */
async function fingerprintOf(files: Record<string, string>): Promise<string> {
  const root = tempDir();
  for (const dir of ['constructs', 'imports', 'lib/spec']) mkdirSync(join(root, dir), { recursive: true });
  copyFileSync(MODULE, join(root, 'lib', 'spec', 'code-fingerprint.ts'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const copy = (await import(pathToFileURL(join(root, 'lib', 'spec', 'code-fingerprint.ts')).href)) as { codeFingerprint: () => string };
  return copy.codeFingerprint();
}

const TREE = {
  'constructs/tenant.ts': 'export const tenant = 1;\n',
  'lib/spec/deep/names.ts': 'export const name = "a";\n',
  'imports/k8s.ts': 'export const k8s = 1;\n',
  'package.json': '{}\n',
  'package-lock.json': '{}\n',
};

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
    ['a vendored CRD', { 'imports/crds/x.yaml': 'kind: CustomResourceDefinition\n' }],
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

  it('ignores files that are not TypeScript, but for the CRDs under imports/', async () => {
    // GIVEN
    const before = await fingerprintOf(TREE);

    // WHEN
    const after = await fingerprintOf({ ...TREE, 'lib/spec/deep/README.md': 'notes\n', 'lib/spec/deep/x.yaml': 'kind: X\n' });

    // THEN
    expect(after).toBe(before);
  });

  it("is the launcher's hash of its sources when it ran through bin/tenantry.mjs", async () => {
    // GIVEN the mark bin/tenantry.mjs leaves
    const mark = Symbol.for('tenantry.codeFingerprint');
    (globalThis as Record<symbol, unknown>)[mark] = 'sources:0123';

    // WHEN a fresh copy of the module is asked
    const fingerprint = await fingerprintOf(TREE).finally(() => delete (globalThis as Record<symbol, unknown>)[mark]);

    // THEN
    expect(fingerprint).toBe('sources:0123');
  });

  it("changes with cdk8s' switch for unsorted keys, which changes every file", () => {
    // GIVEN
    const sorted = codeFingerprint();

    // WHEN
    process.env.CDK8S_DISABLE_SORT = '1';
    const unsorted = codeFingerprint();
    delete process.env.CDK8S_DISABLE_SORT;

    // THEN
    expect(unsorted).toBe(`${sorted}:unsorted`);
    expect(codeFingerprint()).toBe(sorted);
  });
});

const NAME = 'tenantry.testAnnouncement';

describe('announced', () => {
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[Symbol.for(NAME)];
  });

  it('gives what the launcher announced under the name', () => {
    // GIVEN an announcement
    (globalThis as Record<symbol, unknown>)[Symbol.for(NAME)] = 'file:///build/entry.js';

    // WHEN it is read
    // THEN it is the announced string
    expect(announced(NAME)).toBe('file:///build/entry.js');
  });

  it.each([
    ['nothing was announced', undefined],
    ['what was announced is not a string', 42],
  ])('gives nothing when %s', (_, value) => {
    // GIVEN no announcement, or one that is not a string
    if (value !== undefined) (globalThis as Record<symbol, unknown>)[Symbol.for(NAME)] = value;

    // WHEN it is read
    // THEN there is none
    expect(announced(NAME)).toBeUndefined();
  });
});
