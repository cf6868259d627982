/*
 * Fleet placement: which of the platform's clusters each tenant and team runs on. A
 * tenant takes its own `placement` or the platform's, a team at most narrows it, and
 * the resolved namespaces carry their cluster names. Resolution is lenient (unknown
 * names are dropped); the loader reports them through placementIssues first.
 */
import type { FieldPath } from './errors';

// The shapes placement reads, structurally: schema.ts calls platformPlacementIssues, so this file imports nothing from it.
export type PlacementSpec = { readonly clusters: readonly string[] } | { readonly selector: Readonly<Record<string, string>> };
interface ClusterInput {
  readonly name: string;
  readonly server?: string;
  readonly argocdName?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly capacity?: { readonly cpu: string; readonly memory: string; readonly overcommit?: number };
}
interface PlatformSpec {
  readonly clusters?: readonly ClusterInput[];
  readonly placement?: PlacementSpec;
}
interface TenantSpec {
  readonly id: string;
  readonly placement?: PlacementSpec;
  readonly teams: readonly { readonly id: string; readonly placement?: PlacementSpec }[];
}

export interface ResolvedCluster {
  readonly name: string;
  /** How Argo CD addresses it: the API server URL, or the cluster secret's name. */
  readonly destination: { readonly server: string } | { readonly name: string };
  readonly labels: Readonly<Record<string, string>>;
  readonly capacity?: { readonly cpu: string; readonly memory: string; readonly overcommit: number };
}

/** What placement reads of the resolved platform. */
export interface Fleet {
  readonly clusters?: readonly ResolvedCluster[];
  readonly placement?: PlacementSpec;
}

export interface PlacementIssue {
  readonly path: FieldPath;
  readonly message: string;
}

/** The declared clusters, sorted by name; undefined for a platform without `clusters` (one implicit cluster). */
export function resolveClusters(spec: PlatformSpec): ResolvedCluster[] | undefined {
  if (!spec.clusters) return undefined;
  return [...spec.clusters]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((c) => ({
      name: c.name,
      destination: c.server ? { server: c.server } : { name: c.argocdName ?? c.name },
      labels: { ...(c.labels ?? {}) },
      capacity: c.capacity && { cpu: c.capacity.cpu, memory: c.capacity.memory, overcommit: c.capacity.overcommit ?? 1 },
    }));
}

/** The clusters a placement names or selects, in cluster order; unknown names are left out. */
type Labelled = { readonly name: string; readonly labels?: Readonly<Record<string, string>> };

export function selectClusters(placement: PlacementSpec | undefined, clusters: readonly Labelled[]): string[] {
  if (!placement) return clusters.map((c) => c.name);
  if ('clusters' in placement) return clusters.filter((c) => placement.clusters.includes(c.name)).map((c) => c.name);
  return clusters.filter((c) => Object.entries(placement.selector).every(([key, value]) => c.labels?.[key] === value)).map((c) => c.name);
}

/** Problems with the platform's own clusters and default placement. */
export function platformPlacementIssues(spec: PlatformSpec): PlacementIssue[] {
  const issues: PlacementIssue[] = [];
  const clusters = spec.clusters ?? [];
  const seen = new Map<string, number>();
  clusters.forEach((c, index) => {
    const first = seen.get(c.name);
    if (first !== undefined) issues.push({ path: ['clusters', index, 'name'], message: `duplicate cluster name (also clusters.${first}.name); give each cluster its own name` });
    else seen.set(c.name, index);
  });
  if (spec.placement && !spec.clusters) {
    issues.push({ path: ['placement'], message: 'places tenants, but no clusters are declared; declare them under clusters or remove placement' });
  } else if (spec.placement) {
    // zod's formatter adds the ", got <value>" to these.
    issues.push(...selectionIssues(['placement'], spec.placement, clusters, clusters.map((c) => c.name), 'the platform', false));
  }
  return issues;
}

/** Problems with a tenant's and its teams' placement: unknown clusters, empty selections, teams outside the tenant. */
export function tenantPlacementIssues(spec: TenantSpec, platform: Fleet): PlacementIssue[] {
  const clusters = platform.clusters;
  if (!clusters) {
    const placed: { path: FieldPath; who: string }[] = [
      ...(spec.placement ? [{ path: ['placement'], who: 'the tenant' }] : []),
      ...spec.teams.flatMap((t, i) => (t.placement ? [{ path: ['teams', i, 'placement'], who: `team ${t.id}` }] : [])),
    ];
    return placed.map(({ path, who }) => ({ path, message: `places ${who}, but platform.ts declares no clusters; remove placement or ask the platform team to declare clusters` }));
  }
  const all = clusters.map((c) => c.name);
  const issues = spec.placement ? selectionIssues(['placement'], spec.placement, clusters, all, `tenant ${spec.id}`) : [];
  if (issues.length) return issues;
  const tenantClusters = selectClusters(spec.placement ?? platform.placement, clusters);
  spec.teams.forEach((team, index) => {
    if (!team.placement) return;
    const path: FieldPath = ['teams', index, 'placement'];
    const own = selectionIssues(path, team.placement, clusters, all, `team ${team.id}`);
    issues.push(...own);
    if (own.length) return;
    const outside = selectClusters(team.placement, clusters).filter((name) => !tenantClusters.includes(name));
    if (outside.length) {
      issues.push({
        path,
        message: `places team ${team.id} on ${outside.join(', ')}, outside its tenant's clusters (${tenantClusters.join(', ')}); a team may only narrow its tenant's placement, so place it on some of ${tenantClusters.join(', ')} or widen the tenant's placement`,
      });
    }
  });
  return issues;
}

function selectionIssues(path: FieldPath, placement: PlacementSpec, clusters: readonly Labelled[], all: readonly string[], who: string, got = true): PlacementIssue[] {
  if ('clusters' in placement) {
    return placement.clusters.flatMap((name, i) =>
      all.includes(name) ? [] : [{ path: [...path, 'clusters', i], message: `unknown cluster${got ? `, got "${name}"` : ''}; use one of: ${all.join(', ')}` }],
    );
  }
  if (selectClusters(placement, clusters).length) return [];
  const wanted = Object.entries(placement.selector).map(([k, v]) => `${k}=${v}`).join(', ');
  return [{ path: [...path, 'selector'], message: `matches no cluster, so ${who} would run nowhere${got ? `, got { ${wanted} }` : ''}; use labels some cluster carries (${clusterLabels(clusters)})` }];
}

function clusterLabels(clusters: readonly Labelled[]): string {
  return clusters.map((c) => `${c.name}: ${Object.entries(c.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || 'no labels'}`).join('; ');
}

/** The tenant's cluster set and each team's, resolved leniently (the loader has reported any issue). */
export function placeTeams(spec: TenantSpec, platform: Fleet): { readonly tenant: string[]; readonly teams: string[][] } | undefined {
  const clusters = platform.clusters;
  if (!clusters) return undefined;
  const tenant = selectClusters(spec.placement ?? platform.placement, clusters);
  const teams = spec.teams.map((team) => (team.placement ? selectClusters(team.placement, clusters).filter((name) => tenant.includes(name)) : tenant));
  // A cluster none of the tenant's teams lands on gets nothing of it.
  return { tenant: clusters.map((c) => c.name).filter((name) => teams.some((t) => t.includes(name))), teams };
}
