// Tenant (L3): composes a tenant's team namespaces, dedicated agents and GitOps wiring.
import { KubeStorageClass } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { DedicatedAgent } from './dedicated-agent';
import type { FleetPart } from '../lib/spec/fleet-names';
import { dedicatedAgentUrl, type ResolvedNamespace, type ResolvedPlatform, type ResolvedTenant } from '../lib/spec/resolve';
import { TeamNamespace } from './team-namespace';
import { TenantGitOps } from './tenant-gitops';
import { TeamServiceMonitor } from './service-monitor';
import { agentConfig, CONFIG_SCHEMA_VERSION } from '../lib/spec/agent-contract';

export interface TenantProps extends ResolvedTenant {
  /** The resolved platform settings (network endpoints, agent image, storage). */
  readonly platform: ResolvedPlatform;
  /**
   * In a fleet, which part of the tenant to build: the hub part (its Argo CD objects) or
   * one cluster's (the namespaces placed there, whose `namespaces` the caller has filtered).
   * @default - everything, for the one cluster
   */
  readonly fleet?: FleetPart;
}

/**
 * One tenant (L3): a TeamNamespace per team (or per team and environment), a
 * DedicatedAgent where a team runs its own, and the tenant StorageClass under hard
 * storage isolation, and the tenant's GitOps wiring when platform.ts names an engine.
 * Pending tenants get guardrails and access but no workloads or deploy wiring;
 * suspended tenants keep their objects with pods capped at 0 and syncs stopped.
 */
export class Tenant extends Construct {
  public readonly id: string;
  public readonly namespaces: readonly TeamNamespace[];
  public readonly agents: readonly DedicatedAgent[];
  /** The tenant's own StorageClass under dedicated storage. @default - none */
  public readonly storageClassName?: string;
  /** The tenant's Argo CD / Flux wiring, when platform.ts names a GitOps engine. @default - none */
  public readonly gitops?: TenantGitOps;

  constructor(scope: Construct, id: string, props: TenantProps) {
    super(scope, id);
    if (props.status === 'terminating') {
      throw new Error(`Tenant ${props.id}: a terminating tenant is not synthesized; leave it out so GitOps prunes its objects`);
    }
    this.id = props.id;
    const platform = props.platform;
    const hub = props.fleet !== undefined && props.fleet.cluster === undefined;
    if (props.isolation.storage === 'dedicated' && !hub) {
      this.storageClassName = `tenantry-${props.id}`;
      new KubeStorageClass(this, 'StorageClass', {
        metadata: { name: this.storageClassName, labels: { 'tenantry.io/tenant': props.id } },
        provisioner: platform.storage.provisioner,
        parameters: Object.keys(platform.storage.parameters).length ? { ...platform.storage.parameters } : undefined,
        reclaimPolicy: platform.storage.reclaimPolicy,
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
      });
    }

    const namespaces: TeamNamespace[] = [];
    const agents: DedicatedAgent[] = [];
    for (const ns of hub ? [] : props.namespaces) {
      const runsAgent = props.status !== 'pending' && ns.agent.mode === 'dedicated';
      const agentUrl = runsAgent ? dedicatedAgentUrl(props.id, ns.team, ns.name, platform.agent.port) : undefined;
      const teamNamespace = new TeamNamespace(this, ns.name, {
        tenant: props.id,
        team: ns.team,
        environment: ns.environment,
        name: ns.name,
        serviceAccountName: ns.serviceAccount,
        isolation: props.isolation,
        status: props.status,
        quota: ns.quota,
        limitRange: ns.limitRange,
        network: ns.network,
        platformNetwork: platform,
        components: ns.components,
        nodes: ns.nodes,
        access: ns.access,
        labels: ns.propagatedLabels,
        namespaceLabels: ns.namespaceLabels,
        podSecurityVersion: platform.podSecurityVersion,
        storageClassName: this.storageClassName,
        config: props.status === 'pending' ? undefined : effectiveConfig(props, ns, agentUrl),
        tenantNamespaces: props.namespaces.map((n) => n.name),
        teamNamespaces: props.namespaces.filter((n) => n.team === ns.team).map((n) => n.name),
        hostnames: props.hostnames,
        serviceTypes: props.serviceTypes,
        registries: props.registries,
      });
      namespaces.push(teamNamespace);
      if (ns.serviceMonitor && props.status !== 'pending') {
        new TeamServiceMonitor(teamNamespace, 'ServiceMonitor', { namespace: teamNamespace.name, ...ns.serviceMonitor, labels: ns.propagatedLabels });
      }
      if (!runsAgent) continue;
      const suspended = props.status === 'suspended';
      agents.push(
        new DedicatedAgent(teamNamespace, 'Agent', {
          tenant: props.id,
          team: ns.team,
          environment: ns.environment,
          namespace: teamNamespace.name,
          image: ns.agent.image,
          port: ns.agent.port,
          replicas: suspended ? 0 : ns.agent.replicas,
          limits: ns.agent.limits,
          requests: ns.agent.requests,
          // The namespace's placement (team nodes, dedicated nodes) wins over the agent's own.
          nodeSelector: { ...ns.agent.nodeSelector, ...ns.nodes.nodeSelector },
          tolerations: [...ns.agent.tolerations, ...ns.nodes.tolerations],
          components: platform.components.filter((c) => ns.components.includes(c.name)),
          autoscaling: suspended ? undefined : ns.agent.autoscaling,
          env: { ...ns.env, ...ns.agent.env },
          serviceAccount: teamNamespace.serviceAccount,
          labels: ns.propagatedLabels,
        }),
      );
    }
    this.namespaces = namespaces;
    this.agents = agents;

    if (platform.gitops) {
      this.gitops = new TenantGitOps(this, 'GitOps', {
        tenant: props,
        engine: platform.gitops.engine,
        clusterServer: platform.clusterServer,
        argocdNamespace: platform.gitops.argocdNamespace,
        clusters: props.fleet ? platform.clusters : undefined,
        objects: props.fleet ? (hub ? 'argocd' : 'flux') : 'all',
      });
    }
  }
}

/** What the runtime reads from `tenant-config`: the versioned contract in lib/spec/agent-contract.ts and the README. */
function effectiveConfig(tenant: ResolvedTenant, ns: ResolvedNamespace, dedicatedUrl: string | undefined) {
  return {
    schemaVersion: CONFIG_SCHEMA_VERSION,
    tenant: tenant.id,
    tenantName: tenant.name,
    owner: tenant.owner,
    team: ns.team,
    ...(ns.environment ? { environment: ns.environment } : {}),
    isolation: tenant.isolation.level,
    status: tenant.status,
    ...agentConfig(dedicatedUrl),
    routing: ns.routing,
    env: ns.env,
    quota: ns.quota,
    network: ns.network,
    labels: ns.propagatedLabels,
  };
}
