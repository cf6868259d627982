// Inheritance: platform → tenant → unit → team, resolved once into the plain values the constructs read.
import { type AccessEntry, type CustomIsolation, type EnvValue, type IsolationSpec, type PlatformSpec, type Settings, type TeamSpec, type TenantSpec, type TenantStatus } from './schema';
import { namespaceExtensionValues, resolvePlatformExtensions, type NamespaceExtensionValues, type PlatformExtensionSettings } from './resolve-extensions';
import { DEFAULTS } from './defaults';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './admission-names';
import { resolveAdmission, type ResolvedAdmission } from './admission-resolve';
import { mergeLayers, mergeOnto } from './merge';
import { namespaceAccess } from './namespace-access';
import { foldQuota, withSpelledQuota, type ResolvedQuota } from './quota';
import { DEFAULT_NAMING, namespaceFor, serviceAccountFor, type Naming } from './naming';
import { placeTeams, resolveClusters, type PlacementSpec, type ResolvedCluster } from './placement';
import { DEFAULT_PRICES } from './prices';
import { chosenComponents, resolveComponents, type ResolvedComponent } from './components';
import { DEFAULT_DEDICATED_KEY, nodePlacement, type DedicatedKeys, type NodePlacement, type Toleration } from './node-placement';
import { resolveServiceMonitor, type ResolvedServiceMonitor } from './service-monitor';

/*
 * Turns validated specs into fully resolved values: defaults applied, the
 * platform → tenant → unit → team chain merged, isolation aspects spelled out.
 * The constructs only ever see resolved values.
 */

export type IsolationLevel = 'hard' | 'soft' | 'network-only' | 'custom';

export interface IsolationAspects extends CustomIsolation {
  readonly level: IsolationLevel;
}

const ISOLATION_MATRIX: Readonly<Record<Exclude<IsolationLevel, 'custom'>, CustomIsolation>> = {
  hard: { network: 'deny-all', quota: true, nodes: 'dedicated', storage: 'dedicated', agent: 'dedicated', podSecurity: 'restricted' },
  soft: { network: 'deny-ingress', quota: true, nodes: 'shared', storage: 'shared', agent: 'shared', podSecurity: 'baseline' },
  'network-only': { network: 'deny-all', quota: false, nodes: 'shared', storage: 'shared', agent: 'shared', podSecurity: 'baseline' },
};

export function resolveIsolation(spec: IsolationSpec): IsolationAspects {
  if (typeof spec === 'string') return { level: spec, ...ISOLATION_MATRIX[spec] };
  return { level: 'custom', ...spec.custom };
}

export interface Endpoint {
  readonly namespace: string;
  readonly podSelector: Readonly<Record<string, string>>;
  readonly ports: readonly number[];
  readonly protocol: 'TCP' | 'UDP';
}

export interface ResolvedPlatform extends PlatformExtensionSettings {
  readonly clusterServer: string;
  readonly gitops?: {
    readonly engine: 'argocd' | 'flux' | 'both';
    readonly repoURL: string;
    readonly revision: string;
    readonly path: string;
    readonly argocdNamespace: string;
    readonly fluxNamespace: string;
    readonly secretRef?: string;
  };
  readonly ingress?: Endpoint;
  readonly monitoring?: Endpoint;
  readonly dns: { readonly namespace: string; readonly podSelector: Readonly<Record<string, string>> };
  readonly sharedServices: Readonly<Record<string, Endpoint>>;
  /** Every platform component, the shorthand fields above included (lib/spec/components.ts). */
  readonly components: readonly ResolvedComponent[];
  /** The node label and taint key of dedicated nodes. */
  readonly dedicatedNodes: DedicatedKeys;
  readonly propagateLabels: readonly string[];
  readonly podSecurityVersion: string;
  readonly agent: { readonly image: string; readonly sharedUrl: string; readonly port: number };
  readonly storage: { readonly provisioner: string; readonly parameters: Readonly<Record<string, string>>; readonly reclaimPolicy: 'Delete' | 'Retain' };
  readonly allowedKinds: readonly string[];
  readonly defaults: Settings;
  readonly prices: ResolvedPrices;
  readonly admission: ResolvedAdmission;
  /** How namespaces and team ServiceAccounts are named. */
  readonly naming: Naming;
  /** The role each team ServiceAccount holds in its own namespaces. @default - bound to nothing */
  readonly serviceAccountRole?: 'edit' | 'view';
  /** The fleet, sorted by name, when platform.ts declares clusters. @default - one implicit cluster at clusterServer */
  readonly clusters?: readonly ResolvedCluster[];
  /** Where tenants without their own placement go. @default - every cluster */
  readonly placement?: PlacementSpec;
}

