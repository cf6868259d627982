/*
 * No silent offboarding: a tenant folder in dist/ whose tenant file is gone would be
 * deleted, and GitOps would then prune the tenant's namespaces and volumes. That needs
 * the tenant to have been set to `status: 'terminating'` first, or an explicit flag.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedProject } from '../spec/loader';
import { compare } from '../spec/resolve';
import { GENERATED_MARKER, KUSTOMIZATION_FILE, PLATFORM_FOLDER } from './dist-layout';

export interface RemovalPlan {
  /** Tenant folders synth will remove, sorted: terminating tenants and allowed removals. */
  readonly removing: readonly string[];
  /** One line per folder that would be removed without being allowed. */
  readonly errors: readonly string[];
}

export interface RemovalOptions {
  /** Tenant ids whose folders may go although their file is gone (`--allow-remove <id>`). */
  readonly allow?: readonly string[];
  /** Every folder without a tenant file may go (`--prune`). @default false */
  readonly prune?: boolean;
  /** How dist/ is named in messages. @default 'dist' */
  readonly distLabel?: string;
}

/** Which of dist/'s Tenantry folders synth would remove, and which of those it may not. */
export function planRemovals(distDir: string, project: LoadedProject, options: RemovalOptions = {}): RemovalPlan {
  const label = options.distLabel ?? 'dist';
  const active = new Set(project.tenants.map((t) => t.id));
  const terminating = new Set(project.terminating);
  const allowed = new Set(options.allow ?? []);
  const removing: string[] = [];
  const errors: string[] = [];
  for (const folder of generatedFolders(distDir)) {
    // `<tenant>` or, with a fleet of clusters, `<tenant>.<cluster>`: tenant ids hold no dots.
    const id = folder.split('.')[0]!;
    if (id === PLATFORM_FOLDER || active.has(id)) continue;
    if (terminating.has(id) || options.prune || allowed.has(id)) {
      removing.push(folder);
      continue;
    }
    errors.push(
      `${label}/${folder}/: tenant "${id}" has no file tenants/${id}.ts, so synth would delete this folder and GitOps would prune its namespaces and volumes; ` +
        `restore the file, or offboard on purpose: set status: 'terminating' in it and synthesize first, or run synth with --allow-remove ${id}`,
    );
  }
  return { removing, errors };
}

/** Folders of dist/ whose kustomization.yaml Tenantry wrote, sorted. */
function generatedFolders(distDir: string): string[] {
  let entries;
  try {
    entries = readdirSync(distDir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .filter((folder) => {
      try {
        return readFileSync(join(distDir, folder, KUSTOMIZATION_FILE), 'utf8').startsWith(GENERATED_MARKER);
      } catch {
        return false;
      }
    })
    .sort(compare);
}
