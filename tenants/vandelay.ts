import { defineTenant } from '../lib/spec/schema';

// Pending: namespaces, guardrails and access are prepared; no workloads yet.
export default defineTenant({
  id: 'vandelay',
  name: 'Vandelay Industries',
  owner: 'art@vandelay.example',
  isolation: 'hard',
  status: 'pending',
  teams: [{ id: 'imports', access: [{ group: 'vandelay-imports', role: 'edit' }] }],
});
