// IncidentFox recipe: org → unit → team config inheritance, the shared agent pool and dedicated agents, cost per team.
import { definePlatform } from '../../lib/spec/schema';
import { DEFAULT_RESERVED_NAMESPACES } from '../../lib/spec/defaults';

const REGISTRY = '103002841599.dkr.ecr.us-west-2.amazonaws.com';

export default definePlatform({
  gitops: { engine: 'argocd', repoURL: 'https://github.com/example-org/incidentfox-fleet.git', revision: 'main', path: 'dist' },
  // The write-up's image is `incidentfox-agent:latest`; Tenantry only takes a pinned tag or digest.
  agent: { image: `${REGISTRY}/incidentfox-agent:1.12.0`, sharedUrl: 'http://incidentfox-agent.incidentfox.svc.cluster.local:8080', port: 8080 },
  // The orchestrator, the config service and the shared agent pool run in `incidentfox`.
  reservedNamespaces: [...DEFAULT_RESERVED_NAMESPACES, 'incidentfox'],
  dns: { namespace: 'kube-system', podSelector: { 'k8s-app': 'kube-dns' } },
  // "Orchestrator forwards to dedicated URL": it calls each dedicated agent on 8080, and nothing else of a team.
  components: {
    orchestrator: { namespace: 'incidentfox', podSelector: { app: 'incidentfox-orchestrator' }, reaches: { ports: [8080], pods: 'agents' } },
  },
  podSecurityVersion: 'v1.32',
  // The cost analysis: $0.031 per CPU-hour, $0.0035 per GiB-hour, 720 hours, 2 shared pods of 4 CPU / 8Gi.
  prices: {
    cpuHour: 0.031,
    memoryGiBHour: 0.0035,
    storageGiBMonth: 0.04,
    hoursPerMonth: 720,
    sharedAgent: { replicas: 2, cpu: '4', memory: '8Gi' },
  },
  admission: { allowedRegistries: [REGISTRY] },
  defaults: {
    quota: { cpu: '8', memory: '16Gi', storage: '20Gi', pods: 20, services: 5 },
    agent: { mode: 'shared' },
    // Agents call Slack, GitHub and PagerDuty over HTTPS.
    network: { externalEgress: true, externalEgressPorts: [443] },
  },
});
