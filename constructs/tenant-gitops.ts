// TenantGitOps (L2): a tenant's AppProject and Flux reconcilers, scoped to its own namespaces and repositories.
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Application } from '../imports/application-argoproj.io';
import { AppProject, type AppProjectSpecRoles, type AppProjectSpecSyncWindows } from '../imports/appproject-argoproj.io';
import { GitRepository } from '../imports/gitrepository-source.toolkit.fluxcd.io';
import { Kustomization, KustomizationSpecSourceRefKind } from '../imports/kustomization-kustomize.toolkit.fluxcd.io';
import { fleetDeployApplicationName } from '../lib/spec/fleet-names';
import type { ResolvedCluster } from '../lib/spec/placement';
import type { ResolvedNamespace, ResolvedTenant } from '../lib/spec/resolve';
import { DEFAULTS } from '../lib/spec/defaults';
import {
  argoPath,
  deployApplicationName,
  FLUX_RECONCILER,
  fluxPath,
  gitOpsRoles,
  PROJECT_ACTIONS,
  RESERVED_PROJECTS,
  RESOURCES_FINALIZER,
  TENANT_BLACKLIST,
  type GitOpsEngine,
} from '../lib/spec/gitops-names';
import { projectOf, tenantProjects } from '../lib/spec/tenant-projects';
import { TENANT_ROLES } from '../lib/spec/tenant-kinds';
import { tenantWhitelist, type PlatformKind } from '../lib/spec/tenant-resources';

export interface TenantGitOpsProps {
  /** The resolved tenant: id, status, repos, and namespaces with access and `deploy`. */
  readonly tenant: ResolvedTenant;
  /** Which engine(s) to wire; see `gitOpsRoles`. */
  readonly engine: GitOpsEngine;
  /** API server URL of the cluster the tenant's applications deploy to. @default 'https://kubernetes.default.svc' */
  readonly clusterServer?: string;
  /** Namespace where Argo CD runs; AppProjects and Applications live there. @default 'argocd' */
  readonly argocdNamespace?: string;
  /**
   * The namespace-scoped role each Flux reconciler gets through a RoleBinding. Not admin:
   * anyone with edit can run a pod as the reconciler's ServiceAccount, so it must hold no more.
   * @default 'tenantry-tenant-edit'
   */
  readonly reconcilerClusterRole?: string;
  /** How often Flux fetches a team's repository. @default '1m' */
  readonly sourceInterval?: string;
  /** How often Flux re-applies a team's manifests and corrects drift. @default '10m' */
  readonly reconcileInterval?: string;
  /**
   * In a fleet, the clusters: the AppProject then lists each namespace on each cluster it is
   * placed on, and a deploy Application is written per namespace and cluster.
   * @default - one cluster, at `clusterServer`
   */
  readonly clusters?: readonly ResolvedCluster[];
  /**
   * Which engine's objects to write: in a fleet the Argo CD objects live on the hub and
   * the Flux reconcilers on each cluster, in different folders.
   * @default 'all'
   */
  readonly objects?: 'all' | 'argocd' | 'flux';
  /** Platform CRD kinds teams write (platform.ts `tenantResources`), added to the AppProject whitelist unless read-only. @default [] */
  readonly platformKinds?: readonly PlatformKind[];
}

const FLUX_TENANT_LABEL = 'toolkit.fluxcd.io/tenant';

/** Roles a Flux reconciler may not hold, and why. */
const UNSAFE_RECONCILER_ROLES: Readonly<Record<string, string>> = {
  'cluster-admin': 'must not grant cluster-admin',
  admin: 'must not be the built-in admin, which may rewrite the NetworkPolicies',
  edit: 'must not be the built-in edit, which may rewrite the NetworkPolicies',
};

const ROLE_DESCRIPTIONS = {
  view: 'Read-only: see the applications and their resources',
  edit: 'Create, update and sync applications',
  admin: 'Full control of the applications within the project',
} as const;

