import { run, type CelInput } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { describe, expect, it } from 'vitest';
import { AdmissionPolicies } from '../../constructs/admission-policies';
import { exemptIdentities } from '../../lib/spec/admission-names';
import { validateObject } from '../../lib/check/schema-validator';
import { chartObjects, newChart } from '../../lib/synth/synth';

/*
 * The generated policies, evaluated with a real CEL engine (@bufbuild/cel with its strings
 * extension) the way the API server does: matchConditions first, then variables, then every
 * validation; a false result or an error denies (failurePolicy Fail).
 */

type Doc = Record<string, any>;

function synth() {
  const chart = newChart('test');
  new AdmissionPolicies(chart, 'AdmissionPolicies', {
    exempt: exemptIdentities({ argocdNamespace: 'argocd', fluxNamespace: 'flux-system' }),
    allowedRegistries: ['ghcr.io/acme', 'ghcr.io/tenantry'],
    storageClasses: ['gp3'],
    ingressClasses: ['nginx'],
    priorityClasses: ['tenant-batch'],
  });
  return chartObjects(chart) as unknown as Doc[];
}

const objects = synth();
const policy = (name: string) => objects.find((o) => o.kind === 'ValidatingAdmissionPolicy' && o.metadata.name === name)!;

const TENANT_USER = { username: 'ann@acme.example', groups: ['acme-devs', 'system:authenticated'] };
const ARGO = { username: 'system:serviceaccount:argocd:argocd-application-controller', groups: ['system:serviceaccounts'] };
const FLUX_RECONCILER = { username: 'system:serviceaccount:acme-api:flux-reconciler', groups: ['system:serviceaccounts'] };

const acmeNamespace = (annotations: Record<string, string> = {}) => ({
  metadata: {
    name: 'acme-api',
    labels: { 'tenantry.io/tenant': 'acme', 'kubernetes.io/metadata.name': 'acme-api' },
    annotations: { 'tenantry.io/allowed-service-types': 'ClusterIP', 'tenantry.io/allowed-hostnames': 'shop.acme.example', ...annotations },
  },
});

interface Request {
  readonly object?: Doc | null;
  readonly oldObject?: Doc | null;
  readonly namespaceObject?: Doc;
  readonly userInfo?: { username: string; groups: string[] };
}

/** The messages of the validations that deny the request; [] when it is admitted. */
function evaluate(name: string, request: Request): string[] {
  const spec = policy(name).spec;
  const bindings: Record<string, unknown> = {
    object: request.object ?? null,
    oldObject: request.oldObject ?? null,
    namespaceObject: request.namespaceObject ?? acmeNamespace(),
    request: { userInfo: request.userInfo ?? TENANT_USER },
  };
  const cel = (expression: string, extra: Record<string, unknown> = {}) => run(expression, { ...bindings, ...extra } as Record<string, CelInput>, { funcs: strings });
  for (const condition of spec.matchConditions ?? []) if (cel(condition.expression) !== true) return [];
  const variables: Record<string, unknown> = {};
  for (const variable of spec.variables ?? []) variables[variable.name] = cel(variable.expression, { variables });
  const denied: string[] = [];
  for (const validation of spec.validations) {
    let result: unknown;
    try {
      result = cel(validation.expression, { variables });
    } catch {
      result = 'error';
    }
    if (result !== true) denied.push(validation.message);
  }
  return denied;
}

const service = (spec: Doc) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'acme-api' }, spec });
const ingress = (spec: Doc, annotations?: Record<string, string>) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', namespace: 'acme-api', ...(annotations ? { annotations } : {}) },
  spec,
});
const pod = (spec: Doc) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'acme-api' }, spec });
const rule = (host?: string) => ({ ...(host ? { host } : {}), http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } });
const tenantConfig = (data: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'tenant-config', namespace: 'acme-api', labels: { 'app.kubernetes.io/managed-by': 'tenantry', 'tenantry.io/tenant': 'acme' } },
  data: { 'config.json': data },
});

