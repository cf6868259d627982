/* Hand-built NetworkPolicies and Namespaces for the isolation proof's tests. */
import { deriveTenancy, formatFinding, type Manifest, type ProofContext } from '../../lib/check/findings';
import { proveIsolation } from '../../lib/check/reachability';
import { resolvePlatform } from '../../lib/spec/resolve';
import { PlatformSchema } from '../../lib/spec/schema';

export const PLATFORM = resolvePlatform(
  PlatformSchema.parse({
    ingress: { namespace: 'ingress-nginx', podSelector: { 'app.kubernetes.io/name': 'ingress-nginx' }, ports: [8000] },
    sharedServices: { postgresql: { namespace: 'shared-data', port: 5432 } },
  }),
);

export function namespace(tenant: string, name: string, labels: Record<string, string> = {}): Manifest {
  return {
    file: `dist/${tenant}/Namespace.${name}.yaml`,
    folder: tenant,
    object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'tenantry.io/tenant': tenant, ...labels } } },
  };
}

export function policy(tenant: string, ns: string, name: string, spec: Record<string, unknown>): Manifest {
  return {
    file: `dist/${tenant}/NetworkPolicy.${ns}.${name}.yaml`,
    folder: tenant,
    object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec: { podSelector: {}, ...spec } },
  };
}

export const byName = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
export const byTenant = (tenant: string) => ({ namespaceSelector: { matchLabels: { 'tenantry.io/tenant': tenant } } });
/** How Tenantry admits a tenant's own namespaces: by the immutable name label. */
export const byNames = (names: readonly string[]) => ({ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...names] }] } });

/** What Tenantry generates for one namespace: default deny and same-tenant, plus egress allowances under deny-all. */
export function guardedNamespace(tenant: string, ns: string, egress: 'open' | 'deny', siblings: readonly string[] = [ns]): Manifest[] {
  const types = egress === 'deny' ? ['Ingress', 'Egress'] : ['Ingress'];
  const own = byNames(siblings);
  return [
    namespace(tenant, ns),
    policy(tenant, ns, 'default-deny', { policyTypes: types }),
    policy(tenant, ns, 'allow-same-tenant', {
      policyTypes: types,
      ingress: [{ from: [own] }],
      ...(egress === 'deny' ? { egress: [{ to: [own] }] } : {}),
    }),
    policy(tenant, ns, 'allow-ingress-controller', {
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ...byName('ingress-nginx'), podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 8000 }] }],
    }),
    ...(egress === 'deny'
      ? [policy(tenant, ns, 'allow-shared-services', { policyTypes: ['Egress'], egress: [{ to: [byName('shared-data')], ports: [{ protocol: 'TCP', port: 5432 }] }] })]
      : []),
  ];
}

export function context(manifests: Manifest[]): ProofContext {
  return { manifests, tenancy: deriveTenancy(manifests), platform: PLATFORM };
}

/** Two soft tenants and a hard one, as Tenantry generates them. */
export function baseline(): Manifest[] {
  const acme = ['acme-api', 'acme-web'];
  return [...guardedNamespace('acme', 'acme-api', 'open', acme), ...guardedNamespace('acme', 'acme-web', 'open', acme), ...guardedNamespace('globex', 'globex-pay', 'deny'), ...guardedNamespace('hooli', 'hooli-search', 'open')];
}

export function replace(manifests: Manifest[], file: string, spec: Record<string, unknown>): Manifest[] {
  return manifests.map((m) => (m.file === file ? { ...m, object: { ...m.object, spec: { podSelector: {}, ...spec } } } : m));
}

export const lines = (manifests: Manifest[]) => proveIsolation(context(manifests)).findings.map(formatFinding);
