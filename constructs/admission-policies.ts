// Tenantry's run-time guardrails: ValidatingAdmissionPolicies and their bindings for dist/_platform/.
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ADMISSION_POLICIES,
  ANNOTATIONS,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  TENANT_LABEL,
  type AdmissionPolicyName,
  type ExemptIdentities,
} from '../lib/spec/admission-names';
import { FLUX_KINDS, GUARDRAIL_KINDS, SECRET_KIND, TENANT_ADMIN_KINDS, TENANT_WORKLOAD_KINDS, type TenantKind } from '../lib/spec/tenant-kinds';

export interface AdmissionPoliciesProps {
  /** Identities that may change Tenantry's own objects (the GitOps controllers, Kubernetes' controllers). */
  readonly exempt: ExemptIdentities;
  /** Registries tenant pods may pull from. @default - any registry */
  readonly allowedRegistries?: readonly string[];
  /** StorageClasses tenant PVCs may name, besides the tenant's own `tenantry-<id>`. @default - any class but other tenants' */
  readonly storageClasses?: readonly string[];
  /** IngressClasses tenant Ingresses may name. @default - any class */
  readonly ingressClasses?: readonly string[];
  /** PriorityClasses tenant pods may name. @default [] */
  readonly priorityClasses?: readonly string[];
  /** Labels for every object. @default { 'app.kubernetes.io/managed-by': 'tenantry' } */
  readonly labels?: Readonly<Record<string, string>>;
}

interface ResourceRule {
  readonly apiGroups: string[];
  readonly apiVersions: string[];
  readonly operations: string[];
  readonly resources: string[];
}

interface Validation {
  readonly expression: string;
  readonly message: string;
  readonly reason: 'Forbidden';
}

interface PolicySpec {
  readonly rules: ResourceRule[];
  readonly validations: Validation[];
  /** CEL variables the validations use as `variables.<name>`. @default [] */
  readonly variables?: { readonly name: string; readonly expression: string }[];
  /** Only requests that are not from an exempt identity. @default - every request */
  readonly exemptPlatform?: boolean;
}

const API_VERSION = 'admissionregistration.k8s.io/v1';
const ANNOTATIONS_OF = 'namespaceObject.metadata.annotations';

/**
 * Tenantry's run-time guardrails (L2), written into `dist/_platform/`: one
 * ValidatingAdmissionPolicy (Kubernetes ≥ 1.30) and one binding per rule family, bound to
 * every namespace labelled `tenantry.io/tenant` with `validationActions: [Deny]`. Platform
 * lists are compiled into the CEL; per-tenant allowances are read from the Namespace's
 * annotations (`namespaceObject`), which tenants cannot write. Nothing runs in the cluster.
 */
export class AdmissionPolicies extends Construct {
  /** The policy names, in output order. */
  public readonly names: readonly AdmissionPolicyName[];
  public readonly exempt: ExemptIdentities;
  public readonly priorityClasses: readonly string[];

  constructor(scope: Construct, id: string, props: AdmissionPoliciesProps) {
    super(scope, id);
    this.exempt = props.exempt;
    this.priorityClasses = props.priorityClasses ?? [];
    const system = this.priorityClasses.find((name) => name.startsWith('system-'));
    if (system) throw new Error(`AdmissionPolicies: priorityClasses may not include the system class "${system}", which preempts every tenant; remove it`);
    const labels = props.labels ?? { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };
    const policies: [AdmissionPolicyName, PolicySpec][] = [
      [ADMISSION_POLICIES.services, servicesPolicy()],
      [ADMISSION_POLICIES.ingresses, ingressesPolicy(props.ingressClasses)],
      [ADMISSION_POLICIES.pods, podsPolicy(props.allowedRegistries, this.priorityClasses)],
      [ADMISSION_POLICIES.storage, storagePolicy(props.storageClasses)],
      [ADMISSION_POLICIES.managedObjects, managedObjectsPolicy()],
      [ADMISSION_POLICIES.labels, labelsPolicy()],
    ];
    this.names = policies.map(([name]) => name);
    for (const [name, spec] of policies) {
      new ApiObject(this, name, {
        apiVersion: API_VERSION,
        kind: 'ValidatingAdmissionPolicy',
        metadata: { name, labels: { ...labels } },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: { resourceRules: spec.rules },
          matchConditions: spec.exemptPlatform ? [{ name: 'not-platform', expression: notExempt(this.exempt) }] : undefined,
          variables: spec.variables,
          validations: spec.validations,
        },
      });
      new ApiObject(this, `${name}-binding`, {
        apiVersion: API_VERSION,
        kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name, labels: { ...labels } },
        spec: {
          policyName: name,
          validationActions: ['Deny'],
          matchResources: { namespaceSelector: { matchExpressions: [{ key: TENANT_LABEL, operator: 'Exists' }] } },
        },
      });
    }
  }
}

