/*
 * The fleet proof (platform.ts declares clusters): every object lands only on a cluster
 * its tenant is placed on, every Argo CD and Flux object that delivers a folder points at
 * that folder's cluster, tenant AppProjects name only placed clusters, and isolation holds
 * on each cluster by itself (a namespace exists once per cluster, policies see only it).
 */
import { folderOwner } from '../spec/fleet-names';
import type { ResolvedCluster } from '../spec/placement';
import type { ResolvedPlatform, ResolvedTenant } from '../spec/resolve';
import { asArray, asString, deriveTenancy, finding, isRecord, listing, nameOf, namespaceOf, type Finding, type Invariant, type Manifest, type ProofContext, type ProofResult } from './findings';
import type { ReachabilityMatrix } from './network-model';
import { proveIsolation, type IsolationResult } from './reachability';

export const FLEET_INVARIANTS: readonly Invariant[] = [
  { id: 'fleet/placed-only', proof: 'fleet', statement: 'dist/<tenant>.<cluster>/ exists only for a cluster the tenant is placed on, and holds only namespaces placed on that cluster.' },
  {
    id: 'fleet/delivery-placed',
    proof: 'fleet',
    statement: 'Every Argo CD Application and Flux Kustomization that syncs a per-cluster folder sends it to that folder\'s cluster, and to no cluster the tenant is not placed on.',
  },
  { id: 'fleet/project-destinations', proof: 'fleet', statement: "A tenant's AppProject names only clusters of the fleet, and each namespace only on the clusters it is placed on." },
  { id: 'fleet/isolation-per-cluster', proof: 'fleet', statement: 'The isolation proofs hold on each cluster by itself: a namespace is defined once per cluster and no cross-tenant path exists there.' },
];

const HUB = '(hub)';

