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
 * - The strict schemas type quantities as string or number but carry no pattern,
 *   so a malformed quantity string is left to the API server (and to drift).
 * - CRD kinds follow the API server's structural-schema pruning rules: a field
 *   not declared in an object schema that has `properties` is reported as
 *   `unknown field`, unless the schema sets `x-kubernetes-preserve-unknown-fields`.
 * - CEL rules (`x-kubernetes-validations`) are not evaluated.
 */
import { CRD_SOURCES, validateCrd } from './crd-schemas';
import { findCrd } from '../spec/crd-catalogue';
import { dedupe, isPlainObject, ROOT_PATH, toIssues, type SchemaIssue } from './schema-issues';

import { strictErrors, STRICT_SCHEMAS } from './strict-schemas';

export interface ValidateOptions {
  /**
   * Kinds without a schema that are accepted as-is, as `"<apiVersion>/<kind>"`
   * (e.g. `"example.com/v1/Widget"`). Without an entry such a kind yields an
   * `unsupported kind …` issue.
   */
  readonly allowedKinds?: readonly string[];
}

// ---------------------------------------------------------------------------
// CRD kinds (vendored CRD YAML + ajv)
// ---------------------------------------------------------------------------

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

/** Any other CRD vendored in imports/crds/ (one a platform extension uses), at its stored version. */
function vendoredSource(apiVersion: string, kind: string) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const crd = findCrd(group!, kind);
  return crd?.versions.includes(version!) ? { group: crd.group, version: version!, kind, file: crd.file, text: crd.text } : undefined;
}

/** Whether `validateObject` has a schema for this apiVersion and kind. */
export function isSupportedKind(apiVersion: string, kind: string): boolean {
  const key = crdKey(apiVersion, kind);
  return STRICT_SCHEMAS.has(key) || CRD_SOURCES.has(key) || vendoredSource(apiVersion, kind) !== undefined;
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

  const crd = CRD_SOURCES.get(key) ?? vendoredSource(apiVersion, kind);
  if (crd !== undefined) return dedupe([...validateCrd(key, crd, obj), ...nameIssues(obj)]);

  if (options.allowedKinds?.includes(key)) return [];
  return [{ path: ROOT_PATH, message: `unsupported kind ${key}` }];
}
