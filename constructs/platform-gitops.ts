// PlatformGitOps (L2): the platform's Argo CD / Flux wiring that syncs every dist/ folder.
import { Construct } from 'constructs';
import { Application } from '../imports/application-argoproj.io';
import { AppProject } from '../imports/appproject-argoproj.io';
import { GitRepository, type GitRepositorySpecRef } from '../imports/gitrepository-source.toolkit.fluxcd.io';
import { Kustomization, KustomizationSpecSourceRefKind } from '../imports/kustomization-kustomize.toolkit.fluxcd.io';
import type { ResolvedTenant } from '../lib/spec/resolve';
import { DEFAULTS, NAME_LIMIT } from '../lib/spec/defaults';
import {
  argoPath,
  deployApplicationName,
  FLUX_SOURCE,
  fluxPath,
  gitOpsRoles,
  PLATFORM_CLUSTER_KINDS,
  PLATFORM_PROJECT,
  PLATFORM_ROOT,
  platformApplicationName,
  platformKustomizationName,
  RESOURCES_FINALIZER,
  type GitOpsEngine,
} from '../lib/spec/gitops-names';

export interface PlatformGitOpsProps {
  /** Which engine(s) to wire; see `gitOpsRoles`. */
  readonly engine: GitOpsEngine;
  /** The Git repository that holds dist/ (this repository). */
  readonly repoURL: string;
  /** Branch, tag or commit of `repoURL` to sync. */
  readonly revision: string;
  /** The folder of `repoURL` that holds the dist/ folders, such as "dist". */
  readonly path: string;
  /** Every tenant that has a dist/ folder (terminating tenants are left out). */
  readonly tenants: readonly ResolvedTenant[];
  /** API server URL of the cluster dist/ is applied to. @default 'https://kubernetes.default.svc' */
  readonly clusterServer?: string;
  /** Namespace where Argo CD runs. @default 'argocd' */
  readonly argocdNamespace?: string;
  /** Namespace where the Flux controllers run. @default 'flux-system' */
  readonly fluxNamespace?: string;
  /** The dist/ folder of the platform's own objects. @default '_platform' */
  readonly platformFolder?: string;
  /** Empty Argo CD's permissive `default` AppProject so nothing can deploy through it. @default true */
  readonly restrictDefaultProject?: boolean;
  /**
   * The account Flux applies the platform's folders as. With `--default-service-account`
   * set, a Kustomization without one would run as flux-system's powerless `default`;
   * Flux's multi-tenancy guide gives the platform `kustomize-controller`.
   * @default 'kustomize-controller'
   */
  readonly fluxServiceAccount?: string;
  /** Secret in the Flux namespace with credentials for `repoURL`. @default - none (a public repository) */
  readonly fluxSecretRef?: string;
  /** How often Flux fetches `repoURL`. @default '1m' */
  readonly sourceInterval?: string;
  /** How often Flux re-applies each folder and corrects drift. @default '10m' */
  readonly reconcileInterval?: string;
}

/**
 * The platform's GitOps wiring (L2), written into `dist/_platform/`.
 * - Argo CD (engines `argocd` and `both`): the platform AppProject, which alone may
 *   create tenant Namespaces and guardrails; a self-managing root Application for the
 *   platform folder; one Application per tenant folder with automated prune and
 *   self-heal and the resources finalizer, so removing a tenant prunes its objects;
 *   and an emptied `default` AppProject.
 * - Flux (engine `flux`): a GitRepository for this repository, a self-managing
 *   Kustomization for the platform folder and one Kustomization per tenant folder.
 * No AppProject uses `*`: destinations and cluster kinds are listed one by one.
 */
export class PlatformGitOps extends Construct {
  public readonly engine: GitOpsEngine;
  public readonly clusterServer: string;
  public readonly argocdNamespace: string;
  public readonly fluxNamespace: string;
  public readonly platformFolder: string;
  public readonly restrictDefaultProject: boolean;
  public readonly fluxServiceAccount: string;
  public readonly sourceInterval: string;
  public readonly reconcileInterval: string;
  /** The platform AppProject's name. */
  public readonly projectName: string = PLATFORM_PROJECT;
  /** Argo CD Applications: the root first, then one per tenant. */
  public readonly applications: readonly Application[];
  /** Flux Kustomizations: the platform folder first, then one per tenant. */
  public readonly kustomizations: readonly Kustomization[];