export interface ResolvedPrices {
  readonly cpuHour: number;
  readonly memoryGiBHour: number;
  readonly storageGiBMonth: number;
  readonly hoursPerMonth: number;
  readonly currency: string;
  readonly sharedAgent?: { readonly replicas: number; readonly cpu: string; readonly memory: string };
}

export function resolvePlatform(spec: PlatformSpec): ResolvedPlatform {
  const endpoint = (e: { namespace: string; podSelector?: Record<string, string>; ports: number[] } | undefined): Endpoint | undefined =>
    e && { namespace: e.namespace, podSelector: e.podSelector ?? {}, ports: e.ports, protocol: 'TCP' };
  return {
    clusterServer: spec.cluster?.server ?? DEFAULTS.cluster.server,
    gitops: spec.gitops && {
      engine: spec.gitops.engine,
      repoURL: spec.gitops.repoURL,
      revision: spec.gitops.revision,
      path: spec.gitops.path,
      argocdNamespace: spec.gitops.argocdNamespace ?? DEFAULTS.gitops.argocdNamespace,
      fluxNamespace: spec.gitops.fluxNamespace ?? DEFAULTS.gitops.fluxNamespace,
      secretRef: spec.gitops.secretRef,
    },
    ingress: endpoint(spec.ingress),
    monitoring: endpoint(spec.monitoring),
    dns: { namespace: spec.dns?.namespace ?? DEFAULTS.dns.namespace, podSelector: spec.dns?.podSelector ?? DEFAULTS.dns.podSelector },
    sharedServices: Object.fromEntries(
      Object.entries(spec.sharedServices ?? {})
        .sort(([a], [b]) => compare(a, b))
        .map(([name, s]) => [name, { namespace: s.namespace, podSelector: s.podSelector ?? {}, ports: [s.port], protocol: s.protocol ?? 'TCP' }]),
    ),
    components: resolveComponents(spec),
    dedicatedNodes: { label: spec.dedicatedNodes?.label ?? DEFAULT_DEDICATED_KEY, taint: spec.dedicatedNodes?.taint ?? DEFAULT_DEDICATED_KEY },
    propagateLabels: spec.propagateLabels ?? [],
    podSecurityVersion: spec.podSecurityVersion ?? DEFAULTS.podSecurityVersion,
    agent: {
      image: spec.agent?.image ?? DEFAULTS.agent.image,
      sharedUrl: spec.agent?.sharedUrl ?? DEFAULTS.agent.sharedUrl,
      port: spec.agent?.port ?? DEFAULTS.agent.port,
    },
    storage: {
      provisioner: spec.storage?.provisioner ?? DEFAULTS.storage.provisioner,
      parameters: spec.storage?.parameters ?? DEFAULTS.storage.parameters,
      reclaimPolicy: spec.storage?.reclaimPolicy ?? DEFAULTS.storage.reclaimPolicy,
    },
    allowedKinds: spec.allowedKinds ?? [],
    defaults: foldedQuota(mergeSettings(withSpelledQuota(DEFAULTS.settings as unknown as Settings), withSpelledQuota(spec.defaults ?? {}))),
    serviceAccountRole: spec.serviceAccountRole === null ? undefined : (spec.serviceAccountRole ?? 'view'),
    prices: { ...DEFAULT_PRICES, ...spec.prices },
    admission: resolveAdmission(spec),
    naming: {
      namespace: spec.naming?.namespace ?? DEFAULT_NAMING.namespace,
      serviceAccount: spec.naming?.serviceAccount ?? DEFAULT_NAMING.serviceAccount,
    },
    ...(spec.clusters ? { clusters: resolveClusters(spec), placement: spec.placement } : {}),
    ...resolvePlatformExtensions(spec),
  };
}

