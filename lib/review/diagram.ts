/*
 * The picture: a Mermaid flowchart (GitHub renders it in comments) of the changed tenants'
 * namespaces and their allowed connections; added edges thick, removed ones dotted.
 */
import type { ReachabilityMatrix } from '../check/network-model';
import { formatPorts } from '../check/port-set';
import { compare } from '../spec/resolve';
import type { NetworkDiff } from './network';
import { tenantOf, type Snapshot } from './snapshot';

/** More edges than this and the unchanged ones are left out. */
export const MAX_EDGES = 60;
/** More changed tenants than this and the picture shows those whose connections changed first. */
export const MAX_TENANTS = 8;

export interface Diagram {
  /** The Mermaid source, without the code fence; '' when there is nothing to draw. */
  readonly mermaid: string;
  /** Unchanged edges left out to keep the picture readable. */
  readonly omitted: number;
  /** Changed tenants left out of the picture. */
  readonly omittedTenants?: number;
}

const quote = (text: string) => `"${text.replace(/"/g, '#quot;')}"`;

export function diagramOf(before: Snapshot, after: Snapshot, network: NetworkDiff, tenants: readonly string[]): Diagram {
  const networkFirst = [...tenants].sort((a, b) => Number(network.tenants.has(b)) - Number(network.tenants.has(a)) || compare(a, b));
  const chosen = new Set(networkFirst.slice(0, MAX_TENANTS));
  const omittedTenants = tenants.length - chosen.size;
  const namespaces = new Map<string, { tenant: string; state: 'added' | 'removed' | 'kept' }>();
  const names = (s: Snapshot) => new Set([...s.objects.values()].filter((e) => e.kind === 'Namespace' && chosen.has(tenantOf(e))).map((e) => `${tenantOf(e)}\u0000${e.name}`));
  const a = names(before);
  const b = names(after);
  for (const key of [...new Set([...a, ...b])]) {
    const [tenant, name] = key.split('\u0000') as [string, string];
    namespaces.set(name, { tenant, state: a.has(key) && b.has(key) ? 'kept' : a.has(key) ? 'removed' : 'added' });
  }
  if (!namespaces.size) return { mermaid: '', omitted: 0 };

  const changed = new Map(network.edges.map((e) => [`${e.from}\u0000${e.to}`, e]));
  const unchanged = (m: ReachabilityMatrix) => m.edges.filter((e) => e.from !== e.to && !changed.has(`${e.from}\u0000${e.to}`));
  const relevant = (from: string, to: string) => namespaces.has(from) || namespaces.has(to);
  const lines: { from: string; to: string; arrow: string; label: string }[] = [];
  for (const e of network.edges) {
    if (!relevant(e.from, e.to)) continue;
    if (e.change === 'added') lines.push({ from: e.from, to: e.to, arrow: '==>', label: `added: ${e.after}` });
    else if (e.change === 'removed') lines.push({ from: e.from, to: e.to, arrow: '-.->', label: `removed: ${e.before}` });
    else lines.push({ from: e.from, to: e.to, arrow: '==>', label: `${e.before} → ${e.after}` });
  }
  const kept = unchanged(network.after).filter((e) => relevant(e.from, e.to));
  const room = Math.max(0, MAX_EDGES - lines.length);
  for (const e of kept.slice(0, room)) lines.push({ from: e.from, to: e.to, arrow: '-->', label: formatPorts(e.ports) });
  lines.sort((p, q) => compare(`${p.from}\u0000${p.to}`, `${q.from}\u0000${q.to}`));

  const others = [...new Set(lines.flatMap((l) => [l.from, l.to]).filter((n) => !namespaces.has(n)))].sort(compare);
  const ids = new Map<string, string>([...[...namespaces.keys()].sort(compare), ...others].map((name, i) => [name, `n${i + 1}`]));
  const out = ['flowchart LR'];
  for (const tenant of [...chosen].sort(compare)) {
    const members = [...namespaces].filter(([, v]) => v.tenant === tenant).map(([name]) => name).sort(compare);
    if (!members.length) continue;
    out.push(`  subgraph ${ids.get(members[0]!)}_t[${quote(`tenant ${tenant}`)}]`);
    for (const name of members) out.push(`    ${ids.get(name)}[${quote(name)}]`);
    out.push('  end');
  }
  for (const name of others) out.push(`  ${ids.get(name)}([${quote(name)}])`);
  for (const l of lines) out.push(`  ${ids.get(l.from)} ${l.arrow}|${quote(l.label)}| ${ids.get(l.to)}`);
  const added = [...namespaces].filter(([, v]) => v.state === 'added').map(([n]) => ids.get(n));
  const removed = [...namespaces].filter(([, v]) => v.state === 'removed').map(([n]) => ids.get(n));
  if (added.length) out.push('  classDef added stroke:#1a7f37,stroke-width:3px', `  class ${added.join(',')} added`);
  if (removed.length) out.push('  classDef removed stroke:#cf222e,stroke-dasharray:5 5', `  class ${removed.join(',')} removed`);
  return { mermaid: out.join('\n'), omitted: kept.length - Math.min(kept.length, room), ...(omittedTenants ? { omittedTenants } : {}) };
}
