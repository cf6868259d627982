/* Deterministic synthetic tenants for the benchmark and the property tests: mixed isolation levels, agents and environments. */
import type { SourceFile } from '../spec/loader';
import type { PlatformInput, TenantSpec } from '../spec/schema';

/** The platform every benchmark tenant inherits from; like the example platform.ts. */
export const BENCH_PLATFORM: PlatformInput = {
  cluster: { server: 'https://kubernetes.default.svc' },
  gitops: { engine: 'both', repoURL: 'https://github.com/example-org/tenantry-fleet.git', revision: 'main', path: 'dist' },
  ingress: { namespace: 'ingress-nginx', podSelector: { 'app.kubernetes.io/name': 'ingress-nginx' }, ports: [8000] },
  monitoring: { namespace: 'monitoring', podSelector: { 'app.kubernetes.io/name': 'prometheus' }, ports: [8080, 9090] },
  dns: { namespace: 'kube-system', podSelector: { 'k8s-app': 'kube-dns' } },
  sharedServices: {
    postgresql: { namespace: 'shared-data', podSelector: { 'app.kubernetes.io/name': 'postgresql' }, port: 5432 },
    redis: { namespace: 'shared-data', podSelector: { 'app.kubernetes.io/name': 'redis' }, port: 6379 },
  },
  propagateLabels: ['cost-center', 'team-*'],
  podSecurityVersion: 'v1.32',
  agent: { image: 'ghcr.io/tenantry/agent:1.4.2', sharedUrl: 'http://agent-shared.tenantry-system.svc.cluster.local:8080', port: 8080 },
  storage: { provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true' }, reclaimPolicy: 'Delete' },
  defaults: {
    quota: { cpu: '2', memory: '4Gi', storage: '20Gi', pods: 20, services: 10, persistentVolumeClaims: 10 },
    limitRange: { defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '512Mi' }, max: { cpu: '8', memory: '16Gi' } },
    env: { LOG_LEVEL: 'info' },
  },
};

export interface GenerateOptions {
  readonly tenants: number;
  /** Teams per tenant. @default 3 */
  readonly teams?: number;
  /** @default 1 */
  readonly seed?: number;
}

const TEAM_NAMES = ['platform', 'payments', 'search', 'data', 'web', 'mobile', 'ml', 'infra', 'security', 'billing', 'growth', 'support'];
const ENVIRONMENT_SETS: readonly (readonly string[])[] = [['dev', 'production'], ['dev', 'staging', 'production']];

/** A small, fast PRNG (mulberry32): the same seed gives the same tenants on every machine. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * N valid tenant specs, as the loader would read them from `tenants/<id>.ts`: mixed
 * isolation levels and statuses, units, some environments, some dedicated agents,
 * unique routing ids. Deterministic for a seed.
 */
export function generateTenants(options: GenerateOptions): SourceFile[] {
  const teamsPerTenant = options.teams ?? 3;
  const next = random(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const chance = (p: number) => next() < p;
  const width = String(Math.max(options.tenants - 1, 1)).length;
  const sources: SourceFile[] = [];
  let routingId = 0;
  for (let i = 0; i < options.tenants; i++) {
    const id = `t${String(i).padStart(width, '0')}-${pick(['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wonka', 'tyrell'])}`;
    const roll = next();
    const isolation: TenantSpec['isolation'] =
      roll < 0.45
        ? 'soft'
        : roll < 0.65
          ? 'hard'
          : roll < 0.85
            ? 'network-only'
            : { custom: { network: 'deny-all', quota: true, nodes: 'shared', storage: pick(['dedicated', 'shared']), agent: 'shared', podSecurity: 'restricted' } };
    const statusRoll = next();
    const status = statusRoll < 0.9 ? undefined : statusRoll < 0.95 ? 'suspended' : 'pending';
    let namespaces = 0;
    const teams = [];
    for (let j = 0; j < teamsPerTenant; j++) {
      const teamId = j < TEAM_NAMES.length ? TEAM_NAMES[j]! : `team-${j}`;
      const environments = chance(0.2) ? [...pick(ENVIRONMENT_SETS)] : undefined;
      namespaces += environments?.length ?? 1;
      const channel = `C${(routingId++).toString(36).toUpperCase().padStart(9, '0')}`;
      const dedicated = isolation === 'hard' || chance(0.15);
      teams.push({
        id: teamId,
        ...(j === 0 ? { unit: 'core' } : {}),
        ...(environments ? { environments } : {}),
        access: [
          { group: `${id}-${teamId}`, role: pick(['edit', 'admin'] as const) },
          ...(chance(0.5) ? [{ user: `lead-${j}@${id}.example`, role: 'view' as const }] : []),
        ],
        routing: { slackChannels: [channel], ...(chance(0.5) ? { githubRepos: [`${id}/${teamId}`] } : {}) },
        ...(chance(0.3) ? { deploy: { repo: `https://github.com/${id}/${teamId}-deploy.git`, path: './clusters' } } : {}),
        ...(chance(0.3) ? { network: { sharedServices: [pick(['postgresql', 'redis'])], externalEgress: chance(0.5) } } : {}),
        ...(chance(0.2) ? { labels: { 'team-tier': pick(['gold', 'silver', 'bronze']) } } : {}),
        agent: dedicated
          ? {
              mode: 'dedicated' as const,
              replicas: 2,
              cpu: '2',
              memory: '4Gi',
              ...(chance(0.5) ? { autoscaling: { minReplicas: 2, maxReplicas: 6, cpuPercent: 70 } } : {}),
              env: { HF_TOKEN: { secretKeyRef: { name: `${id}-hf`, key: 'token' } } },
            }
          : { mode: 'shared' as const },
      });
    }
    sources.push({
      file: `tenants/${id}.ts`,
      value: {
        id,
        name: `Tenant ${i}`,
        owner: `owner@${id}.example`,
        isolation,
        ...(status ? { status } : {}),
        labels: { 'cost-center': `cc-${i % 97}`, 'example.com/contact': 'lead' },
        // Every namespace gets the platform's default quota (2 cpu, 4Gi, ...); the budget leaves room.
        quota: { cpu: String(2 * namespaces + 2), memory: `${4 * namespaces + 4}Gi`, pods: 20 * namespaces },
        repos: [`https://github.com/${id}/apps.git`],
        env: { REGION: pick(['eu-west-1', 'us-east-1', 'ap-south-1']) },
        units: { core: { labels: { 'team-unit': 'core' }, network: { externalEgress: true } } },
        teams,
      },
    });
  }
  return sources;
}
