/* One job per dist/ folder with the key of its inputs, so the cache can vouch for a folder without building it. */
import type { LoadedProject } from '../spec/loader';
import type { ResolvedTenant } from '../spec/resolve';
import type { FolderJob } from './dist-writer';
import { projectReads, trackReads, type ReadShape } from './read-tracking';
import { hashOf } from './synth-cache';
import { codeFingerprint } from '../spec/code-fingerprint';
import { clusterFolder, tenantFolders } from '../spec/fleet-names';
import { PLATFORM_FOLDER, synthesizeClusterPlatform, synthesizePlatform, synthesizeTenant, type FolderOutput } from './synth';

/** A folder job; tenant jobs carry their tenant so a worker can build them. */
export interface SynthJob extends FolderJob {
  readonly tenant?: ResolvedTenant;
  /** Builds the folder while recording what it read, and returns the input key for exactly those reads. */
  readonly trackedBuild?: () => { readonly output: FolderOutput; readonly reads: ReadShape; readonly inputKey: string };
}

/**
 * One job per tenant plus the platform folder. A tenant's key covers the code, the
 * whole resolved platform and the resolved tenant (which already folds in the
 * platform defaults it inherits). The platform folder lists every tenant, but reads
 * only a little of each (ids, namespaces): its key covers the parts of the tenants
 * its last build read (`platformReads`, from the cache), or every tenant when that
 * is unknown, so a change no platform object depends on does not rebuild it.
 */
export function folderJobs(project: LoadedProject, platformReads?: ReadShape, documents = false): SynthJob[] {
  const code = codeFingerprint();
  const platformKey = hashOf(code, JSON.stringify(project.platform));
  // In a fleet a tenant has a hub folder and one per cluster it is placed on (tenantFolders).
  const tenantJobs = project.tenants.flatMap((whole) =>
    tenantFolders(whole, project.platform).map(
      (tenant): SynthJob => ({
        folder: tenant.folder ?? tenant.id,
        inputKey: hashOf(platformKey, JSON.stringify(tenant)),
        tenant,
        build: () => synthesizeTenant(tenant, project.platform, documents),
      }),
    ),
  );
  // A cluster's platform folder lists only the ids of the tenants placed there.
  const clusterJobs = (project.platform.clusters ?? []).map((cluster): SynthJob => {
    const placed = project.tenants.filter((t) => t.clusters?.includes(cluster.name)).map((t) => t.id);
    return {
      folder: clusterFolder(PLATFORM_FOLDER, cluster.name),
      inputKey: hashOf(platformKey, 'cluster', cluster.name, ...placed),
      build: () => synthesizeClusterPlatform(project.platform, project.tenants, cluster.name, documents),
    };
  });
  const readsKey = (reads: ReadShape) => hashOf(platformKey, 'reads', JSON.stringify(projectReads(project.tenants, reads)));
  return [
    {
      folder: PLATFORM_FOLDER,
      inputKey: platformReads ? readsKey(platformReads) : hashOf(platformKey, ...tenantJobs.map((j) => j.inputKey)),
      build: () => synthesizePlatform(project.platform, project.tenants, documents),
      trackedBuild: () => {
        const reads: ReadShape = {};
        const output = synthesizePlatform(project.platform, trackReads(project.tenants, reads));
        return { output, reads, inputKey: readsKey(reads) };
      },
    },
    ...clusterJobs,
    ...tenantJobs,
  ];
}

/** Every folder in memory, for `check` and tests. */
export function synthesizeAll(project: LoadedProject): FolderOutput[] {
  return folderJobs(project).map((job) => job.build());
}

/** Every folder in memory with each file's object too, for `check` (which then need not parse what is unchanged). */
export function synthesizeAllWithDocuments(project: LoadedProject): FolderOutput[] {
  return folderJobs(project, undefined, true).map((job) => job.build());
}

/** Where the time went, in milliseconds; `build` adds up every thread's building and serializing. */
export interface SynthTimings {
  /** Recovering, scanning dist/ and checking the cache. */
  plan: number;
  /** Starting worker threads (0 without workers). */
  workerStartup: number;
  /** Building construct trees and serializing them, summed over threads. */
  build: number;
  /** Comparing with dist/, linking unchanged files and queueing new ones for the writer (this thread). */
  stage: number;
  /** Waiting for the last writes, swapping staged folders into dist/, saving the cache. */
  commit: number;
  /** Wall time of the whole synthesis. */
  total: number;
  /** Worker threads used. */
  workers: number;
}

export function emptyTimings(): SynthTimings {
  return { plan: 0, workerStartup: 0, build: 0, stage: 0, commit: 0, total: 0, workers: 0 };
}