/**
 * The namespaces the platform itself runs in, with what runs there. A tenant namespace
 * must never take one of these names: its default-deny and RoleBindings would land there.
 */
export function platformNamespaces(platform: ResolvedPlatform): Map<string, string> {
  const owners = new Map<string, string[]>();
  const add = (namespace: string | undefined, what: string) => {
    if (namespace) owners.set(namespace, [...(owners.get(namespace) ?? []), what]);
  };
  for (const component of platform.components) add(component.namespace, component.source === 'components' ? `component ${component.name}` : component.role);
  add(platform.gitops?.argocdNamespace, 'Argo CD');
  add(platform.gitops?.fluxNamespace, 'Flux');
  add(/^https?:\/\/[^.]+\.([a-z0-9-]+)\.svc[.:/]/.exec(platform.agent.sharedUrl)?.[1], 'shared agent');
  return new Map([...owners].map(([namespace, what]) => [namespace, what.join(', ')]));
}

function foldedQuota(settings: Settings): Settings {
  return settings.quota ? { ...settings, quota: foldQuota(settings.quota) } : settings;
}

function mergeSettings(...layers: readonly (Settings | null | undefined)[]): Settings {
  return mergeLayers<Settings>(...layers) ?? {};
}

/** `*` matches any run of characters; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\/]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

export function labelPropagates(key: string, patterns: readonly RegExp[]): boolean {
  return key.startsWith('tenantry.io/') || patterns.some((p) => p.test(key));
}

export interface ResolvedAgent {
  readonly mode: 'shared' | 'dedicated';
  readonly image: string;
  readonly port: number;
  readonly replicas: number;
  readonly limits: { readonly cpu: string; readonly memory: string };
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number; readonly cpuPercent: number };
  readonly env: Readonly<Record<string, EnvValue>>;
}

export interface ResolvedNetwork {
  readonly externalEgressPorts: readonly number[];
  readonly sharedServices: readonly string[];
  readonly allowMonitoring: boolean;
  /** Which of the tenant's namespaces are peers: all, the same team's, or none but itself. @default 'tenant' */
  readonly peers?: 'tenant' | 'team' | 'none';
}

export interface ResolvedNamespace extends NamespaceExtensionValues {
  readonly name: string;
  /** Whether the team named the namespace itself (`namespace`) rather than the platform template. */
  readonly ownName: boolean;
  /** The team's ServiceAccount in this namespace. */
  readonly serviceAccount: string;
  readonly team: string;
  readonly teamIndex: number;
  readonly environment?: string;
  readonly quota: ResolvedQuota;
  readonly limitRange: Settings['limitRange'];
  readonly network: ResolvedNetwork;
  readonly env: Readonly<Record<string, EnvValue>>;
  /** Labels that go onto every object of the namespace. */
  readonly propagatedLabels: Readonly<Record<string, string>>;
  /** Labels that go onto the Namespace only. */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly access: readonly AccessEntry[];
  readonly agent: ResolvedAgent;
  readonly components: readonly string[]; // the platform components it gets, by name
  readonly nodes: NodePlacement; // node selector and tolerations of every pod, dedicated nodes included
  readonly serviceMonitor?: ResolvedServiceMonitor; // @default - none
  readonly deploy?: { readonly repo: string; readonly branch: string; readonly path: string; readonly secretRef?: string };
  /** The clusters this namespace goes to, in cluster order. @default - the one implicit cluster */
  readonly clusters?: readonly string[];
}

export interface ResolvedTenant {
  readonly id: string;
  readonly name: string;
  /** What the tenant is for. @default - none */
  readonly description?: string;
  readonly owner: string;
  readonly status: TenantStatus;
  readonly isolation: IsolationAspects;
  readonly repos: readonly string[];
  readonly namespaces: readonly ResolvedNamespace[];
  /** Hosts the tenant's Ingresses may serve. */
  readonly hostnames: readonly string[];
  /** Service types the tenant may create: ClusterIP, plus NodePort and LoadBalancer where allowed. */
  readonly serviceTypes: readonly string[];
  /** The tenant's narrower registry list. @default - the platform's */
  readonly registries?: readonly string[];
  /** The clusters at least one of its namespaces goes to, in cluster order. @default - the one implicit cluster */
  readonly clusters?: readonly string[];
}

