/* Port sets of NetworkPolicy rules: parse, union, intersect and print (TCP, UDP, SCTP; numbers, ranges and names). */
import { asArray, asString, isRecord } from './findings';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** A port range of one protocol, or a named port (resolved per pod, so unknown here). */
export interface PortRange {
  readonly protocol: Protocol;
  readonly from: number;
  readonly to: number;
  readonly name?: string;
}

export interface PortSet {
  /** Every port of every protocol. */
  readonly all: boolean;
  readonly ranges: readonly PortRange[];
}

export const ALL_PORTS: PortSet = { all: true, ranges: [] };
export const NO_PORTS: PortSet = { all: false, ranges: [] };
const MAX_PORT = 65535;

/** The ports a NetworkPolicy rule's `ports` list allows. */
export function rulePorts(ports: unknown): PortSet {
  const list = asArray(ports);
  if (!list.length) return ALL_PORTS;
  const ranges: PortRange[] = [];
  for (const entry of list) {
    if (!isRecord(entry)) continue;
    const protocol = (asString(entry.protocol) ?? 'TCP') as Protocol;
    const port = entry.port;
    if (port === undefined || port === null) ranges.push({ protocol, from: 1, to: MAX_PORT });
    else if (typeof port === 'number') ranges.push({ protocol, from: port, to: typeof entry.endPort === 'number' ? entry.endPort : port });
    else if (typeof port === 'string' && /^\d+$/.test(port)) ranges.push({ protocol, from: Number(port), to: Number(port) });
    else ranges.push({ protocol, from: 0, to: 0, name: String(port) });
  }
  return normalize(ranges);
}

function normalize(ranges: readonly PortRange[]): PortSet {
  const named = new Map<string, PortRange>();
  const byProtocol = new Map<Protocol, PortRange[]>();
  for (const r of ranges) {
    if (r.name !== undefined) named.set(`${r.protocol}/${r.name}`, r);
    else byProtocol.set(r.protocol, [...(byProtocol.get(r.protocol) ?? []), r]);
  }
  const merged: PortRange[] = [];
  for (const protocol of [...byProtocol.keys()].sort()) {
    const sorted = [...byProtocol.get(protocol)!].sort((a, b) => a.from - b.from);
    let current: PortRange | undefined;
    for (const r of sorted) {
      if (current && r.from <= current.to + 1) current = { ...current, to: Math.max(current.to, r.to) };
      else {
        if (current) merged.push(current);
        current = { ...r };
      }
    }
    if (current) merged.push(current);
  }
  return { all: false, ranges: [...merged, ...[...named.keys()].sort().map((k) => named.get(k)!)] };
}

export function unionPorts(a: PortSet, b: PortSet): PortSet {
  if (a.all || b.all) return ALL_PORTS;
  return normalize([...a.ranges, ...b.ranges]);
}

/** Named ports may resolve to any number, so they survive against anything of their protocol. */
export function intersectPorts(a: PortSet, b: PortSet): PortSet {
  if (a.all) return b;
  if (b.all) return a;
  const out: PortRange[] = [];
  for (const x of a.ranges) {
    for (const y of b.ranges) {
      if (x.protocol !== y.protocol) continue;
      if (x.name !== undefined) out.push(x);
      else if (y.name !== undefined) out.push(y);
      else if (Math.max(x.from, y.from) <= Math.min(x.to, y.to)) out.push({ protocol: x.protocol, from: Math.max(x.from, y.from), to: Math.min(x.to, y.to) });
    }
  }
  return normalize(out);
}

export function isEmptyPorts(set: PortSet): boolean {
  return !set.all && set.ranges.length === 0;
}

/** `all ports`, `5432/TCP`, `53/UDP, 53/TCP`, `8000-8100/TCP`, `any TCP port`, `http/TCP`. */
export function formatPorts(set: PortSet): string {
  if (set.all) return 'all ports';
  if (!set.ranges.length) return 'no ports';
  return set.ranges
    .map((r) => {
      if (r.name !== undefined) return `${r.name}/${r.protocol}`;
      if (r.from <= 1 && r.to >= MAX_PORT) return `any ${r.protocol} port`;
      return r.from === r.to ? `${r.from}/${r.protocol}` : `${r.from}-${r.to}/${r.protocol}`;
    })
    .join(', ');
}

// ---------------------------------------------------------------------------
// Nodes and selectors
// ---------------------------------------------------------------------------
