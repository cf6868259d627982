import { defineTenant } from '../lib/spec/schema';

// Hard isolation: dedicated nodes, storage class and agents; egress only where allowed.
export default defineTenant({
  id: 'globex',
  name: 'Globex Corporation',
  owner: 'platform@globex.example',
  isolation: 'hard',
  placement: { selector: { pool: 'gpu' } },
  labels: { 'cost-center': 'cc-7' },
  quota: { cpu: '12', memory: '24Gi', storage: '100Gi', pods: 60, services: 20, persistentVolumeClaims: 20 },
  repos: ['https://github.com/globex/services.git'],
  teams: [
    {
      id: 'payments',
      access: [{ group: 'globex-payments', role: 'admin' }],
      routing: { slackChannels: ['C0GLBXPAY01'], githubRepos: ['globex/payments'] },
      quota: { cpu: '8', memory: '16Gi', storage: '50Gi', pods: 30 },
      network: { sharedServices: ['postgresql'], externalEgress: true, externalEgressPorts: [443] },
      agent: { cpu: '2', memory: '2Gi', requests: { cpu: '500m', memory: '1Gi' } },
      deploy: { repo: 'https://github.com/globex/services.git', path: './payments' },
    },
    {
      id: 'risk',
      access: [{ group: 'globex-risk', role: 'edit' }],
      routing: { githubRepos: ['globex/risk-models'] },
      quota: { cpu: '4', memory: '8Gi', storage: '50Gi', pods: 30 },
      network: { sharedServices: [] },
      agent: { mode: 'shared' },
    },
  ],
});
