import fc from 'fast-check';
import type { z } from 'zod';
import { validateProject, type LoadedProject } from '../../lib/spec/loader';
import { formatQuantity, parseQuantity } from '../../lib/spec/quantity';
import { mergeLayers } from '../../lib/spec/merge';
import { resolvePlatform } from '../../lib/spec/resolve';
import type { ResolvedQuota } from '../../lib/spec/quota';
import { PlatformSchema, TenantSchema, type PlatformInput } from '../../lib/spec/schema';
import { BENCH_PLATFORM } from '../../lib/bench/generate';

/*
 * fast-check arbitraries for random VALID projects: every generated tenant passes the
 * loader's zod and cross-tenant checks against PLATFORM. Other test files import this
 * module; keep its exports stable.
 *
 * Ids come from fixed pools so that composed names never collide: tenant ids have no
 * "-", so `<tenant>-…` of two tenants always differ in the first segment, and no team id
 * equals another team id plus "-<environment>".
 */

/** What a `tenants/<id>.ts` file exports (before zod applies defaults). */
export type TenantInput = z.input<typeof TenantSchema>;
type TeamInput = TenantInput['teams'][number];
type QuotaInput = NonNullable<TeamInput['quota']>;

/**
 * A fixed platform in the shape of `platform.ts`: the benchmark's, so tests and bench agree,
 * with the quota and LimitRange guardrails off so that generated specs may null inherited
 * values and the merge rules stay covered (the guardrails have their own cases).
 */
export const PLATFORM: PlatformInput = { ...BENCH_PLATFORM, guardrails: { quota: false, limitRange: false } };

/** Tenant ids: lowercase words without "-", none reserved. */
export const TENANT_IDS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wonka', 'tyrell', 'cyberdyne', 'soylent'] as const;
/** Team ids; none is another one plus "-dev", "-staging" or "-production". */
export const TEAM_IDS = ['api', 'web', 'data-eng', 'ml', 'payments', 'platform-sre', 'search', 'billing'] as const;
export const ENVIRONMENTS = ['dev', 'staging', 'production'] as const;
const UNIT_IDS = ['platform', 'product'] as const;

/** Label keys: `cost-center` and `team-*` match PLATFORM.propagateLabels, `tenantry.io/tier` always propagates, `example.com/owner` does not. */
const LABEL_KEYS = ['cost-center', 'team-tier', 'team-unit', 'tenantry.io/tier', 'example.com/owner'] as const;
const LABEL_VALUES = ['cc-42', 'cc-7', 'gold', 'silver', 'a.b_c'] as const;
/** Literal env names that the loader's secret heuristics never flag. */
const LITERAL_ENV = ['LOG_LEVEL', 'REGION', 'FEATURE_FLAGS', 'TIMEZONE'] as const;
const LITERAL_VALUES = ['info', 'debug', 'eu-west-1', 'us-east-1', 'on', 'UTC'] as const;
/** Secret-looking env names: only ever set as references. */
const SECRET_ENV = ['HF_TOKEN', 'DB_PASSWORD', 'API_KEY'] as const;

const CPU = ['250m', '500m', '1', '2', '4'] as const;
const MEMORY = ['256Mi', '512Mi', '1Gi', '2Gi', '8Gi'] as const;
const QUOTA_KEYS = ['cpu', 'memory', 'storage', 'pods', 'services', 'persistentVolumeClaims'] as const;
const QUOTA_KINDS = { cpu: 'cpu', memory: 'bytes', storage: 'bytes', pods: 'count', services: 'count', persistentVolumeClaims: 'count' } as const;

const RESOLVED_PLATFORM = resolvePlatform(PlatformSchema.parse(PLATFORM));

/** Drops keys whose value is undefined so generated specs read like hand-written ones. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const optional = <T>(arb: fc.Arbitrary<T>, freq = 2): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq });

/** Values in `pool` at index ≤ the index of `max` (pools are sorted ascending). */
function upTo<T>(pool: readonly T[], max: T): fc.Arbitrary<T> {
  return fc.constantFrom(...pool.slice(0, pool.indexOf(max) + 1));
}

