// Hivemind's example tenant: one namespace named by the tenant, a budget that becomes its quota, owned by user-id.
import { defineTenant } from '../../../lib/spec/schema';

export default defineTenant({
  template: 'standard',
  id: 'tenant-id',
  name: 'My Tenant',
  owner: 'user-id',
  description: 'My tenant description',
  status: 'active',
  // cpu_limit 4, memory_limit 8 GB, storage_limit 100 GB, max_containers 10, max_services 5 (from the template).
  teams: [{ id: 'default', namespace: 'my-namespace' }],
});
