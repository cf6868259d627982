import type { ProjectFiles } from './review-repo';

/*
 * The review's fixture project (two tenants) and the seven changes the golden reports
 * cover. Each scenario is the head commit's files on top of the base.
 */

const platform = (podSecurityVersion: string) => `import { definePlatform } from './lib/spec/schema';

export default definePlatform({
  gitops: { engine: 'argocd', repoURL: 'https://github.com/example-org/fleet.git', revision: 'main', path: 'dist' },
  ingress: { namespace: 'ingress-nginx', podSelector: { 'app.kubernetes.io/name': 'ingress-nginx' }, ports: [8000] },
  sharedServices: { postgresql: { namespace: 'shared-data', podSelector: { app: 'postgresql' }, port: 5432 } },
  podSecurityVersion: '${podSecurityVersion}',
  prices: { cpuHour: 0.031611, memoryGiBHour: 0.004237, storageGiBMonth: 0.04, sharedAgent: { replicas: 2, cpu: '4', memory: '8Gi' } },
});
`;

const acme = (options: { cpu?: string; role?: string; agent?: string } = {}) => `import { defineTenant } from '../lib/spec/schema';

export default defineTenant({
  id: 'acme',
  name: 'Acme Corp',
  owner: 'lead@acme.example',
  isolation: 'soft',
  quota: { cpu: '8', memory: '16Gi', storage: '100Gi' },
  teams: [
    {
      id: 'web',
      environments: ['staging', 'production'],
      access: [{ group: 'acme-dev', role: '${options.role ?? 'edit'}' }],
      quota: { cpu: '${options.cpu ?? '2'}', memory: '4Gi', storage: '20Gi' },${options.agent ? `\n      agent: ${options.agent},` : ''}
    },
  ],
});
`;

const bolt = (options: { isolation?: string; jobs?: boolean } = {}) => `import { defineTenant } from '../lib/spec/schema';

export default defineTenant({
  id: 'bolt',
  name: 'Bolt',
  owner: 'ops@bolt.example',
  isolation: '${options.isolation ?? 'network-only'}',
  teams: [
    { id: 'api', access: [{ group: 'bolt-api', role: 'edit' }], network: { externalEgress: true, externalEgressPorts: [443] } },${options.jobs ? `\n    { id: 'jobs', access: [{ group: 'bolt-jobs', role: 'view' }] },` : ''}
  ],
});
`;

export const BASE: ProjectFiles = { 'platform.ts': platform('v1.31'), 'tenants/acme.ts': acme(), 'tenants/bolt.ts': bolt() };

export const SCENARIOS: Readonly<Record<string, ProjectFiles>> = {
  'quota-raise': { 'tenants/acme.ts': acme({ cpu: '3' }) },
  'new-team': { 'tenants/bolt.ts': bolt({ jobs: true }) },
  'access-escalation': { 'tenants/acme.ts': acme({ role: 'admin' }) },
  'network-only-to-soft': { 'tenants/bolt.ts': bolt({ isolation: 'soft' }) },
  'platform-default': { 'platform.ts': platform('v1.32') },
  'tenant-removed': { 'tenants/bolt.ts': null },
  'dedicated-agent': { 'tenants/acme.ts': acme({ agent: "{ mode: 'dedicated', replicas: 2, requests: { cpu: '500m', memory: '1Gi' } }" }) },
};
