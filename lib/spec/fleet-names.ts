/*
 * The dist/ layout of a fleet (platform.ts declares clusters): `<tenant>/` holds what the
 * Argo CD hub keeps for a tenant (its AppProject), `<tenant>.<cluster>/` what one cluster
 * gets of it, `_platform/` the hub's own objects and `_platform.<cluster>/` the platform
 * objects of one cluster. Ids and cluster names are DNS labels, so the dot is unambiguous.
 */
import { gitOpsRoles, PLATFORM_ROOT } from './gitops-names';
import type { ResolvedPlatform, ResolvedTenant } from './resolve';

/** Which part of a tenant a dist/ folder holds: the hub part (no cluster) or one cluster's. */
export interface FleetPart {
  /** The cluster the folder is synced to. @default - the Argo CD hub */
  readonly cluster?: string;
}

/** A resolved tenant as one dist/ folder builds it; `fleet` is absent outside a fleet. */
export type TenantFolder = ResolvedTenant & { readonly folder?: string; readonly fleet?: FleetPart };

/** The folder of what `cluster` gets from `owner` (a tenant id or `_platform`). */
export function clusterFolder(owner: string, cluster: string): string {
  return `${owner}.${cluster}`;
}

/** Who a dist/ folder belongs to and which cluster gets it; a platform folder has no tenant. */
export function folderOwner(folder: string): { readonly tenant?: string; readonly cluster?: string } {
  if (!folder) return {};
  const dot = folder.indexOf('.');
  const owner = dot < 0 ? folder : folder.slice(0, dot);
  const cluster = dot < 0 ? undefined : folder.slice(dot + 1);
  return owner.startsWith('_') ? { cluster } : { tenant: owner, cluster };
}

/** The folders a tenant is written to: one in a single-cluster platform; in a fleet, a hub part (under Argo CD) and one per cluster it is placed on. */
export function tenantFolders(tenant: ResolvedTenant, platform: ResolvedPlatform): TenantFolder[] {
  if (!platform.clusters || !tenant.clusters) return [tenant];
  const hub = platform.gitops && gitOpsRoles(platform.gitops.engine).argocdProjects ? [{ ...tenant, folder: tenant.id, fleet: {} }] : [];
  return [
    ...hub,
    ...tenant.clusters.map((cluster) => ({
      ...tenant,
      folder: clusterFolder(tenant.id, cluster),
      namespaces: tenant.namespaces.filter((ns) => ns.clusters?.includes(cluster)),
      fleet: { cluster },
    })),
  ];
}

/** The hub's Argo CD Application that syncs what `cluster` gets from a tenant. */
export function clusterApplicationName(tenant: string, cluster: string): string {
  return `tenant-${tenant}.${cluster}`;
}

/** The hub's Argo CD Application (and a cluster's Flux self-Kustomization) for `_platform.<cluster>`. */
export function platformClusterApplicationName(cluster: string): string {
  return `${PLATFORM_ROOT}.${cluster}`;
}

/** A team's deploy Application on the hub (engine `argocd`), one per cluster its namespace is on. */
export function fleetDeployApplicationName(namespace: string, cluster: string): string {
  return `${namespace}.${cluster}`;
}
