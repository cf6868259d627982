// Hivemind recipe: the tenant model (id, name, owner, description, labels, status), isolation levels and tenant templates.
import { definePlatform } from '../../lib/spec/schema';

export default definePlatform({
  gitops: { engine: 'flux', repoURL: 'https://github.com/example-org/hivemind-fleet.git', revision: 'main', path: 'dist' },
  ingress: { namespace: 'hivemind-system', podSelector: { app: 'hivemind-api' }, ports: [8080] },
  // "Pre-configured tenant templates for common use cases".
  tenantTemplates: {
    standard: { isolation: 'soft', quota: { cpu: '4', memory: '8Gi', storage: '100Gi', pods: 10, services: 5 } },
    enterprise: { isolation: 'hard', quota: { cpu: '8', memory: '16Gi', storage: '200Gi', pods: 20, services: 10 } },
  },
  defaults: {
    quota: { cpu: '2', memory: '4Gi', storage: '50Gi', pods: 10, services: 5 },
  },
});
