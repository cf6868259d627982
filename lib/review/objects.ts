/*
 * The objects section: which objects of dist/ a change adds, removes and changes, per
 * tenant, with the changed fields (dotted paths) of each changed object.
 */
import { isRecord } from '../check/findings';
import { compare } from '../spec/resolve';
import { tenantOf, type ObjectEntry, type Snapshot } from './snapshot';

export interface FieldChange {
  /** Dotted path, list items by index, odd keys quoted (`spec.hard["requests.cpu"]`); `(json)` steps into a JSON string. */
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface ObjectChange {
  readonly change: 'added' | 'removed' | 'changed';
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** Changed objects only. */
  readonly fields?: readonly FieldChange[];
}

export interface TenantObjects {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly objects: readonly ObjectChange[];
}

/** Object changes per tenant id (and `_platform` for platform objects that name no tenant). */
export function diffObjects(before: Snapshot, after: Snapshot): Map<string, TenantObjects> {
  const changes = new Map<string, ObjectChange[]>();
  const push = (entry: ObjectEntry, change: ObjectChange) => {
    const tenant = tenantOf(entry);
    changes.set(tenant, [...(changes.get(tenant) ?? []), change]);
  };
  const keys = [...new Set([...before.objects.keys(), ...after.objects.keys()])].sort(compare);
  for (const key of keys) {
    const a = before.objects.get(key);
    const b = after.objects.get(key);
    const entry = (b ?? a)!;
    const id = { kind: entry.kind, ...(entry.namespace ? { namespace: entry.namespace } : {}), name: entry.name };
    if (!a) push(entry, { change: 'added', ...id });
    else if (!b) push(entry, { change: 'removed', ...id });
    else {
      const fields = diffFields(a.object, b.object);
      if (fields.length) push(entry, { change: 'changed', ...id, fields });
    }
  }
  return new Map(
    [...changes].sort(([x], [y]) => compare(x, y)).map(([tenant, objects]) => [
      tenant,
      {
        added: objects.filter((o) => o.change === 'added').length,
        removed: objects.filter((o) => o.change === 'removed').length,
        changed: objects.filter((o) => o.change === 'changed').length,
        objects: objects.sort((x, y) => compare(`${x.kind}/${x.namespace ?? ''}/${x.name}`, `${y.kind}/${y.namespace ?? ''}/${y.name}`)),
      },
    ]),
  );
}

const SIMPLE_KEY = /^[A-Za-z_$][\w$-]*$/;
const step = (base: string, key: string | number) =>
  typeof key === 'number' ? `${base}[${key}]` : SIMPLE_KEY.test(key) ? (base ? `${base}.${key}` : key) : `${base}[${JSON.stringify(key)}]`;

/** Leaf-level differences; when a list's length changes, the items removed (`[-]`) and added (`[+]`). */
export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(compare);
    return keys.flatMap((key) =>
      !(key in after) ? [{ path: step(path, key), before: before[key] }] : !(key in before) ? [{ path: step(path, key), after: after[key] }] : diffFields(before[key], after[key], step(path, key)),
    );
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length === after.length) return before.flatMap((item, index) => diffFields(item, after[index], step(path, index)));
    // Items came or went: name those rather than the whole list.
    const x = before.map((item) => JSON.stringify(item));
    const y = after.map((item) => JSON.stringify(item));
    return [
      ...before.filter((_, i) => !y.includes(x[i]!)).map((item) => ({ path: `${path}[-]`, before: item })),
      ...after.filter((_, i) => !x.includes(y[i]!)).map((item) => ({ path: `${path}[+]`, after: item })),
    ];
  }
  const x = embeddedJson(before);
  const y = embeddedJson(after);
  if (x !== undefined && y !== undefined) return diffFields(x, y, `${path}(json)`);
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, before, after }];
}

/** A string holding a JSON object or list (a ConfigMap's config.json), parsed; else undefined. */
function embeddedJson(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[{[]/.test(value)) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** A value in one short line. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export const objectName = (o: Pick<ObjectChange, 'kind' | 'namespace' | 'name'>) => (o.namespace ? `${o.kind} ${o.namespace}/${o.name}` : `${o.kind} ${o.name}`);
