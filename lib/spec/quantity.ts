/**
 * Kubernetes resource quantities ("500m", "2", "4Gi"), parsed just enough to add and
 * compare them. Floating point is fine here: the values are only compared, never emitted.
 */
import { z } from 'zod';
export const QUANTITY_PATTERN = /^(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

const SUFFIX_FACTORS: Readonly<Record<string, number>> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The quantity in base units (cores, bytes). Throws on a malformed quantity. */
export function parseQuantity(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = QUANTITY_PATTERN.exec(value);
  if (!match) throw new Error(`not a Kubernetes quantity: "${value}"`);
  return Number(match[1]) * SUFFIX_FACTORS[match[3] ?? '']!;
}

/** Renders a base-unit sum back into a readable quantity, binary suffixes for bytes. */
export function formatQuantity(value: number, kind: 'cpu' | 'bytes' | 'count'): string {
  if (kind === 'count') return String(value);
  if (kind === 'cpu') {
    return Number.isInteger(value) ? String(value) : `${Math.round(value * 1000)}m`;
  }
  for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const) {
    const scaled = value / SUFFIX_FACTORS[suffix]!;
    if (scaled >= 1 && Number.isInteger(scaled)) return `${scaled}${suffix}`;
  }
  return String(value);
}

/** A quantity field of a spec, with its own fix for common slips. */
export const quantity = z
  .string({ error: 'expected a Kubernetes quantity string such as "500m", "2" or "4Gi" (in quotes)' })
  .regex(QUANTITY_PATTERN, { error: (issue) => quantityMessage(issue.input) });

/** Common slips get their own fix: "4GB" → "4Gi", "512mb" → "512Mi". */
function quantityMessage(input: unknown): string {
  const bytes = typeof input === 'string' ? /^(\d+(?:\.\d+)?)\s*([kmgtpe])(i?)b$/i.exec(input.trim()) : null;
  if (bytes) {
    const unit = bytes[2]!.toUpperCase();
    const binary = `${bytes[1]}${unit === 'K' ? 'Ki' : `${unit}i`}`;
    const decimal = `${bytes[1]}${unit === 'K' ? 'k' : unit}`;
    return `not a Kubernetes quantity; write "${binary}" (binary) or "${decimal}" (decimal), without "B"`;
  }
  return 'expected a Kubernetes quantity such as "500m", "2" or "4Gi"';
}

