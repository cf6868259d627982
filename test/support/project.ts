/* Small validated projects from the bench generator, and the one-line edits the synth tests make to them. */
import { BENCH_PLATFORM, generateTenants } from '../../lib/bench/generate';
import { validateProject, type LoadedProject, type SourceFile } from '../../lib/spec/loader';
import type { PlatformInput, TenantSpec } from '../../lib/spec/schema';

/** Validates the sources against `platform`; throws with the error lines if anything is invalid. */
export function project(sources: readonly SourceFile[], platform: PlatformInput = BENCH_PLATFORM): LoadedProject {
  const result = validateProject({ file: 'platform.ts', value: platform }, sources);
  if (!result.ok) throw new Error(`invalid test project:\n${result.errors.join('\n')}`);
  return result;
}

/** The same tenant with its first team's pod quota set to `pods`. */
export function withPods(source: SourceFile, pods: number): SourceFile {
  const spec = source.value as TenantSpec;
  const [first, ...rest] = spec.teams;
  return { ...source, value: { ...spec, teams: [{ ...first!, quota: { ...first!.quota, pods } }, ...rest] } };
}

/** The same tenant with its last team split into environments and no tenant quota (so the new namespaces fit): new namespaces, new platform objects. */
export function withNewEnvironment(source: SourceFile): SourceFile {
  const spec = source.value as TenantSpec;
  const teams = spec.teams.map((team, i) => (i === spec.teams.length - 1 ? { ...team, environments: ['qa', 'prod'] } : team));
  return { ...source, value: { ...spec, teams, quota: undefined } };
}

/** Seed 8 gives every isolation level (hard, soft, network-only, custom) and suspended tenants. */
export const SMALL = generateTenants({ tenants: 12, seed: 8 });
