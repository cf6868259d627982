/* Every built-in default and reserved name in one place: what a platform gets for each field it leaves out. */

/** Every default in one place: what a platform gets for each field it leaves out. */
export const DEFAULTS = {
  cluster: { server: 'https://kubernetes.default.svc' },
  gitops: { argocdNamespace: 'argocd', fluxNamespace: 'flux-system' },
  dns: { namespace: 'kube-system', podSelector: { 'k8s-app': 'kube-dns' } },
  podSecurityVersion: 'latest',
  agent: {
    image: 'ghcr.io/tenantry/agent:1.0.0',
    sharedUrl: 'http://agent-shared.tenantry-system.svc.cluster.local:8080',
    port: 8080,
  },
  storage: { provisioner: 'kubernetes.io/no-provisioner', parameters: {}, reclaimPolicy: 'Delete' },
  status: 'active',
  /** Guardrails: the quota and LimitRange cannot be nulled away, Pod Security and network no looser than these. */
  guardrails: { quota: true, limitRange: true, podSecurity: 'baseline', network: 'deny-ingress' },
  /** Per team namespace; the platform's `defaults` and the tenant's units and teams override. */
  settings: {
    quota: { cpu: '2', memory: '4Gi', storage: '20Gi', pods: 20, services: 10, persistentVolumeClaims: 10 },
    limitRange: {
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      default: { cpu: '500m', memory: '512Mi' },
    },
    network: { externalEgress: false, externalEgressPorts: [80, 443], allowMonitoring: true },
    env: {},
    labels: {},
    agent: {
      replicas: 1,
      cpu: '1',
      memory: '1Gi',
      requests: { cpu: '250m', memory: '256Mi' },
      nodeSelector: {},
      tolerations: [],
      autoscaling: null,
      env: {},
    },
  },
} as const;

/** The longest Kubernetes object name Tenantry composes (a DNS label). */
export const NAME_LIMIT = 63;

/** Namespaces Kubernetes owns: reserved whatever platform.ts says. */
export const KUBERNETES_NAMESPACES: readonly string[] = ['default', 'kube-*'];
/** System components' namespaces (globs) a tenant namespace may not take, unless platform.ts sets reservedNamespaces. */
export const DEFAULT_RESERVED_NAMESPACES: readonly string[] = [
  'argocd', 'flux-system', 'tenantry-*', 'cert-manager', 'istio-*', 'ingress-*', 'gateway-*', 'monitoring', 'prometheus', 'grafana', 'logging',
  'gatekeeper-system', 'kyverno', 'cilium*', 'calico-*', 'tigera-operator', 'linkerd*', 'metallb-system', 'external-dns', 'external-secrets',
  'vault', 'velero', 'keda', 'knative-*', 'crossplane-system', 'cattle-*', 'openshift-*', 'local-path-storage', 'olm', 'operators',
];
/** Labels Tenantry sets itself; a spec may not override them or loosen Pod Security. */
export const SYSTEM_LABEL_KEYS: readonly string[] = ['tenantry.io/tenant', 'tenantry.io/team', 'tenantry.io/isolation', 'tenantry.io/env'];
export const SYSTEM_ENV_NAMES: readonly string[] = ['TENANT_ID', 'TEAM_ID', 'TEAM_ENV'];
