/*
 * The names the admission policies, the tenant namespaces and the gate share: policy names,
 * the Namespace annotations that carry each tenant's allowances, and the exempt identities.
 */

/** The label every object Tenantry writes into a tenant namespace carries. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'tenantry';
/** The label admission bindings select tenant namespaces by (tenants cannot write Namespaces). */
export const TENANT_LABEL = 'tenantry.io/tenant';

/** Namespace annotations the policies read through `namespaceObject`: comma-separated lists. */
export const ANNOTATIONS = {
  hostnames: 'tenantry.io/allowed-hostnames',
  serviceTypes: 'tenantry.io/allowed-service-types',
  registries: 'tenantry.io/allowed-registries',
} as const;

/** The priority classes that may preempt anything; tenants get a 0-pod quota on them. */
export const SYSTEM_PRIORITY_CLASSES: readonly string[] = ['system-cluster-critical', 'system-node-critical'];

/** Every ValidatingAdmissionPolicy Tenantry writes; each has a binding of the same name. */
export const ADMISSION_POLICIES = {
  services: 'tenantry-services',
  ingresses: 'tenantry-ingresses',
  pods: 'tenantry-pods',
  storage: 'tenantry-storage',
  managedObjects: 'tenantry-managed-objects',
  labels: 'tenantry-labels',
} as const;

export type AdmissionPolicyName = (typeof ADMISSION_POLICIES)[keyof typeof ADMISSION_POLICIES];

/** Who may change Tenantry's own objects in tenant namespaces: the platform's delivery and Kubernetes itself. */
export interface ExemptIdentities {
  readonly users: readonly string[];
  readonly groups: readonly string[];
  /** Username prefixes, such as every controller ServiceAccount of kube-system. */
  readonly userPrefixes: readonly string[];
}

export function exemptIdentities(options: {
  readonly argocdNamespace?: string;
  readonly fluxNamespace?: string;
  readonly users?: readonly string[];
  readonly groups?: readonly string[];
}): ExemptIdentities {
  const users = new Set<string>(['system:kube-controller-manager', 'system:kube-scheduler', ...(options.users ?? [])]);
  // The identities that apply dist/ (Argo CD's application controller, Flux's kustomize-controller),
  // and Flux's source-controller, which sets finalizers on the GitRepositories Tenantry writes.
  if (options.argocdNamespace) users.add(`system:serviceaccount:${options.argocdNamespace}:argocd-application-controller`);
  if (options.fluxNamespace) {
    users.add(`system:serviceaccount:${options.fluxNamespace}:kustomize-controller`);
    users.add(`system:serviceaccount:${options.fluxNamespace}:source-controller`);
  }
  return {
    users: [...users].sort(),
    groups: [...new Set(['system:masters', 'system:nodes', ...(options.groups ?? [])])].sort(),
    userPrefixes: ['system:serviceaccount:kube-system:'],
  };
}

/** A comma-separated annotation value, as the policies split it. */
export function joinList(values: readonly string[]): string {
  return [...values].join(',');
}

/** Whether an image comes from one of the registries: `<registry>/…`, as the pod policy checks it. */
export function imageAllowed(image: string, registries: readonly string[]): boolean {
  return registries.some((registry) => image.startsWith(`${registry}/`));
}
