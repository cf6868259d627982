import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeDist, type FolderJob, type WriteSummary } from '../../lib/synth/dist-writer';
import { retiredPath, stagingPath } from '../../lib/synth/dist-swap';
import { CACHE_VERSION, type SynthCache } from '../../lib/synth/synth-cache';
import { acme, distDirs, expectedTree, folder, globex, jobsOf } from '../support/dist';
import { identities, readTree } from '../support/tree';

const freshDist = distDirs();

describe('writeDist', () => {
  it('writes every folder into a dist/ that did not exist', () => {
    // GIVEN
    const distDir = freshDist();

    // WHEN
    const summary = writeDist({ distDir, jobs: jobsOf([acme, globex]) });

    // THEN
    expect(readTree(distDir)).toEqual(expectedTree([acme, globex]));
    expect(summary).toMatchObject({ folders: 2, objects: 3, written: 5, unchanged: 0, removed: 0, reused: 0, rebuilt: 2, replaced: ['acme', 'globex'], foreign: [] });
    expect(existsSync(stagingPath(distDir))).toBe(false);
    expect(existsSync(retiredPath(distDir))).toBe(false);
  });

  it('leaves unchanged files alone, keeping their inode and mtime', () => {
    // GIVEN
    const distDir = freshDist();
    writeDist({ distDir, jobs: jobsOf([acme, globex]) });
    const before = identities(distDir);
    const changedAcme = folder('acme', { 'Namespace.acme-web.yaml': 'kind: Namespace\n', 'ConfigMap.acme-web.tenant-config.yaml': 'kind: ConfigMap\ndata: {}\n' });

    // WHEN
    const summary = writeDist({ distDir, jobs: jobsOf([changedAcme, globex]) });

    // THEN
    const after = identities(distDir);
    const touched = [...after.keys()].filter((rel) => before.get(rel) !== after.get(rel));
    expect(touched).toEqual(['acme/ConfigMap.acme-web.tenant-config.yaml']);
    expect(summary).toMatchObject({ written: 1, unchanged: 4, replaced: ['acme'] });
    expect(readTree(distDir)).toEqual(expectedTree([changedAcme, globex]));
  });

  it('does not build a folder the cache vouches for, and touches nothing', () => {
    // GIVEN
    const distDir = freshDist();
    const first = writeDist({ distDir, jobs: jobsOf([acme, globex]) });
    const before = identities(distDir);
    const built: string[] = [];
    const jobs = jobsOf([acme, globex]).map((job) => ({ ...job, build: () => (built.push(job.folder), job.build()) }));

    // WHEN
    const summary = writeDist({ distDir, jobs, cache: first.cache });

    // THEN
    expect(built).toEqual([]);
    expect(identities(distDir)).toEqual(before);
    expect(summary).toMatchObject({ written: 0, unchanged: 5, reused: 2, rebuilt: 0, replaced: [] });
  });

  it('rebuilds and restores a folder whose generated file was edited by hand', () => {
    // GIVEN
    const distDir = freshDist();
    const first = writeDist({ distDir, jobs: jobsOf([acme, globex]) });
    writeFileSync(join(distDir, 'acme', 'Namespace.acme-web.yaml'), 'kind: Namespace\nmetadata: {name: hacked}\n');

    // WHEN
    const summary = writeDist({ distDir, jobs: jobsOf([acme, globex]), cache: first.cache });

    // THEN
    expect(readTree(distDir)).toEqual(expectedTree([acme, globex]));
    expect(summary).toMatchObject({ written: 1, reused: 1, rebuilt: 1, replaced: ['acme'] });
  });

  it('ignores the cache when forced, but still rewrites nothing that is unchanged', () => {
    // GIVEN
    const distDir = freshDist();
    const first = writeDist({ distDir, jobs: jobsOf([acme, globex]) });
    const before = identities(distDir);

    // WHEN
    const summary = writeDist({ distDir, jobs: jobsOf([acme, globex]), cache: first.cache, force: true });

    // THEN
    expect(summary).toMatchObject({ written: 0, unchanged: 5, reused: 0, rebuilt: 2, replaced: [] });
    expect(identities(distDir)).toEqual(before);
  });

  it('ignores a cache written for another dist/ or in another format', () => {
    // GIVEN
    const distDir = freshDist();
    const first = writeDist({ distDir, jobs: jobsOf([acme]) });
    const elsewhere: SynthCache = { ...first.cache, distDir: '/somewhere/else/dist' };
    const older = { ...first.cache, version: CACHE_VERSION - 1 };

    // WHEN
    const a = writeDist({ distDir, jobs: jobsOf([acme]), cache: elsewhere });
    const b = writeDist({ distDir, jobs: jobsOf([acme]), cache: older });

    // THEN
    expect(a.reused).toBe(0);
    expect(b.reused).toBe(0);
  });

  it('prunes the folder of a removed tenant', () => {
    // GIVEN
    const distDir = freshDist();
    writeDist({ distDir, jobs: jobsOf([acme, globex]) });

    // WHEN
    const summary = writeDist({ distDir, jobs: jobsOf([acme]) });

    // THEN
    expect(readdirSync(distDir)).toEqual(['acme']);
    expect(summary).toMatchObject({ removed: 2, replaced: ['globex'], foreign: [] });
  });

  it('removes a generated file whose object left the output', () => {
    // GIVEN
    const distDir = freshDist();
    writeDist({ distDir, jobs: jobsOf([acme]) });
    const smaller = folder('acme', { 'Namespace.acme-web.yaml': 'kind: Namespace\n' });

    // WHEN
    const summary = writeDist({ distDir, jobs: jobsOf([smaller]) });

    // THEN
    expect(readTree(distDir)).toEqual(expectedTree([smaller]));
    expect(summary).toMatchObject({ removed: 1, written: 1, unchanged: 1 });
  });

  it('keeps and reports files it did not generate, wherever they are', () => {
    // GIVEN
    const distDir = freshDist();
    writeDist({ distDir, jobs: jobsOf([acme, globex]) });
    writeFileSync(join(distDir, 'README.md'), 'hand-written\n');
    writeFileSync(join(distDir, 'acme', 'notes.txt'), 'mine\n');
    mkdirSync(join(distDir, 'acme', 'extra'));
    writeFileSync(join(distDir, 'acme', 'extra', 'patch.yaml'), 'kind: Patch\n');
    writeFileSync(join(distDir, 'globex', 'keep.yaml'), 'kind: Keep\n');
    mkdirSync(join(distDir, 'manual'));
    writeFileSync(join(distDir, 'manual', 'thing.yaml'), 'kind: Thing\n');
    const changedAcme = folder('acme', { 'Namespace.acme-web.yaml': 'kind: Namespace\nchanged: true\n' });

    // WHEN
    const summary = writeDist({ distDir, jobs: jobsOf([changedAcme]) });

    // THEN
    const tree = readTree(distDir);
    expect(tree.get('README.md')).toBe('hand-written\n');
    expect(tree.get('acme/notes.txt')).toBe('mine\n');
    expect(tree.get('acme/extra/patch.yaml')).toBe('kind: Patch\n');
    expect(tree.get('globex/keep.yaml')).toBe('kind: Keep\n');
    expect(tree.get('manual/thing.yaml')).toBe('kind: Thing\n');
    expect(tree.has('globex/Namespace.globex-risk.yaml')).toBe(false);
    expect(summary.foreign).toEqual(['README.md', 'acme/extra/patch.yaml', 'acme/notes.txt', 'globex/keep.yaml', 'manual/thing.yaml']);
  });

  it('reports files added by hand to a folder the cache vouches for, and leaves them alone', () => {
    // GIVEN
    const distDir = freshDist();
    const first = writeDist({ distDir, jobs: jobsOf([acme, globex]) });
    writeFileSync(join(distDir, 'acme', 'notes.txt'), 'mine\n');
    const second = writeDist({ distDir, jobs: jobsOf([acme, globex]), cache: first.cache });
    mkdirSync(join(distDir, 'globex', 'extra'));
    writeFileSync(join(distDir, 'globex', 'extra', 'patch.yaml'), 'kind: Patch\n');

    // WHEN
    const third = writeDist({ distDir, jobs: jobsOf([acme, globex]), cache: second.cache });

    // THEN
    expect(second).toMatchObject({ reused: 2, foreign: ['acme/notes.txt'] });
    expect(third).toMatchObject({ reused: 2, foreign: ['acme/notes.txt', 'globex/extra/patch.yaml'] });
    expect(readFileSync(join(distDir, 'acme', 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  it('fails when the file writer throws midway, leaving dist/ exactly as it was and no staging folder', () => {
    // GIVEN
    const distDir = freshDist();
    writeDist({ distDir, jobs: jobsOf([acme, globex]) });
    const before = identities(distDir);
    const contentBefore = readTree(distDir);
    const next = [folder('acme', { 'Namespace.acme-web.yaml': 'v2\n', 'Service.acme-web.api.yaml': 'v2\n' }), folder('globex', { 'Namespace.globex-risk.yaml': 'v2\n' })];
    let writes = 0;
    const writeFile = (path: string, content: string) => {
      if (++writes > 2) throw new Error('disk full');
      writeFileSync(path, content);
    };

    // WHEN
    const attempt = () => writeDist({ distDir, jobs: jobsOf(next, 'v2'), writeFile });

    // THEN
    expect(attempt).toThrowError(/^disk full$/);
    expect(readTree(distDir)).toEqual(contentBefore);
    expect(identities(distDir)).toEqual(before);
    expect(existsSync(stagingPath(distDir))).toBe(false);
    expect(existsSync(retiredPath(distDir))).toBe(false);
  });

  it('fails when a folder cannot be built, leaving dist/ as it was', () => {
    // GIVEN
    const distDir = freshDist();
    writeDist({ distDir, jobs: jobsOf([acme, globex]) });
    const before = identities(distDir);
    const jobs: FolderJob[] = [
      { folder: 'acme', inputKey: 'x', build: () => folder('acme', { 'Namespace.acme-web.yaml': 'v3\n' }) },
      {
        folder: 'globex',
        inputKey: 'x',
        build: () => {
          throw new Error('Validation of tenants/globex.ts failed');
        },
      },
    ];

    // WHEN
    const attempt = () => writeDist({ distDir, jobs });

    // THEN
    expect(attempt).toThrowError(/^Validation of tenants\/globex\.ts failed$/);
    expect(identities(distDir)).toEqual(before);
    expect(existsSync(stagingPath(distDir))).toBe(false);
  });
});

describe('writeDist invariants', () => {
  const names = fc.constantFrom('Namespace.a.yaml', 'ConfigMap.a.x.yaml', 'Service.a.y.yaml', 'Role.a.z.yaml');
  const outputs = fc.uniqueArray(
    fc.record({ folder: fc.constantFrom('acme', 'globex', 'hooli', '_platform'), objects: fc.dictionary(names, fc.constantFrom('a\n', 'b\n', 'c: 1\n'), { minKeys: 1 }) }),
    { selector: (f) => f.folder, maxLength: 4 },
  );

  it('dist/ always equals the last output, whatever came before, with or without the cache', () => {
    fc.assert(
      fc.property(fc.array(outputs, { minLength: 1, maxLength: 4 }), fc.boolean(), (rounds, useCache) => {
        // GIVEN
        const distDir = freshDist();
        let summary: WriteSummary | undefined;

        // WHEN
        for (const round of rounds) {
          // The input key is the folder's content, so a folder that comes back unchanged is a cache hit.
          const jobs = round.map((f) => ({ folder: f.folder, inputKey: JSON.stringify(f), build: () => folder(f.folder, f.objects) }));
          summary = writeDist({ distDir, jobs, cache: useCache ? summary?.cache : undefined });
        }

        // THEN
        const last = rounds.at(-1)!.map((f) => folder(f.folder, f.objects));
        expect(existsSync(distDir) ? readTree(distDir) : new Map()).toEqual(expectedTree(last));
        expect(existsSync(stagingPath(distDir))).toBe(false);
        rmSync(join(distDir, '..'), { recursive: true, force: true });
      }),
      { numRuns: 40 },
    );
  });
});
