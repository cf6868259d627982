/**
 * Schema validation for the manifests Tenantry emits.
 *
 * - Core Kubernetes kinds are validated against the strict upstream JSON schemas
 *   of Kubernetes v1.32.0 (see strict-schemas.ts), which reject unknown fields.
 * - Argo CD and Flux custom resources are validated against the
 *   `openAPIV3Schema` of the CRDs vendored in `imports/crds/` (see the README
 *   there), compiled with ajv on first use and cached per kind.
 *
 * Every problem is reported as a {@link SchemaIssue}; nothing here throws for
 * bad input.
 *
 * Issue paths are dotted field paths relative to the object, with list indices
 * and keys that are not plain identifiers in brackets, e.g.
 * `spec.template.spec.containers[0].image` or
 * `metadata.labels["app.kubernetes.io/name"]`. {@link ROOT_PATH} denotes the
 * object itself.
 *
 * Known gaps (deliberate, see the module's tests for the covered behaviour):
 * - CRD kinds follow the API server's structural-schema pruning rules: a field
 *   not declared in an object schema that has `properties` is reported as
 *   `unknown field`, unless the schema sets `x-kubernetes-preserve-unknown-fields`.
 * - CEL rules (`x-kubernetes-validations`) are not evaluated.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

import { strictErrors, STRICT_SCHEMAS } from './strict-schemas';

/** One schema violation. */
export interface SchemaIssue {
  /** Field path, e.g. `spec.template.spec.containers[0].image`; {@link ROOT_PATH} for the object itself. */
  readonly path: string;
  /** What is wrong, e.g. `must be string`, `is required`, `unknown field`. */
  readonly message: string;
}

export interface ValidateOptions {
  /**
   * Kinds without a schema that are accepted as-is, as `"<apiVersion>/<kind>"`
   * (e.g. `"example.com/v1/Widget"`). Without an entry such a kind yields an
   * `unsupported kind …` issue.
   */
  readonly allowedKinds?: readonly string[];
}

/** Path used for issues about the object as a whole. */
export const ROOT_PATH = '(root)';

// ---------------------------------------------------------------------------
// CRD kinds (vendored CRD YAML + ajv)
// ---------------------------------------------------------------------------

interface CrdSource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Path relative to `imports/crds/`. */
  readonly file: string;
  readonly text: string;
}

function crdSource(group: string, version: string, kind: string, file: string): [string, CrdSource] {
  const text = readFileSync(new URL(`../../imports/crds/${file}`, import.meta.url), 'utf8');
  return [`${group}/${version}/${kind}`, { group, version, kind, file, text }];
}

// Read at module load (cheap); parsed and compiled on first use (the
// Application CRD alone takes several hundred milliseconds).
const CRD_SOURCES: ReadonlyMap<string, CrdSource> = new Map([
  crdSource('argoproj.io', 'v1alpha1', 'AppProject', 'argo-cd/appproject-crd.yaml'),
  crdSource('argoproj.io', 'v1alpha1', 'Application', 'argo-cd/application-crd.yaml'),
  crdSource('kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'flux/kustomize.toolkit.fluxcd.io_kustomizations.yaml'),
  crdSource('source.toolkit.fluxcd.io', 'v1', 'GitRepository', 'flux/source.toolkit.fluxcd.io_gitrepositories.yaml'),
]);

const crdValidators = new Map<string, ValidateFunction>();

type SchemaNode = Record<string, unknown>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Extensions that carry no JSON-schema validation of their own. */
const KUBERNETES_KEYWORDS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-validations', // CEL, not evaluated
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
];

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
// RFC 3339 date-time as accepted by the API server.
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
// Go time.Duration syntax, e.g. `1h30m`, `500ms`.
const DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;

let ajvInstance: Ajv | undefined;
const registeredFormats = new Set<string>();

function ajv(): Ajv {
  if (ajvInstance === undefined) {
    ajvInstance = new Ajv({ strict: false, allErrors: true });
    ajvInstance.addVocabulary(KUBERNETES_KEYWORDS);
    ajvInstance.addFormat('int32', {
      type: 'number',
      validate: (n: number) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX,
    });
    ajvInstance.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    ajvInstance.addFormat('date-time', DATE_TIME);
    ajvInstance.addFormat('duration', DURATION);
    // Integer-or-string typing comes from `x-kubernetes-int-or-string`.
    ajvInstance.addFormat('int-or-string', true);
    for (const name of ['int32', 'int64', 'date-time', 'duration', 'int-or-string']) registeredFormats.add(name);
  }
  return ajvInstance;
}

/**
 * Rewrites a CRD schema in place so that ajv enforces what the API server does:
 * - `x-kubernetes-int-or-string` without an explicit `anyOf` becomes `anyOf: [integer, string]`;
 * - objects with `properties` reject undeclared fields (structural pruning,
 *   reported like `kubectl --validate=strict`) unless they set
 *   `x-kubernetes-preserve-unknown-fields`; `anyOf`/`allOf`/`oneOf`/`not`
 *   branches are value validations and are left open;
 * - formats ajv does not know are collected so they can be ignored.
 */
