/*
 * The kinds and roles of tenant access: what a team may write, what it may never write,
 * and the names of Tenantry's tenant ClusterRoles. RBAC, GitOps and the gate share them.
 */

/** Tenantry's least-privilege ClusterRoles that team RoleBindings point at. */
export const TENANT_ROLES = { admin: 'tenantry-tenant-admin', edit: 'tenantry-tenant-edit', view: 'tenantry-tenant-view' } as const;

/** A kind a team may write, with its RBAC resource name. */
export interface TenantKind {
  readonly group: string;
  readonly kind: string;
  readonly resource: string;
}

/**
 * What a team writes day to day. The RBAC roles and the tenant AppProject's whitelist both
 * come from this list, so Argo CD (which applies with its own rights) lets through no more
 * than Kubernetes RBAC would. Guardrail kinds are deliberately absent.
 */
export const TENANT_WORKLOAD_KINDS: readonly TenantKind[] = [
  { group: '', kind: 'ConfigMap', resource: 'configmaps' },
  { group: '', kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims' },
  { group: '', kind: 'Pod', resource: 'pods' },
  { group: '', kind: 'Service', resource: 'services' },
  { group: 'apps', kind: 'Deployment', resource: 'deployments' },
  { group: 'apps', kind: 'ReplicaSet', resource: 'replicasets' },
  { group: 'apps', kind: 'StatefulSet', resource: 'statefulsets' },
  { group: 'autoscaling', kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers' },
  { group: 'batch', kind: 'CronJob', resource: 'cronjobs' },
  { group: 'batch', kind: 'Job', resource: 'jobs' },
  { group: 'networking.k8s.io', kind: 'Ingress', resource: 'ingresses' },
  { group: 'policy', kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets' },
];

/** The guardrails no tenant role, AppProject or reconciler may write. */
export const GUARDRAIL_KINDS: readonly TenantKind[] = [
  { group: '', kind: 'LimitRange', resource: 'limitranges' },
  { group: '', kind: 'ResourceQuota', resource: 'resourcequotas' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy', resource: 'networkpolicies' },
];

/** Secrets are written by edit and admin, but never listed for view. */
export const SECRET_KIND: TenantKind = { group: '', kind: 'Secret', resource: 'secrets' };

/** What the admin role writes on top of edit (within Kubernetes' escalation checks). */
export const TENANT_ADMIN_KINDS: readonly TenantKind[] = [
  { group: '', kind: 'ServiceAccount', resource: 'serviceaccounts' },
  { group: 'rbac.authorization.k8s.io', kind: 'Role', resource: 'roles' },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', resource: 'rolebindings' },
];

/** The Flux objects Tenantry writes into team namespaces with `deploy`. */
export const FLUX_KINDS: readonly TenantKind[] = [
  { group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization', resource: 'kustomizations' },
  { group: 'source.toolkit.fluxcd.io', kind: 'GitRepository', resource: 'gitrepositories' },
];
