// ClusterPlatform: the platform objects of one fleet cluster, in dist/_platform.<cluster>/.
import { Construct } from 'constructs';
import { GitRepository } from '../imports/gitrepository-source.toolkit.fluxcd.io';
import { Kustomization, KustomizationSpecSourceRefKind } from '../imports/kustomization-kustomize.toolkit.fluxcd.io';
import { clusterFolder } from '../lib/spec/fleet-names';
import { FLUX_SOURCE, fluxPath, gitOpsRoles, PLATFORM_ROOT, platformKustomizationName, type GitOpsEngine } from '../lib/spec/gitops-names';
import type { ResolvedTenant } from '../lib/spec/resolve';
import type { PlatformKind } from '../lib/spec/tenant-resources';
import { DEFAULTS, NAME_LIMIT } from '../lib/spec/defaults';
import { gitRef } from './platform-gitops';
import { TenantRoles } from './tenant-roles';

export interface ClusterPlatformProps {
  /** The cluster this folder is for. */
  readonly cluster: string;
  /** The tenants placed on the cluster (at least one namespace there). */
  readonly tenants: readonly ResolvedTenant[];
  /** The GitOps engine, when platform.ts names one. @default - none: apply the folders by hand */
  readonly engine?: GitOpsEngine;
  /** The Git repository that holds dist/. Required with engine `flux`. @default - none */
  readonly repoURL?: string;
  /** Branch, tag or commit of `repoURL`. Required with engine `flux`. @default - none */
  readonly revision?: string;
  /** The folder of `repoURL` that holds the dist/ folders. Required with engine `flux`. @default - none */
  readonly path?: string;
  /** Namespace where the cluster's Flux runs. @default 'flux-system' */
  readonly fluxNamespace?: string;
  /** Secret in the Flux namespace with credentials for `repoURL`. @default - none (a public repository) */
  readonly fluxSecretRef?: string;
  /** The account Flux applies the platform's folders as. @default 'kustomize-controller' */
  readonly fluxServiceAccount?: string;
  /** The prefix of per-cluster platform folders. @default '_platform' */
  readonly platformFolder?: string;
  /** Platform CRD kinds the tenant roles grant (platform.ts `tenantResources`). @default [] */
  readonly platformKinds?: readonly PlatformKind[];
}

/**
 * The platform's objects on one cluster of a fleet (L2), written into
 * `dist/_platform.<cluster>/`: the tenant ClusterRoles every cluster needs and, under
 * engine `flux`, the cluster's entry point for its own Flux: a GitRepository, a
 * self-managing Kustomization for this folder and one Kustomization per tenant placed
 * there, syncing `dist/<tenant>.<cluster>/`. Under Argo CD the hub syncs this folder.
 */
export class ClusterPlatform extends Construct {
  public readonly cluster: string;
  public readonly fluxNamespace: string;
  public readonly platformFolder: string;
  /** Flux Kustomizations: this folder first, then one per tenant placed here. */
  public readonly kustomizations: readonly Kustomization[];

  constructor(scope: Construct, id: string, props: ClusterPlatformProps) {
    super(scope, id);
    this.cluster = props.cluster;
    this.fluxNamespace = props.fluxNamespace ?? DEFAULTS.gitops.fluxNamespace;
    this.platformFolder = props.platformFolder ?? '_platform';
    const kustomizations: Kustomization[] = [];
    this.kustomizations = kustomizations;
    new TenantRoles(this, 'Resource', { platformKinds: props.platformKinds });
    if (!props.engine || !gitOpsRoles(props.engine).fluxPlatform) return;
    if (!props.repoURL || !props.revision || props.path === undefined) {
      throw new Error(`ClusterPlatform ${props.cluster}: engine flux needs repoURL, revision and path; set them under gitops in platform.ts`);
    }
    if (props.path.split('/').includes('..')) {
      throw new Error(`ClusterPlatform ${props.cluster}: path must stay inside the repository, got "${props.path}"; use a folder such as "dist"`);
    }
    const labels = { 'app.kubernetes.io/managed-by': 'tenantry', 'tenantry.io/cluster': props.cluster };
    new GitRepository(this, 'GitRepository', {
      metadata: { name: FLUX_SOURCE, namespace: this.fluxNamespace, labels: { ...labels } },
      spec: { interval: '1m', url: props.repoURL, ref: gitRef(props.revision), secretRef: props.fluxSecretRef ? { name: props.fluxSecretRef } : undefined },
    });
    const kustomization = (name: string, folder: string, extraLabels: Record<string, string>) => {
      if (name.length > NAME_LIMIT) throw new Error(`ClusterPlatform ${props.cluster}: the Flux Kustomization "${name}" is longer than ${NAME_LIMIT} characters; shorten the tenant id`);
      kustomizations.push(
        new Kustomization(this, `Kustomization-${name}`, {
          metadata: { name, namespace: this.fluxNamespace, labels: { ...labels, ...extraLabels } },
          spec: {
            interval: '10m',
            sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: FLUX_SOURCE },
            path: fluxPath(`${props.path}/${folder}`),
            prune: true,
            serviceAccountName: props.fluxServiceAccount ?? 'kustomize-controller',
          },
        }),
      );
    };
    kustomization(PLATFORM_ROOT, clusterFolder(this.platformFolder, props.cluster), {});
    for (const tenant of props.tenants) kustomization(platformKustomizationName(tenant.id), clusterFolder(tenant.id, props.cluster), { 'tenantry.io/tenant': tenant.id });
  }
}
