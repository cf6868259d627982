// TeamNamespace (L2): one team namespace with its guardrails, network policies, access and config.
import * as kplus from 'cdk8s-plus-28';
import {
  IntOrString,
  KubeLimitRange,
  KubeNetworkPolicy,
  KubeResourceQuota,
  Quantity,
  type NetworkPolicyEgressRule,
  type NetworkPolicyIngressRule,
  type NetworkPolicyPeer,
} from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { ANNOTATIONS, joinList, SYSTEM_PRIORITY_CLASSES } from '../lib/spec/admission-names';
import { compare, namespaceName, sortKeys, type IsolationAspects, type ResolvedNetwork } from '../lib/spec/resolve';
import type { AccessEntry, Settings, TenantStatus } from '../lib/spec/schema';
import { quotaSide, SPLIT_RESOURCES, type ResolvedQuota } from '../lib/spec/quota';
import { TENANT_ROLES } from '../lib/spec/tenant-kinds';
import { chosenComponents, type ResolvedComponent } from '../lib/spec/components';
import { nodeAnnotations, type NodePlacement } from '../lib/spec/node-placement';
import { ComponentPolicies } from './component-policies';

/** What the platform offers every tenant namespace on the network. */
export interface PlatformNetwork {
  /** The platform components (ingress controller, monitoring, DNS, shared services, …); lib/spec/components.ts. */
  readonly components: readonly ResolvedComponent[];
}

export interface TeamNamespaceProps {
  /** Tenant id, the first part of the namespace name. */
  readonly tenant: string;
  /** Team id, the second part of the namespace name. */
  readonly team: string;
  /** Environment, the optional third part of the namespace name. @default - none */
  readonly environment?: string;
  /** The namespace name, as platform.ts naming or the team chose it. @default '<tenant>-<team>[-<env>]' */
  readonly name?: string;
  /** The team's ServiceAccount name. @default 'sa-<team>' */
  readonly serviceAccountName?: string;
  /** The tenant's isolation aspects. */
  readonly isolation: IsolationAspects;
  /** Lifecycle status: suspended sets `pods: 0` and downgrades edit and admin to view. @default 'active' */
  readonly status?: TenantStatus;
  /** Per-namespace quota; ignored unless the isolation has a quota or the tenant is suspended. @default {} */
  readonly quota?: ResolvedQuota;
  /** Container defaults for the LimitRange. @default - no LimitRange */
  readonly limitRange?: Settings['limitRange'];
  /** The namespace's network allowances. */
  readonly network: ResolvedNetwork;
  /** The platform's network endpoints. */
  readonly platformNetwork: PlatformNetwork;
  /** The components this namespace gets, by name. @default - the required ones, monitoring unless `network.allowMonitoring` is false, and the `network.sharedServices` */
  readonly components?: readonly string[];
  /** Node selector and tolerations for every pod (PodNodeSelector / PodTolerationRestriction annotations). @default - under dedicated nodes the tenant's `tenantry.io/tenant` label and taint, else none */
  readonly nodes?: NodePlacement;
  /** Who may work in the namespace, and with which role. @default [] */
  readonly access?: readonly AccessEntry[];
  /** Labels for every object of the namespace (propagated and `tenantry.io/*`). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Labels for the Namespace object only. @default {} */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /** Pod Security Admission version label value. @default 'latest' */
  readonly podSecurityVersion?: string;
  /** Tenant StorageClass whose use the quota caps (dedicated storage). @default - none */
  readonly storageClassName?: string;
  /** The effective configuration for the `tenant-config` ConfigMap. @default - no ConfigMap */
  readonly config?: unknown;
  /** Every namespace of the tenant, which `allow-same-tenant` lists by name. @default - this namespace only */
  readonly tenantNamespaces?: readonly string[];
  /** Every namespace of the team, which `allow-same-team` lists by name (`network.peers: 'team'`). @default - this namespace only */
  readonly teamNamespaces?: readonly string[];
  /** Hosts the tenant's Ingresses may serve (admission, via a Namespace annotation). @default [] */
  readonly hostnames?: readonly string[];
  /** Service types the tenant may create. @default ['ClusterIP'] */
  readonly serviceTypes?: readonly string[];
  /** The tenant's narrower registry list (admission, via a Namespace annotation). @default - the platform's */
  readonly registries?: readonly string[];
}