const rule = (kinds: readonly TenantKind[], operations: string[], extra: string[] = []): ResourceRule[] =>
  [...new Set(kinds.map((k) => k.group))].sort().map((group) => ({
    apiGroups: [group],
    apiVersions: versionsOf(group),
    operations,
    resources: [...kinds.filter((k) => k.group === group).map((k) => k.resource), ...(group === '' ? extra : [])].sort(),
  }));

/** The served versions Tenantry's kinds use in each group; listed, never "*". */
function versionsOf(group: string): string[] {
  const versions: Record<string, string[]> = {
    '': ['v1'],
    apps: ['v1'],
    autoscaling: ['v1', 'v2'],
    batch: ['v1'],
    'networking.k8s.io': ['v1'],
    policy: ['v1'],
    'rbac.authorization.k8s.io': ['v1'],
    'kustomize.toolkit.fluxcd.io': ['v1'],
    'source.toolkit.fluxcd.io': ['v1'],
  };
  return versions[group] ?? ['v1'];
}

const str = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const list = (values: readonly string[]) => `[${values.map(str).join(', ')}]`;
/** A comma-separated Namespace annotation as a list; empty when absent. */
const annotationList = (key: string) => `(has(${ANNOTATIONS_OF}) && ${str(key)} in ${ANNOTATIONS_OF} ? ${ANNOTATIONS_OF}[${str(key)}].split(',') : [])`;
const hasAnnotation = (key: string) => `(has(${ANNOTATIONS_OF}) && ${str(key)} in ${ANNOTATIONS_OF})`;
const forbidden = (expression: string, message: string): Validation => ({ expression, message, reason: 'Forbidden' });

function servicesPolicy(): PolicySpec {
  return {
    rules: rule([{ group: '', kind: 'Service', resource: 'services' }], ['CREATE', 'UPDATE']),
    validations: [
      forbidden('!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0', 'Services may not set spec.externalIPs (CVE-2020-8554); remove them'),
      forbidden("!has(object.spec.type) || object.spec.type != 'ExternalName'", 'Services of type ExternalName are not allowed (they can point the ingress controller at another namespace); use a ClusterIP Service'),
      forbidden(
        `!has(object.spec.type) || object.spec.type == 'ClusterIP' || object.spec.type == 'ExternalName' || object.spec.type in ${annotationList(ANNOTATIONS.serviceTypes)}`,
        `this Service type is not allowed for the tenant (see the namespace annotation ${ANNOTATIONS.serviceTypes}); set services in the tenant file or use ClusterIP`,
      ),
    ],
  };
}

function ingressesPolicy(classes: readonly string[] | undefined): PolicySpec {
  const hosts = annotationList(ANNOTATIONS.hostnames);
  const validations = [
    forbidden(
      `!has(object.spec.rules) || object.spec.rules.all(r, has(r.host) && r.host in ${hosts})`,
      `every Ingress rule must name a host from the tenant's hostnames (namespace annotation ${ANNOTATIONS.hostnames}); declare it in the tenant file`,
    ),
    forbidden(
      `!has(object.spec.tls) || object.spec.tls.all(t, !has(t.hosts) || t.hosts.all(h, h in ${hosts}))`,
      `every Ingress TLS host must be one of the tenant's hostnames (namespace annotation ${ANNOTATIONS.hostnames})`,
    ),
    forbidden('!has(object.spec.defaultBackend)', 'Ingresses may not set spec.defaultBackend, which catches every host; use rules with the tenant\'s hosts'),
    forbidden(
      "!has(object.metadata.annotations) || object.metadata.annotations.all(k, !k.endsWith('-snippet'))",
      'Ingress annotations ending in -snippet inject configuration into the shared ingress controller; remove them',
    ),
  ];
  if (classes) {
    validations.push(
      forbidden(
        `(!has(object.spec.ingressClassName) || object.spec.ingressClassName in ${list(classes)}) && (!has(object.metadata.annotations) || !('kubernetes.io/ingress.class' in object.metadata.annotations) || object.metadata.annotations['kubernetes.io/ingress.class'] in ${list(classes)})`,
        `the IngressClass must be one of ${classes.join(', ')}`,
      ),
    );
  }
  return { rules: rule([{ group: 'networking.k8s.io', kind: 'Ingress', resource: 'ingresses' }], ['CREATE', 'UPDATE']), validations };
}