/**
 * A tenant's GitOps wiring (L2), written into `dist/<tenant>/`:
 * - Argo CD: an AppProject limited to the tenant's namespaces and repositories, with no
 *   cluster-scoped kinds, the guardrail kinds blacklisted and roles from the team groups;
 *   under engine `argocd`, an Application per namespace with `deploy`.
 * - Flux: per namespace with `deploy`, a reconciler ServiceAccount bound to a
 *   namespace-scoped role, a GitRepository and a Kustomization that impersonates it.
 * Pending tenants get nothing yet; suspended tenants get a deny sync window, view-only
 * project roles and suspended Flux objects.
 */
export class TenantGitOps extends Construct {
  public readonly engine: GitOpsEngine;
  public readonly clusterServer: string;
  public readonly argocdNamespace: string;
  public readonly reconcilerClusterRole: string;
  public readonly sourceInterval: string;
  public readonly reconcileInterval: string;
  public readonly objects: 'all' | 'argocd' | 'flux';
  /** The tenant's (first) AppProject. @default - none under engine `flux` or for a pending tenant */
  public readonly project?: AppProject;
  /** Every AppProject of the tenant: one, or one per environment when access differs per environment (see `tenantProjects`). */
  public readonly projects: readonly AppProject[];
  /** Argo CD Applications for the teams' `deploy` (engine `argocd`). */
  public readonly applications: readonly Application[];
  /** Flux Kustomizations for the teams' `deploy` (engines `flux` and `both`). */
  public readonly kustomizations: readonly Kustomization[];

  constructor(scope: Construct, id: string, props: TenantGitOpsProps) {
    super(scope, id);
    const tenant = props.tenant;
    this.engine = props.engine;
    this.clusterServer = props.clusterServer ?? DEFAULTS.cluster.server;
    this.argocdNamespace = props.argocdNamespace ?? DEFAULTS.gitops.argocdNamespace;
    this.reconcilerClusterRole = props.reconcilerClusterRole ?? TENANT_ROLES.edit;
    this.sourceInterval = props.sourceInterval ?? '1m';
    this.reconcileInterval = props.reconcileInterval ?? '10m';
    this.objects = props.objects ?? 'all';

    if (tenant.status === 'terminating') {
      throw new Error(`TenantGitOps ${tenant.id}: a terminating tenant gets no GitOps wiring; leave it out so GitOps prunes its objects`);
    }
    if (RESERVED_PROJECTS.includes(tenant.id)) {
      throw new Error(
        `TenantGitOps ${tenant.id}: the tenant id "${tenant.id}" would replace the platform's Argo CD AppProject of that name (reserved: ${RESERVED_PROJECTS.join(', ')}); rename the tenant`,
      );
    }
    const unsafe = UNSAFE_RECONCILER_ROLES[this.reconcilerClusterRole];
    if (unsafe) {
      throw new Error(`TenantGitOps ${tenant.id}: reconcilerClusterRole ${unsafe}, got "${this.reconcilerClusterRole}"; use "${TENANT_ROLES.edit}"`);
    }

    const engineRoles = gitOpsRoles(this.engine);
    const argocd = this.objects !== 'flux';
    const flux = this.objects !== 'argocd';
    const roles = {
      argocdProjects: engineRoles.argocdProjects && argocd,
      argocdDeploy: engineRoles.argocdDeploy && argocd,
      fluxDeploy: engineRoles.fluxDeploy && flux,
    };
    const clusters = props.clusters;
    /** Where a namespace's applications go: the one cluster, or each cluster it is placed on. */
    const destinations = (ns: ResolvedNamespace) =>
      clusters
        ? clusters.filter((c) => ns.clusters?.includes(c.name)).map((c) => ({ cluster: c.name, destination: { ...c.destination, namespace: ns.name } }))
        : [{ cluster: undefined, destination: { server: this.clusterServer, namespace: ns.name } }];
    const applications: Application[] = [];
    const kustomizations: Kustomization[] = [];
    this.applications = applications;
    this.kustomizations = kustomizations;
    const projects: AppProject[] = [];
    this.projects = projects;
    // A pending tenant has its namespaces and guardrails prepared, but nothing deploys yet.
    if (tenant.status === 'pending') return;
    const suspended = tenant.status === 'suspended';

    if (roles.argocdProjects) {
      for (const [index, scope] of tenantProjects(tenant).entries()) {
        projects.push(
          new AppProject(this, index === 0 ? 'Resource' : `Project-${scope.name}`, {
            metadata: { name: scope.name, namespace: this.argocdNamespace, labels: { 'tenantry.io/tenant': tenant.id } },
            spec: {
              description: `${tenant.name}: ${tenant.description ? `${tenant.description}; ` : ''}applications of tenant ${tenant.id}, limited to its ${scope.environment ? `${scope.environment} ` : ''}namespaces`,
              sourceRepos: [...tenant.repos],
              destinations: projectDestinations(scope, clusters, destinations),
              clusterResourceWhitelist: [],
              // The whitelist is what protects; the blacklist restates the guardrails for reviewers.
              namespaceResourceWhitelist: tenantWhitelist(props.platformKinds ?? []),
              namespaceResourceBlacklist: TENANT_BLACKLIST.map((item) => ({ ...item })),
              orphanedResources: { warn: true },
              roles: projectRoles(scope.name, scope.namespaces, suspended),
              syncWindows: suspended ? [suspendedWindow(tenant, scope.namespaces)] : undefined,
            },
          }),
        );
      }
      this.project = projects[0];
    }

    for (const ns of tenant.namespaces) {
      if (!ns.deploy) continue;
      if (roles.argocdDeploy) {
        for (const { cluster, destination } of destinations(ns)) applications.push(this.deployApplication(tenant, ns, ns.deploy, destination, cluster));
      }
      if (roles.fluxDeploy) kustomizations.push(this.fluxReconciler(tenant, ns, ns.deploy, suspended));
    }
  }