  constructor(scope: Construct, id: string, props: PlatformGitOpsProps) {
    super(scope, id);
    this.engine = props.engine;
    this.clusterServer = props.clusterServer ?? DEFAULTS.cluster.server;
    this.argocdNamespace = props.argocdNamespace ?? DEFAULTS.gitops.argocdNamespace;
    this.fluxNamespace = props.fluxNamespace ?? DEFAULTS.gitops.fluxNamespace;
    this.platformFolder = props.platformFolder ?? '_platform';
    this.restrictDefaultProject = props.restrictDefaultProject ?? true;
    this.fluxServiceAccount = props.fluxServiceAccount ?? 'kustomize-controller';
    this.sourceInterval = props.sourceInterval ?? '1m';
    this.reconcileInterval = props.reconcileInterval ?? '10m';

    if (props.path.split('/').includes('..')) {
      throw new Error(`PlatformGitOps: path must stay inside the repository, got "${props.path}"; use a folder such as "dist"`);
    }
    const roles = gitOpsRoles(this.engine);
    // argoPath and fluxPath normalise "./dist/" and "." alike.
    const folder = (name: string) => `${props.path}/${name}`;
    const applications: Application[] = [];
    const kustomizations: Kustomization[] = [];
    this.applications = applications;
    this.kustomizations = kustomizations;

    if (roles.argocdPlatform) {
      checkApplicationNames(props.tenants, this.engine);
      const labels = { 'app.kubernetes.io/managed-by': 'tenantry' };
      const destination = (namespace: string) => ({ server: this.clusterServer, namespace });
      new AppProject(this, 'Resource', {
        metadata: { name: PLATFORM_PROJECT, namespace: this.argocdNamespace, labels: { ...labels } },
        spec: {
          description: 'Tenantry platform: tenant namespaces, guardrails, access and GitOps wiring, from this repository only',
          sourceRepos: [props.repoURL],
          destinations: [this.argocdNamespace, ...props.tenants.flatMap((t) => t.namespaces.map((ns) => ns.name))].map(destination),
          clusterResourceWhitelist: PLATFORM_CLUSTER_KINDS.map((kind) => ({ ...kind })),
        },
      });
      if (this.restrictDefaultProject) {
        // Argo CD's built-in project allows any repository and destination; left alone,
        // anyone who may create an Application could bypass the tenant projects.
        new AppProject(this, 'DefaultProject', {
          metadata: { name: 'default', namespace: this.argocdNamespace, labels: { ...labels } },
          spec: { sourceRepos: [], destinations: [], clusterResourceWhitelist: [], namespaceResourceWhitelist: [] },
        });
      }
      const application = (name: string, path: string, namespace: string, extra: { labels?: Record<string, string>; finalizers?: string[] }) =>
        new Application(this, `Application-${name}`, {
          metadata: { name, namespace: this.argocdNamespace, labels: { ...labels, ...extra.labels }, finalizers: extra.finalizers },
          spec: {
            // Hard-coded, never derived from the folder: only the platform project may create Namespaces.
            project: PLATFORM_PROJECT,
            source: { repoUrl: props.repoURL, targetRevision: props.revision, path: argoPath(path) },
            destination: destination(namespace),
            syncPolicy: { automated: { prune: true, selfHeal: true } },
          },
        });
      // No finalizer on the root: deleting it by mistake must not cascade into every tenant.
      applications.push(application(PLATFORM_ROOT, folder(this.platformFolder), this.argocdNamespace, {}));
      for (const tenant of props.tenants) {
        applications.push(
          application(platformApplicationName(tenant.id), folder(tenant.id), tenant.namespaces[0]!.name, {
            labels: { 'tenantry.io/tenant': tenant.id },
            finalizers: [RESOURCES_FINALIZER],
          }),
        );
      }
    }

    if (roles.fluxPlatform) {
      const labels = { 'app.kubernetes.io/managed-by': 'tenantry' };
      new GitRepository(this, 'Resource', {
        metadata: { name: FLUX_SOURCE, namespace: this.fluxNamespace, labels: { ...labels } },
        spec: {
          interval: this.sourceInterval,
          url: props.repoURL,
          ref: gitRef(props.revision),
          secretRef: props.fluxSecretRef ? { name: props.fluxSecretRef } : undefined,
        },
      });
      const kustomization = (name: string, path: string, extraLabels: Record<string, string>) =>
        new Kustomization(this, `Kustomization-${name}`, {
          metadata: { name, namespace: this.fluxNamespace, labels: { ...labels, ...extraLabels } },
          spec: {
            interval: this.reconcileInterval,
            sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: FLUX_SOURCE },
            path: fluxPath(path),
            prune: true,
            serviceAccountName: this.fluxServiceAccount,
          },
        });
      kustomizations.push(kustomization(PLATFORM_ROOT, folder(this.platformFolder), {}));
      for (const tenant of props.tenants) {
        checkLength(platformKustomizationName(tenant.id), tenant.id, 'Flux Kustomization');
        kustomizations.push(kustomization(platformKustomizationName(tenant.id), folder(tenant.id), { 'tenantry.io/tenant': tenant.id }));
      }
    }
  }
}

/** A 40-hex revision is a commit, `refs/…` a full reference, anything else a branch. */
export function gitRef(revision: string): GitRepositorySpecRef {
  if (/^[0-9a-f]{40}$/.test(revision)) return { commit: revision };
  if (revision.startsWith('refs/')) return { name: revision };
  return { branch: revision };
}

function checkLength(name: string, tenant: string, what: string): void {
  // Argo CD and Flux copy these names into label values, which stop at 63 characters.
  if (name.length > NAME_LIMIT) {
    throw new Error(`PlatformGitOps: the ${what} "${name}" of tenant ${tenant} is longer than ${NAME_LIMIT} characters; shorten the tenant id`);
  }
}

/** Argo CD Applications share the Argo CD namespace, so platform and deploy names must not meet. */
function checkApplicationNames(tenants: readonly ResolvedTenant[], engine: GitOpsEngine): void {
  const owners = new Map<string, string>([[PLATFORM_ROOT, 'the platform root Application']]);
  const claim = (name: string, owner: string, tenant: string) => {
    checkLength(name, tenant, 'Argo CD Application');
    const existing = owners.get(name);
    if (existing) {
      throw new Error(`PlatformGitOps: the Argo CD Application name "${name}" is taken twice (${existing} and ${owner}); rename tenant ${tenant} or its team`);
    }
    owners.set(name, owner);
  };
  for (const tenant of tenants) claim(platformApplicationName(tenant.id), `the platform Application of tenant ${tenant.id}`, tenant.id);
  if (!gitOpsRoles(engine).argocdDeploy) return;
  for (const tenant of tenants) {
    if (tenant.status === 'pending') continue;
    for (const ns of tenant.namespaces) {
      if (ns.deploy) claim(deployApplicationName(ns.name), `the deploy Application of namespace ${ns.name}`, tenant.id);
    }
  }
}
