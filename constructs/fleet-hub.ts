// FleetHub: the Argo CD hub of a fleet, in dist/_platform/.
import { Construct } from 'constructs';
import { Application } from '../imports/application-argoproj.io';
import { AppProject } from '../imports/appproject-argoproj.io';
import { clusterApplicationName, clusterFolder, fleetDeployApplicationName, platformClusterApplicationName } from '../lib/spec/fleet-names';
import { argoPath, gitOpsRoles, PLATFORM_CLUSTER_KINDS, PLATFORM_PROJECT, PLATFORM_ROOT, platformApplicationName, RESOURCES_FINALIZER, type GitOpsEngine } from '../lib/spec/gitops-names';
import type { ResolvedCluster } from '../lib/spec/placement';
import type { ResolvedTenant } from '../lib/spec/resolve';
import { DEFAULTS, NAME_LIMIT } from '../lib/spec/defaults';

export interface FleetHubProps {
  /** Which engine(s) to wire; the hub holds objects only when Argo CD syncs dist/. */
  readonly engine: GitOpsEngine;
  /** The Git repository that holds dist/ (this repository). */
  readonly repoURL: string;
  /** Branch, tag or commit of `repoURL` to sync. */
  readonly revision: string;
  /** The folder of `repoURL` that holds the dist/ folders, such as "dist". */
  readonly path: string;
  /** Every tenant with dist/ folders, placed (terminating tenants are left out). */
  readonly tenants: readonly ResolvedTenant[];
  /** The fleet, sorted by name. */
  readonly clusters: readonly ResolvedCluster[];
  /** The cluster Argo CD runs on, as seen from Argo CD. @default 'https://kubernetes.default.svc' */
  readonly hubServer?: string;
  /** Namespace where Argo CD runs. @default 'argocd' */
  readonly argocdNamespace?: string;
  /** The dist/ folder of the hub's own objects. @default '_platform' */
  readonly platformFolder?: string;
}

/**
 * The Argo CD hub of a fleet (L2), written into `dist/_platform/`: the platform AppProject,
 * whose destinations list each tenant namespace on each cluster it is placed on; the
 * emptied `default` project; the self-managing root Application; per cluster, an
 * Application for its platform folder; per tenant, one for its hub folder (its AppProject)
 * and one per cluster it is placed on. One Application per (tenant, cluster), not an
 * ApplicationSet: each shows in the diff, and the project is hard-coded.
 */
export class FleetHub extends Construct {
  public readonly hubServer: string;
  public readonly argocdNamespace: string;
  public readonly platformFolder: string;
  /** Every Application, in output order. */
  public readonly applications: readonly Application[];

