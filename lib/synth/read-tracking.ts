/* Records which parts of the tenants the platform folder's build read, so the platform folder is rebuilt only when those parts change. */

/**
 * Which parts of a value a computation read: fields by name (array elements merged
 * under "[]"), whether it listed the keys, or all of it where reads cannot be followed.
 */
export interface ReadShape {
  keys?: boolean;
  whole?: boolean;
  fields?: Record<string, ReadShape>;
}

const INDEX = /^(0|[1-9][0-9]*)$/;
const tracked = new WeakMap<object, Map<ReadShape, object>>();

/**
 * A read-only view of `value` that records in `shape` every part of it that is read,
 * including through spreads, Object.keys, iteration and JSON.stringify. A build that
 * is a deterministic function of its reads gives the same output whenever
 * projectReads() of its input is the same.
 */
export function trackReads<T>(value: T, shape: ReadShape): T {
  if (value === null || typeof value !== 'object') return value;
  const target = value as object;
  const known = tracked.get(target)?.get(shape);
  if (known) return known as T;
  const field = (prop: string | symbol): ReadShape | undefined => {
    if (typeof prop === 'symbol') return undefined;
    const key = Array.isArray(target) && INDEX.test(prop) ? '[]' : prop;
    return ((shape.fields ??= {})[key] ??= {});
  };
  const proxy = new Proxy(target, {
    get(object, prop) {
      const result: unknown = Reflect.get(object, prop);
      if (typeof result === 'function' || typeof prop === 'symbol') return result;
      const child = field(prop)!;
      if (result === null || typeof result !== 'object') return result;
      const descriptor = Reflect.getOwnPropertyDescriptor(object, prop);
      if (descriptor && !descriptor.configurable && !descriptor.writable) {
        child.whole = true; // a proxy may not stand in for a frozen property's value
        return result;
      }
      return trackReads(result, child);
    },
    has(object, prop) {
      field(prop);
      return Reflect.has(object, prop);
    },
    ownKeys(object) {
      shape.keys = true;
      return Reflect.ownKeys(object);
    },
    getOwnPropertyDescriptor(object, prop) {
      field(prop);
      return Reflect.getOwnPropertyDescriptor(object, prop);
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
  if (!tracked.has(target)) tracked.set(target, new Map());
  tracked.get(target)!.set(shape, proxy);
  return proxy as T;
}

/** The parts of `value` that `shape` says were read; equal projections mean equal reads. */
export function projectReads(value: unknown, shape: ReadShape): unknown {
  if (shape.whole || value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = { '#array': Array.isArray(value) };
  if (shape.keys) out['#keys'] = Object.keys(record);
  for (const [key, child] of Object.entries(shape.fields ?? {})) {
    if (key === '[]') out[key] = Array.isArray(value) ? value.map((item) => projectReads(item, child)) : '#absent';
    else if (!(key in record)) out[key] = '#absent';
    else out[key] = record[key] === undefined ? '#undefined' : projectReads(record[key], child);
  }
  return out;
}