function podsPolicy(registries: readonly string[] | undefined, priorityClasses: readonly string[]): PolicySpec {
  const containers = ['containers', 'initContainers', 'ephemeralContainers'].map((field) => `(has(object.spec.${field}) ? object.spec.${field} : [])`).join(' + ');
  const tenantList = hasAnnotation(ANNOTATIONS.registries);
  // The tenant's list lies within the platform's (checked at synth), so it alone decides when present.
  const effective = `${tenantList} ? ${ANNOTATIONS_OF}[${str(ANNOTATIONS.registries)}].split(',') : ${list(registries ?? [])}`;
  const fromRegistry = 'variables.images.all(i, variables.registries.exists(r, i.startsWith(r + \'/\')))';
  return {
    rules: rule([{ group: '', kind: 'Pod', resource: 'pods' }], ['CREATE', 'UPDATE'], ['pods/ephemeralcontainers']),
    variables: [
      { name: 'images', expression: `(${containers}).map(c, c.image)` },
      { name: 'registries', expression: effective },
    ],
    validations: [
      forbidden(
        registries ? fromRegistry : `!${tenantList} || ${fromRegistry}`,
        `every image must come from an allowed registry, named with its host (${registries ? `platform: ${registries.join(', ')}; ` : ''}the tenant's own list is the namespace annotation ${ANNOTATIONS.registries})`,
      ),
      forbidden(
        `!has(object.spec.priorityClassName) || object.spec.priorityClassName in ${list(priorityClasses)}`,
        priorityClasses.length ? `spec.priorityClassName must be one of ${priorityClasses.join(', ')}` : 'tenant pods may not set spec.priorityClassName',
      ),
    ],
  };
}

function storagePolicy(classes: readonly string[] | undefined): PolicySpec {
  const own = `'tenantry-' + namespaceObject.metadata.labels['${TENANT_LABEL}']`;
  const others = `!object.spec.storageClassName.startsWith('tenantry-')${classes ? ` && object.spec.storageClassName in ${list(classes)}` : ''}`;
  return {
    rules: rule([{ group: '', kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims' }], ['CREATE', 'UPDATE']),
    validations: [
      forbidden(
        `!has(object.spec.storageClassName) || object.spec.storageClassName == ${own} || (${others})`,
        `the StorageClass must be the tenant's own tenantry-<tenant>${classes ? ` or one of ${classes.join(', ')}` : ' or a shared class'}; other tenants' classes are theirs alone`,
      ),
    ],
  };
}

/** Every kind a tenant role may write, and every kind Tenantry writes into a tenant namespace. */
const PROTECTED_KINDS: readonly TenantKind[] = [...TENANT_WORKLOAD_KINDS, SECRET_KIND, ...TENANT_ADMIN_KINDS, ...GUARDRAIL_KINDS, ...FLUX_KINDS];

const managed = (o: string) => `(${o} != null && has(${o}.metadata.labels) && '${MANAGED_BY_LABEL}' in ${o}.metadata.labels && ${o}.metadata.labels['${MANAGED_BY_LABEL}'] == '${MANAGED_BY_VALUE}')`;

function managedObjectsPolicy(): PolicySpec {
  return {
    exemptPlatform: true,
    rules: rule(PROTECTED_KINDS, ['CREATE', 'UPDATE', 'DELETE']),
    validations: [
      forbidden(`!${managed('oldObject')} && !${managed('object')}`, `objects labelled ${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE} belong to the platform: change them in the tenant file, never in the cluster`),
    ],
  };
}

function labelsPolicy(): PolicySpec {
  const kept = "object.metadata.labels.all(k, !k.startsWith('tenantry.io/') || (oldObject != null && has(oldObject.metadata.labels) && k in oldObject.metadata.labels && oldObject.metadata.labels[k] == object.metadata.labels[k]))";
  const notRemoved = "oldObject == null || !has(oldObject.metadata.labels) || oldObject.metadata.labels.all(k, !k.startsWith('tenantry.io/') || (has(object.metadata.labels) && k in object.metadata.labels))";
  return {
    exemptPlatform: true,
    rules: rule(PROTECTED_KINDS, ['CREATE', 'UPDATE']),
    validations: [forbidden(`(!has(object.metadata.labels) || ${kept}) && (${notRemoved})`, 'tenantry.io/* labels are set by Tenantry only; remove or restore them')],
  };
}

/** True for every request that is not from an exempt identity. */
function notExempt(exempt: ExemptIdentities): string {
  const user = 'request.userInfo.username';
  const clauses = [
    `${user} in ${list(exempt.users)}`,
    ...exempt.userPrefixes.map((prefix) => `${user}.startsWith(${str(prefix)})`),
    `(has(request.userInfo.groups) && request.userInfo.groups.exists(g, g in ${list(exempt.groups)}))`,
  ];
  return `!(${clauses.join(' || ')})`;
}
