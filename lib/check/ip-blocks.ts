// Which addresses a NetworkPolicy ipBlock covers: pod IPs (so other tenants' pods), the outside world, or both.
import { asArray, asString } from './findings';

/** Where pod IPs come from in practice: RFC 1918 and the shared address space some CNIs use. */
export const POD_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

type Interval = readonly [number, number];

function parseCidr(cidr: string): Interval | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr.trim());
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const address = ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
  const size = 2 ** (32 - bits);
  const start = Math.floor(address / size) * size;
  return [start, start + size - 1];
}

function subtract(intervals: readonly Interval[], cut: Interval): Interval[] {
  return intervals.flatMap(([a, b]): Interval[] => {
    if (cut[1] < a || cut[0] > b) return [[a, b]];
    const out: Interval[] = [];
    if (cut[0] > a) out.push([a, cut[0] - 1]);
    if (cut[1] < b) out.push([cut[1] + 1, b]);
    return out;
  });
}

/** Whether an ipBlock covers pod IPs (so other tenants' pods), and whether it covers the outside world. */
export function ipBlockReach(block: Record<string, unknown>): { pods: boolean; external: boolean } {
  const cidr = asString(block.cidr) ?? '';
  const range = parseCidr(cidr);
  if (!range) return { pods: true, external: true }; // IPv6 or malformed: cannot rule pods out
  let remaining: Interval[] = [range];
  for (const except of asArray(block.except)) {
    const cut = typeof except === 'string' ? parseCidr(except) : undefined;
    if (cut) remaining = subtract(remaining, cut);
  }
  const podRanges = POD_RANGES.map((r) => parseCidr(r)!);
  const pods = remaining.some(([a, b]) => podRanges.some(([c, d]) => a <= d && c <= b));
  let outside = remaining;
  for (const pod of podRanges) outside = subtract(outside, pod);
  return { pods, external: outside.length > 0 };
}