describe('AdmissionPolicies', () => {
  it('writes one policy and one denying binding per rule family, each valid against its strict schema', () => {
    // GIVEN the synthesized policies
    // WHEN their kinds, bindings and schemas are read
    const names = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy').map((o) => o.metadata.name);
    const bindings = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding');
    // THEN each policy has its binding, Deny, over every namespace labelled tenantry.io/tenant
    expect(names).toEqual(['tenantry-services', 'tenantry-ingresses', 'tenantry-pods', 'tenantry-storage', 'tenantry-managed-objects', 'tenantry-labels']);
    expect(bindings.map((b) => b.spec.policyName)).toEqual(names);
    for (const binding of bindings) {
      expect(binding.spec).toEqual({
        policyName: binding.metadata.name,
        validationActions: ['Deny'],
        matchResources: { namespaceSelector: { matchExpressions: [{ key: 'tenantry.io/tenant', operator: 'Exists' }] } },
      });
    }
    for (const o of objects) expect(validateObject(o)).toEqual([]);
  });

  it('fails when a system priority class is allowed', () => {
    // GIVEN system-node-critical among the allowed classes
    // WHEN the policies are built
    // THEN it throws naming the class
    expect(() => new AdmissionPolicies(newChart('t'), 'A', { exempt: exemptIdentities({}), priorityClasses: ['system-node-critical'] })).toThrow(
      'AdmissionPolicies: priorityClasses may not include the system class "system-node-critical", which preempts every tenant; remove it',
    );
  });

  it.each([
    ['an ExternalName Service', service({ type: 'ExternalName', externalName: 'web.globex-payments.svc.cluster.local' }), 1],
    ['a Service with externalIPs', service({ type: 'ClusterIP', externalIPs: ['203.0.113.7'], ports: [{ port: 80 }] }), 1],
    ['a NodePort Service the tenant may not have', service({ type: 'NodePort', ports: [{ port: 80 }] }), 1],
    ['a LoadBalancer Service the tenant may not have', service({ type: 'LoadBalancer', ports: [{ port: 80 }] }), 1],
    ['a ClusterIP Service', service({ type: 'ClusterIP', ports: [{ port: 80 }] }), 0],
  ])('tenantry-services judges %s', (_label, object, denials) => {
    // GIVEN a tenant user creating the Service in a namespace that allows ClusterIP only
    // WHEN the policy is evaluated
    const denied = evaluate('tenantry-services', { object });
    // THEN it is denied or admitted
    expect(denied).toHaveLength(denials);
  });

  it('tenantry-services admits a LoadBalancer where the namespace allows it', () => {
    // GIVEN a namespace annotated with LoadBalancer
    // WHEN a LoadBalancer Service is evaluated
    const denied = evaluate('tenantry-services', { object: service({ type: 'LoadBalancer' }), namespaceObject: acmeNamespace({ 'tenantry.io/allowed-service-types': 'ClusterIP,LoadBalancer' }) });
    // THEN it is admitted
    expect(denied).toEqual([]);
  });

  it.each([
    ['an Ingress for the tenant\'s own host', ingress({ ingressClassName: 'nginx', rules: [rule('shop.acme.example')] }), []],
    ['an Ingress for another tenant\'s host', ingress({ rules: [rule('pay.globex.example')] }), ['every Ingress rule must name a host']],
    ['an Ingress rule without a host', ingress({ rules: [rule()] }), ['every Ingress rule must name a host']],
    ['a TLS host of another tenant', ingress({ rules: [rule('shop.acme.example')], tls: [{ hosts: ['pay.globex.example'] }] }), ['every Ingress TLS host']],
    ['a default backend', ingress({ defaultBackend: { service: { name: 'web', port: { number: 80 } } } }), ['Ingresses may not set spec.defaultBackend']],
    ['a snippet annotation', ingress({ rules: [rule('shop.acme.example')] }, { 'nginx.ingress.kubernetes.io/server-snippet': 'location / { proxy_pass http://x; }' }), ['Ingress annotations ending in -snippet']],
    ['an IngressClass not allowed', ingress({ ingressClassName: 'internal', rules: [rule('shop.acme.example')] }), ['the IngressClass must be one of nginx']],
  ])('tenantry-ingresses judges %s', (_label, object, denials) => {
    // GIVEN a tenant user creating the Ingress in a namespace whose hostnames are shop.acme.example
    // WHEN the policy is evaluated
    const denied = evaluate('tenantry-ingresses', { object });
    // THEN exactly the expected rules deny it
    expect(denied.map((m) => denials.find((d) => m.startsWith(d)) ?? m)).toEqual(denials);
  });

  it.each([
    ['a pod from an allowed registry', pod({ containers: [{ name: 'a', image: 'ghcr.io/acme/web:1.0' }] }), []],
    ['an image from an unlisted registry', pod({ containers: [{ name: 'a', image: 'docker.io/evil/miner:1' }] }), ['every image must come from an allowed registry']],
    ['an init container from a look-alike registry', pod({ initContainers: [{ name: 'i', image: 'ghcr.io/acme-evil/x:1' }], containers: [{ name: 'a', image: 'ghcr.io/acme/web:1.0' }] }), ['every image must come from an allowed registry']],
    ['an image without a registry host', pod({ containers: [{ name: 'a', image: 'nginx:1.27' }] }), ['every image must come from an allowed registry']],
    ['a system-node-critical pod', pod({ priorityClassName: 'system-node-critical', containers: [{ name: 'a', image: 'ghcr.io/acme/web:1.0' }] }), ['spec.priorityClassName must be one of tenant-batch']],
    ['an allowed priority class', pod({ priorityClassName: 'tenant-batch', containers: [{ name: 'a', image: 'ghcr.io/acme/web:1.0' }] }), []],
  ])('tenantry-pods judges %s', (_label, object, denials) => {
    // GIVEN a pod created in a tenant namespace
    // WHEN the policy is evaluated
    const denied = evaluate('tenantry-pods', { object });
    // THEN exactly the expected rules deny it
    expect(denied.map((m) => denials.find((d) => m.startsWith(d)) ?? m)).toEqual(denials);
  });

  it('tenantry-pods holds a tenant to its own narrower registry list', () => {
    // GIVEN a namespace whose tenant allows only ghcr.io/acme
    const namespaceObject = acmeNamespace({ 'tenantry.io/allowed-registries': 'ghcr.io/acme' });
    // WHEN a platform-allowed image outside the tenant's list and one inside are evaluated
    const outside = evaluate('tenantry-pods', { object: pod({ containers: [{ name: 'a', image: 'ghcr.io/tenantry/agent:1.4.2' }] }), namespaceObject });
    const inside = evaluate('tenantry-pods', { object: pod({ containers: [{ name: 'a', image: 'ghcr.io/acme/web:1.0' }] }), namespaceObject });
    // THEN only the tenant's own registry is admitted
    expect(outside).toHaveLength(1);
    expect(inside).toEqual([]);
  });

  it.each([
    ['the tenant\'s own class', 'tenantry-acme', 0],
    ['another tenant\'s dedicated class', 'tenantry-globex', 1],
    ['an allowed shared class', 'gp3', 0],
    ['an unlisted class', 'io2-fast', 1],
  ])('tenantry-storage judges a claim on %s', (_label, storageClassName, denials) => {
    // GIVEN a PVC in acme's namespace
    const object = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'acme-api' }, spec: { storageClassName, accessModes: ['ReadWriteOnce'] } };
    // WHEN the policy is evaluated
    // THEN other tenants' classes and unlisted ones are denied
    expect(evaluate('tenantry-storage', { object })).toHaveLength(denials);
  });

  it.each([
    ['a tenant user editing tenant-config', TENANT_USER, tenantConfig('{"tenant":"globex"}'), tenantConfig('{}'), 1],
    ['a tenant user deleting tenant-config', TENANT_USER, null, tenantConfig('{}'), 1],
    ['a tenant\'s Flux reconciler editing tenant-config', FLUX_RECONCILER, tenantConfig('{"x":1}'), tenantConfig('{}'), 1],
    ['a tenant user forging the managed-by label', TENANT_USER, tenantConfig('{}'), null, 1],
    ['the Argo CD controller syncing tenant-config', ARGO, tenantConfig('{"x":1}'), tenantConfig('{}'), 0],
    ['Flux\'s source-controller adding its finalizer', { username: 'system:serviceaccount:flux-system:source-controller', groups: [] }, { ...tenantConfig('{}'), kind: 'GitRepository' }, { ...tenantConfig('{}'), kind: 'GitRepository' }, 0],
    ['a tenant user editing its own ConfigMap', TENANT_USER, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mine', namespace: 'acme-api' }, data: { a: 'b' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mine', namespace: 'acme-api' } }, 0],
  ])('tenantry-managed-objects judges %s', (_label, userInfo, object, oldObject, denials) => {
    // GIVEN the request
    // WHEN the policy (and its exemption for the platform's identities) is evaluated
    // THEN only the platform may change what Tenantry wrote
    expect(evaluate('tenantry-managed-objects', { object, oldObject, userInfo })).toHaveLength(denials);
  });

  it.each([
    ['a tenant user labelling its Deployment tenantry.io/tenant', TENANT_USER, { metadata: { name: 'web', labels: { 'tenantry.io/tenant': 'globex' } } }, null, 1],
    ['a tenant user changing a tenantry.io label', TENANT_USER, { metadata: { name: 'web', labels: { 'tenantry.io/team': 'b' } } }, { metadata: { name: 'web', labels: { 'tenantry.io/team': 'a' } } }, 1],
    ['a tenant user removing a tenantry.io label', TENANT_USER, { metadata: { name: 'web' } }, { metadata: { name: 'web', labels: { 'tenantry.io/team': 'a' } } }, 1],
    ['a tenant user keeping a tenantry.io label and changing its own', TENANT_USER, { metadata: { name: 'web', labels: { 'tenantry.io/team': 'a', app: 'v2' } } }, { metadata: { name: 'web', labels: { 'tenantry.io/team': 'a', app: 'v1' } } }, 0],
    ['the Flux platform controller setting tenantry.io labels', { username: 'system:serviceaccount:flux-system:kustomize-controller', groups: [] }, { metadata: { name: 'web', labels: { 'tenantry.io/tenant': 'acme' } } }, null, 0],
  ])('tenantry-labels judges %s', (_label, userInfo, object, oldObject, denials) => {
    // GIVEN the request
    // WHEN the policy is evaluated
    // THEN tenantry.io/* labels are Tenantry's alone
    expect(evaluate('tenantry-labels', { object, oldObject, userInfo })).toHaveLength(denials);
  });
});
