import { defineTenant } from '../lib/spec/schema';

// Network-only isolation: default-deny networking, no quotas, shared everything else.
export default defineTenant({
  id: 'initech',
  name: 'Initech',
  owner: 'bill@initech.example',
  isolation: 'network-only',
  teams: [
    {
      id: 'tps',
      access: [{ group: 'initech-tps', role: 'edit' }],
      routing: { slackChannels: ['C0INITPS001'] },
      network: { externalEgress: true },
    },
  ],
});