const NAME_LABEL = 'kubernetes.io/metadata.name';
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'];

/**
 * One team namespace (L2) with its guardrails: Pod Security labels, ResourceQuota,
 * LimitRange, a default-deny NetworkPolicy set, the team's ServiceAccount and
 * RoleBindings, and the `tenant-config` ConfigMap the shared runtime reads.
 */
export class TeamNamespace extends Construct {
  /** The namespace name, `<tenant>-<team>[-<env>]` unless platform.ts or the team chose another. */
  public readonly name: string;
  public readonly status: TenantStatus;
  public readonly labels: Readonly<Record<string, string>>;
  /** The team's ServiceAccount, `sa-<team>` unless platform.ts chose another name. */
  public readonly serviceAccount: kplus.ServiceAccount;
  public readonly resource: kplus.Namespace;
  /** Service types the tenant may create. */
  public readonly serviceTypes: readonly string[];
  /** The tenant's namespaces, sorted; `allow-same-tenant` admits exactly these. */
  public readonly tenantNamespaces: readonly string[];
  public readonly teamNamespaces: readonly string[];

  constructor(scope: Construct, id: string, props: TeamNamespaceProps) {
    super(scope, id);
    this.name = props.name ?? namespaceName(props.tenant, props.team, props.environment);
    this.status = props.status ?? 'active';
    this.labels = props.labels ?? {};
    const isolation = props.isolation;
    const metadata = (name: string) => ({ name, namespace: this.name, labels: { ...this.labels } });

    this.serviceTypes = props.serviceTypes ?? ['ClusterIP'];
    this.tenantNamespaces = [...new Set([this.name, ...(props.tenantNamespaces ?? [])])].sort(compare);
    this.teamNamespaces = [...new Set([this.name, ...(props.teamNamespaces ?? [])])].sort(compare);
    if (!this.serviceTypes.includes('ClusterIP') || this.serviceTypes.includes('ExternalName')) {
      throw new Error(`TeamNamespace ${this.name}: serviceTypes must include ClusterIP and never ExternalName, got ${this.serviceTypes.join(', ')}; allow NodePort or LoadBalancer only`);
    }
    this.resource = new kplus.Namespace(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: { ...props.namespaceLabels, ...this.labels, ...podSecurityLabels(isolation, props.podSecurityVersion ?? 'latest') },
        annotations: sortKeys({
          ...nodeAnnotations(props.nodes ?? (isolation.nodes === 'dedicated' ? dedicatedPlacement(props.tenant) : { nodeSelector: {}, tolerations: [] })),
          ...admissionAnnotations(this.serviceTypes, props.hostnames ?? [], props.registries),
        }),
      },
    });

    // Every namespace gets a quota, whatever the isolation: NodePorts and LoadBalancers stay closed unless allowed.
    const suspended = this.status === 'suspended';
    const hard = quotaHard(isolation.quota ? (props.quota ?? {}) : {}, suspended, props.storageClassName, this.serviceTypes);
    if (Object.keys(hard).length) new KubeResourceQuota(this, 'Quota', { metadata: metadata('quota'), spec: { hard } });
    // System priority classes preempt other tenants' pods; since 1.17 any namespace may use them.
    new KubeResourceQuota(this, 'SystemPriorityQuota', {
      metadata: metadata('system-priority'),
      spec: {
        hard: { pods: Quantity.fromString('0') },
        scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: [...SYSTEM_PRIORITY_CLASSES] }] },
      },
    });
    if (isolation.quota && props.limitRange) {
      const limits = limitRangeItem(props.limitRange);
      if (limits) new KubeLimitRange(this, 'Limits', { metadata: metadata('limits'), spec: { limits: [limits] } });
    }

    const [deny, peers, ...external] = networkPolicies(this.tenantNamespaces, this.teamNamespaces, isolation, props.network);
    const policy = ([name, spec]: [string, PolicySpec]) => new KubeNetworkPolicy(this, `NetworkPolicy-${name}`, { metadata: metadata(name), spec: { podSelector: {}, ...spec } });
    [deny!, peers!].forEach(policy);
    const all = props.platformNetwork.components;
    const components = props.components ? all.filter((c) => props.components!.includes(c.name)) : chosenComponents(all, props.network);
    new ComponentPolicies(this, 'Components', { namespace: this.name, labels: this.labels, components, denyEgress: isolation.network === 'deny-all' });
    external.forEach(policy);

    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: metadata(props.serviceAccountName ?? `sa-${props.team}`),
      automountToken: false,
    });

    for (const [role, subjects] of bindingsByRole(props.access ?? [], suspended)) {
      const binding = new kplus.RoleBinding(this, `RoleBinding-${role}`, {
        metadata: metadata(`team-${role}`),
        role: kplus.ClusterRole.fromClusterRoleName(this, `ClusterRole-${role}`, TENANT_ROLES[role]),
      });
      binding.addSubjects(
        ...subjects.map((entry, index) => {
          if ('group' in entry) return kplus.Group.fromName(this, `Group-${role}-${index}`, entry.group);
          if ('user' in entry) return kplus.User.fromName(this, `User-${role}-${index}`, entry.user);
          const [namespace, name] = entry.serviceAccount.includes('/') ? entry.serviceAccount.split('/') : [this.name, entry.serviceAccount];
          return kplus.ServiceAccount.fromServiceAccountName(this, `ServiceAccount-${role}-${index}`, name!, { namespaceName: namespace });
        }),
      );
    }

    if (props.config !== undefined) {
      new kplus.ConfigMap(this, 'Config', {
        metadata: metadata('tenant-config'),
        data: { 'config.json': `${JSON.stringify(props.config, null, 2)}\n` },
      });
    }
  }
}