/** `[A-Z]` for letters, `9` for "-", `0` between tenant and team, `1`s as padding: injective for pool ids. */
export function slackChannelFor(tenant: string, team: string): string {
  const encode = (id: string) => id.toUpperCase().replace(/-/g, '9');
  return `C${encode(tenant)}0${encode(team)}`.padEnd(9, '1');
}

const arbLabels = (allowNull: boolean): fc.Arbitrary<Record<string, string | null>> =>
  fc.dictionary(
    fc.constantFrom(...LABEL_KEYS),
    allowNull ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...LABEL_VALUES) }, { weight: 1, arbitrary: fc.constant(null) }) : fc.constantFrom(...LABEL_VALUES),
    { maxKeys: 3 },
  );

type EnvValueInput = string | { secretKeyRef: { name: string; key: string } } | { configMapKeyRef: { name: string; key: string } } | null;

const arbEnv = (owner: string, allowNull: boolean): fc.Arbitrary<Record<string, EnvValueInput>> =>
  fc
    .tuple(
      fc.dictionary(
        fc.constantFrom(...LITERAL_ENV),
        allowNull ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...LITERAL_VALUES) }, { weight: 1, arbitrary: fc.constant(null) }) : fc.constantFrom(...LITERAL_VALUES),
        { maxKeys: 2 },
      ),
      fc.dictionary(
        fc.constantFrom(...SECRET_ENV),
        fc.constantFrom('token', 'password', 'key').map((key) => ({ secretKeyRef: { name: `${owner}-secrets`, key } })),
        { maxKeys: 2 },
      ),
      optional(fc.constant({ configMapKeyRef: { name: `${owner}-settings`, key: 'settings.json' } }), 4),
    )
    .map(([literals, secrets, settings]) => ({ ...literals, ...secrets, ...(settings ? { SETTINGS_FILE: settings } : {}) }));

/** Combinations that stay valid however the layers merge: requests ≤ 200m/256Mi ≤ defaults ≤ 2/2Gi ≤ max ≥ 4/8Gi. */
const arbLimitRange = fc.constantFrom(
  { defaultRequest: { cpu: '200m', memory: '256Mi' }, default: { cpu: '1', memory: '1Gi' } },
  { default: { cpu: '2', memory: '2Gi' }, max: { cpu: '4', memory: '8Gi' } },
  { max: null },
  null,
);

const arbNetwork = fc.record(
  {
    externalEgress: fc.boolean(),
    externalEgressPorts: fc.subarray([80, 443, 8443], { minLength: 1 }),
    sharedServices: fc.subarray(['postgresql', 'redis']),
    allowMonitoring: fc.boolean(),
  },
  { requiredKeys: [] },
);

const arbQuota: fc.Arbitrary<QuotaInput | null> = fc.oneof(
  { weight: 6, arbitrary: fc.record(
    {
      cpu: fc.oneof({ weight: 5, arbitrary: fc.constantFrom('500m', '1', '2', '4') }, { weight: 1, arbitrary: fc.constant(null) }),
      memory: fc.constantFrom('512Mi', '1Gi', '2Gi', '8Gi'),
      storage: fc.constantFrom('5Gi', '20Gi', '50Gi'),
      pods: fc.constantFrom(5, 10, 30),
      services: fc.constantFrom(2, 5, 10),
      persistentVolumeClaims: fc.oneof(fc.constantFrom(0, 3, 10), fc.constant(null)),
    },
    { requiredKeys: [] },
  ) },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** A dedicated (or explicitly shared) agent whose requests never exceed its limits. */
const arbTeamAgent = (tenant: string, team: string) =>
  fc
    .record({
      mode: optional(fc.constantFrom('dedicated' as const, 'shared' as const), 1),
      replicas: optional(fc.integer({ min: 1, max: 3 })),
      image: optional(fc.constantFrom('ghcr.io/acme/agent:2.0.1', `registry.example.com:5000/agents/agent@sha256:${'a1'.repeat(32)}`)),
      limits: optional(fc.tuple(fc.constantFrom(...CPU), fc.constantFrom(...MEMORY))),
      nodeSelector: optional(fc.constant({ 'node-type': 'high-memory' })),
      tolerations: optional(fc.constant([{ key: 'dedicated', operator: 'Equal' as const, value: 'agents', effect: 'NoSchedule' as const }])),
      autoscaling: optional(
        fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 10, max: 100 })).map(([min, extra, cpuPercent]) => ({
          minReplicas: min,
          maxReplicas: min + extra,
          cpuPercent,
        })),
      ),
      env: optional(arbEnv(`${tenant}-${team}`, false)),
    })
    .chain(({ limits, ...rest }) =>
      (limits
        ? fc.tuple(upTo(CPU, limits[0]), upTo(MEMORY, limits[1])).map(([cpu, memory]) => ({ cpu: limits[0], memory: limits[1], requests: { cpu, memory } }))
        : fc.constant({})
      ).map((resources) => compact({ ...rest, ...resources })),
    );

