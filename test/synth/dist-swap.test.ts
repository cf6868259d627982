import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDist } from '../../lib/synth/dist-writer';
import { applyJournal, recoverInterruptedSwap, retiredPath, stagingPath } from '../../lib/synth/dist-swap';
import { acme, distDirs, expectedTree, globex, jobsOf } from '../support/dist';
import { readTree } from '../support/tree';

const freshDist = distDirs();

describe('recoverInterruptedSwap', () => {
  /** dist/ with acme v1 and globex, plus a committed swap to acme v2 that deletes globex. */
  function committedSwap(): { distDir: string; staged: string } {
    const distDir = freshDist();
    writeDist({ distDir, jobs: jobsOf([acme, globex]) });
    const staging = stagingPath(distDir);
    mkdirSync(join(staging, 'acme'), { recursive: true });
    writeFileSync(join(staging, 'acme', 'Namespace.acme-web.yaml'), 'v2\n');
    writeFileSync(join(staging, '.tenantry-swap.json'), JSON.stringify({ replace: ['acme'], delete: ['globex'] }));
    return { distDir, staged: join(staging, 'acme') };
  }

  it('rolls a committed swap forward when the crash came before any rename', () => {
    // GIVEN
    const { distDir } = committedSwap();

    // WHEN
    recoverInterruptedSwap(distDir);

    // THEN
    expect(readTree(distDir)).toEqual(new Map([['acme/Namespace.acme-web.yaml', 'v2\n']]));
    expect(existsSync(stagingPath(distDir))).toBe(false);
    expect(existsSync(retiredPath(distDir))).toBe(false);
  });

  it('rolls a committed swap forward when the crash came between the two renames of a folder', () => {
    // GIVEN
    const { distDir } = committedSwap();
    mkdirSync(retiredPath(distDir));
    renameSync(join(distDir, 'acme'), join(retiredPath(distDir), 'acme'));

    // WHEN
    recoverInterruptedSwap(distDir);

    // THEN
    expect(readTree(distDir)).toEqual(new Map([['acme/Namespace.acme-web.yaml', 'v2\n']]));
    expect(existsSync(retiredPath(distDir))).toBe(false);
  });

  it('drops an uncommitted staging folder and leaves dist/ as it was', () => {
    // GIVEN
    const { distDir } = committedSwap();
    rmSync(join(stagingPath(distDir), '.tenantry-swap.json'));
    const before = readTree(distDir);

    // WHEN
    recoverInterruptedSwap(distDir);

    // THEN
    expect(readTree(distDir)).toEqual(before);
    expect(existsSync(stagingPath(distDir))).toBe(false);
  });

  it('puts back a dist/ that an older whole-tree swap left missing', () => {
    // GIVEN
    const distDir = freshDist();
    writeDist({ distDir, jobs: jobsOf([acme]) });
    renameSync(distDir, retiredPath(distDir));

    // WHEN
    recoverInterruptedSwap(distDir);

    // THEN
    expect(readTree(distDir)).toEqual(expectedTree([acme]));
  });

  it('is run by writeDist before anything else', () => {
    // GIVEN
    const { distDir } = committedSwap();

    // WHEN
    const summary = writeDist({ distDir, jobs: jobsOf([acme]) });

    // THEN
    expect(readTree(distDir)).toEqual(expectedTree([acme]));
    expect(summary.replaced).toEqual(['acme']);
  });
});

describe('applyJournal', () => {
  it('swaps the staged folders in and retires the replaced and deleted ones, and is safe to run again', () => {
    // GIVEN a staged acme v2 and a journal that also deletes globex
    const distDir = freshDist();
    writeDist({ distDir, jobs: jobsOf([acme, globex]) });
    mkdirSync(join(stagingPath(distDir), 'acme'), { recursive: true });
    writeFileSync(join(stagingPath(distDir), 'acme', 'Namespace.acme-web.yaml'), 'v2\n');
    const journal = { replace: ['acme'], delete: ['globex'] };

    // WHEN
    applyJournal(distDir, journal);
    const once = readTree(distDir);
    applyJournal(distDir, journal);

    // THEN
    expect(once).toEqual(new Map([['acme/Namespace.acme-web.yaml', 'v2\n']]));
    expect(readTree(distDir)).toEqual(once);
    expect(readTree(retiredPath(distDir))).toEqual(expectedTree([acme, globex]));
  });
});

describe('stagingPath and retiredPath', () => {
  it('put the staging and retired copies beside dist/, hidden, never inside it', () => {
    // GIVEN
    const distDir = join('/repo', 'dist');

    // WHEN
    const paths = [stagingPath(distDir), retiredPath(distDir)];

    // THEN
    expect(paths).toEqual(['/repo/.dist.staging', '/repo/.dist.previous']);
  });
});
