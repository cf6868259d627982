/*
 * Core Kubernetes kinds against the strict upstream JSON schemas in
 * imports/schemas/k8s-v1.32.0-standalone-strict/ (unknown fields rejected), compiled on first use.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { SchemaVariants } from './schema-variants';

const FOLDER = '../../imports/schemas/k8s-v1.32.0-standalone-strict';

/** `<apiVersion>/<kind>` → schema file. */
export const STRICT_SCHEMAS: ReadonlyMap<string, string> = new Map([
  ['v1/ConfigMap', 'configmap-v1.json'],
  ['v1/LimitRange', 'limitrange-v1.json'],
  ['v1/Namespace', 'namespace-v1.json'],
  ['v1/PersistentVolumeClaim', 'persistentvolumeclaim-v1.json'],
  ['v1/ResourceQuota', 'resourcequota-v1.json'],
  ['v1/Secret', 'secret-v1.json'],
  ['v1/Service', 'service-v1.json'],
  ['v1/ServiceAccount', 'serviceaccount-v1.json'],
  ['apps/v1/Deployment', 'deployment-apps-v1.json'],
  ['autoscaling/v2/HorizontalPodAutoscaler', 'horizontalpodautoscaler-autoscaling-v2.json'],
  ['networking.k8s.io/v1/Ingress', 'ingress-networking-v1.json'],
  ['networking.k8s.io/v1/NetworkPolicy', 'networkpolicy-networking-v1.json'],
  ['policy/v1/PodDisruptionBudget', 'poddisruptionbudget-policy-v1.json'],
  ['rbac.authorization.k8s.io/v1/ClusterRole', 'clusterrole-rbac-v1.json'],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', 'clusterrolebinding-rbac-v1.json'],
  ['rbac.authorization.k8s.io/v1/Role', 'role-rbac-v1.json'],
  ['rbac.authorization.k8s.io/v1/RoleBinding', 'rolebinding-rbac-v1.json'],
  ['scheduling.k8s.io/v1/PriorityClass', 'priorityclass-scheduling-v1.json'],
  ['storage.k8s.io/v1/StorageClass', 'storageclass-storage-v1.json'],
  ['admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy', 'validatingadmissionpolicy-admissionregistration-v1.json'],
  ['admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding', 'validatingadmissionpolicybinding-admissionregistration-v1.json'],
]);

let instance: Ajv | undefined;
const validators = new Map<string, SchemaVariants>();

/** The ajv errors of `obj` against its kind's strict schema; undefined when the kind has none. */
export function strictErrors(key: string, obj: unknown): readonly ErrorObject[] | undefined {
  const file = STRICT_SCHEMAS.get(key);
  if (!file) return undefined;
  let variants = validators.get(key);
  if (!variants) {
    const schema = JSON.parse(readFileSync(new URL(`${FOLDER}/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;
    delete schema.$schema; // "http://json-schema.org/schema#" names no draft ajv knows
    // Formats (date-time) only ever appear in status and server-set fields.
    const ajv = (instance ??= new Ajv({ strict: false, allErrors: true, validateFormats: false }));
    variants = new SchemaVariants(schema, (variant) => ajv.compile(variant));
    validators.set(key, variants);
  }
  const validate = variants.validatorFor(obj);
  return validate(obj) ? [] : (validate.errors ?? []);
}
