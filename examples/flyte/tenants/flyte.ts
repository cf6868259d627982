// The Flyte platform's teams Alpha, Beta and Gamma: their domains, quotas, roles, users and groups from the write-up.
import { defineTenant } from '../../../lib/spec/schema';

export default defineTenant({
  id: 'flyte',
  name: 'Flyte multi-tenant',
  owner: 'flyte-platform',
  description: 'Workflow execution namespaces of teams Alpha, Beta and Gamma',
  isolation: 'hard',
  repos: ['https://github.com/company/flyte-workflows.git'],
  teams: [
    {
      id: 'alpha',
      environments: ['development', 'staging', 'production'],
      labels: { team: 'alpha', 'flyte.org/tenant': 'team-alpha' },
      // Team-specific node selector, and the write-up's per-team ServiceMonitor.
      nodes: { nodeSelector: { team: 'alpha' } },
      serviceMonitor: { name: 'flyte-team-alpha-metrics', port: 'metrics', path: '/metrics', selector: { team: 'alpha' } },
      quota: { requests: { cpu: '10', memory: '20Gi' }, limits: { cpu: '20', memory: '40Gi' }, pods: 50, persistentVolumeClaims: 10 },
      access: [
        { group: 'team-alpha-developers', role: 'edit', environments: ['development', 'staging'] },
        { user: 'alice@company.com', role: 'edit', environments: ['development', 'staging'] },
        { group: 'team-alpha-seniors', role: 'admin' },
        { user: 'bob@company.com', role: 'admin' },
      ],
    },
    {
      id: 'beta',
      environments: ['development', 'production'],
      labels: { team: 'beta', 'flyte.org/tenant': 'team-beta' },
      // Team-specific node selector, and the write-up's per-team ServiceMonitor.
      nodes: { nodeSelector: { team: 'beta' } },
      serviceMonitor: { name: 'flyte-team-beta-metrics', port: 'metrics', path: '/metrics', selector: { team: 'beta' } },
      quota: { requests: { cpu: '8', memory: '16Gi' }, limits: { cpu: '16', memory: '32Gi' }, pods: 40, persistentVolumeClaims: 8 },
      access: [
        { group: 'team-beta-developers', role: 'edit', environments: ['development'] },
        { user: 'charlie@company.com', role: 'edit', environments: ['development'] },
        { group: 'team-beta-leads', role: 'admin' },
        { user: 'diana@company.com', role: 'admin' },
      ],
    },
    {
      id: 'gamma',
      environments: ['development', 'production'],
      labels: { team: 'gamma', 'flyte.org/tenant': 'team-gamma' },
      // Team-specific node selector, and the write-up's per-team ServiceMonitor.
      nodes: { nodeSelector: { team: 'gamma' } },
      serviceMonitor: { name: 'flyte-team-gamma-metrics', port: 'metrics', path: '/metrics', selector: { team: 'gamma' } },
      quota: { requests: { cpu: '5', memory: '10Gi' }, limits: { cpu: '10', memory: '20Gi' }, pods: 25, persistentVolumeClaims: 5 },
      access: [
        { group: 'team-gamma-analysts', role: 'edit' },
        { user: 'eve@company.com', role: 'edit' },
      ],
    },
  ],
});
