/*
 * platform.ts and the tenant files' texts, read before anything is parsed or validated, so a
 * synth can tell an unchanged project (lib/synth/project-memo.ts) without loading the rest.
 */
import { importDefault, moduleIdentity } from './platform-module';
import { timePhase } from './phase-log';
import { readTenantTexts, type TenantTexts } from './tenant-files';
import { join } from 'node:path';

export const PLATFORM_FIX = 'export default definePlatform({ ... })';

export interface ProjectSources {
  readonly platformFile: string;
  /** platform.ts' default export; undefined when it does not load (`platformErrors` says why). */
  readonly platform?: { readonly file: string; readonly value: unknown };
  /** The bundle platform.ts ran from, named by the hash of its code, when known (the launcher's bundled run). */
  readonly platformCode?: string;
  readonly platformErrors: readonly string[];
  readonly tenants: TenantTexts;
}

export async function readProjectSources(root: string, tenantsDir = 'tenants', platformFile = 'platform.ts'): Promise<ProjectSources> {
  const platformErrors: string[] = [];
  const platform = await timePhase('platform.ts', () => importDefault(root, platformFile, platformErrors, PLATFORM_FIX));
  const tenants = await timePhase('read tenants', () => readTenantTexts(root, tenantsDir));
  return { platformFile, platform, platformCode: moduleIdentity(join(root, platformFile)), platformErrors, tenants };
}
