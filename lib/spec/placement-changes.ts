/*
 * What a change of placement does, in words a reviewer acts on: a tenant that gains a
 * cluster, leaves one or moves. Shared by the synth summary and the review report; the
 * input is "tenant id → clusters", from resolved tenants or from dist/'s folder names.
 */
import { folderOwner } from './fleet-names';
import type { ResolvedTenant } from './resolve';

export interface PlacementChange {
  readonly tenant: string;
  /** Clusters the tenant is placed on before and after, in cluster order. */
  readonly before: readonly string[];
  readonly after: readonly string[];
  readonly kind: 'move' | 'extend' | 'leave';
  /** One line for a summary or a review. */
  readonly message: string;
}

export type Placements = ReadonlyMap<string, readonly string[]>;

/** Tenant id → the clusters it is placed on; empty outside a fleet. */
export function placementsOf(tenants: readonly ResolvedTenant[]): Map<string, readonly string[]> {
  return new Map(tenants.filter((t) => t.clusters).map((t) => [t.id, t.clusters!]));
}

/** The placements dist/ holds now, read from its `<tenant>.<cluster>` folder names. */
export function placementsInDist(folders: Iterable<string>): Map<string, string[]> {
  const placements = new Map<string, string[]>();
  for (const folder of folders) {
    const { tenant, cluster } = folderOwner(folder);
    if (tenant && cluster) placements.set(tenant, [...(placements.get(tenant) ?? []), cluster].sort());
  }
  return placements;
}

/** The placement changes of tenants present both before and after (a new or removed tenant is no move). */
export function describePlacementChanges(before: Placements, after: Placements): PlacementChange[] {
  const changes: PlacementChange[] = [];
  for (const [tenant, next] of [...after].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const previous = before.get(tenant);
    if (!previous?.length) continue;
    const added = next.filter((c) => !previous.includes(c));
    const removed = previous.filter((c) => !next.includes(c));
    if (!added.length && !removed.length) continue;
    const from = removed.join(', ');
    const to = added.join(', ');
    const volumes = 'volumes do not move: copy their data before the old namespaces are pruned';
    if (added.length && removed.length) {
      changes.push({
        tenant,
        before: previous,
        after: next,
        kind: 'move',
        message: `tenant ${tenant} moves from ${from} to ${to} in one step, so it stops on ${from} as it starts on ${to}; ${volumes} (to keep it running, place it on both first)`,
      });
    } else if (added.length) {
      changes.push({ tenant, before: previous, after: next, kind: 'extend', message: `tenant ${tenant} is placed on ${to} too and keeps running on ${previous.join(', ')}` });
    } else {
      const stays = next.join(', ');
      changes.push({
        tenant,
        before: previous,
        after: next,
        kind: 'leave',
        message: `tenant ${tenant} moves from ${from} to ${stays}: it leaves ${from} and keeps running on ${stays}; its namespaces on ${from} are pruned and ${volumes}`,
      });
    }
  }
  return changes;
}
