// The platform's defaults, owned by the platform team: the top of every tenant's inheritance chain.
import { definePlatform } from './lib/spec/schema';

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
