// One tenant or the platform as a cdk8s chart, serialized to one YAML file per object plus a kustomization.yaml.
import { ApiObject, App, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { ClusterPlatform } from '../../constructs/cluster-platform';
import { FleetHub } from '../../constructs/fleet-hub';
import { PlatformGitOps } from '../../constructs/platform-gitops';
import { clusterFolder, type TenantFolder } from '../spec/fleet-names';
import { compare, type ResolvedPlatform, type ResolvedTenant } from '../spec/resolve';
import { Tenant } from '../../constructs/tenant';
import { TenantRoles } from '../../constructs/tenant-roles';
import { AdmissionPolicies } from '../../constructs/admission-policies';
import { withFastToJson } from './fast-json';
import { emitYaml } from './yaml-emitter';
import { fileNameOf, GENERATED_MARKER, isClusterScoped, KUSTOMIZATION_FILE, PLATFORM_FOLDER, type FolderOutput, type KubeObject } from './dist-layout';

/*
 * Chart → files. Each tenant gets its own App and Chart, so synthesizing one never
 * touches another (cdk8s' per-chart toJson re-validates the whole App). Objects are
 * resolved once with ApiObject.toJson and written by a fast deterministic emitter.
 */

/** A fresh chart with readable names; it never sets a namespace, which cdk8s would stamp on cluster-scoped objects too. */
export function newChart(id: string): Chart {
  return new Chart(new App({ outdir: '/dev/null' }), id, { disableResourceNameHashes: true });
}

/** A tenant's folder; in a fleet, one of its parts (see tenantFolders). */
/** `documents`: also return each file's object (for check). */
export function synthesizeTenant(tenant: TenantFolder, platform: ResolvedPlatform, documents = false): FolderOutput {
  const folder = tenant.folder ?? tenant.id;
  const chart = newChart(folder);
  new Tenant(chart, 'Resource', { ...tenant, platform });
  return renderFolder(folder, chart, `tenants/${tenant.id}.ts`, documents);
}

export function synthesizePlatform(platform: ResolvedPlatform, tenants: readonly ResolvedTenant[], documents = false): FolderOutput {
  const chart = newChart(PLATFORM_FOLDER);
  const gitops = platform.gitops;
  if (!platform.clusters) addPlatformObjects(chart, platform, tenants);
  // A fleet's _platform/ is the Argo CD hub; each cluster's own objects are in _platform.<cluster>/.
  else if (gitops) {
    new FleetHub(chart, 'GitOps', {
      engine: gitops.engine,
      repoURL: gitops.repoURL,
      revision: gitops.revision,
      path: gitops.path,
      tenants,
      clusters: platform.clusters,
      hubServer: platform.clusterServer,
      argocdNamespace: gitops.argocdNamespace,
      platformFolder: PLATFORM_FOLDER,
    });
  }
  return renderFolder(PLATFORM_FOLDER, chart, 'platform.ts', documents);
}

/** What a single cluster's `_platform/` holds: the tenant ClusterRoles, the admission policies and the GitOps bootstrap. */
export function addPlatformObjects(chart: Chart, platform: ResolvedPlatform, tenants: readonly ResolvedTenant[]): void {
  const gitops = platform.gitops;
  new TenantRoles(chart, 'TenantRoles', { platformKinds: platform.tenantResources });
  new AdmissionPolicies(chart, 'AdmissionPolicies', platform.admission);
  if (gitops) {
    new PlatformGitOps(chart, 'GitOps', {
      engine: gitops.engine,
      repoURL: gitops.repoURL,
      revision: gitops.revision,
      path: gitops.path,
      tenants,
      clusterServer: platform.clusterServer,
      argocdNamespace: gitops.argocdNamespace,
      fluxNamespace: gitops.fluxNamespace,
      fluxSecretRef: gitops.secretRef,
      platformFolder: PLATFORM_FOLDER,
    });
  }
}

/** The admission policies and bindings platform.ts produces, for the gate to compare dist/ with. */
export function admissionObjects(platform: ResolvedPlatform): KubeObject[] {
  const chart = newChart(PLATFORM_FOLDER);
  new AdmissionPolicies(chart, 'AdmissionPolicies', platform.admission);
  return chartObjects(chart);
}

/** `dist/_platform.<cluster>/`: the tenant ClusterRoles, and the cluster's Flux entry point under engine `flux`. */
export function synthesizeClusterPlatform(platform: ResolvedPlatform, tenants: readonly ResolvedTenant[], cluster: string, documents = false): FolderOutput {
  const folder = clusterFolder(PLATFORM_FOLDER, cluster);
  const chart = newChart(folder);
  const gitops = platform.gitops;
  // Each cluster enforces the run-time guardrails itself.
  new AdmissionPolicies(chart, 'AdmissionPolicies', platform.admission);
  new ClusterPlatform(chart, 'Platform', {
    cluster,
    tenants: tenants.filter((t) => t.clusters?.includes(cluster)),
    engine: gitops?.engine,
    repoURL: gitops?.repoURL,
    revision: gitops?.revision,
    path: gitops?.path,
    fluxNamespace: gitops?.fluxNamespace,
    fluxSecretRef: gitops?.secretRef,
    platformFolder: PLATFORM_FOLDER,
    platformKinds: platform.tenantResources,
  });
  return renderFolder(folder, chart, 'platform.ts', documents);
}

/** Runs every construct's validations, then turns the chart's objects into files. */
export function renderFolder(folder: string, chart: Chart, source: string, keepDocuments = false): FolderOutput {
  const errors = chart.node.findAll().flatMap((c) => c.node.validate().map((e) => `[${c.node.path}] ${e}`));
  if (errors.length) throw new Error(`Validation of ${source} failed:\n  ${errors.join('\n  ')}`);
  const objects = chartObjects(chart);
  const header = `${GENERATED_MARKER} from ${source}. Do not edit: change ${source} and run \`npm run synth\`.\n`;
  const files = new Map<string, string>();
  const documents = new Map<string, unknown>();
  for (const object of objects) {
    const name = fileNameOf(object);
    if (files.has(name)) throw new Error(`${source}: two objects would both be written to ${folder}/${name}`);
    files.set(name, header + emitYaml(object));
    if (keepDocuments) documents.set(name, object);
  }
  const resources = [...files.keys()].sort();
  const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources };
  files.set(KUSTOMIZATION_FILE, header + emitYaml(kustomization));
  if (keepDocuments) documents.set(KUSTOMIZATION_FILE, kustomization);
  return { folder, files: new Map([...files.entries()].sort(([a], [b]) => compare(a, b))), objects: objects.length, ...(keepDocuments ? { documents } : {}) };
}

export function chartObjects(scope: Construct): KubeObject[] {
  const apiObjects = scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
  return withFastToJson(() =>
    apiObjects.map((o) => {
      const json = o.toJson() as KubeObject;
      if (isClusterScoped(json.kind) && json.metadata.namespace !== undefined) {
        throw new Error(`${json.kind} ${json.metadata.name} is cluster-scoped but carries metadata.namespace "${json.metadata.namespace}"`);
      }
      return json;
    }),
  );
}

