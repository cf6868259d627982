/* What dist/ holds now, and which of it Tenantry generated (per each folder's kustomization.yaml). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compare } from '../spec/resolve';
import { generatedNames, KUSTOMIZATION_FILE } from './dist-layout';

export interface ExistingFolder {
  /** Every file in the folder, relative to it, sorted. Listed on first use. */
  readonly files: readonly string[];
  /** Files the folder's Tenantry kustomization.yaml lists, plus that file itself; empty when it has none. Read on first use. */
  readonly generated: ReadonlySet<string>;
}

export interface DistScan {
  /** Every top-level folder, with the files Tenantry generated in it (none for a foreign folder). */
  readonly folders: ReadonlyMap<string, ExistingFolder>;
  /** Top-level files, which Tenantry never generates. */
  readonly strays: readonly string[];
}

/** What dist/ holds now, and which of it Tenantry generated (per each folder's kustomization.yaml). */
export function scanDist(distDir: string): DistScan {
  const folders = new Map<string, ExistingFolder>();
  const strays: string[] = [];
  if (!existsSync(distDir)) return { folders, strays };
  for (const entry of readdirSync(distDir, { withFileTypes: true }).sort((a, b) => compare(a.name, b.name))) {
    if (!entry.isDirectory()) {
      strays.push(entry.name);
      continue;
    }
    const dir = join(distDir, entry.name);
    let files: string[] | undefined;
    let generated: Set<string> | undefined;
    folders.set(entry.name, {
      get files() {
        return (files ??= listFiles(dir));
      },
      get generated() {
        return (generated ??= generatedFiles(dir));
      },
    });
  }
  return { folders, strays };
}

function listFiles(dir: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(prefix ? join(dir, prefix) : dir, { withFileTypes: true })) {
    const name = prefix ? join(prefix, entry.name) : entry.name;
    if (entry.isDirectory()) files.push(...listFiles(dir, name));
    else files.push(name);
  }
  return files.sort(compare);
}

function generatedFiles(dir: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(join(dir, KUSTOMIZATION_FILE), 'utf8');
  } catch {
    return new Set();
  }
  return generatedNames(text);
}
