import { defineTenant } from '../lib/spec/schema';

// Soft isolation; a unit whose teams inherit and override; one team with three
// environments, group and user access, and a dedicated agent.
export default defineTenant({
  id: 'acme',
  name: 'Acme Corp',
  owner: 'lead@acme.example',
  isolation: 'soft',
  // Both general-purpose clusters; customer-success stays in eu-west only.
  placement: { selector: { pool: 'general' } },
  labels: { 'cost-center': 'cc-42', 'team-tier': 'gold', 'acme.example/contact': 'lead' },
  quota: { cpu: '64', memory: '128Gi', storage: '300Gi', pods: 200, services: 60, persistentVolumeClaims: 40 },
  repos: ['https://github.com/acme/apps.git'],
  env: { REGION: 'eu-west-1' },
  units: {
    platform: {
      quota: { cpu: '16', memory: '32Gi', storage: '50Gi', pods: 50, services: 15 },
      network: { externalEgress: true },
      labels: { 'team-unit': 'platform' },
    },
  },
  teams: [
    {
      id: 'platform-sre',
      unit: 'platform',
      environments: ['dev', 'staging', 'production'],
      access: [
        { group: 'acme-sre', role: 'edit' },
        { group: 'acme-leads', role: 'admin' },
        { user: 'ann@acme.example', role: 'view' },
      ],
      routing: { slackChannels: ['C0A4967KRBM'], githubRepos: ['acme/platform'] },
      deploy: { repo: 'https://github.com/acme/platform-deploy.git', path: './clusters' },
      env: { LOG_LEVEL: 'debug' },
      agent: {
        mode: 'dedicated',
        replicas: 2,
        cpu: '4',
        memory: '8Gi',
        requests: { cpu: '2', memory: '4Gi' },
        nodeSelector: { 'node-type': 'high-memory' },
        autoscaling: { minReplicas: 2, maxReplicas: 10, cpuPercent: 70 },
        env: { HF_TOKEN: { secretKeyRef: { name: 'acme-hf', key: 'token' } } },
      },
    },
    {
      id: 'customer-success',
      placement: { clusters: ['eu-west'] },
      access: [{ group: 'acme-cs', role: 'edit' }],
      routing: { slackChannels: ['C0B12CS0042'] },
      // Inherits everything else; leaves the shared Redis alone.
      network: { sharedServices: ['postgresql'] },
      labels: { 'team-tier': null },
    },
  ],
});
