/* One job per dist/ folder with the key of its inputs (folder-keys.ts) and how to build it. */
import type { LoadedProject } from '../spec/loader';
import type { ResolvedTenant } from '../spec/resolve';
import type { FolderJob } from './dist-writer';
import { trackReads, type ReadShape } from './read-tracking';
import { folderKeys, type FolderKey } from './folder-keys';
import { synthesizeClusterPlatform, synthesizePlatform, synthesizeTenant } from './synth';
import type { FolderOutput } from './dist-layout';

/** A folder job; tenant jobs carry their tenant so a worker can build them. */
export interface SynthJob extends FolderJob {
  readonly tenant?: ResolvedTenant;
  /** Builds the folder while recording what it read, and returns the input key for exactly those reads. */
  readonly trackedBuild?: () => { readonly output: FolderOutput; readonly reads: ReadShape; readonly inputKey: string };
}

/** Every folder's job: its key (folderKeys) and its build. */
export function folderJobs(project: LoadedProject, platformReads?: ReadShape, documents = false): SynthJob[] {
  return folderKeys(project, platformReads).map((key) => jobOf(key, project, documents));
}

/** The job for one folder key. */
export function jobOf(key: FolderKey, project: LoadedProject, documents = false): SynthJob {
  const { folder, inputKey } = key;
  switch (key.kind) {
    case 'tenant':
      return { folder, inputKey, tenant: key.tenant, build: () => synthesizeTenant(key.tenant, project.platform, documents) };
    case 'cluster':
      return { folder, inputKey, build: () => synthesizeClusterPlatform(project.platform, project.tenants, key.cluster, documents) };
    case 'platform':
      return {
        folder,
        inputKey,
        build: () => synthesizePlatform(project.platform, project.tenants, documents),
        trackedBuild: () => {
          const reads: ReadShape = {};
          const output = synthesizePlatform(project.platform, trackReads(project.tenants, reads));
          return { output, reads, inputKey: key.readsKey(reads) };
        },
      };
  }
}

/** Every folder in memory, for `check` and tests. */
export function synthesizeAll(project: LoadedProject): FolderOutput[] {
  return folderJobs(project).map((job) => job.build());
}

/** Every folder in memory with each file's object too, for `check` (which then need not parse what is unchanged). */
export function synthesizeAllWithDocuments(project: LoadedProject): FolderOutput[] {
  return folderJobs(project, undefined, true).map((job) => job.build());
}
