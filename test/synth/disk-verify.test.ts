import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyInBackground } from '../../lib/synth/disk-verify';
import { writeDist } from '../../lib/synth/dist-writer';
import { saveCache } from '../../lib/synth/synth-cache';
import { acme, distDirs, globex, jobsOf } from '../support/dist';

const freshDist = distDirs();

/** dist/ with acme and globex written and their cache saved beside it. */
function writtenDist(): { distDir: string; cacheFile: string } {
  const distDir = freshDist();
  const cacheFile = join(distDir, '..', 'synth-cache.json');
  saveCache(writeDist({ distDir, jobs: jobsOf([acme, globex]) }).cache, cacheFile);
  return { distDir, cacheFile };
}

describe('verifyInBackground', () => {
  it('finds every folder intact when dist/ holds what the cache recorded', async () => {
    // GIVEN
    const { distDir, cacheFile } = writtenDist();

    // WHEN
    const intact = await verifyInBackground(distDir, cacheFile);

    // THEN
    expect([...intact].sort()).toEqual(['acme', 'globex']);
  });

  it('leaves out a folder whose file was edited or deleted since', async () => {
    // GIVEN one edited file in acme/ and one deleted file in globex/
    const { distDir, cacheFile } = writtenDist();
    appendFileSync(join(distDir, 'acme', 'Namespace.acme-web.yaml'), '# edited\n');
    rmSync(join(distDir, 'globex', 'kustomization.yaml'));

    // WHEN
    const intact = await verifyInBackground(distDir, cacheFile);

    // THEN
    expect([...intact]).toEqual([]);
  });

  it('vouches for nothing without a cache, or with the cache of another dist/', async () => {
    // GIVEN
    const { distDir, cacheFile } = writtenDist();
    const other = freshDist();

    // WHEN
    const missing = await verifyInBackground(distDir, join(distDir, 'no-such-cache.json'));
    const foreign = await verifyInBackground(other, cacheFile);

    // THEN
    expect(missing.size).toBe(0);
    expect(foreign.size).toBe(0);
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
