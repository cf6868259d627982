// AI-agents tenant acme-corp: one namespace, ai-agents-acme-corp, with the platform's quota and sa-acme-corp.
import { defineTenant } from '../../../lib/spec/schema';

export default defineTenant({
  id: 'acme-corp',
  name: 'Acme Corp',
  owner: 'ops@acme-corp.example',
  // Default-deny ingress and egress, quotas, Pod Security restricted, shared nodes.
  isolation: { custom: { network: 'deny-all', quota: true, nodes: 'shared', storage: 'shared', agent: 'shared', podSecurity: 'restricted' } },
  teams: [{ id: 'agents', access: [{ group: 'acme-corp-operators', role: 'edit' }] }],
});
