/*
 * ApiObject.toJson in one pass. cdk8s resolves every value through App.of (a walk to the tree's
 * root), a context object and a fresh key path, then copies the tree again to sort and sanitize it,
 * and does all that twice for metadata: a third of synthesis time. This does the same in one pass.
 */
import { ApiObject, App, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';

/** The cdk8s release whose ApiObject.toJson this reproduces; any other release keeps its own. */
export const VERIFIED_CDK8S_VERSION = '2.70.106';

interface SanitizeOptions {
  readonly sortKeys: boolean;
  readonly filterEmpty: boolean;
}

const METADATA: SanitizeOptions = { sortKeys: true, filterEmpty: true };
let objectOptions: SanitizeOptions = { sortKeys: true, filterEmpty: false };

/** Raised inside the fast path for inputs it does not reproduce; the object then takes cdk8s' own path. */
class Unsupported extends Error {}

/** What cdk8s keeps in private fields, read here by name (pinned to VERIFIED_CDK8S_VERSION). */
interface ApiObjectInternals {
  readonly props: Record<string, unknown>;
  readonly patches: JsonPatch[];
}
interface MetadataInternals {
  readonly _additionalAttributes: Record<string, unknown>;
  readonly name?: string;
  readonly namespace?: string;
  readonly annotations: Record<string, string>;
  readonly finalizers: string[];
  readonly ownerReferences: unknown[];
  readonly labels: Record<string, string>;
}

const cdk8sToJson = ApiObject.prototype.toJson;
const rtti = (ApiObject as unknown as Record<symbol, { version?: string } | undefined>)[Symbol.for('jsii.rtti')];
const verified = rtti?.version === VERIFIED_CDK8S_VERSION;

/**
 * Runs `render` with ApiObject.toJson in one pass (for every ApiObject subclass, whose toJson
 * calls `super.toJson()`), restoring cdk8s' own afterwards. Output is identical to cdk8s' (the
 * tests compare both on every object Tenantry writes and on random trees of Lazy values, tokens,
 * number-or-string unions, nulls and empty containers).
 */
export function withFastToJson<T>(render: () => T): T {
  if (!verified || ApiObject.prototype.toJson !== cdk8sToJson) return render();
  // Read once: process.env is a slow accessor, and cdk8s reads it for every object.
  objectOptions = { sortKeys: !process.env.CDK8S_DISABLE_SORT, filterEmpty: false };
  ApiObject.prototype.toJson = fastToJson;
  try {
    return render();
  } finally {
    ApiObject.prototype.toJson = cdk8sToJson;
  }
}

function fastToJson(this: ApiObject): unknown {
  if (!hasBuiltInResolversOnly(App.of(this) as App)) return cdk8sToJson.call(this);
  try {
    return renderApiObject(this);
  } catch (error) {
    if (error instanceof Unsupported) return cdk8sToJson.call(this);
    throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${error}`);
  }
}

/** cdk8s' App adds its three built-in resolvers after any custom ones: only then is the order of checks below the same. */
function hasBuiltInResolversOnly(app: App): boolean {
  const resolvers = (app as Partial<App>).resolvers;
  return (
    Array.isArray(resolvers) &&
    resolvers.length === 3 &&
    resolvers[0] instanceof LazyResolver &&
    resolvers[1] instanceof ImplicitTokenResolver &&
    resolvers[2] instanceof NumberStringUnionResolver
  );
}

function renderApiObject(object: ApiObject): unknown {
  const { props, patches } = object as unknown as ApiObjectInternals;
  const meta = object.metadata as unknown as MetadataInternals;
  if (!('_additionalAttributes' in meta) || !Array.isArray(patches)) throw new Unsupported();
  const metadata = resolveAndSanitize(
    {
      ...meta._additionalAttributes,
      name: meta.name,
      namespace: meta.namespace,
      annotations: meta.annotations,
      finalizers: meta.finalizers,
      ownerReferences: meta.ownerReferences,
      labels: meta.labels,
    },
    METADATA,
  );
  const data: Record<string, unknown> = { ...props, metadata };
  if (typeof data.resolve === 'function') throw new Unsupported();
  // metadata is resolved and sanitized already: resolving it again changes nothing.
  const json = sanitizedObject(data, objectOptions, (key, value) => (key === 'metadata' ? value : resolveAndSanitize(value, objectOptions)));
  const patched = (patches.length ? JsonPatch.apply(json, ...patches) : json) as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) if (key in patched) result[key] = patched[key];
  return result;
}

/**
 * cdk8s' resolve() followed by its sanitizeValue(), fused: the built-in resolvers in their order
 * (Lazy, implicit token, number-or-string union) until none applies, then arrays and plain
 * objects recursively; null and undefined are dropped from objects, keys sorted.
 */
function resolveAndSanitize(input: unknown, options: SanitizeOptions): unknown {
  let value = input;
  for (;;) {
    if (value == null) return undefined;
    const candidate = value as { resolve?: unknown; constructor?: unknown; value?: unknown };
    if (value instanceof Lazy) value = value.produce();
    else if (typeof candidate.resolve === 'function') value = (candidate.resolve as () => unknown).call(value);
    else if (candidate.constructor !== Object && (typeof candidate.value === 'number' || typeof candidate.value === 'string')) value = { value: candidate.value };
    else break;
  }
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (options.filterEmpty && value.length === 0) return undefined;
    return value.map((item) => resolveAndSanitize(item, options));
  }
  // cdk8s resolves into plain objects only and refuses to render anything else.
  if ((value as object).constructor !== Object) throw new Unsupported();
  return sanitizedObject(value as Record<string, unknown>, options, (_, child) => resolveAndSanitize(child, options));
}

/** The object's values resolved in their own key order (a Lazy may depend on it), then written in sorted order without nulls. */
function sanitizedObject(
  object: Record<string, unknown>,
  options: SanitizeOptions,
  resolveValue: (key: string, value: unknown) => unknown,
): Record<string, unknown> | undefined {
  const keys = Object.keys(object);
  const values = keys.map((key) => resolveValue(key, object[key]));
  const result: Record<string, unknown> = {};
  let count = 0;
  for (const i of options.sortKeys ? sortedOrder(keys) : keys.keys()) {
    const value = values[i];
    if (value == null) continue;
    result[keys[i]!] = value;
    count++;
  }
  return options.filterEmpty && count === 0 ? undefined : result;
}

/** Indexes of `keys` in Array.prototype.sort's default order (UTF-16 code units), as cdk8s sorts them. */
function sortedOrder(keys: readonly string[]): Iterable<number> {
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1]! < keys[i]!;
  if (sorted) return keys.keys();
  return [...keys.keys()].sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
}