function prepareSchema(node: SchemaNode, formats: Set<string>, inValueValidation = false): void {
  if (node['x-kubernetes-int-or-string'] === true && node.type === undefined && node.anyOf === undefined && node.oneOf === undefined) {
    node.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (typeof node.format === 'string') formats.add(node.format);

  const properties = node.properties;
  if (isPlainObject(properties)) {
    if (node['x-kubernetes-embedded-resource'] === true) {
      for (const key of ['apiVersion', 'kind']) properties[key] ??= { type: 'string' };
      properties.metadata ??= { type: 'object' };
    }
    for (const child of Object.values(properties)) {
      if (isPlainObject(child)) prepareSchema(child, formats, inValueValidation);
    }
    if (!inValueValidation && node.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
      node.additionalProperties = false;
    }
  }
  if (isPlainObject(node.additionalProperties)) prepareSchema(node.additionalProperties, formats, inValueValidation);
  if (isPlainObject(node.items)) prepareSchema(node.items, formats, inValueValidation);
  for (const combinator of ['anyOf', 'allOf', 'oneOf']) {
    const branches = node[combinator];
    if (Array.isArray(branches)) {
      for (const branch of branches) if (isPlainObject(branch)) prepareSchema(branch, formats, true);
    }
  }
  if (isPlainObject(node.not)) prepareSchema(node.not, formats, true);
}

function loadCrdSchema(source: CrdSource): SchemaNode {
  const where = `imports/crds/${source.file}`;
  for (const doc of parseAllDocuments(source.text)) {
    if (doc.errors.length > 0) throw new Error(`${where}: ${doc.errors[0]!.message}`);
    const crd: unknown = doc.toJS();
    if (!isPlainObject(crd) || crd.kind !== 'CustomResourceDefinition' || !isPlainObject(crd.spec)) continue;
    const spec = crd.spec;
    if (spec.group !== source.group || !isPlainObject(spec.names) || spec.names.kind !== source.kind) continue;
    const versions = Array.isArray(spec.versions) ? spec.versions : [];
    const version: unknown = versions.find(
      (v: unknown) => isPlainObject(v) && v.name === source.version && v.served === true && v.storage === true,
    );
    if (isPlainObject(version) && isPlainObject(version.schema) && isPlainObject(version.schema.openAPIV3Schema)) {
      return version.schema.openAPIV3Schema;
    }
  }
  throw new Error(
    `${where} has no served storage version ${source.version} with an openAPIV3Schema for ${source.group}/${source.kind}`,
  );
}

function crdValidator(key: string, source: CrdSource): ValidateFunction {
  let validate = crdValidators.get(key);
  if (validate === undefined) {
    const schema = loadCrdSchema(source);
    const formats = new Set<string>();
    prepareSchema(schema, formats);
    const instance = ajv();
    for (const format of formats) {
      if (!registeredFormats.has(format)) {
        instance.addFormat(format, true); // unknown format: not validated
        registeredFormats.add(format);
      }
    }
    validate = instance.compile(schema);
    crdValidators.set(key, validate);
  }
  return validate;
}

function validateCrd(key: string, source: CrdSource, obj: Record<string, unknown>): SchemaIssue[] {
  const validate = crdValidator(key, source);
  return validate(obj) ? [] : toIssues(validate.errors ?? [], obj);
}

// ---------------------------------------------------------------------------
// Error → issue conversion
// ---------------------------------------------------------------------------

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

/** The types a value may have, without the `null` the strict schemas allow for every optional field. */
function typeNames(type: unknown): string {
  const names = String(type).split(',').filter((t) => t !== 'null');
  return names.length ? names.join(' or ') : 'null';
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
 * Converts ajv errors (from a strict core schema or a CRD validator) to issues.
 *
 * With `allErrors`, an `anyOf`/`oneOf` failure comes after the failures of its
 * branches (all at or below the same instance path). Those are folded: if some
 * branch accepted the value's type and failed on something else, that reason
 * is reported (`must match format "quantity"`); otherwise one issue lists the
 * accepted types (`must be integer or string`).
 */
function toIssues(errors: readonly ErrorObject[], data: unknown): SchemaIssue[] {
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

function dedupe(issues: readonly SchemaIssue[]): SchemaIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `metadata.name` is optional in the OpenAPI schemas (`generateName`), but Tenantry always needs it. */
function nameIssues(obj: Record<string, unknown>): SchemaIssue[] {
  const metadata = obj.metadata;
  if (metadata === undefined) return [{ path: 'metadata', message: 'is required' }];
  if (!isPlainObject(metadata)) return []; // already reported by the schema as `metadata: must be object`
  if (metadata.name === undefined) return [{ path: 'metadata.name', message: 'is required' }];
  if (typeof metadata.name !== 'string') return [{ path: 'metadata.name', message: 'must be string' }];
  return [];
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

function crdKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/** Whether `validateObject` has a schema for this apiVersion and kind. */
export function isSupportedKind(apiVersion: string, kind: string): boolean {
  const key = crdKey(apiVersion, kind);
  return STRICT_SCHEMAS.has(key) || CRD_SOURCES.has(key);
}

/**
 * Validates one Kubernetes object against the schema of its kind.
 * Returns an empty array when the object is valid; never throws for bad input.
 */
export function validateObject(obj: unknown, options: ValidateOptions = {}): SchemaIssue[] {
  if (!isPlainObject(obj)) return [{ path: ROOT_PATH, message: 'must be object' }];

  const typeMeta: SchemaIssue[] = [];
  for (const field of ['apiVersion', 'kind'] as const) {
    const value = obj[field];
    if (value === undefined) typeMeta.push({ path: field, message: 'is required' });
    else if (typeof value !== 'string') typeMeta.push({ path: field, message: 'must be string' });
  }
  if (typeMeta.length > 0) return typeMeta;
  const apiVersion = obj.apiVersion as string;
  const kind = obj.kind as string;
  const key = crdKey(apiVersion, kind);

  const strict = strictErrors(key, obj);
  if (strict !== undefined) return dedupe([...toIssues(strict, obj), ...nameIssues(obj)]);

  const crd = CRD_SOURCES.get(key);
  if (crd !== undefined) return dedupe([...validateCrd(key, crd, obj), ...nameIssues(obj)]);

  if (options.allowedKinds?.includes(key)) return [];
  return [{ path: ROOT_PATH, message: `unsupported kind ${key}` }];
}