/** The namespace name under the default naming template. */
export function namespaceName(tenant: string, team: string, environment?: string): string {
  return namespaceFor(DEFAULT_NAMING, { tenant, team, env: environment });
}

export function dedicatedAgentName(tenant: string, team: string): string {
  return `agent-dedicated-${tenant}-${team}`;
}

/** The in-cluster URL of a team's dedicated agent Service. */
export function dedicatedAgentUrl(tenant: string, team: string, namespace: string, port: number): string {
  return `http://${dedicatedAgentName(tenant, team)}.${namespace}.svc.cluster.local:${port}`;
}

/** What every tenant of a platform inherits the same way (spelled-out defaults, label patterns): once per platform. */
const inheritances = new WeakMap<ResolvedPlatform, { readonly defaults: Settings; readonly patterns: readonly RegExp[] }>();

export function resolveTenant(spec: TenantSpec, platform: ResolvedPlatform): ResolvedTenant {
  const isolation = resolveIsolation(spec.isolation);
  const inheritance = inheritances.get(platform) ?? { defaults: withSpelledQuota(platform.defaults), patterns: platform.propagateLabels.map(globToRegExp) };
  inheritances.set(platform, inheritance);
  const { defaults, patterns } = inheritance;
  const tenantLayer: Settings = {
    limitRange: spec.limitRange,
    network: spec.network,
    env: spec.env,
    labels: spec.labels,
    agent: spec.agent,
    nodes: spec.nodes,
    serviceMonitor: spec.serviceMonitor,
  };
  // platform → tenant is the same for every team: merged once.
  const inherited = mergeSettings(defaults, withSpelledQuota(tenantLayer));
  const namespaces: ResolvedNamespace[] = [];
  // A single namespace with no quota of its own takes the tenant's budget as its quota.
  const single = spec.teams.length === 1 && (spec.teams[0]!.environments?.length ?? 0) <= 1;
  const placed = placeTeams(spec, platform);
  spec.teams.forEach((team, teamIndex) => {
    // Own properties only: a unit named "constructor" must not find Object.prototype's.
    const unitLayer = team.unit && spec.units && Object.hasOwn(spec.units, team.unit) ? spec.units[team.unit] : undefined;
    const budgetLayer: Settings | undefined = single && spec.quota && team.quota === undefined && unitLayer?.quota === undefined ? { quota: spec.quota } : undefined;
    const settings = mergeOnto(inherited, ...[budgetLayer, unitLayer, teamLayer(team)].map(withSpelledQuota));
    for (const environment of team.environments?.length ? team.environments : [undefined]) {
      const ns = resolveNamespace(spec, team, teamIndex, environment, settings, isolation, platform, patterns);
      namespaces.push(placed ? { ...ns, clusters: placed.teams[teamIndex]! } : ns);
    }
  });
  return {
    id: spec.id,
    name: spec.name,
    description: spec.description,
    owner: spec.owner,
    status: spec.status ?? (DEFAULTS.status as TenantStatus),
    isolation,
    repos: [...new Set([...(spec.repos ?? []), ...spec.teams.flatMap((t) => (t.deploy ? [t.deploy.repo] : []))])].sort(compare),
    namespaces,
    hostnames: [...new Set(spec.hostnames ?? [])].sort(compare),
    serviceTypes: ['ClusterIP', ...(spec.services?.loadBalancer ? ['LoadBalancer'] : []), ...(spec.services?.nodePort ? ['NodePort'] : [])],
    registries: spec.registries && [...new Set(spec.registries)].sort(compare),
    ...(placed ? { clusters: placed.tenant } : {}),
  };
}

function teamLayer(team: TeamSpec): Settings {
  return { quota: team.quota, limitRange: team.limitRange, network: team.network, env: team.env, labels: team.labels, agent: team.agent, nodes: team.nodes, serviceMonitor: team.serviceMonitor };
}

