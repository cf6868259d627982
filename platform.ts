// The platform's defaults, owned by the platform team: the top of every tenant's inheritance chain.
import { definePlatform } from './lib/spec/schema';
import { DEFAULT_RESERVED_NAMESPACES } from './lib/spec/defaults';

// Cluster-wide defaults, owned by the platform team. Every tenant inherits from here.
export default definePlatform({
  // In a fleet, `cluster.server` is where Argo CD runs (the hub); tenants go to `clusters`.
  cluster: { server: 'https://kubernetes.default.svc' },
  clusters: [
    {
      name: 'eu-west',
      server: 'https://eu-west.k8s.example.com',
      labels: { region: 'eu', pool: 'general' },
      capacity: { cpu: '96', memory: '384Gi', overcommit: 1.5 },
    },
    {
      name: 'us-east',
      server: 'https://us-east.k8s.example.com',
      labels: { region: 'us', pool: 'general' },
      capacity: { cpu: '96', memory: '384Gi', overcommit: 1.5 },
    },
    // Registered in Argo CD under this name (its cluster secret), so no URL here.
    { name: 'gpu-pool', labels: { region: 'eu', pool: 'gpu' }, capacity: { cpu: '64', memory: '512Gi' } },
  ],
  // Tenants without a placement of their own run in eu-west.
  placement: { clusters: ['eu-west'] },
  gitops: {
    engine: 'both',
    repoURL: 'https://github.com/example-org/tenantry-fleet.git',
    revision: 'main',
    path: 'dist',
  },
  ingress: { namespace: 'ingress-nginx', podSelector: { 'app.kubernetes.io/name': 'ingress-nginx' }, ports: [8000] },
  // Ports on tenant pods that the monitoring stack may scrape.
  monitoring: { namespace: 'monitoring', podSelector: { 'app.kubernetes.io/name': 'prometheus' }, ports: [8080, 9090] },
  dns: { namespace: 'kube-system', podSelector: { 'k8s-app': 'kube-dns' } },
  sharedServices: {
    postgresql: { namespace: 'shared-data', podSelector: { 'app.kubernetes.io/name': 'postgresql' }, port: 5432 },
    redis: { namespace: 'shared-data', podSelector: { 'app.kubernetes.io/name': 'redis' }, port: 6379 },
  },
  propagateLabels: ['cost-center', 'team-*'],
  podSecurityVersion: 'v1.32',
  agent: {
    image: 'ghcr.io/tenantry/agent:1.4.2',
    sharedUrl: 'http://agent-shared.tenantry-system.svc.cluster.local:8080',
    port: 8080,
  },
  storage: { provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true' }, reclaimPolicy: 'Delete' },
  // Namespaces no tenant may take: the usual system components, and the shared-data services.
  reservedNamespaces: [...DEFAULT_RESERVED_NAMESPACES, 'shared-*'],
  // Tenants may tighten these, never remove (null) or loosen them.
  guardrails: { quota: true, limitRange: true, podSecurity: 'baseline', network: 'deny-ingress' },
  // Monthly cost estimates (npm run cost, npm run review): OpenCost's default prices, and the
  // shared agent pool whose cost the teams on the shared agent split evenly.
  prices: {
    cpuHour: 0.031611,
    memoryGiBHour: 0.004237,
    storageGiBMonth: 0.04,
    sharedAgent: { replicas: 2, cpu: '4', memory: '8Gi' },
  },
  // What tenants may use at run time, enforced by the ValidatingAdmissionPolicies in dist/_platform/.
  admission: {
    allowedRegistries: ['ghcr.io/tenantry', 'ghcr.io/acme', 'ghcr.io/globex', 'registry.example.com'],
    storageClasses: ['gp3'],
    ingressClasses: ['nginx'],
  },
  defaults: {
    quota: { cpu: '2', memory: '4Gi', storage: '20Gi', pods: 20, services: 10, persistentVolumeClaims: 10 },
    limitRange: {
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      default: { cpu: '500m', memory: '512Mi' },
      max: { cpu: '8', memory: '16Gi' },
    },
    env: { LOG_LEVEL: 'info' },
  },
});
