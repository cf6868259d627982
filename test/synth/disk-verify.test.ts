import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkClaimed, verifyInBackground } from '../../lib/synth/disk-verify';
import { readCache } from '../../lib/synth/synth-cache';
import { statSync } from 'node:fs';
import { writeDist } from '../../lib/synth/dist-writer';
import { saveCache } from '../../lib/synth/synth-cache';
import { stagingPath } from '../../lib/synth/dist-swap';
import type { ProjectMemo } from '../../lib/synth/project-memo';
import { acme, distDirs, globex, jobsOf } from '../support/dist';

const freshDist = distDirs();

const MEMO: ProjectMemo = { key: 'k1', tenants: 2, terminating: [], namespaces: 2, objects: 3, files: 5, folders: 2 };

/** dist/ with acme and globex written and their cache saved beside it, with a project memo unless told otherwise. */
function writtenDist(memo: ProjectMemo | null = MEMO): { distDir: string; cacheFile: string } {
  const distDir = freshDist();
  const cacheFile = join(distDir, '..', 'synth-cache.json');
  const { cache } = writeDist({ distDir, jobs: jobsOf([acme, globex]) });
  saveCache(memo ? { ...cache, project: memo } : cache, cacheFile);
  return { distDir, cacheFile };
}

describe('verifyInBackground', () => {
  it('finds every folder intact when dist/ holds what the cache recorded', async () => {
    // GIVEN
    const { distDir, cacheFile } = writtenDist();

    // WHEN
    const { intact } = await verifyInBackground(distDir, cacheFile).state;

    // THEN
    expect([...intact].sort()).toEqual(['acme', 'globex']);
  });

  it('leaves out a folder whose file was edited or deleted since', async () => {
    // GIVEN one edited file in acme/ and one deleted file in globex/
    const { distDir, cacheFile } = writtenDist();
    appendFileSync(join(distDir, 'acme', 'Namespace.acme-web.yaml'), '# edited\n');
    rmSync(join(distDir, 'globex', 'kustomization.yaml'));

    // WHEN
    const { intact, memo } = await verifyInBackground(distDir, cacheFile).state;

    // THEN
    expect([...intact]).toEqual([]);
    expect(memo).toBeUndefined();
  });

  it('vouches for nothing without a cache, or with the cache of another dist/', async () => {
    // GIVEN
    const { distDir, cacheFile } = writtenDist();
    const other = freshDist();

    // WHEN
    const missing = verifyInBackground(distDir, join(distDir, 'no-such-cache.json'));
    const foreign = verifyInBackground(other, cacheFile);

    // THEN
    expect((await missing.state).intact.size).toBe(0);
    expect(await missing.memoKey).toBeUndefined();
    expect((await foreign.state).intact.size).toBe(0);
    expect((await foreign.state).memo).toBeUndefined();
  });
});

describe('verifyInBackground and the project memo', () => {
  it('gives the memo key at once and the memo when dist/ holds exactly what the cache recorded', async () => {
    // GIVEN
    const { distDir, cacheFile } = writtenDist();

    // WHEN
    const verification = verifyInBackground(distDir, cacheFile);

    // THEN
    expect(await verification.memoKey).toBe('k1');
    expect((await verification.state).memo).toEqual(MEMO);
  });

  it.each([
    ['a file added to a folder', (distDir: string) => writeFileSync(join(distDir, 'acme', 'notes.md'), 'mine\n')],
    ['a folder added to dist/', (distDir: string) => mkdirSync(join(distDir, 'initech'))],
    ['a file added to dist/ itself', (distDir: string) => writeFileSync(join(distDir, 'README.md'), 'mine\n')],
    ['a folder removed', (distDir: string) => rmSync(join(distDir, 'globex'), { recursive: true })],
    ['a staged swap left behind', (distDir: string) => mkdirSync(stagingPath(distDir))],
  ])('gives no memo after %s', async (_, change) => {
    // GIVEN
    const { distDir, cacheFile } = writtenDist();
    change(distDir);

    // WHEN
    const { memo } = await verifyInBackground(distDir, cacheFile).state;

    // THEN
    expect(memo).toBeUndefined();
  });

  it('finds the same when this thread helps, and still sees an edited file', async () => {
    // GIVEN two settled dist/ trees, one then edited by hand
    const settled = writtenDist();
    const edited = writtenDist();
    appendFileSync(join(edited.distDir, 'globex', 'Namespace.globex-risk.yaml'), '# edited\n');

    // WHEN this thread shares the checks with the helper thread
    const verifications = [verifyInBackground(settled.distDir, settled.cacheFile), verifyInBackground(edited.distDir, edited.cacheFile)];
    for (const verification of verifications) {
      await verification.memoKey;
      verification.help();
    }
    const [whole, touched] = await Promise.all(verifications.map((verification) => verification.state));

    // THEN
    expect(whole!.memo).toEqual(MEMO);
    expect([...whole!.intact].sort()).toEqual(['acme', 'globex']);
    expect(touched!.memo).toBeUndefined();
    expect([...touched!.intact]).toEqual(['acme']);
  });

  it('gives no memo key and no memo when the cache has none', async () => {
    // GIVEN a cache written without a project key (platform.ts ran without a bundle)
    const { distDir, cacheFile } = writtenDist(null);

    // WHEN
    const verification = verifyInBackground(distDir, cacheFile);

    // THEN
    expect(await verification.memoKey).toBeUndefined();
    expect((await verification.state).memo).toBeUndefined();
    expect((await verification.state).intact.size).toBe(2);
  });
});

describe('writeDist with intact folders', () => {
  it('takes the folders verified intact without checking them again', () => {
    // GIVEN a cached dist/ whose acme file changed after a (simulated) verification
    const distDir = freshDist();
    const first = writeDist({ distDir, jobs: jobsOf([acme, globex]) });
    appendFileSync(join(distDir, 'acme', 'Namespace.acme-web.yaml'), '# edited\n');
    const built: string[] = [];
    const jobs = jobsOf([acme, globex]).map((job) => ({ ...job, build: () => (built.push(job.folder), job.build()) }));

    // WHEN acme is passed as intact, globex is not
    const trusted = writeDist({ distDir, jobs, cache: first.cache, intact: new Set(['acme']) });

    // THEN acme is served from the cache; globex is checked on disk and also found unchanged
    expect(built).toEqual([]);
    expect(trusted).toMatchObject({ reused: 2, rebuilt: 0, written: 0 });
  });
});

describe('checkClaimed', () => {
  it('checks only the folders the shared counter hands out, and moves the counter past the last', () => {
    // GIVEN a settled dist/ and a counter another thread already took the first folder from
    const { distDir, cacheFile } = writtenDist();
    appendFileSync(join(distDir, 'acme', 'Namespace.acme-web.yaml'), '# edited, but taken by the other thread\n');
    const next = new Int32Array(new SharedArrayBuffer(4));
    next[0] = 1;

    // WHEN
    const found = checkClaimed(statSync, readCache(cacheFile)!, distDir, next);

    // THEN only globex (the second folder) was checked here
    expect(found).toEqual({ intact: ['globex'], settled: true });
    expect(next[0]).toBeGreaterThanOrEqual(2);
  });
});