function resolveNamespace(
  spec: TenantSpec,
  team: TeamSpec,
  teamIndex: number,
  environment: string | undefined,
  settings: Settings,
  isolation: IsolationAspects,
  platform: ResolvedPlatform,
  patterns: readonly RegExp[],
): ResolvedNamespace {
  const parts = { tenant: spec.id, team: team.id, env: environment };
  const ownName = typeof team.namespace === 'string' || (environment !== undefined && team.namespace?.[environment] !== undefined);
  const name = namespaceFor(platform.naming, parts, team.namespace);
  const systemLabels: Record<string, string> = {
    [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
    'tenantry.io/tenant': spec.id,
    'tenantry.io/team': team.id,
    'tenantry.io/isolation': isolation.level,
    ...(environment ? { 'tenantry.io/env': environment } : {}),
  };
  const userLabels = withoutNulls(settings.labels ?? {});
  const propagatedLabels = sortKeys({
    ...Object.fromEntries(Object.entries(userLabels).filter(([key]) => labelPropagates(key, patterns))),
    ...systemLabels,
  });
  const namespaceLabels = sortKeys(Object.fromEntries(Object.entries(userLabels).filter(([key]) => !labelPropagates(key, patterns))));
  const agentSettings = settings.agent ?? {};
  const network = settings.network ?? {};
  const serviceAccount = serviceAccountFor(platform.naming, parts);
  return {
    name,
    ownName,
    serviceAccount,
    team: team.id,
    teamIndex,
    environment,
    quota: foldQuota(settings.quota),
    limitRange: settings.limitRange,
    network: {
      externalEgressPorts: network.externalEgress ? (network.externalEgressPorts ?? []) : [],
      sharedServices: network.sharedServices ?? Object.keys(platform.sharedServices),
      allowMonitoring: network.allowMonitoring ?? true,
      ...(network.peers && network.peers !== 'tenant' ? { peers: network.peers } : {}),
    },
    env: sortKeys(withoutNulls(settings.env ?? {})),
    propagatedLabels,
    namespaceLabels,
    access: namespaceAccess(team, environment, name, serviceAccount, platform.serviceAccountRole),
    ...namespaceExtensionValues(team, platform),
    agent: {
      mode: agentSettings.mode ?? isolation.agent,
      image: agentSettings.image ?? platform.agent.image,
      port: platform.agent.port,
      replicas: agentSettings.replicas ?? DEFAULTS.settings.agent.replicas,
      limits: { cpu: agentSettings.cpu ?? DEFAULTS.settings.agent.cpu, memory: agentSettings.memory ?? DEFAULTS.settings.agent.memory },
      requests: {
        cpu: agentSettings.requests?.cpu ?? DEFAULTS.settings.agent.requests.cpu,
        memory: agentSettings.requests?.memory ?? DEFAULTS.settings.agent.requests.memory,
      },
      nodeSelector: sortKeys(agentSettings.nodeSelector ?? {}),
      tolerations: (agentSettings.tolerations ?? []) as Toleration[],
      autoscaling: agentSettings.autoscaling ?? undefined,
      env: sortKeys(withoutNulls(agentSettings.env ?? {})),
    },
    components: chosenComponents(platform.components, network).map((c) => c.name),
    nodes: nodePlacement(settings.nodes, spec.id, isolation.nodes === 'dedicated' ? platform.dedicatedNodes : undefined),
    ...(settings.serviceMonitor ? { serviceMonitor: resolveServiceMonitor(settings.serviceMonitor, team.id) } : {}),
    deploy: team.deploy && {
      repo: team.deploy.repo,
      branch: team.deploy.branch ?? 'main',
      path: environment ? `${team.deploy.path ?? '.'}/${environment}` : (team.deploy.path ?? '.'),
      secretRef: team.deploy.secretRef,
    },
  };
}

function withoutNulls<V>(record: Readonly<Record<string, V | null>>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).filter((entry): entry is [string, V] => entry[1] !== null));
}

export function sortKeys<V>(record: Readonly<Record<string, V>>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compare(a, b)));
}

/** Code-point order, independent of the machine's locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