  private deployApplication(tenant: ResolvedTenant, ns: ResolvedNamespace, deploy: Deploy, destination: Destination, cluster: string | undefined): Application {
    const name = cluster ? fleetDeployApplicationName(ns.name, cluster) : deployApplicationName(ns.name);
    return new Application(this, `Application-${name}`, {
      metadata: {
        name,
        namespace: this.argocdNamespace,
        labels: { ...ns.propagatedLabels },
        finalizers: [RESOURCES_FINALIZER],
      },
      spec: {
        // Never from the tenant file: the tenant's project is what limits where and what this syncs.
        project: projectOf(tenant, ns.name),
        source: { repoUrl: deploy.repo, targetRevision: deploy.branch, path: argoPath(deploy.path) },
        destination,
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    });
  }

  private fluxReconciler(tenant: ResolvedTenant, ns: ResolvedNamespace, deploy: Deploy, suspended: boolean): Kustomization {
    const labels = { ...ns.propagatedLabels, [FLUX_TENANT_LABEL]: tenant.id };
    const metadata = (name: string) => ({ name, namespace: ns.name, labels: { ...labels } });
    const serviceAccount = new kplus.ServiceAccount(this, `Reconciler-${ns.name}`, {
      metadata: metadata(FLUX_RECONCILER),
      // Flux impersonates the account; it never needs a token in a pod.
      automountToken: false,
    });
    // Suspended: the reconciler may only read, so nothing deploys even if a Kustomization is resumed.
    const binding = new kplus.RoleBinding(this, `ReconcilerBinding-${ns.name}`, {
      metadata: metadata(FLUX_RECONCILER),
      role: kplus.ClusterRole.fromClusterRoleName(this, `ReconcilerRole-${ns.name}`, suspended ? TENANT_ROLES.view : this.reconcilerClusterRole),
    });
    binding.addSubjects(serviceAccount);
    new GitRepository(this, `GitRepository-${ns.name}`, {
      metadata: metadata(ns.team),
      spec: {
        interval: this.sourceInterval,
        url: deploy.repo,
        ref: { branch: deploy.branch },
        secretRef: deploy.secretRef ? { name: deploy.secretRef } : undefined,
        suspend: suspended || undefined,
      },
    });
    return new Kustomization(this, `Kustomization-${ns.name}`, {
      metadata: metadata(ns.team),
      spec: {
        interval: this.reconcileInterval,
        sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: ns.team },
        path: fluxPath(deploy.path),
        prune: true,
        serviceAccountName: FLUX_RECONCILER,
        targetNamespace: ns.name,
        suspend: suspended || undefined,
      },
    });
  }
}

