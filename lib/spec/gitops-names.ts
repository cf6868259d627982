/*
 * The names and rules both GitOps engines share: project and reconciler names, what a
 * tenant's Argo CD Applications may and may not create, and repository paths.
 */
import { GUARDRAIL_KINDS, SECRET_KIND, TENANT_WORKLOAD_KINDS, type TenantKind } from './tenant-kinds';

/** A kind by API group, as Argo CD lists it. */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/** Which GitOps engine(s) `platform.ts` wires. */
export type GitOpsEngine = 'argocd' | 'flux' | 'both';

/** The AppProject names the platform keeps for itself; a tenant id may not take them. */
export const PLATFORM_PROJECT = 'tenantry-platform';
export const RESERVED_PROJECTS: readonly string[] = ['default', PLATFORM_PROJECT];
/** Makes deleting an Application cascade to its resources. */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
/** The Flux reconciler ServiceAccount (and its RoleBinding) in each namespace with `deploy`. */
export const FLUX_RECONCILER = 'flux-reconciler';

/**
 * Kinds a tenant's own Argo CD Applications may not create. The Argo CD controller
 * usually holds broad rights, so anything the project lets through skips Kubernetes'
 * RBAC escalation checks:
 * - ResourceQuota, LimitRange and NetworkPolicy are the tenant's guardrails;
 * - Role and RoleBinding would let a tenant bind a powerful ClusterRole;
 * - Argo CD and Flux appliers would sync further manifests under another identity.
 */
export const TENANT_BLACKLIST: readonly GroupKind[] = [
  ...GUARDRAIL_KINDS.map(({ group, kind }) => ({ group, kind })),
  { group: 'rbac.authorization.k8s.io', kind: 'Role' },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
  { group: 'argoproj.io', kind: 'AppProject' },
  { group: 'argoproj.io', kind: 'Application' },
  { group: 'argoproj.io', kind: 'ApplicationSet' },
  { group: 'helm.toolkit.fluxcd.io', kind: 'HelmRelease' },
  { group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization' },
];

/** Kinds a tenant's own Argo CD Applications may create: exactly what its edit role may write. */
export const TENANT_WHITELIST: readonly TenantKind[] = [...TENANT_WORKLOAD_KINDS, SECRET_KIND];

/**
 * Argo CD 3.x project-role permissions per team role, as `[resource, action]`; every policy
 * is scoped to `<project>/*`. Since 3.0 reading logs needs `logs, get`, and `update` and
 * `delete` no longer cover an application's managed resources: `update/*` and `delete/*` do.
 */
export const PROJECT_ACTIONS = {
  view: [['applications', 'get'], ['logs', 'get']],
  edit: [['applications', 'get'], ['logs', 'get'], ['applications', 'sync'], ['applications', 'create'], ['applications', 'update']],
  admin: [
    ['applications', 'get'],
    ['logs', 'get'],
    ['applications', 'sync'],
    ['applications', 'create'],
    ['applications', 'update'],
    ['applications', 'update/*'],
    ['applications', 'delete'],
    ['applications', 'delete/*'],
    ['applications', 'override'],
    ['applications', 'action/*'],
  ],
} as const;

/** Cluster-scoped kinds that dist/ holds; only the platform project may sync them. */
export const PLATFORM_CLUSTER_KINDS: readonly GroupKind[] = [
  { group: '', kind: 'Namespace' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'storage.k8s.io', kind: 'StorageClass' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicy' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicyBinding' },
];
/** The root Application, the Flux source and the Flux platform Kustomization share this name. */
export const PLATFORM_ROOT = 'tenantry-platform';
export const FLUX_SOURCE = 'tenantry';

/** Which objects each engine writes. */

export function gitOpsRoles(engine: GitOpsEngine) {
  return {
    /** Argo CD syncs the dist/ folders (root Application, one Application per tenant). */
    argocdPlatform: engine !== 'flux',
    /** Flux syncs the dist/ folders (one Kustomization per folder in flux-system). */
    fluxPlatform: engine === 'flux',
    /** Each tenant gets an AppProject for its own Argo CD Applications. */
    argocdProjects: engine !== 'flux',
    /** A team's `deploy` becomes an Argo CD Application in the tenant's AppProject. */
    argocdDeploy: engine === 'argocd',
    /** A team's `deploy` becomes a Flux reconciler, GitRepository and Kustomization. */
    fluxDeploy: engine !== 'argocd',
  } as const;
}

/** The Argo CD Application that syncs a namespace's `deploy` (engine `argocd`). */
export function deployApplicationName(namespace: string): string {
  return namespace;
}

/** A repository-relative path as Argo CD expects it: `clusters/dev`, or `.` for the root. */
export function argoPath(path: string): string {
  return trimPath(path) || '.';
}

/** A repository-relative path as Flux writes it: `./clusters/dev`, or `./` for the root. */
export function fluxPath(path: string): string {
  return `./${trimPath(path)}`;
}

function trimPath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

/** The platform's Argo CD Application for a tenant folder. */
export function platformApplicationName(tenant: string): string {
  return `tenant-${tenant}`;
}

/** The platform's Flux Kustomization for a tenant folder (prefixed so no tenant can take `flux-system`). */
export function platformKustomizationName(tenant: string): string {
  return `tenant-${tenant}`;
}
