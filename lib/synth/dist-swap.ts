/*
 * The swap journal of dist/: staged folders are renamed in behind a journal that marks the
 * commit point, so an interrupted swap is rolled forward and a failed one leaves dist/ as it was.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface Journal {
  readonly replace: readonly string[];
  readonly delete: readonly string[];
}

export const JOURNAL = '.tenantry-swap.json';

export function stagingPath(distDir: string): string {
  return join(dirname(distDir), `.${basename(distDir)}.staging`);
}

export function retiredPath(distDir: string): string {
  return join(dirname(distDir), `.${basename(distDir)}.previous`);
}

/** Renames each staged folder into dist/; safe to run again on a half-applied journal. */
export function applyJournal(distDir: string, journal: Journal): void {
  const staging = stagingPath(distDir);
  const retired = retiredPath(distDir);
  mkdirSync(retired, { recursive: true });
  for (const folder of journal.replace) {
    const source = join(staging, folder);
    if (!existsSync(source)) continue; // already swapped in
    const target = join(distDir, folder);
    if (existsSync(target)) {
      rmSync(join(retired, folder), { recursive: true, force: true });
      renameSync(target, join(retired, folder));
    }
    renameSync(source, target);
  }
  for (const folder of journal.delete) {
    const target = join(distDir, folder);
    if (!existsSync(target)) continue;
    rmSync(join(retired, folder), { recursive: true, force: true });
    renameSync(target, join(retired, folder));
  }
}

/**
 * Repairs what a crash left behind: a committed swap (journal present) is rolled
 * forward, an uncommitted staging folder is dropped, and a dist/ that an older
 * whole-tree swap left missing is put back from its previous copy.
 */
export function recoverInterruptedSwap(distDir: string): void {
  const staging = stagingPath(distDir);
  const retired = retiredPath(distDir);
  let journal: Journal | undefined;
  try {
    journal = JSON.parse(readFileSync(join(staging, JOURNAL), 'utf8')) as Journal;
  } catch {
    journal = undefined;
  }
  if (journal) {
    mkdirSync(distDir, { recursive: true });
    applyJournal(distDir, journal);
  } else if (!existsSync(distDir) && existsSync(retired)) {
    renameSync(retired, distDir);
  }
  rmSync(staging, { recursive: true, force: true });
  rmSync(retired, { recursive: true, force: true });
}
