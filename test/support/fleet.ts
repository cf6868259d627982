/* The three-cluster example the fleet tests share: two regions and a GPU pool; acme on both regions with one team pinned to eu-west. */
import { BENCH_PLATFORM } from '../../lib/bench/generate';
import { validateProject, type LoadedProject, type SourceFile } from '../../lib/spec/loader';
import type { PlatformInput } from '../../lib/spec/schema';

export const FLEET_PLATFORM: PlatformInput = {
  ...BENCH_PLATFORM,
  clusters: [
    { name: 'eu-west', server: 'https://eu-west.k8s.example.com', labels: { region: 'eu', pool: 'general' }, capacity: { cpu: '64', memory: '256Gi', overcommit: 1.5 } },
    { name: 'us-east', server: 'https://us-east.k8s.example.com', labels: { region: 'us', pool: 'general' }, capacity: { cpu: '64', memory: '256Gi' } },
    { name: 'gpu-pool', labels: { region: 'eu', pool: 'gpu' }, capacity: { cpu: '32', memory: '512Gi' } },
  ],
  placement: { clusters: ['eu-west'] },
};

export const FLEET_TENANTS: readonly SourceFile[] = [
  {
    file: 'tenants/acme.ts',
    value: {
      id: 'acme',
      name: 'Acme Corp',
      owner: 'lead@acme.example',
      isolation: 'soft',
      placement: { selector: { pool: 'general' } },
      repos: ['https://github.com/acme/apps.git'],
      teams: [
        { id: 'web', access: [{ group: 'acme-web', role: 'edit' }], deploy: { repo: 'https://github.com/acme/web.git' } },
        { id: 'billing', placement: { clusters: ['eu-west'] }, access: [{ group: 'acme-billing', role: 'admin' }] },
      ],
    },
  },
  {
    file: 'tenants/globex.ts',
    value: {
      id: 'globex',
      name: 'Globex',
      owner: 'ops@globex.example',
      isolation: 'hard',
      placement: { selector: { pool: 'gpu' } },
      teams: [{ id: 'ml', access: [{ group: 'globex-ml', role: 'edit' }], agent: { memory: '4Gi', requests: { cpu: '1', memory: '2Gi' }, autoscaling: { minReplicas: 1, maxReplicas: 4, cpuPercent: 80 } } }],
    },
  },
  {
    file: 'tenants/initech.ts',
    value: { id: 'initech', name: 'Initech', owner: 'bill@initech.example', isolation: 'network-only', teams: [{ id: 'tps', access: [{ group: 'initech-tps', role: 'view' }] }] },
  },
];

/** Validates the platform and tenants (the fleet example unless given); throws with the loader's lines when invalid. */
export function fleetProject(platform: unknown = FLEET_PLATFORM, tenants: readonly SourceFile[] = FLEET_TENANTS): LoadedProject {
  const result = validateProject({ file: 'platform.ts', value: platform }, tenants);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result;
}

/** The loader's error lines for an invalid fleet project. */
export function fleetErrors(platform: unknown, tenants: readonly SourceFile[] = FLEET_TENANTS): readonly string[] {
  const result = validateProject({ file: 'platform.ts', value: platform }, tenants);
  return result.ok ? [] : result.errors;
}

/** A fleet tenant file with its spec changed. */
export function withTenant(id: string, change: (spec: Record<string, unknown>) => Record<string, unknown>): SourceFile[] {
  return FLEET_TENANTS.map((t) => (t.file === `tenants/${id}.ts` ? { ...t, value: change(t.value as Record<string, unknown>) } : t));
}
