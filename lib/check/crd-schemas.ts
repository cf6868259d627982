/* Argo CD, Flux and other CRD kinds: each CRD's openAPIV3Schema from imports/crds/, compiled with ajv on first use, with the API server's structural pruning rules. */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parseAllDocuments, visit } from 'yaml';
import { cachedCrdSchema, type ParsedCrdSchema } from './crd-json-cache';
import { isPlainObject, toIssues, type SchemaIssue } from './schema-issues';
import { SchemaVariants } from './schema-variants';

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
export const CRD_SOURCES: ReadonlyMap<string, CrdSource> = new Map([
  crdSource('argoproj.io', 'v1alpha1', 'AppProject', 'argo-cd/appproject-crd.yaml'),
  crdSource('argoproj.io', 'v1alpha1', 'Application', 'argo-cd/application-crd.yaml'),
  crdSource('kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'flux/kustomize.toolkit.fluxcd.io_kustomizations.yaml'),
  crdSource('source.toolkit.fluxcd.io', 'v1', 'GitRepository', 'flux/source.toolkit.fluxcd.io_gitrepositories.yaml'),
  crdSource('monitoring.coreos.com', 'v1', 'ServiceMonitor', 'prometheus-operator/monitoring.coreos.com_servicemonitors.yaml'),
]);

const crdValidators = new Map<string, SchemaVariants>();

type SchemaNode = Record<string, unknown>;


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

/** The openAPIV3Schema of the source's served storage version, parsed from its YAML; throws when there is none. */
export function loadCrdSchema(source: CrdSource): ParsedCrdSchema {
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
      // An alias makes two places one object, which prepareSchema would rewrite once; JSON would make them two.
      let aliased = false;
      visit(doc, { Alias: () => ((aliased = true), visit.BREAK) });
      return { schema: version.schema.openAPIV3Schema, storable: !aliased };
    }
  }
  throw new Error(
    `${where} has no served storage version ${source.version} with an openAPIV3Schema for ${source.group}/${source.kind}`,
  );
}

function crdValidator(key: string, source: CrdSource): SchemaVariants {
  let validate = crdValidators.get(key);
  if (validate === undefined) {
    // The cached copy is this run's own: prepareSchema rewrites it in place.
    const schema = cachedCrdSchema(key, source.text, () => loadCrdSchema(source));
    const formats = new Set<string>();
    prepareSchema(schema, formats);
    const instance = ajv();
    for (const format of formats) {
      if (!registeredFormats.has(format)) {
        instance.addFormat(format, true); // unknown format: not validated
        registeredFormats.add(format);
      }
    }
    validate = new SchemaVariants(schema, (variant) => instance.compile(variant));
    crdValidators.set(key, validate);
  }
  return validate;
}

export function validateCrd(key: string, source: CrdSource, obj: Record<string, unknown>): SchemaIssue[] {
  const validate = crdValidator(key, source).validatorFor(obj);
  return validate(obj) ? [] : toIssues(validate.errors ?? [], obj);
}
