import { defineTenant } from '../lib/spec/schema';

// Suspended: quota caps pods at 0, the dedicated agent is scaled to 0 without its
// autoscaler, and edit/admin access is downgraded to view.
export default defineTenant({
  id: 'hooli',
  name: 'Hooli',
  owner: 'gavin@hooli.example',
  isolation: 'soft',
  status: 'suspended',
  quota: { cpu: '4', memory: '8Gi' },
  teams: [
    {
      id: 'search',
      access: [{ group: 'hooli-search', role: 'admin' }, { user: 'gavin@hooli.example', role: 'view' }],
      agent: { mode: 'dedicated', replicas: 2, autoscaling: { minReplicas: 2, maxReplicas: 4, cpuPercent: 80 } },
    },
  ],
});
