import { defineTenant } from '../lib/spec/schema';

// Custom isolation: every aspect chosen explicitly.
export default defineTenant({
  id: 'umbrella',
  name: 'Umbrella Research',
  owner: 'ops@umbrella.example',
  isolation: {
    custom: {
      network: 'deny-all',
      quota: true,
      nodes: 'shared',
      storage: 'dedicated',
      agent: 'shared',
      podSecurity: 'restricted',
    },
  },
  // A lab load balancer; NodePorts stay closed.
  services: { loadBalancer: true },
  quota: { cpu: '4', memory: '8Gi', storage: '40Gi', pods: 40, services: 20, persistentVolumeClaims: 20 },
  teams: [
    {
      id: 'lab',
      access: [{ group: 'umbrella-lab', role: 'edit' }, { user: 'alice@umbrella.example', role: 'admin' }],
      network: { sharedServices: ['redis'] },
    },
    { id: 'analytics', access: [{ group: 'umbrella-analytics', role: 'view' }], network: { allowMonitoring: false } },
  ],
});