  constructor(scope: Construct, id: string, props: FleetHubProps) {
    super(scope, id);
    this.hubServer = props.hubServer ?? DEFAULTS.cluster.server;
    this.argocdNamespace = props.argocdNamespace ?? DEFAULTS.gitops.argocdNamespace;
    this.platformFolder = props.platformFolder ?? '_platform';
    const applications: Application[] = [];
    this.applications = applications;
    if (!gitOpsRoles(props.engine).argocdPlatform) return;
    if (props.path.split('/').includes('..')) {
      throw new Error(`FleetHub: path must stay inside the repository, got "${props.path}"; use a folder such as "dist"`);
    }
    checkNames(props);
    const labels = { 'app.kubernetes.io/managed-by': 'tenantry' };
    const hub = { server: this.hubServer };
    const byName = new Map(props.clusters.map((c) => [c.name, c]));
    const on = (cluster: string, namespace: string) => ({ ...byName.get(cluster)!.destination, namespace });

    new AppProject(this, 'Resource', {
      metadata: { name: PLATFORM_PROJECT, namespace: this.argocdNamespace, labels: { ...labels } },
      spec: {
        description: 'Tenantry platform: tenant namespaces, guardrails, access and GitOps wiring on every cluster of the fleet, from this repository only',
        sourceRepos: [props.repoURL],
        destinations: [
          { ...hub, namespace: this.argocdNamespace },
          ...props.clusters.flatMap((c) => [
            on(c.name, this.argocdNamespace),
            ...props.tenants.flatMap((t) => t.namespaces.filter((ns) => ns.clusters?.includes(c.name)).map((ns) => on(c.name, ns.name))),
          ]),
        ],
        clusterResourceWhitelist: PLATFORM_CLUSTER_KINDS.map((kind) => ({ ...kind })),
      },
    });
    // Argo CD's built-in project allows any repository and destination.
    new AppProject(this, 'DefaultProject', {
      metadata: { name: 'default', namespace: this.argocdNamespace, labels: { ...labels } },
      spec: { sourceRepos: [], destinations: [], clusterResourceWhitelist: [], namespaceResourceWhitelist: [] },
    });
    const application = (name: string, folder: string, destination: Record<string, string>, extra: { labels?: Record<string, string>; finalizers?: string[] }) =>
      applications.push(
        new Application(this, `Application-${name}`, {
          metadata: { name, namespace: this.argocdNamespace, labels: { ...labels, ...extra.labels }, finalizers: extra.finalizers },
          spec: {
            project: PLATFORM_PROJECT,
            source: { repoUrl: props.repoURL, targetRevision: props.revision, path: argoPath(`${props.path}/${folder}`) },
            destination,
            syncPolicy: { automated: { prune: true, selfHeal: true } },
          },
        }),
      );
    // Neither the root nor a cluster's platform Application cascades: deleting one by mistake must not empty a cluster.
    application(PLATFORM_ROOT, this.platformFolder, { ...hub, namespace: this.argocdNamespace }, {});
    for (const c of props.clusters) {
      application(platformClusterApplicationName(c.name), clusterFolder(this.platformFolder, c.name), on(c.name, this.argocdNamespace), { labels: { 'tenantry.io/cluster': c.name } });
    }
    for (const tenant of props.tenants) {
      const tenantLabel = { 'tenantry.io/tenant': tenant.id };
      application(platformApplicationName(tenant.id), tenant.id, { ...hub, namespace: this.argocdNamespace }, { labels: tenantLabel, finalizers: [RESOURCES_FINALIZER] });
      for (const cluster of tenant.clusters ?? []) {
        const first = tenant.namespaces.find((ns) => ns.clusters?.includes(cluster))!;
        application(clusterApplicationName(tenant.id, cluster), clusterFolder(tenant.id, cluster), on(cluster, first.name), {
          labels: { ...tenantLabel, 'tenantry.io/cluster': cluster },
          finalizers: [RESOURCES_FINALIZER],
        });
      }
    }
  }
}

/** Applications share the Argo CD namespace: no two may take a name, and each fits in a label value. */
function checkNames(props: FleetHubProps): void {
  const owners = new Map<string, string>();
  const claim = (name: string, owner: string, fix: string) => {
    if (name.length > NAME_LIMIT) throw new Error(`FleetHub: the Argo CD Application name "${name}" (${owner}) is longer than ${NAME_LIMIT} characters; ${fix}`);
    const existing = owners.get(name);
    if (existing) throw new Error(`FleetHub: the Argo CD Application name "${name}" is taken twice (${existing} and ${owner}); ${fix}`);
    owners.set(name, owner);
  };
  claim(PLATFORM_ROOT, 'the platform root Application', 'rename the cluster');
  for (const c of props.clusters) claim(platformClusterApplicationName(c.name), `the platform Application of cluster ${c.name}`, 'shorten the cluster name');
  for (const t of props.tenants) {
    const fix = `shorten tenant ${t.id} or the cluster name`;
    claim(platformApplicationName(t.id), `the hub Application of tenant ${t.id}`, fix);
    for (const cluster of t.clusters ?? []) claim(clusterApplicationName(t.id, cluster), `the Application of tenant ${t.id} on cluster ${cluster}`, fix);
  }
  if (!gitOpsRoles(props.engine).argocdDeploy) return;
  for (const t of props.tenants) {
    if (t.status === 'pending') continue;
    for (const ns of t.namespaces) {
      if (!ns.deploy) continue;
      for (const cluster of ns.clusters ?? []) claim(fleetDeployApplicationName(ns.name, cluster), `the deploy Application of namespace ${ns.name} on cluster ${cluster}`, `rename tenant ${t.id} or its team`);
    }
  }
}