function podSecurityLabels(isolation: IsolationAspects, version: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const warn = 'restricted';
  for (const [mode, level] of [['enforce', isolation.podSecurity], ['warn', warn], ['audit', warn]] as const) {
    labels[`pod-security.kubernetes.io/${mode}`] = level;
    labels[`pod-security.kubernetes.io/${mode}-version`] = version;
  }
  return labels;
}

function dedicatedPlacement(tenant: string): NodePlacement {
  return { nodeSelector: { 'tenantry.io/tenant': tenant }, tolerations: [{ key: 'tenantry.io/tenant', operator: 'Equal', value: tenant, effect: 'NoSchedule' }] };
}

function admissionAnnotations(serviceTypes: readonly string[], hostnames: readonly string[], registries: readonly string[] | undefined): Record<string, string> {
  return {
    [ANNOTATIONS.serviceTypes]: joinList(serviceTypes),
    ...(hostnames.length ? { [ANNOTATIONS.hostnames]: joinList(hostnames) } : {}),
    ...(registries ? { [ANNOTATIONS.registries]: joinList(registries) } : {}),
  };
}

function quotaHard(quota: ResolvedQuota, suspended: boolean, storageClassName: string | undefined, serviceTypes: readonly string[]): Record<string, Quantity> {
  const hard: Record<string, string> = {};
  for (const resource of SPLIT_RESOURCES) {
    for (const side of ['requests', 'limits'] as const) {
      const value = quotaSide(quota, side, resource);
      if (value) hard[`${side}.${resource}`] = value;
    }
  }
  if (quota.storage) {
    hard['requests.storage'] = quota.storage;
    if (storageClassName) hard[`${storageClassName}.storageclass.storage.k8s.io/requests.storage`] = quota.storage;
  }
  if (quota.persistentVolumeClaims !== undefined) hard['persistentvolumeclaims'] = String(quota.persistentVolumeClaims);
  if (quota.services !== undefined) hard['services'] = String(quota.services);
  // NodePorts and LoadBalancers open the namespace to the outside, past its NetworkPolicies' intent.
  if (!serviceTypes.includes('NodePort')) hard['services.nodeports'] = '0';
  if (!serviceTypes.includes('LoadBalancer')) hard['services.loadbalancers'] = '0';
  if (quota.pods !== undefined) hard['pods'] = String(quota.pods);
  if (suspended) hard['pods'] = '0';
  return Object.fromEntries(Object.entries(hard).sort(([a], [b]) => compare(a, b)).map(([k, v]) => [k, Quantity.fromString(v)]));
}

