// Builds a hostile-case workspace: the base project synthesized into dist/, then the case's files laid over it.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HOSTILE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'hostile');

export interface HostileChange {
  /** A folder under test/fixtures/hostile/ whose files replace or join the base project's. */
  readonly overlay?: string;
  /** Project-relative files to delete first. */
  readonly remove?: readonly string[];
  /** Project-relative files to write, generated at run time (too large to commit). */
  readonly write?: Readonly<Record<string, string>>;
}

/** A fresh copy of the base project (platform.ts, tenants/acme.ts, tenants/globex.ts). */
export function baseWorkspace(): string {
  const workspace = mkdtempSync(join(tmpdir(), 'tenantry-hostile-'));
  cpSync(join(HOSTILE_ROOT, '_base'), workspace, { recursive: true });
  return workspace;
}

export function applyChange(workspace: string, change: HostileChange): void {
  for (const file of change.remove ?? []) rmSync(join(workspace, file), { recursive: true, force: true });
  if (change.overlay) cpSync(join(HOSTILE_ROOT, change.overlay), workspace, { recursive: true });
  for (const [file, content] of Object.entries(change.write ?? {})) writeFileSync(join(workspace, file), content);
}

/** The hostile case folders, for the table check. */
export function hostileFolders(): string[] {
  return readdirSync(HOSTILE_ROOT).filter((name) => !name.startsWith('_')).sort();
}