const arbTeam = (tenant: string, team: string, units: readonly string[]): fc.Arbitrary<TeamInput> =>
  fc
    .record({
      unit: units.length ? optional(fc.constantFrom(...units)) : fc.constant(undefined),
      environments: optional(fc.subarray([...ENVIRONMENTS], { minLength: 1 })),
      access: optional(
        fc.uniqueArray(
          fc.oneof(
            fc.constantFrom('admin' as const, 'edit' as const, 'view' as const).map((role) => ({ group: `${tenant}-${team}-${role}s`, role })),
            fc.constantFrom('admin' as const, 'edit' as const, 'view' as const).map((role) => ({ user: `${role}@${tenant}.example`, role })),
          ),
          { minLength: 1, maxLength: 3, selector: (entry) => JSON.stringify(entry) },
        ),
      ),
      routing: optional(
        fc.record(
          {
            slackChannels: fc.constant([slackChannelFor(tenant, team)]),
            githubRepos: fc.subarray([`${tenant}/${team}`, `${tenant}/${team}-deploy`], { minLength: 1 }),
          },
          { requiredKeys: [] },
        ),
      ),
      deploy: optional(fc.constant({ repo: `https://github.com/${tenant}/${team}-deploy.git`, path: './k8s' }), 4),
      quota: optional(arbQuota),
      limitRange: optional(arbLimitRange, 4),
      network: optional(arbNetwork),
      env: optional(arbEnv(`${tenant}-${team}`, true)),
      labels: optional(arbLabels(true)),
      agent: optional(arbTeamAgent(tenant, team)),
    })
    .map((team_) => compact({ id: team, ...team_ }) as TeamInput);

const arbIsolation: fc.Arbitrary<TenantInput['isolation']> = fc.oneof(
  fc.constantFrom('hard' as const, 'soft' as const, 'network-only' as const),
  fc
    .record({
      network: fc.constantFrom('deny-all' as const, 'deny-ingress' as const),
      quota: fc.boolean(),
      nodes: fc.constantFrom('dedicated' as const, 'shared' as const),
      storage: fc.constantFrom('dedicated' as const, 'shared' as const),
      agent: fc.constantFrom('dedicated' as const, 'shared' as const),
      podSecurity: fc.constantFrom('restricted' as const, 'baseline' as const),
    })
    .map((custom) => ({ custom })),
);

const arbStatus = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.constant('active' as const) },
  { weight: 2, arbitrary: fc.constantFrom('pending' as const, 'suspended' as const) },
  { weight: 1, arbitrary: fc.constant('terminating' as const) },
);

