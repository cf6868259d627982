// Runs platform extensions on each resolved team namespace and checks what they return: namespaced, no RBAC or guardrails, a known schema.
import { findCrd } from './crd-catalogue';
import { fieldError, renderValue, type FieldPath } from './errors';
import type { ExtensionNamespace, ExtensionObject, ExtensionsSpec } from './extension-schema';
import { dedicatedAgentName, sortKeys, type ResolvedNamespace, type ResolvedTenant } from './resolve';
import type { TenantSpec } from './schema';
import { FLUX_RECONCILER } from './gitops-names';

/** The label that names the extension an object came from. */
export const EXTENSION_LABEL = 'tenantry.io/extension';

/** Namespaced core kinds with a strict schema in imports/schemas/ that an extension may return. */
export const EXTENSION_CORE_KINDS: readonly string[] = [
  'v1/ConfigMap',
  'v1/PersistentVolumeClaim',
  'v1/Service',
  'v1/ServiceAccount',
  'apps/v1/Deployment',
  'autoscaling/v2/HorizontalPodAutoscaler',
  'networking.k8s.io/v1/Ingress',
  'policy/v1/PodDisruptionBudget',
];

const CLUSTER_GROUPS = ['admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'certificates.k8s.io', 'node.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io'];
const CLUSTER_KINDS = ['/Namespace', '/Node', '/PersistentVolume', 'networking.k8s.io/IngressClass', 'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding'];
/** Admission policy engines: their namespaced policies are guardrails too. */
const POLICY_GROUPS = ['kyverno.io', 'constraints.gatekeeper.sh', 'templates.gatekeeper.sh', 'policy.networking.k8s.io'];
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why an object of this apiVersion and kind may not come from an extension. @returns undefined when it may */
export function forbiddenKind(apiVersion: string, kind: string): string | undefined {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  const groupKind = `${group}/${kind}`;
  if (group === 'rbac.authorization.k8s.io' && !CLUSTER_KINDS.includes(groupKind)) return 'an RBAC kind; rights come only from access and serviceAccountRole, so an extension may not grant any';
  if (['/ResourceQuota', '/LimitRange'].includes(groupKind) || /NetworkPolicy$/.test(kind) || POLICY_GROUPS.includes(group)) {
    return 'a guardrail kind; quotas, limits, network and admission policies come from Tenantry and platform.ts guardrails, never from an extension';
  }
  if (groupKind === '/Secret') return 'a Secret, whose data would be written to dist/ in Git; reference an existing Secret instead';
  if (/(^|\.)(argoproj\.io|fluxcd\.io)$/.test(group)) return 'a GitOps kind, which would apply further manifests under another identity; leave it out';
  const crd = findCrd(group, kind);
  if (CLUSTER_GROUPS.includes(group) || CLUSTER_KINDS.includes(groupKind) || crd?.scope === 'Cluster' || (!crd && /Cluster[A-Z]/.test(kind))) {
    return 'cluster-scoped; return only namespaced objects, which Tenantry places in the team namespace';
  }
  return undefined;
}

/** Whether `npm run check` can validate the kind: a strict core schema, a vendored CRD's stored version, or allowedKinds. */
export function hasSchema(apiVersion: string, kind: string, allowedKinds: readonly string[]): boolean {
  const key = `${apiVersion}/${kind}`;
  if (EXTENSION_CORE_KINDS.includes(key) || allowedKinds.includes(key)) return true;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return findCrd(group!, kind)?.versions.includes(version!) ?? false;
}

/** The objects an extension must not reuse the names of: Tenantry's own in the namespace. */
function tenantryNames(tenant: ResolvedTenant, ns: ResolvedNamespace): Set<string> {
  const agent = dedicatedAgentName(tenant.id, ns.team);
  return new Set([
    'v1/ConfigMap/tenant-config',
    `v1/ServiceAccount/${ns.serviceAccount}`,
    `v1/ServiceAccount/${FLUX_RECONCILER}`,
    ...['v1/ServiceAccount', 'v1/Service', 'apps/v1/Deployment', 'autoscaling/v2/HorizontalPodAutoscaler', 'policy/v1/PodDisruptionBudget'].map((k) => `${k}/${agent}`),
  ]);
}

/** What the function of an extension sees: a frozen copy, so it cannot change the tenant. */
function extensionNamespace(tenant: ResolvedTenant, ns: ResolvedNamespace): ExtensionNamespace {
  const view: ExtensionNamespace = {
    tenant: tenant.id,
    tenantName: tenant.name,
    team: ns.team,
    ...(ns.environment ? { environment: ns.environment } : {}),
    name: ns.name,
    serviceAccount: ns.serviceAccount,
    isolation: tenant.isolation.level,
    env: ns.env,
    routing: ns.routing,
    labels: ns.propagatedLabels,
  };
  return deepFreeze(structuredClone(view));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

/**
 * The tenant with each namespace's extension objects (`extensions`), or the errors: unknown
 * or repeated names in a team's `extensions` (the tenant file's), and objects an extension
 * may not return (platform.ts's, once per extension and problem).
 */
export function applyExtensions(
  tenantFile: string,
  spec: TenantSpec,
  tenant: ResolvedTenant,
  extensions: ExtensionsSpec,
  allowedKinds: readonly string[],
  platformFile = 'platform.ts',
): { tenant?: ResolvedTenant; errors: string[] } {
  const errors: string[] = [];
  const known = Object.keys(extensions).sort();
  spec.teams.forEach((team, index) => {
    (team.extensions ?? []).forEach((name, i) => {
      const path: FieldPath = ['teams', index, 'extensions', i];
      if (!Object.hasOwn(extensions, name)) errors.push(fieldError(tenantFile, path, `unknown extension, got "${name}"; use one of: ${known.join(', ') || '(none declared in platform.ts)'}`));
      else if (team.extensions!.indexOf(name) !== i) errors.push(fieldError(tenantFile, path, `lists extension "${name}" a second time; list it once`));
    });
  });
  if (errors.length) return { errors };
  if (tenant.status === 'pending') return { tenant, errors }; // nothing runs in a pending tenant's namespaces yet

  const reported = new Set<string>();
  const platformError = (name: string, problem: string, message: string) => {
    if (reported.has(`${name}|${problem}`)) return;
    reported.add(`${name}|${problem}`);
    errors.push(fieldError(platformFile, ['extensions', name], message));
  };
  const namespaces = tenant.namespaces.map((ns) => {
    const asked = spec.teams[ns.teamIndex]?.extensions ?? [];
    const names = known.filter((name) => extensions[name]!.everyNamespace || asked.includes(name));
    if (!names.length) return ns; // the names Tenantry writes are worked out only where an extension runs
    const taken = tenantryNames(tenant, ns);
    const objects: ExtensionObject[] = [];
    for (const name of names) {
      const where = `for namespace ${ns.name} (${tenantFile})`;
      let returned: unknown;
      try {
        returned = extensions[name]!.objects(extensionNamespace(tenant, ns));
      } catch (error) {
        platformError(name, 'threw', `threw "${error instanceof Error ? error.message : String(error)}" ${where}; fix the function so it returns objects for every namespace`);
        continue;
      }
      for (const raw of Array.isArray(returned) ? returned : [returned]) {
        const checked = checkObject(raw, ns, taken, allowedKinds);
        if ('problem' in checked) {
          platformError(name, checked.problem, `returned ${checked.what} ${where}, ${checked.message}`);
          continue;
        }
        taken.add(checked.key);
        objects.push(placed(checked.object, name, ns));
      }
    }
    return objects.length ? { ...ns, extensions: objects } : ns;
  });
  return errors.length ? { errors } : { tenant: { ...tenant, namespaces }, errors };
}

type Checked = { object: ExtensionObject; key: string } | { problem: string; what: string; message: string };

function checkObject(raw: unknown, ns: ResolvedNamespace, taken: ReadonlySet<string>, allowedKinds: readonly string[]): Checked {
  const object = raw && typeof raw === 'object' && !Array.isArray(raw) ? (JSON.parse(JSON.stringify(raw)) as Record<string, unknown>) : undefined;
  const metadata = object?.metadata as Record<string, unknown> | undefined;
  if (!object || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string' || !metadata || typeof metadata !== 'object' || typeof metadata.name !== 'string') {
    return { problem: 'shape', what: renderValue(raw), message: 'which is not a Kubernetes object; return { apiVersion, kind, metadata: { name }, ... }' };
  }
  const { apiVersion, kind } = object;
  const name = metadata.name;
  const what = `${kind} "${name}"`;
  const forbidden = forbiddenKind(apiVersion, kind);
  if (forbidden) return { problem: `kind:${apiVersion}/${kind}`, what, message: `which is ${forbidden}` };
  if (metadata.namespace !== undefined && metadata.namespace !== ns.name) {
    return { problem: 'namespace', what, message: `whose metadata.namespace names another namespace, "${String(metadata.namespace)}"; leave metadata.namespace out, Tenantry sets it` };
  }
  if (!hasSchema(apiVersion, kind, allowedKinds)) {
    return { problem: `schema:${apiVersion}/${kind}`, what, message: `whose kind ${apiVersion}/${kind} has no schema; vendor its CRD into imports/crds/ or add "${apiVersion}/${kind}" to allowedKinds in platform.ts` };
  }
  if (!DNS_SUBDOMAIN.test(name) || name.length > 253) return { problem: 'name', what, message: 'whose name is not a DNS subdomain; use lowercase letters, digits, "-" and "."' };
  const key = `${apiVersion}/${kind}/${name}`;
  if (taken.has(key)) return { problem: `taken:${key}`, what, message: 'which Tenantry or another extension already writes there; give it another name' };
  return { object: object as unknown as ExtensionObject, key };
}

/** The object in the team namespace, with Tenantry's labels over its own and the extension's name. */
function placed(object: ExtensionObject, extension: string, ns: ResolvedNamespace): ExtensionObject {
  const { name, labels, annotations, ...rest } = object.metadata;
  const metadata = { name, namespace: ns.name, labels: sortKeys({ ...labels, ...ns.propagatedLabels, [EXTENSION_LABEL]: extension }), ...(annotations ? { annotations } : {}), ...rest };
  return { ...object, metadata: { ...metadata, namespace: ns.name } };
}

/**
 * What the extensions returned, as one source for the secret scan: a literal token an
 * extension computes would otherwise reach dist/ without ever being in a file that is scanned.
 * Paths read `extensions.<name>.<namespace>.<index>.<field>`.
 */
export function extensionOutputs(platformFile: string, tenants: readonly ResolvedTenant[]): { file: string; value: unknown } | undefined {
  const byExtension: Record<string, Record<string, unknown[]>> = {};
  for (const ns of tenants.flatMap((t) => t.namespaces)) {
    for (const object of ns.extensions ?? []) {
      const name = object.metadata.labels?.[EXTENSION_LABEL] ?? '(unnamed)';
      ((byExtension[name] ??= {})[ns.name] ??= []).push(object);
    }
  }
  return Object.keys(byExtension).length ? { file: platformFile, value: { extensions: byExtension } } : undefined;
}
