// AIM Engine recipe: teams in ml-team-<x> namespaces, cluster defaults overridden per namespace, labels propagated by glob.
import { definePlatform } from '../../lib/spec/schema';

export default definePlatform({
  gitops: { engine: 'argocd', repoURL: 'https://github.com/example-org/aim-fleet.git', revision: 'main', path: 'dist' },
  // The write-up's label propagation match list: AIM's own prefix, team-*, cost-center.
  propagateLabels: ['aim.eai.amd.com/*', 'team-*', 'cost-center'],
  podSecurityVersion: 'v1.32',
  defaults: {
    quota: { cpu: '16', memory: '64Gi', storage: '500Gi', pods: 50, services: 20, persistentVolumeClaims: 20 },
    // The cluster-wide layer of "Service → RuntimeConfig (namespace) → ClusterRuntimeConfig".
    env: { AIM_STORAGE_CLASS: 'default', AIM_ROUTING_ENABLED: 'true' },
    labels: { 'aim.eai.amd.com/managed': 'true' },
  },
});
