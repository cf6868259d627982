// Flyte recipe: teams × domains on one cluster, namespaces flyte-execution-<team>-<domain>, teams isolated from one another.
import { definePlatform } from '../../lib/spec/schema';

export default definePlatform({
  gitops: { engine: 'argocd', repoURL: 'https://github.com/company/flyte-fleet.git', revision: 'main', path: 'dist' },
  // The write-up's flyte-execution-<team>, one namespace per domain so access can differ per domain.
  naming: { namespace: '{tenant}-execution-{team}-{env}', serviceAccount: 'flyte-{team}' },
  // The write-up's team-alpha-isolation: ingress from flyte-system and egress to it, on any port.
  components: {
    'flyte-system': { namespace: 'flyte-system', reaches: { ports: 'all' }, reachedBy: { ports: 'all' } },
  },
  monitoring: { namespace: 'monitoring', podSelector: { 'app.kubernetes.io/name': 'prometheus' }, ports: [9090] },
  propagateLabels: ['team', 'flyte.org/*'],
  podSecurityVersion: 'v1.32',
  defaults: {
    // executionConfig: requests 100m / 200Mi, limits 500m / 1Gi.
    limitRange: { defaultRequest: { cpu: '100m', memory: '200Mi' }, default: { cpu: '500m', memory: '1Gi' } },
    // "to: [] ports: [443]", flyte-system (a component) and the team's own namespaces only.
    network: { externalEgress: true, externalEgressPorts: [443], peers: 'team' },
  },
});
