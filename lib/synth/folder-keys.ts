/*
 * Each dist/ folder and the key of its inputs, computed without cdk8s: a synth whose cache vouches
 * for every folder never loads the constructs (folder-jobs.ts adds the builds).
 */
import type { LoadedProject } from '../spec/loader';
import type { ResolvedTenant } from '../spec/resolve';
import { projectReads, type ReadShape } from './read-tracking';
import { hashOf } from './synth-cache';
import { codeFingerprint } from '../spec/code-fingerprint';
import { clusterFolder, tenantFolders, type TenantFolder } from '../spec/fleet-names';
import { PLATFORM_FOLDER } from './dist-layout';

/** One folder: what it is built from and the key of those inputs. */
export type FolderKey =
  | { readonly kind: 'tenant'; readonly folder: string; readonly inputKey: string; readonly tenant: TenantFolder & ResolvedTenant }
  | { readonly kind: 'cluster'; readonly folder: string; readonly inputKey: string; readonly cluster: string }
  | { readonly kind: 'platform'; readonly folder: string; readonly inputKey: string; readonly readsKey: (reads: ReadShape) => string };

/**
 * One key per tenant folder plus the platform folders. A tenant's key covers the code, the
 * whole resolved platform and the resolved tenant (which already folds in the platform
 * defaults it inherits). The platform folder lists every tenant, but reads only a little of
 * each (ids, namespaces): its key covers the parts of the tenants its last build read
 * (`platformReads`, from the cache), or every tenant when that is unknown, so a change no
 * platform object depends on does not rebuild it.
 */
export function folderKeys(project: LoadedProject, platformReads?: ReadShape): FolderKey[] {
  const code = codeFingerprint();
  const platformKey = hashOf(code, JSON.stringify(project.platform));
  // In a fleet a tenant has a hub folder and one per cluster it is placed on (tenantFolders).
  const tenantKeys = project.tenants.flatMap((whole) =>
    tenantFolders(whole, project.platform).map(
      (tenant): FolderKey => ({ kind: 'tenant', folder: tenant.folder ?? tenant.id, inputKey: hashOf(platformKey, JSON.stringify(tenant)), tenant }),
    ),
  );
  // A cluster's platform folder lists only the ids of the tenants placed there.
  const clusterKeys = (project.platform.clusters ?? []).map((cluster): FolderKey => {
    const placed = project.tenants.filter((t) => t.clusters?.includes(cluster.name)).map((t) => t.id);
    return { kind: 'cluster', folder: clusterFolder(PLATFORM_FOLDER, cluster.name), inputKey: hashOf(platformKey, 'cluster', cluster.name, ...placed), cluster: cluster.name };
  });
  const readsKey = (reads: ReadShape) => hashOf(platformKey, 'reads', JSON.stringify(projectReads(project.tenants, reads)));
  const platformInputKey = platformReads ? readsKey(platformReads) : hashOf(platformKey, ...tenantKeys.map((k) => k.inputKey));
  return [{ kind: 'platform', folder: PLATFORM_FOLDER, inputKey: platformInputKey, readsKey }, ...clusterKeys, ...tenantKeys];
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
