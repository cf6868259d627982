import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { folderJobs } from '../../lib/synth/folder-jobs';
import { emptyTimings, folderKeys } from '../../lib/synth/folder-keys';
import { project, SMALL } from '../support/project';

const ROOT = join(import.meta.dirname, '..', '..');

describe('folderKeys', () => {
  it('keys the same folders, in the same order, as the jobs that build them', () => {
    // GIVEN
    const loaded = project(SMALL);

    // WHEN
    const keys = folderKeys(loaded);

    // THEN
    expect(keys.map(({ folder, inputKey }) => ({ folder, inputKey }))).toEqual(folderJobs(loaded).map(({ folder, inputKey }) => ({ folder, inputKey })));
    expect(keys[0]!.kind).toBe('platform');
    expect(keys.filter((k) => k.kind === 'tenant').map((k) => (k.kind === 'tenant' ? k.tenant : undefined))).toEqual(loaded.tenants);
  });

  it('changes every folder\'s key with Tenantry\'s code, so another version rebuilds every folder', async () => {
    // GIVEN a project, and folderKeys from fresh copies of the modules under two code fingerprints
    const loaded = project(SMALL);
    const keysUnder = async (fingerprint: string) => {
      vi.resetModules();
      const mark = Symbol.for('tenantry.codeFingerprint');
      (globalThis as Record<symbol, unknown>)[mark] = fingerprint;
      try {
        return (await import('../../lib/synth/folder-keys')).folderKeys(loaded).map((key) => key.inputKey);
      } finally {
        delete (globalThis as Record<symbol, unknown>)[mark];
      }
    };

    // WHEN the folders are keyed under each
    const [first, second, again] = [await keysUnder('sources:aaa'), await keysUnder('sources:bbb'), await keysUnder('sources:aaa')];

    // THEN no folder keeps its key across versions, and the same code gives the same keys
    expect(second.filter((key, i) => key === first[i])).toEqual([]);
    expect(again).toEqual(first);
  });

  it('lets npm run synth plan without loading cdk8s: main.ts reaches it only through a dynamic import', async () => {
    // GIVEN main.ts bundled the way bin/tenantry.mjs bundles it
    const result = await build({
      entryPoints: [join(ROOT, 'main.ts')],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      write: false,
      metafile: true,
      outdir: join(ROOT, 'node_modules', '.cache', 'tenantry', 'test-metafile'),
      logLevel: 'silent',
    });

    // WHEN its static imports are followed from main.ts
    const inputs = result.metafile.inputs;
    const packages = new Set<string>();
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const edge of inputs[file]?.imports ?? []) {
        if (edge.kind !== 'import-statement') continue;
        if (edge.external) packages.add(edge.path);
        else visit(edge.path);
      }
    };
    visit('main.ts');

    // THEN neither cdk8s, cdk8s-plus-28 nor constructs is among them
    expect([...packages].filter((name) => /^(cdk8s|constructs)/.test(name))).toEqual([]);
  });
});

describe('emptyTimings', () => {
  it('starts every phase at zero, a fresh object each time', () => {
    // GIVEN
    const first = emptyTimings();

    // WHEN
    first.build += 5;
    const second = emptyTimings();

    // THEN
    expect(second).toEqual({ plan: 0, workerStartup: 0, build: 0, stage: 0, commit: 0, total: 0, workers: 0 });
  });
});
