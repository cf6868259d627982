// AI-agents tenant other-corp: one namespace, ai-agents-other-corp, with the platform's quota and sa-other-corp.
import { defineTenant } from '../../../lib/spec/schema';

export default defineTenant({
  id: 'other-corp',
  name: 'Other Corp',
  owner: 'ops@other-corp.example',
  // Default-deny ingress and egress, quotas, Pod Security restricted, shared nodes.
  isolation: { custom: { network: 'deny-all', quota: true, nodes: 'shared', storage: 'shared', agent: 'shared', podSecurity: 'restricted' } },
  teams: [{ id: 'agents', access: [{ group: 'other-corp-operators', role: 'edit' }] }],
});
