// The one merge every inheritance chain uses: objects merge, arrays and scalars replace, null removes.

/**
 * Deep merge in precedence order: objects merge, arrays and scalars replace,
 * `null` removes what an earlier layer set, `undefined` leaves it alone.
 */
export function mergeLayers<T>(...layers: readonly (T | null | undefined)[]): T {
  let result: unknown = undefined;
  for (const layer of layers) {
    if (layer === undefined) continue;
    result = mergeTwo(result, layer);
  }
  return result as T;
}

/** mergeLayers continued from `merged`, itself a result of mergeLayers: a shared prefix is merged once. */
export function mergeOnto<T>(merged: T, ...layers: readonly (T | null | undefined)[]): T {
  let result: unknown = merged;
  for (const layer of layers) {
    if (layer === undefined) continue;
    result = mergeTwo(result, layer);
  }
  return result as T;
}

function mergeTwo(base: unknown, over: unknown): unknown {
  if (over === null) return undefined;
  if (!isPlainObject(over) || !isPlainObject(base)) return stripNulls(over);
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const next = mergeTwo(base[key], value);
    if (next === undefined) delete merged[key];
    else merged[key] = next;
  }
  return merged;
}

function stripNulls(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    out[key] = stripNulls(v);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