/** The manifests each cluster gets (per-cluster folders), and the hub's (everything else). */
export function manifestsByCluster(manifests: readonly Manifest[]): Map<string, Manifest[]> {
  const groups = new Map<string, Manifest[]>();
  for (const m of manifests) {
    const cluster = folderOwner(m.folder).cluster ?? HUB;
    groups.set(cluster, [...(groups.get(cluster) ?? []), m]);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The isolation proof run on each cluster's objects; the matrix names namespaces `<cluster>/<namespace>`. */
export function proveIsolationPerCluster(context: ProofContext): IsolationResult {
  const findings = new Map<string, Finding>();
  let checks = 0;
  const matrix: { nodes: ReachabilityMatrix['nodes'][number][]; edges: ReachabilityMatrix['edges'][number][]; paths: ReachabilityMatrix['paths'][number][] } = { nodes: [], edges: [], paths: [] };
  for (const [cluster, manifests] of manifestsByCluster(context.manifests)) {
    const result = proveIsolation({ ...context, manifests, tenancy: deriveTenancy(manifests) });
    checks += result.checks;
    for (const f of result.findings) findings.set(`${f.invariant}\u0000${f.file}\u0000${f.object ?? ''}\u0000${f.message}`, f);
    if (cluster === HUB) continue;
    const at = (id: string) => `${cluster}/${id}`;
    matrix.nodes.push(...result.matrix.nodes.map((n) => ({ ...n, id: at(n.id) })));
    matrix.edges.push(...result.matrix.edges.map((e) => ({ ...e, from: at(e.from), to: at(e.to) })));
    matrix.paths.push(...result.matrix.paths.map((p) => ({ ...p, from: p.from.map(at), to: at(p.to), via: p.via && at(p.via) })));
  }
  return { findings: [...findings.values()], checks, matrix };
}

/** Which cluster an Argo CD destination names, if any. */
function destinationCluster(destination: unknown, clusters: readonly ResolvedCluster[]): ResolvedCluster | undefined {
  if (!isRecord(destination)) return undefined;
  return clusters.find((c) => ('server' in c.destination ? destination.server === c.destination.server : destination.name === c.destination.name));
}

const describe = (destination: unknown) => (isRecord(destination) ? (asString(destination.server) ?? asString(destination.name) ?? 'no cluster') : 'no cluster');

export function proveFleet(context: ProofContext & { readonly platform: ResolvedPlatform; readonly tenants?: readonly ResolvedTenant[] }): ProofResult {
  const findings: Finding[] = [];
  let checks = 0;
  const clusters = context.platform.clusters ?? [];
  const tenants = new Map((context.tenants ?? []).map((t) => [t.id, t]));
  const placedOn = (tenant: string) => tenants.get(tenant)?.clusters ?? [];
  const trim = (value: string) => value.split('/').filter((s) => s && s !== '.').join('/');
  const root = trim(context.platform.gitops?.path ?? 'dist');
  /** The dist/ folder a repository path points at, or undefined outside dist/. */
  const folderOfPath = (value: unknown) => {
    const text = trim(asString(value) ?? '');
    const rest = root ? (text.startsWith(`${root}/`) ? text.slice(root.length + 1) : undefined) : text;
    return rest && !rest.includes('/') ? rest : undefined;
  };

  for (const m of context.manifests) {
    const owner = folderOwner(m.folder);
    const add = (invariant: string, message: string) => findings.push(finding('fleet', invariant, m, message));
    if (owner.tenant && owner.cluster) {
      checks++;
      const tenant = tenants.get(owner.tenant);
      const placed = placedOn(owner.tenant);
      if (tenant && !placed.includes(owner.cluster)) {
        add('fleet/placed-only', `lands on cluster ${owner.cluster}, where tenant ${owner.tenant} is not placed (placed: ${listing([...placed])}); run \`npm run synth\`, which removes dist/${m.folder}/`);
      } else if (tenant) {
        const namespace = m.object.kind === 'Namespace' ? nameOf(m.object) : namespaceOf(m.object);
        const ns = tenant.namespaces.find((n) => n.name === namespace);
        if (ns && !ns.clusters?.includes(owner.cluster)) {
          add('fleet/placed-only', `lands on cluster ${owner.cluster}, but namespace ${ns.name} is placed only on ${listing([...(ns.clusters ?? [])])}; run \`npm run synth\` and commit dist/`);
        }
      }
    }
    const spec = isRecord(m.object.spec) ? m.object.spec : {};
    const apiVersion = asString(m.object.apiVersion) ?? '';
    if (m.object.kind === 'Application' && apiVersion.startsWith('argoproj.io/')) {
      const sources = [...(isRecord(spec.source) ? [spec.source] : []), ...asArray(spec.sources).filter(isRecord)];
      for (const source of sources) {
        const folder = folderOfPath(source.path);
        const target = folder ? folderOwner(folder) : {};
        if (!folder || !target.cluster) continue;
        checks++;
        const cluster = destinationCluster(spec.destination, clusters);
        if (!cluster || cluster.name !== target.cluster) {
          const where = cluster ? `cluster ${cluster.name}` : `${describe(spec.destination)}, which is no cluster of the fleet`;
          const placed = target.tenant ? `, where tenant ${target.tenant} is ${placedOn(target.tenant).includes(cluster?.name ?? '') ? '' : 'not '}placed (placed: ${listing([...placedOn(target.tenant)])})` : '';
          add('fleet/delivery-placed', `spec.destination sends dist/${folder}/ to ${where}${placed}; it belongs on cluster ${target.cluster}: run \`npm run synth\` and never edit dist/`);
        } else if (target.tenant && !placedOn(target.tenant).includes(cluster.name)) {
          add('fleet/delivery-placed', `syncs dist/${folder}/ to cluster ${cluster.name}, where tenant ${target.tenant} is not placed (placed: ${listing([...placedOn(target.tenant)])}); run \`npm run synth\``);
        }
      }
    } else if (m.object.kind === 'Kustomization' && apiVersion.startsWith('kustomize.toolkit.fluxcd.io/') && !owner.tenant && owner.cluster) {
      checks++;
      const folder = folderOfPath(spec.path);
      const target = folder ? folderOwner(folder) : {};
      if (!folder || target.cluster !== owner.cluster || (target.tenant && !placedOn(target.tenant).includes(owner.cluster))) {
        add('fleet/delivery-placed', `spec.path is ${JSON.stringify(spec.path ?? null)}, but the Flux of cluster ${owner.cluster} may sync only dist/<tenant>.${owner.cluster}/ of tenants placed there and dist/_platform.${owner.cluster}/; run \`npm run synth\``);
      }
    } else if (m.object.kind === 'AppProject' && apiVersion.startsWith('argoproj.io/') && owner.tenant) {
      const tenant = tenants.get(owner.tenant);
      asArray(spec.destinations).forEach((raw, index) => {
        checks++;
        const ns = isRecord(raw) ? asString(raw.namespace) : undefined;
        if (ns?.startsWith('!')) return;
        const cluster = destinationCluster(raw, clusters);
        if (!cluster) {
          add('fleet/project-destinations', `spec.destinations[${index}] names ${describe(raw)}, which is no cluster of the fleet (${listing(clusters.map((c) => c.name))}); list only the clusters tenant ${owner.tenant} is placed on`);
          return;
        }
        const placed = tenant?.namespaces.find((n) => n.name === ns);
        if (tenant && placed && !placed.clusters?.includes(cluster.name)) {
          add('fleet/project-destinations', `spec.destinations[${index}] allows namespace ${ns} on cluster ${cluster.name}, where it is not placed (placed: ${listing([...(placed.clusters ?? [])])}); run \`npm run synth\``);
        }
      });
    }
  }
  return { findings, checks };
}