function limitRangeItem(limitRange: NonNullable<Settings['limitRange']>) {
  const pair = (p: { cpu?: string | null; memory?: string | null } | null | undefined) => {
    if (!p) return undefined;
    const out: Record<string, Quantity> = {};
    if (p.cpu) out.cpu = Quantity.fromString(p.cpu);
    if (p.memory) out.memory = Quantity.fromString(p.memory);
    return Object.keys(out).length ? out : undefined;
  };
  const item = { type: 'Container', default: pair(limitRange.default), defaultRequest: pair(limitRange.defaultRequest), max: pair(limitRange.max) };
  return item.default || item.defaultRequest || item.max ? item : undefined;
}

type PolicySpec = { policyTypes: string[]; ingress?: NetworkPolicyIngressRule[]; egress?: NetworkPolicyEgressRule[] };

/** The NetworkPolicy set, by name, in a stable order. */
/** By the immutable kubernetes.io/metadata.name: a label anyone who can label a namespace could copy never grants access. */
function byName(namespaces: readonly string[]): NetworkPolicyPeer {
  return { namespaceSelector: { matchExpressions: [{ key: NAME_LABEL, operator: 'In', values: [...namespaces] }] } };
}

/** The peers among the tenant's own namespaces, and the policy that allows them. */
function peerPolicy(tenantNamespaces: readonly string[], teamNamespaces: readonly string[], peers: ResolvedNetwork['peers']): [string, NetworkPolicyPeer] {
  if (peers === 'team') return ['allow-same-team', byName(teamNamespaces)];
  // A podSelector alone selects pods of the policy's own namespace.
  if (peers === 'none') return ['allow-same-namespace', { podSelector: {} }];
  return ['allow-same-tenant', byName(tenantNamespaces)];
}

function networkPolicies(
  tenantNamespaces: readonly string[],
  teamNamespaces: readonly string[],
  isolation: IsolationAspects,
  network: ResolvedNetwork,
): [string, PolicySpec][] {
  const denyEgress = isolation.network === 'deny-all';
  const [peerName, sameTenant] = peerPolicy(tenantNamespaces, teamNamespaces, network.peers);
  const policies: [string, PolicySpec][] = [
    ['default-deny', { policyTypes: denyEgress ? ['Ingress', 'Egress'] : ['Ingress'] }],
    [
      peerName,
      denyEgress
        ? { policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [sameTenant] }], egress: [{ to: [sameTenant] }] }
        : { policyTypes: ['Ingress'], ingress: [{ from: [sameTenant] }] },
    ],
  ];
  // Platform components (ingress controller, monitoring, DNS, shared services, …) come from ComponentPolicies.
  if (!denyEgress) return policies;
  if (network.externalEgressPorts.length) {
    policies.push([
      'allow-external-egress',
      {
        policyTypes: ['Egress'],
        egress: [
          {
            // Private ranges are excluded so "external" can never reach another tenant's pods by IP.
            to: [{ ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE_RANGES } }],
            ports: network.externalEgressPorts.map((p) => ({ protocol: 'TCP', port: IntOrString.fromNumber(p) })),
          },
        ],
      },
    ]);
  }
  return policies;
}

function subjectKey(entry: AccessEntry): string {
  if ('group' in entry) return `group:${entry.group}`;
  return 'user' in entry ? `user:${entry.user}` : `serviceaccount:${entry.serviceAccount}`;
}

function bindingsByRole(access: readonly AccessEntry[], suspended: boolean): [keyof typeof TENANT_ROLES, AccessEntry[]][] {
  const byRole = new Map<keyof typeof TENANT_ROLES, AccessEntry[]>();
  for (const entry of access) {
    const role = suspended ? 'view' : entry.role;
    const subjects = byRole.get(role) ?? [];
    // Suspension folds every role into view; list each group or user there once.
    const same = (other: AccessEntry) => subjectKey(other) === subjectKey(entry);
    if (!subjects.some(same)) byRole.set(role, [...subjects, entry]);
  }
  return (['admin', 'edit', 'view'] as const).filter((r) => byRole.has(r)).map((r) => [r, byRole.get(r)!]);
}

