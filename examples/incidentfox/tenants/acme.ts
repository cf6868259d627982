// Organization acme: unit platform with team platform-sre (dedicated agent), customer-success on the shared pool, enterprise-team dedicated.
import { defineTenant } from '../../../lib/spec/schema';

export default defineTenant({
  id: 'acme',
  name: 'Acme',
  owner: 'admin@acme.example',
  // Default-deny both ways (the write-up's optional network policies made the rule), shared nodes.
  isolation: { custom: { network: 'deny-all', quota: true, nodes: 'shared', storage: 'shared', agent: 'shared', podSecurity: 'restricted' } },
  // Org config: every team inherits it; units and teams override.
  env: { AGENT_TOOLS: 'kubernetes,grafana,github', AGENT_PROMPT: 'default' },
  units: {
    platform: { env: { AGENT_TOOLS: 'kubernetes,grafana,github,aws' }, labels: { 'incidentfox.io/unit': 'platform' } },
  },
  teams: [
    {
      id: 'platform-sre',
      unit: 'platform',
      routing: { slackChannels: ['C0A4967KRBM'], githubRepos: ['acme/platform'] },
      env: { AGENT_PROMPT: 'sre' },
      access: [{ group: 'acme-platform-sre', role: 'edit' }],
      agent: {
        mode: 'dedicated',
        replicas: 2,
        cpu: '4',
        memory: '8Gi',
        requests: { cpu: '2', memory: '4Gi' },
        nodeSelector: { 'node-type': 'high-memory' },
        // "kubectl autoscale deployment … --cpu-percent=70 --min=2 --max=10".
        autoscaling: { minReplicas: 2, maxReplicas: 10, cpuPercent: 70 },
      },
    },
    {
      id: 'customer-success',
      routing: { slackChannels: ['C0B12CS0042'] },
      access: [{ group: 'acme-customer-success', role: 'edit' }],
    },
    {
      id: 'enterprise-team',
      routing: { slackChannels: ['C0E7ENT0001'], githubRepos: ['acme/enterprise'] },
      access: [{ group: 'acme-enterprise', role: 'edit' }],
      // The dedicated provisioning request: 2 replicas, 4 CPU / 8Gi, high-memory nodes.
      agent: { mode: 'dedicated', replicas: 2, cpu: '4', memory: '8Gi', requests: { cpu: '2', memory: '4Gi' }, nodeSelector: { 'node-type': 'high-memory' } },
    },
  ],
});
