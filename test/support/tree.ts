import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir`, by path relative to it, in sorted order. */
export function readTree(dir: string, prefix = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(join(dir, prefix)).sort()) {
    const rel = prefix ? `${prefix}/${entry}` : entry;
    if (statSync(join(dir, rel)).isDirectory()) for (const [k, v] of readTree(dir, rel)) files.set(k, v);
    else files.set(rel, readFileSync(join(dir, rel), 'utf8'));
  }
  return files;
}

/** Relative path → "inode:mtime", to tell rewritten files from untouched ones. */
export function identities(dir: string): Map<string, string> {
  return new Map(
    [...readTree(dir).keys()].map((rel) => {
      const stat = statSync(join(dir, rel));
      return [rel, `${stat.ino}:${stat.mtimeMs}`];
    }),
  );
}