/** One valid tenant with the given id (a word from TENANT_IDS, or any id without "-"). */
export function arbTenantSpec(id: string): fc.Arbitrary<TenantInput> {
  const base = fc.record({
    isolation: arbIsolation,
    status: arbStatus,
    labels: optional(arbLabels(false)),
    repos: optional(fc.constant([`https://github.com/${id}/apps.git`]), 3),
    units: optional(
      fc.uniqueArray(fc.constantFrom(...UNIT_IDS), { minLength: 1, maxLength: 2 }).chain((names) =>
        fc.tuple(...names.map(() => fc.record({ quota: optional(arbQuota), labels: optional(arbLabels(true)), network: optional(arbNetwork), env: optional(arbEnv(id, true)) }, { requiredKeys: [] }))).map((settings) =>
          Object.fromEntries(names.map((name, index) => [name, compact(settings[index]!)])),
        ),
      ),
    ),
    limitRange: optional(arbLimitRange, 4),
    network: optional(arbNetwork),
    env: optional(arbEnv(id, false)),
    agent: optional(
      fc.record(
        { mode: fc.constantFrom('dedicated' as const, 'shared' as const), image: fc.constant('ghcr.io/acme/agent:2.0.1'), env: arbEnv(`${id}-agent`, false) },
        { requiredKeys: [] },
      ),
    ),
    teamIds: fc.uniqueArray(fc.constantFrom(...TEAM_IDS), { minLength: 1, maxLength: 3 }),
    budget: fc.constantFrom('none', 'exact', 'generous'),
  });
  return base.chain(({ teamIds, budget, units, ...rest }) =>
    fc.tuple(...teamIds.map((team) => arbTeam(id, team, Object.keys(units ?? {})))).map((teams) => {
      const spec = compact({
        id,
        name: `${id[0]!.toUpperCase()}${id.slice(1)} Inc`,
        owner: `lead@${id}.example`,
        ...rest,
        units,
        teams,
      }) as TenantInput;
      const quota = tenantBudget(spec, budget);
      return quota ? { ...spec, quota } : spec;
    }),
  );
}

/** A tenant quota the team namespaces fit into: their exact sum, or twice it, over the keys every namespace bounds. */
function tenantBudget(spec: TenantInput, budget: 'none' | 'exact' | 'generous'): QuotaInput | undefined {
  if (budget === 'none') return undefined;
  const namespaces: ResolvedQuota[] = spec.teams.flatMap((team) => {
    const unit = team.unit ? spec.units?.[team.unit]?.quota : undefined;
    const quota = mergeLayers<ResolvedQuota>(RESOLVED_PLATFORM.defaults.quota as ResolvedQuota, unit as ResolvedQuota, team.quota as ResolvedQuota) ?? {};
    return Array.from({ length: team.environments?.length || 1 }, () => quota);
  });
  const factor = budget === 'exact' ? 1 : 2;
  const out: Record<string, string | number> = {};
  for (const key of QUOTA_KEYS) {
    if (namespaces.some((ns) => ns[key] === undefined)) continue;
    const total = namespaces.reduce((sum, ns) => sum + parseQuantity(ns[key]!), 0) * factor;
    out[key] = QUOTA_KINDS[key] === 'count' ? total : formatQuantity(total, QUOTA_KINDS[key]);
  }
  return Object.keys(out).length ? (out as QuotaInput) : undefined;
}

/** 1–4 valid tenants with distinct ids from TENANT_IDS. */
export const arbTenantSet: fc.Arbitrary<TenantInput[]> = fc
  .uniqueArray(fc.constantFrom(...TENANT_IDS), { minLength: 1, maxLength: 4 })
  .chain((ids) => fc.tuple(...ids.map((id) => arbTenantSpec(id))));

/** Validates the tenants against PLATFORM as `tenants/<id>.ts`; throws with the error lines if anything is invalid. */
export function validProject(tenants: readonly TenantInput[]): LoadedProject {
  const result = validateProject(
    { file: 'platform.ts', value: PLATFORM },
    tenants.map((t) => ({ file: `tenants/${t.id}.ts`, value: t })),
  );
  if (!result.ok) throw new Error(`generated project is invalid:\n${result.errors.join('\n')}\n${JSON.stringify(tenants, null, 2)}`);
  return result;
}
