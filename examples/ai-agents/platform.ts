// AI-agents recipe: one namespace ai-agents-<tenant> per tenant, its ServiceAccount sa-<tenant>, the write-up's quota table.
import { definePlatform } from '../../lib/spec/schema';

export default definePlatform({
  gitops: { engine: 'argocd', repoURL: 'https://github.com/example-org/ai-agents-fleet.git', revision: 'main', path: 'dist' },
  naming: { namespace: 'ai-agents-{tenant}', serviceAccount: 'sa-{tenant}' },
  // "Allow Nginx: ingress from ingress-nginx on port 8000".
  ingress: { namespace: 'ingress-nginx', podSelector: { 'app.kubernetes.io/name': 'ingress-nginx' }, ports: [8000] },
  dns: { namespace: 'kube-system', podSelector: { 'k8s-app': 'kube-dns' } },
  sharedServices: {
    postgresql: { namespace: 'ai-agents-data', podSelector: { app: 'postgresql' }, port: 5432 },
    redis: { namespace: 'ai-agents-data', podSelector: { app: 'redis' }, port: 6379 },
  },
  podSecurityVersion: 'v1.32',
  // "This ServiceAccount can list pods in its own namespace and not in another".
  serviceAccountRole: 'view',
  defaults: {
    // | CPU | 2 cores | 4 cores | Memory | 4Gi | 8Gi | Storage | 20Gi | Pods | 10 max |
    quota: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' }, storage: '20Gi', pods: 10 },
    limitRange: { defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '512Mi' } },
    // "External APIs (ports 80, 443)".
    network: { externalEgress: true, externalEgressPorts: [80, 443], allowMonitoring: false },
    // `kubectl get ns -l app=ai-agents` lists the tenant namespaces.
    labels: { app: 'ai-agents' },
  },
});
