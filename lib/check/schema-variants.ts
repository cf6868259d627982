/*
 * Compiles a schema without the large optional subtrees an object does not use: compiling all of
 * Argo CD's Application schema (two thirds of it its status) or a Deployment's takes up to seconds.
 */
import type { ValidateFunction } from 'ajv';

type Schema = Record<string, unknown>;

/** Subtrees of more schema nodes than this are compiled only for the objects that set them. */
const LARGE_SUBTREE = 300;
/** Past this many variants of one schema (only hand-made input varies that much), the whole schema is compiled once. */
const MAX_VARIANTS = 6;
/** Keywords that look at property names beyond `properties`: no property is dropped where one is present. */
const NAME_KEYWORDS = ['patternProperties', 'propertyNames', 'dependencies', 'dependentRequired', 'dependentSchemas', 'unevaluatedProperties', '$ref', '$id'];

const isObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/*
 * Why a variant validates exactly like the whole schema: `properties.x` only ever looks at an
 * object's `x`, so where that object has no `x` (not even inherited, the test is `key in object`),
 * dropping `properties.x` changes nothing, as long as no other keyword of that schema node refers
 * to property names (NAME_KEYWORDS; `required` and `additionalProperties: false` are fine: the
 * property is absent either way). Only subtrees reached from the root through `properties` alone
 * are dropped, so "absent" is a plain walk down the object; where the walk meets anything but an
 * object, the whole schema would not descend there either.
 */
export class SchemaVariants {
  /** Paths (property names from the root) of the large subtrees that may be left out. */
  private readonly optional: readonly (readonly string[])[];
  private readonly variants = new Map<string, ValidateFunction>();
  private whole: ValidateFunction | undefined;

  constructor(
    private readonly schema: Schema,
    private readonly compile: (schema: Schema) => ValidateFunction,
  ) {
    // Two variants holding the same `$id` would clash in ajv; such a schema is compiled whole.
    this.optional = JSON.stringify(schema).includes('"$id"') ? [] : largeSubtrees(schema);
  }

  /** A validator that gives for `value` exactly what the whole schema's gives. */
  validatorFor(value: unknown): ValidateFunction {
    const absent = this.optional.filter((path) => !has(value, path));
    const key = absent.map((path) => path.join('\u0000')).join('\u0001');
    const known = this.variants.get(key);
    if (known) return known;
    if (this.variants.size >= MAX_VARIANTS) return (this.whole ??= this.compile(this.schema));
    const validate = this.compile(without(this.schema, absent));
    this.variants.set(key, validate);
    return validate;
  }
}

/** Whether `value` has every key along `path` (as `in` sees it), each step an object. */
function has(value: unknown, path: readonly string[]): boolean {
  let node = value;
  for (const key of path) {
    if (!isObject(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
}

function size(node: unknown, sizes: WeakMap<object, number>): number {
  if (typeof node !== 'object' || node === null) return 0;
  const known = sizes.get(node);
  if (known !== undefined) return known;
  let total = 1;
  for (const child of Object.values(node)) total += size(child, sizes);
  sizes.set(node, total);
  return total;
}

/** The large subtrees reached from the root through `properties` only, at nodes no name keyword looks into; outermost first. */
function largeSubtrees(schema: Schema): string[][] {
  const sizes = new WeakMap<object, number>();
  const found: string[][] = [];
  const visit = (node: Schema, path: string[]) => {
    if (!isObject(node.properties) || NAME_KEYWORDS.some((keyword) => keyword in node)) return;
    for (const [key, child] of Object.entries(node.properties)) {
      if (!isObject(child) || size(child, sizes) <= LARGE_SUBTREE) continue;
      found.push([...path, key]);
      visit(child, [...path, key]);
    }
  };
  visit(schema, []);
  return found;
}

/** A copy of `schema` without the subtrees at `paths`; everything off those paths is shared, nothing is changed. */
function without(schema: Schema, paths: readonly (readonly string[])[]): Schema {
  if (!paths.length) return schema;
  const copy: Schema = { ...schema, properties: { ...(schema.properties as Schema) } };
  const properties = copy.properties as Schema;
  const byKey = new Map<string, (readonly string[])[]>();
  for (const path of paths) byKey.set(path[0]!, [...(byKey.get(path[0]!) ?? []), path.slice(1)]);
  for (const [key, rest] of byKey) {
    if (rest.some((r) => r.length === 0)) delete properties[key];
    else properties[key] = without(properties[key] as Schema, rest);
  }
  return copy;
}
