// A Hivemind tenant on the enterprise template after "update_resource_quotas": cpu 8, 16 GB, 200 GB, 20 containers, 10 services.
import { defineTenant } from '../../../lib/spec/schema';

export default defineTenant({
  template: 'enterprise',
  id: 'big-corp',
  name: 'Big Corp',
  owner: 'big-corp-admins',
  labels: { 'hivemind.io/plan': 'enterprise' },
  teams: [{ id: 'apps', namespace: 'big-corp-apps' }],
});
