/**
 * Schema validation for the manifests Tenantry emits.
 *
 * - Core Kubernetes kinds are validated with the precompiled validators shipped
 *   in `kubernetes-models` (OpenAPI schemas of the Kubernetes API).
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
 * - `kubernetes-models` schemas do not set `additionalProperties: false`, so
 *   unknown fields in core kinds are NOT reported.
 * - CRD kinds follow the API server's structural-schema pruning rules: a field
 *   not declared in an object schema that has `properties` is reported as
 *   `unknown field`, unless the schema sets `x-kubernetes-preserve-unknown-fields`.
 * - CEL rules (`x-kubernetes-validations`) are not evaluated.
 */
import type { ErrorObject } from 'ajv';
import { CRD_SOURCES, validateCrd } from './crd-schemas';
import { dedupe, isPlainObject, ROOT_PATH, toIssues, type SchemaIssue } from './schema-issues';

import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { LimitRange } from 'kubernetes-models/v1/LimitRange';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { ResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

export interface ValidateOptions {
  /**
   * Kinds without a schema that are accepted as-is, as `"<apiVersion>/<kind>"`
   * (e.g. `"example.com/v1/Widget"`). Without an entry such a kind yields an
   * `unsupported kind …` issue.
   */
  readonly allowedKinds?: readonly string[];
}

// ---------------------------------------------------------------------------
// Core kinds (kubernetes-models)
// ---------------------------------------------------------------------------

interface ModelInstance {
  validate(): void;
}
// `never` accepts every model constructor regardless of its typed data parameter.
type ModelClass = new (data: never) => ModelInstance;

const CORE_MODELS: ReadonlyMap<string, ModelClass> = new Map<string, ModelClass>([
  ['v1/Namespace', Namespace],
  ['v1/ResourceQuota', ResourceQuota],
  ['v1/LimitRange', LimitRange],
  ['v1/ServiceAccount', ServiceAccount],
  ['v1/ConfigMap', ConfigMap],
  ['v1/Service', Service],
  ['v1/Secret', Secret],
  ['apps/v1/Deployment', Deployment],
  ['autoscaling/v2/HorizontalPodAutoscaler', HorizontalPodAutoscaler],
  ['policy/v1/PodDisruptionBudget', PodDisruptionBudget],
  ['networking.k8s.io/v1/NetworkPolicy', NetworkPolicy],
  ['rbac.authorization.k8s.io/v1/Role', Role],
  ['rbac.authorization.k8s.io/v1/RoleBinding', RoleBinding],
  ['rbac.authorization.k8s.io/v1/ClusterRole', ClusterRole],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', ClusterRoleBinding],
  ['storage.k8s.io/v1/StorageClass', StorageClass],
]);

/** Shape of the error `Model.validate()` throws (ajv's `ValidationError`). */
function validationErrorsOf(error: unknown): readonly ErrorObject[] | undefined {
  if (typeof error === 'object' && error !== null && 'errors' in error && Array.isArray(error.errors)) {
    return error.errors as ErrorObject[];
  }
  return undefined;
}

function validateCore(model: ModelClass, obj: Record<string, unknown>): SchemaIssue[] {
  try {
    new model(obj as never).validate();
    return [];
  } catch (error) {
    const errors = validationErrorsOf(error);
    if (errors === undefined) throw error; // a bug, not a schema violation
    return toIssues(errors, obj);
  }
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

/** Whether `validateObject` has a schema for this apiVersion and kind. */
export function isSupportedKind(apiVersion: string, kind: string): boolean {
  const key = crdKey(apiVersion, kind);
  return CORE_MODELS.has(key) || CRD_SOURCES.has(key);
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

  const model = CORE_MODELS.get(key);
  if (model !== undefined) return dedupe([...validateCore(model, obj), ...nameIssues(obj)]);

  const crd = CRD_SOURCES.get(key);
  if (crd !== undefined) return dedupe([...validateCrd(key, crd, obj), ...nameIssues(obj)]);

  if (options.allowedKinds?.includes(key)) return [];
  return [{ path: ROOT_PATH, message: `unsupported kind ${key}` }];
}
