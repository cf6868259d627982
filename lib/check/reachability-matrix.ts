/* The reachability matrix for people (`check --matrix`) and for machines (`--json`). */
import type { NetworkNode, ReachabilityMatrix } from './network-model';
import { formatPorts, type PortSet } from './port-set';
import { describePath } from './reachability';

function ownerOf(node: NetworkNode): string {
  switch (node.kind) {
    case 'tenant':
      return `tenant ${node.tenant}`;
    case 'platform':
      return `platform: ${node.roles.join(', ')}`;
    case 'undeclared':
      return 'named by a policy, but neither a tenant namespace nor in platform.ts';
    case 'other':
      return 'every namespace not listed above (policies unknown: open)';
    case 'external':
      return 'outside the cluster (ipBlock)';
  }
}

/** A readable table: a numbered legend, the grid, and a key to the port sets in it. */
export function renderMatrix(matrix: ReachabilityMatrix): string {
  const index = new Map(matrix.nodes.map((n, i) => [n.id, i + 1]));
  const cells = new Map(matrix.edges.map((e) => [`${e.from}\u0000${e.to}`, e.ports]));
  const codes = new Map<string, string>();
  const cross = new Set(matrix.paths.flatMap((p) => p.from.map((f) => `${p.via ?? f}\u0000${p.to}`)));
  const codeOf = (ports: PortSet) => {
    if (ports.all) return '*';
    const text = formatPorts(ports);
    if (!codes.has(text)) codes.set(text, String.fromCharCode(97 + (codes.size % 26)) + (codes.size >= 26 ? String(Math.floor(codes.size / 26)) : ''));
    return codes.get(text)!;
  };
  const width = String(matrix.nodes.length).length;
  const nameWidth = Math.max(...matrix.nodes.map((n) => n.id.length));
  const lines = [
    'Reachability: may a pod in the row namespace open a connection to a pod in the column namespace?',
    "Both must allow it: the row's egress and the column's ingress NetworkPolicies. Pod selectors are not",
    'modelled, so a cell is what some pod may do. Namespaces whose policies are not in dist/ count as open.',
    '',
    ...matrix.nodes.map((n) => `  ${String(index.get(n.id)).padStart(width)}  ${n.id.padEnd(nameWidth)}  ${ownerOf(n)}`),
    '',
  ];
  const cellWidth = Math.max(3, width + 1);
  const prefix = Math.max(width + 4, 8);
  lines.push(`${'from\\to'.padEnd(prefix)}${matrix.nodes.map((n) => String(index.get(n.id)).padStart(cellWidth)).join('')}`);
  for (const from of matrix.nodes) {
    const row = matrix.nodes.map((to) => {
      const ports = cells.get(`${from.id}\u0000${to.id}`);
      const text = ports ? codeOf(ports) + (cross.has(`${from.id}\u0000${to.id}`) ? '!' : '') : '.';
      return text.padStart(cellWidth);
    });
    lines.push(`  ${String(index.get(from.id)).padStart(width)}`.padEnd(prefix) + row.join(''));
  }
  lines.push('', 'Key:  .  no connection    *  all ports    !  crosses tenants');
  for (const [text, code] of codes) lines.push(`  ${code.padStart(2)}  ${text}`);
  lines.push('');
  lines.push(
    matrix.paths.length
      ? `Cross-tenant paths: ${matrix.paths.length}\n${matrix.paths.map((p) => `  tenant ${p.fromTenant} → tenant ${p.toTenant}: ${describePath(p)}`).join('\n')}`
      : 'Cross-tenant paths: none. Tenants reach each other only through the platform namespaces above.',
  );
  return lines.join('\n');
}

/** The matrix as plain data for `--json`. */
export function matrixJson(matrix: ReachabilityMatrix) {
  const ports = (set: PortSet) => (set.all ? 'all' : set.ranges.map((r) => ({ protocol: r.protocol, ...(r.name !== undefined ? { name: r.name } : { from: r.from, to: r.to }) })));
  return {
    namespaces: matrix.nodes.map((n) => ({ name: n.id, kind: n.kind, ...(n.tenant ? { tenant: n.tenant } : {}), ...(n.roles.length ? { roles: n.roles } : {}) })),
    edges: matrix.edges.map((e) => ({ from: e.from, to: e.to, ports: ports(e.ports) })),
    crossTenantPaths: matrix.paths.map((p) => ({ fromTenant: p.fromTenant, from: p.from, toTenant: p.toTenant, to: p.to, ...(p.via ? { via: p.via } : {}), ports: ports(p.ports) })),
  };
}