type Deploy = NonNullable<ResolvedNamespace['deploy']>;
type Destination = { readonly server?: string; readonly name?: string; readonly namespace: string };

/** Every namespace on every cluster it is placed on, grouped by cluster so reviewers read one cluster at a time. */
function projectDestinations(
  tenant: { readonly namespaces: readonly ResolvedNamespace[] },
  clusters: readonly ResolvedCluster[] | undefined,
  destinations: (ns: ResolvedNamespace) => { cluster: string | undefined; destination: Destination }[],
): Destination[] {
  const all = tenant.namespaces.flatMap((ns) => destinations(ns));
  if (!clusters) return all.map((d) => d.destination);
  return clusters.flatMap((c) => all.filter((d) => d.cluster === c.name).map((d) => d.destination));
}

/**
 * Who owns what under each engine. Every object gets exactly one owner, so two
 * controllers never apply or prune the same object:
 * - `argocd`: Argo CD syncs dist/ and a team's `deploy` becomes an Application.
 * - `flux`: Flux syncs dist/ and a team's `deploy` becomes a Flux Kustomization.
 * - `both`: Argo CD syncs dist/ (platform UI and prune), a team's `deploy` goes to a
 *   Flux reconciler (Kubernetes RBAC enforced by impersonation), and tenants still
 *   get an AppProject for applications they create themselves.
 */
/**
 * One project role per team role that some group or user holds in the project's namespaces;
 * a suspended tenant's subjects only view. Users are listed by name in `groups`, which Argo CD
 * matches when its RBAC `scopes` include the claim (e.g. `[groups, email]`).
 */
function projectRoles(project: string, namespaces: readonly ResolvedNamespace[], suspended: boolean): AppProjectSpecRoles[] | undefined {
  const subjects = { admin: new Set<string>(), edit: new Set<string>(), view: new Set<string>() };
  for (const ns of namespaces) {
    for (const entry of ns.access) {
      // ServiceAccounts act in the cluster, never in Argo CD.
      if ('group' in entry) subjects[suspended ? 'view' : entry.role].add(entry.group);
      else if ('user' in entry) subjects[suspended ? 'view' : entry.role].add(entry.user);
    }
  }
  const roles = (['view', 'edit', 'admin'] as const)
    .filter((role) => subjects[role].size > 0)
    .map((role) => ({
      name: role,
      description: ROLE_DESCRIPTIONS[role],
      policies: PROJECT_ACTIONS[role].map(([resource, action]) => `p, proj:${project}:${role}, ${resource}, ${action}, ${project}/*, allow`),
      groups: [...subjects[role]].sort(),
    }));
  return roles.length ? roles : undefined;
}

/**
 * Always active, without wildcards: a window opens every day at 00:00 UTC and lasts
 * 25 hours. It matches every Application of the project, because the project's
 * destinations only allow the tenant's namespaces.
 */
function suspendedWindow(tenant: ResolvedTenant, namespaces: readonly ResolvedNamespace[]): AppProjectSpecSyncWindows {
  return {
    kind: 'deny',
    schedule: '0 0 1-31 1-12 0-6',
    duration: '25h',
    namespaces: namespaces.map((ns) => ns.name),
    manualSync: false,
    description: `Tenant ${tenant.id} is suspended: no automated or manual syncs`,
  };
}
