/* One realistic, valid object per kind the schema validator supports, for the schema tests to break. */
export type Manifest = Record<string, unknown> & { apiVersion: string; kind: string };

const labels = { 'app.kubernetes.io/managed-by': 'tenantry', 'tenantry.io/tenant': 'acme' };

/** One realistic, minimal-but-complete object per supported kind, keyed by a lowercase label. */
export const VALID: Record<string, Manifest> = {
  namespace: {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'acme', labels: { ...labels, 'pod-security.kubernetes.io/enforce': 'restricted' } },
  },
  'resource quota': {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'acme-quota', namespace: 'acme', labels },
    spec: { hard: { 'requests.cpu': '2', 'requests.memory': '4Gi', 'limits.memory': '8Gi', pods: '20', services: 10 } },
  },
  'limit range': {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'acme-limits', namespace: 'acme' },
    spec: {
      limits: [
        {
          type: 'Container',
          default: { cpu: '500m', memory: '512Mi' },
          defaultRequest: { cpu: '100m', memory: '128Mi' },
          max: { cpu: '2', memory: '2Gi' },
        },
      ],
    },
  },
  'service account': {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'acme-deployer', namespace: 'acme' },
    automountServiceAccountToken: false,
  },
  'config map': {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'acme-env', namespace: 'acme' },
    data: { LOG_LEVEL: 'info', FEATURE_X: 'true' },
  },
  service: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'acme' },
    spec: {
      type: 'ClusterIP',
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  },
  secret: {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'acme-git', namespace: 'acme' },
    type: 'Opaque',
    stringData: { username: 'git' },
    data: { password: 'czNjcjN0' },
  },
  deployment: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'acme', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          serviceAccountName: 'acme-deployer',
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'web',
              image: 'ghcr.io/acme/web:1.4.2',
              ports: [{ name: 'http', containerPort: 8080 }],
              envFrom: [{ configMapRef: { name: 'acme-env' } }],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
              readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    },
  },
  'horizontal pod autoscaler': {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'acme' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 75 } } }],
    },
  },
  'pod disruption budget': {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web', namespace: 'acme' },
    spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
  },
  'network policy': {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace: 'acme' },
    spec: {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 'dns-tcp' },
          ],
        },
      ],
    },
  },
  role: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'acme-developer', namespace: 'acme' },
    rules: [
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'patch'] },
    ],
  },
  'role binding': {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'acme-developers', namespace: 'acme' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'acme-developer' },
    subjects: [
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'acme:developers' },
      { kind: 'ServiceAccount', name: 'acme-deployer', namespace: 'acme' },
    ],
  },
  'cluster role': {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'tenantry:namespace-viewer' },
    rules: [{ apiGroups: [''], resources: ['namespaces'], resourceNames: ['acme'], verbs: ['get'] }],
  },
  'cluster role binding': {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'tenantry:acme-namespace-viewer' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'tenantry:namespace-viewer' },
    subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'acme:developers' }],
  },
  'storage class': {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'acme-ssd' },
    provisioner: 'ebs.csi.aws.com',
    parameters: { type: 'gp3' },
    reclaimPolicy: 'Retain',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  },
  'argo cd app project': {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: 'acme', namespace: 'argocd' },
    spec: {
      description: 'Tenant acme',
      sourceRepos: ['https://github.com/acme/deploy.git'],
      destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'acme' }],
      clusterResourceWhitelist: [],
      namespaceResourceBlacklist: [{ group: '', kind: 'ResourceQuota' }],
      roles: [{ name: 'developers', groups: ['acme:developers'], policies: ['p, proj:acme:developers, applications, sync, acme/*, allow'] }],
    },
  },
  'argo cd application': {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'acme-web', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] },
    spec: {
      project: 'acme',
      source: {
        repoURL: 'https://github.com/acme/deploy.git',
        targetRevision: 'main',
        path: 'charts/web',
        helm: { releaseName: 'web', valuesObject: { replicaCount: 2, image: { tag: '1.4.2' } } },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'acme' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=false', 'ServerSideApply=true'],
        retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
      },
    },
  },
  'flux kustomization': {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'acme', namespace: 'flux-system' },
    spec: {
      interval: '10m',
      retryInterval: '1m',
      path: './tenants/acme',
      prune: true,
      wait: true,
      timeout: '5m',
      targetNamespace: 'acme',
      serviceAccountName: 'acme-deployer',
      sourceRef: { kind: 'GitRepository', name: 'acme' },
      postBuild: { substitute: { TENANT: 'acme' } },
    },
  },
  'flux git repository': {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'acme', namespace: 'flux-system' },
    spec: {
      interval: '1m',
      url: 'https://github.com/acme/deploy.git',
      ref: { branch: 'main' },
      secretRef: { name: 'acme-git' },
      ignore: '/*\n!/tenants/acme\n',
    },
  },
  'prometheus service monitor': {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'api-metrics', namespace: 'acme-api' },
    spec: {
      selector: { matchLabels: { team: 'api' } },
      namespaceSelector: { matchNames: ['acme-api'] },
      endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
    },
  },
};

/** A deep copy of a valid fixture, to be broken by a test. */
export function valid(label: keyof typeof VALID): Manifest & { spec: Record<string, unknown> } {
  return structuredClone(VALID[label]) as Manifest & { spec: Record<string, unknown> };
}
