/* Schema violations as readable issues: dotted field paths (`spec.containers[0].image`) and short messages, one per problem. */
import type { ErrorObject } from 'ajv';

/** One schema violation. */
export interface SchemaIssue {
  /** Field path, e.g. `spec.template.spec.containers[0].image`; {@link ROOT_PATH} for the object itself. */
  readonly path: string;
  /** What is wrong, e.g. `must be string`, `is required`, `unknown field`. */
  readonly message: string;
}

/** Path used for issues about the object as a whole. */
export const ROOT_PATH = '(root)';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Formats that only refine a numeric type; their errors duplicate the type error. */
const NUMERIC_FORMATS = new Set(['int32', 'int64', 'float', 'double']);

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function formatPath(data: unknown, segments: readonly string[]): string {
  let path = '';
  let current: unknown = data;
  for (const segment of segments) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      path += `[${segment}]`;
      current = current[Number(segment)];
      continue;
    }
    path += IDENTIFIER.test(segment) ? (path === '' ? segment : `.${segment}`) : `[${JSON.stringify(segment)}]`;
    current = isPlainObject(current) ? current[segment] : undefined;
  }
  return path === '' ? ROOT_PATH : path;
}

function isUnder(instancePath: string, parent: string): boolean {
  return instancePath === parent || instancePath.startsWith(`${parent}/`);
}

function issueFor(error: ErrorObject, data: unknown): SchemaIssue {
  const segments = pointerSegments(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: formatPath(data, [...segments, String(params.missingProperty)]), message: 'is required' };
    case 'additionalProperties':
      return { path: formatPath(data, [...segments, String(params.additionalProperty)]), message: 'unknown field' };
    case 'type':
      return { path: formatPath(data, segments), message: `must be ${typeNames(params.type)}` };
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      return { path: formatPath(data, segments), message: `must be one of: ${allowed.map((v) => JSON.stringify(v)).join(', ')}` };
    }
    case 'format':
      return { path: formatPath(data, segments), message: `must match format "${String(params.format)}"` };
    default:
      return { path: formatPath(data, segments), message: error.message ?? `must satisfy "${error.keyword}"` };
  }
}

/**
 * Converts ajv errors (from a strict Kubernetes schema or a CRD validator) to issues.
 *
 * With `allErrors`, an `anyOf`/`oneOf` failure comes after the failures of its
 * branches (all at or below the same instance path). Those are folded: if some
 * branch accepted the value's type and failed on something else, that reason
 * is reported (`must match format "quantity"`); otherwise one issue lists the
 * accepted types (`must be integer or string`).
 */
export function toIssues(errors: readonly ErrorObject[], data: unknown): SchemaIssue[] {
  // `issue` is set once a combinator failure has been folded into one issue.
  interface Entry {
    readonly instancePath: string;
    readonly error?: ErrorObject;
    readonly issue?: SchemaIssue;
  }
  const entries: Entry[] = [];
  for (const error of errors) {
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') {
      entries.push({ instancePath: error.instancePath, error });
      continue;
    }
    const branches: Entry[] = [];
    while (entries.length > 0 && isUnder(entries[entries.length - 1]!.instancePath, error.instancePath)) {
      branches.unshift(entries.pop()!);
    }
    if (branches.length === 0) {
      entries.push({ instancePath: error.instancePath, error }); // e.g. oneOf matched more than one branch
      continue;
    }
    const specific = branches.filter(
      ({ instancePath, error: e }) =>
        e === undefined ||
        instancePath !== error.instancePath ||
        (e.keyword !== 'type' && !(e.keyword === 'format' && NUMERIC_FORMATS.has(String(e.params.format)))),
    );
    if (specific.length > 0) {
      entries.push(...specific);
    } else {
      const types = [...new Set(branches.filter(({ error: e }) => e?.keyword === 'type').map(({ error: e }) => typeNames(e!.params.type)))];
      const issue = { path: formatPath(data, pointerSegments(error.instancePath)), message: `must be ${types.join(' or ')}` };
      entries.push({ instancePath: error.instancePath, issue });
    }
  }
  return entries.map(({ error, issue }) => issue ?? issueFor(error!, data));
}

export function dedupe(issues: readonly SchemaIssue[]): SchemaIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The types a value may have, without the `null` the strict core schemas allow on every optional field. */
function typeNames(type: unknown): string {
  const names = String(type).split(',').filter((t) => t !== 'null');
  return names.length ? names.join(' or ') : 'null';
}
