import { describe, expect, it } from 'vitest';
import { resolveIsolation, resolvePlatform, type ResolvedNetwork } from '../../lib/spec/resolve';
import { PlatformSchema, type IsolationSpec } from '../../lib/spec/schema';
import { chartObjects, newChart } from '../../lib/synth/synth';
import { TeamNamespace, type TeamNamespaceProps } from '../../constructs/team-namespace';
import { TENANT_ROLES } from '../../lib/spec/tenant-kinds';
import { PLATFORM } from '../support/arbitraries';

type Loose = Record<string, any>;

const platform = resolvePlatform(PlatformSchema.parse(PLATFORM));
const network: ResolvedNetwork = { externalEgressPorts: [80, 443], sharedServices: ['postgresql', 'redis'], allowMonitoring: true };
const labels = { 'tenantry.io/tenant': 'acme', 'tenantry.io/team': 'api', 'tenantry.io/isolation': 'soft' };

function synth(overrides: Partial<TeamNamespaceProps> & { level?: IsolationSpec } = {}) {
  const { level = 'soft', ...rest } = overrides;
  const chart = newChart('test');
  const construct = new TeamNamespace(chart, 'ns', {
    tenant: 'acme',
    team: 'api',
    isolation: resolveIsolation(level),
    quota: { cpu: '2', memory: '4Gi', storage: '20Gi', pods: 20, services: 10, persistentVolumeClaims: 5 },
    limitRange: { defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '512Mi' } },
    network,
    platformNetwork: platform,
    access: [
      { group: 'acme-devs', role: 'edit' },
      { group: 'acme-leads', role: 'admin' },
      { user: 'ann@acme.example', role: 'view' },
    ],
    labels,
    namespaceLabels: { 'example.com/owner': 'ann' },
    podSecurityVersion: 'v1.32',
    ...rest,
  });
  const objects = chartObjects(chart);
  const find = (kind: string, name?: string) => objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  // Loosely typed: the tests read arbitrary fields of the synthesized JSON.
  const one = (kind: string, name?: string): Loose => {
    const found = find(kind, name);
    expect(found, `${kind} ${name ?? ''}`).toHaveLength(1);
    return found[0] as Loose;
  };
  return { construct, objects, find, one };
}

/** The tenant's namespaces by their immutable name label. */
const sameTenant = { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['acme-api'] }] } };

const custom = (aspects: Partial<Record<string, string | boolean>>): IsolationSpec => ({
  custom: { network: 'deny-all', quota: true, nodes: 'shared', storage: 'shared', agent: 'shared', podSecurity: 'baseline', ...aspects } as never,
});

describe('TeamNamespace', () => {
  it('names the namespace <tenant>-<team>[-<env>] and exposes its defaults', () => {
    // GIVEN a team with and without an environment
    // WHEN both are synthesized
    const plain = synth();
    const withEnv = synth({ environment: 'dev' });
    // THEN the names compose and the defaults are exposed
    expect(plain.construct.name).toBe('acme-api');
    expect(withEnv.construct.name).toBe('acme-api-dev');
    expect(plain.construct.status).toBe('active');
    expect(plain.construct.labels).toEqual(labels);
    expect(plain.one('Namespace').metadata.name).toBe('acme-api');
  });

  it('puts every namespaced object into the namespace with the propagated labels', () => {
    // GIVEN a team namespace
    // WHEN it is synthesized
    const { objects } = synth({ config: { team: 'api' } });
    // THEN every object but the Namespace lives in it and carries the labels
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe('acme-api');
      expect(object.metadata.labels).toEqual(labels);
    }
  });

  it('keeps the cluster-scoped Namespace free of metadata.namespace', () => {
    // GIVEN a team namespace
    // WHEN it is synthesized
    const { one } = synth();
    // THEN the Namespace has no namespace
    expect(one('Namespace').metadata).not.toHaveProperty('namespace');
  });

  it.each([
    ['hard', 'restricted'],
    ['soft', 'baseline'],
    ['network-only', 'baseline'],
  ] as const)('labels a %s namespace to enforce Pod Security %s and warn and audit restricted', (level, enforce) => {
    // GIVEN an isolation level
    // WHEN the namespace is synthesized
    const { one } = synth({ level });
    // THEN the Pod Security Admission labels follow the matrix, plus the Namespace-only labels
    expect(one('Namespace').metadata.labels).toEqual({
      ...labels,
      'example.com/owner': 'ann',
      'pod-security.kubernetes.io/enforce': enforce,
      'pod-security.kubernetes.io/enforce-version': 'v1.32',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.32',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.32',
    });
  });

  it('enforces the Pod Security level chosen by custom isolation', () => {
    // GIVEN custom isolation with restricted Pod Security
    // WHEN the namespace is synthesized
    const { one } = synth({ level: custom({ podSecurity: 'restricted' }) });
    // THEN restricted is enforced
    expect(one('Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('defaults the Pod Security version to latest', () => {
    // GIVEN no version
    // WHEN the namespace is synthesized
    const { one } = synth({ podSecurityVersion: undefined });
    // THEN latest is used
    expect(one('Namespace').metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe('latest');
  });

  it('pins dedicated-node namespaces to the tenant taint', () => {
    // GIVEN hard isolation (dedicated nodes) and soft isolation (shared nodes)
    // WHEN both are synthesized
    const hard = synth({ level: 'hard' }).one('Namespace');
    const soft = synth({ level: 'soft' }).one('Namespace');
    // THEN only the dedicated one carries the node selector, default tolerations and the whitelist that keeps other taints out
    expect(hard.metadata.annotations).toEqual({
      'scheduler.alpha.kubernetes.io/node-selector': 'tenantry.io/tenant=acme',
      'scheduler.alpha.kubernetes.io/defaultTolerations': '[{"key":"tenantry.io/tenant","operator":"Equal","value":"acme","effect":"NoSchedule"}]',
      'scheduler.alpha.kubernetes.io/tolerationsWhitelist':
        '[{"key":"tenantry.io/tenant","operator":"Equal","value":"acme","effect":"NoSchedule"},{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute"},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute"}]',
      'tenantry.io/allowed-service-types': 'ClusterIP',
    });
    expect(soft.metadata.annotations).toEqual({ 'tenantry.io/allowed-service-types': 'ClusterIP' });
  });

  it('annotates the namespace with what admission allows the tenant', () => {
    // GIVEN a tenant with hostnames, its own registries and LoadBalancers allowed
    // WHEN the namespace is synthesized
    const { one } = synth({ hostnames: ['api.acme.example', 'shop.acme.example'], registries: ['ghcr.io/acme'], serviceTypes: ['ClusterIP', 'LoadBalancer'] });
    // THEN the annotations list them, and the quota keeps only NodePorts closed
    expect(one('Namespace').metadata.annotations).toEqual({
      'tenantry.io/allowed-hostnames': 'api.acme.example,shop.acme.example',
      'tenantry.io/allowed-registries': 'ghcr.io/acme',
      'tenantry.io/allowed-service-types': 'ClusterIP,LoadBalancer',
    });
    expect(one('ResourceQuota', 'quota').spec.hard['services.nodeports']).toBe('0');
    expect(one('ResourceQuota', 'quota').spec.hard).not.toHaveProperty('services.loadbalancers');
  });

  it('fails when the service types leave out ClusterIP or allow ExternalName', () => {
    // GIVEN service types with ExternalName
    // WHEN the namespace is built
    // THEN it throws naming the value and the fix
    expect(() => synth({ serviceTypes: ['ClusterIP', 'ExternalName'] })).toThrow(
      'TeamNamespace acme-api: serviceTypes must include ClusterIP and never ExternalName, got ClusterIP, ExternalName; allow NodePort or LoadBalancer only',
    );
  });

  it.each(['hard', 'soft', 'network-only'] as const)('caps pods of the system priority classes at 0 in a %s namespace', (level) => {
    // GIVEN any isolation level
    // WHEN the namespace is synthesized
    const { one } = synth({ level });
    // THEN a quota scoped to the system priority classes allows no pods
    expect(one('ResourceQuota', 'system-priority').spec).toEqual({
      hard: { pods: '0' },
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['system-cluster-critical', 'system-node-critical'] }] },
    });
  });

  it.each(['hard', 'soft'] as const)('caps a %s namespace with a ResourceQuota and a LimitRange', (level) => {
    // GIVEN an isolation level with quotas
    // WHEN the namespace is synthesized
    const { one } = synth({ level });
    // THEN the quota covers requests, limits, storage, pods, services and PVCs, and no NodePorts or LoadBalancers
    expect(one('ResourceQuota', 'quota').spec).toEqual({
      hard: {
        'limits.cpu': '2',
        'limits.memory': '4Gi',
        persistentvolumeclaims: '5',
        pods: '20',
        'requests.cpu': '2',
        'requests.memory': '4Gi',
        'requests.storage': '20Gi',
        services: '10',
        'services.loadbalancers': '0',
        'services.nodeports': '0',
      },
    });
    expect(one('LimitRange', 'limits').spec).toEqual({
      limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }],
    });
  });

  it('gives a network-only namespace only the NodePort and LoadBalancer caps and no limit range', () => {
    // GIVEN network-only isolation
    // WHEN the namespace is synthesized
    const { one, find } = synth({ level: 'network-only' });
    // THEN its quota closes NodePorts and LoadBalancers only, and there is no LimitRange
    expect(one('ResourceQuota', 'quota').spec).toEqual({ hard: { 'services.loadbalancers': '0', 'services.nodeports': '0' } });
    expect(find('LimitRange')).toEqual([]);
  });

  it('follows custom isolation for the quota', () => {
    // GIVEN custom isolation with and without quota
    // WHEN both are synthesized
    const on = synth({ level: custom({ quota: true }) });
    const off = synth({ level: custom({ quota: false }) });
    // THEN the quota follows the choice
    expect(on.one('ResourceQuota', 'quota').spec.hard).toHaveProperty('pods', '20');
    expect(off.one('ResourceQuota', 'quota').spec.hard).toEqual({ 'services.loadbalancers': '0', 'services.nodeports': '0' });
  });

  it('caps the tenant StorageClass with the storage quota', () => {
    // GIVEN a dedicated StorageClass
    // WHEN the namespace is synthesized
    const { one } = synth({ level: 'hard', storageClassName: 'tenantry-acme' });
    // THEN the quota caps requests on that class too
    expect(one('ResourceQuota', 'quota').spec.hard['tenantry-acme.storageclass.storage.k8s.io/requests.storage']).toBe('20Gi');
  });

  it('omits the LimitRange when no limit range is given', () => {
    // GIVEN no limit range
    // WHEN the namespace is synthesized
    const { find } = synth({ limitRange: undefined });
    // THEN there is none
    expect(find('LimitRange')).toEqual([]);
  });

  it('caps pods at 0 for a suspended tenant, even without quota isolation', () => {
    // GIVEN suspended tenants with and without quota isolation
    // WHEN they are synthesized
    const soft = synth({ status: 'suspended' }).one('ResourceQuota', 'quota');
    const networkOnly = synth({ status: 'suspended', level: 'network-only' }).one('ResourceQuota', 'quota');
    // THEN pods is "0" in both, the network-only one holding only that and the NodePort and LoadBalancer caps
    expect(soft.spec.hard.pods).toBe('0');
    expect(networkOnly.spec).toEqual({ hard: { pods: '0', 'services.loadbalancers': '0', 'services.nodeports': '0' } });
  });

  it.each([
    ['hard', ['default-deny', 'allow-same-tenant', 'allow-ingress-controller', 'allow-monitoring', 'allow-dns', 'allow-shared-services', 'allow-external-egress']],
    ['network-only', ['default-deny', 'allow-same-tenant', 'allow-ingress-controller', 'allow-monitoring', 'allow-dns', 'allow-shared-services', 'allow-external-egress']],
    ['soft', ['default-deny', 'allow-same-tenant', 'allow-ingress-controller', 'allow-monitoring']],
  ] as const)('gives a %s namespace its NetworkPolicy set', (level, names) => {
    // GIVEN an isolation level
    // WHEN the namespace is synthesized
    const { find } = synth({ level });
    // THEN the policies are exactly the matrix's, all selecting every pod
    const policies = find('NetworkPolicy');
    expect(policies.map((p) => p.metadata.name)).toEqual(names);
    for (const policy of policies) expect((policy.spec as { podSelector: unknown }).podSelector).toEqual({});
  });

  it('denies ingress and egress by default under deny-all', () => {
    // GIVEN hard isolation
    // WHEN the namespace is synthesized
    const { one } = synth({ level: 'hard' });
    // THEN the default deny selects all pods with no rules for both directions
    expect(one('NetworkPolicy', 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(one('NetworkPolicy', 'allow-same-tenant').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [sameTenant] }],
      egress: [{ to: [sameTenant] }],
    });
  });

  it('admits the tenant\'s other namespaces by name, never by a label', () => {
    // GIVEN a tenant with two namespaces
    // WHEN one of them is synthesized
    const { one } = synth({ tenantNamespaces: ['acme-web', 'acme-api'] });
    // THEN allow-same-tenant lists both names under kubernetes.io/metadata.name
    expect(one('NetworkPolicy', 'allow-same-tenant').spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['acme-api', 'acme-web'] }] } }] },
    ]);
  });

  it('denies only ingress by default under deny-ingress', () => {
    // GIVEN soft isolation
    // WHEN the namespace is synthesized
    const { one } = synth({ level: 'soft' });
    // THEN egress stays open
    expect(one('NetworkPolicy', 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(one('NetworkPolicy', 'allow-same-tenant').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [sameTenant] }],
    });
  });

  it('allows the ingress controller and monitoring only on their ports', () => {
    // GIVEN the platform's ingress controller (8000) and monitoring (8080, 9090)
    // WHEN the namespace is synthesized
    const { one } = synth({ level: 'hard' });
    // THEN each is allowed from its namespace and pods on its ports
    expect(one('NetworkPolicy', 'allow-ingress-controller').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }],
          ports: [{ protocol: 'TCP', port: 8000 }],
        },
      ],
    });
    expect(one('NetworkPolicy', 'allow-monitoring').spec.ingress[0].ports).toEqual([
      { protocol: 'TCP', port: 8080 },
      { protocol: 'TCP', port: 9090 },
    ]);
  });

  it('allows DNS, shared services and external egress under deny-all', () => {
    // GIVEN hard isolation with external egress on 80 and 443
    // WHEN the namespace is synthesized
    const { one } = synth({ level: 'hard' });
    // THEN DNS is open on 53 UDP and TCP, PostgreSQL and Redis on their ports, and the internet without private ranges
    expect(one('NetworkPolicy', 'allow-dns').spec.egress).toEqual([
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
    ]);
    expect(one('NetworkPolicy', 'allow-shared-services').spec.egress.map((rule: any) => rule.ports)).toEqual([
      [{ protocol: 'TCP', port: 5432 }],
      [{ protocol: 'TCP', port: 6379 }],
    ]);
    expect(one('NetworkPolicy', 'allow-external-egress').spec.egress).toEqual([
      {
        to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'] } }],
        ports: [
          { protocol: 'TCP', port: 80 },
          { protocol: 'TCP', port: 443 },
        ],
      },
    ]);
  });

  it('drops allowances the namespace does not have', () => {
    // GIVEN no monitoring, no shared services and no external egress
    // WHEN the namespace is synthesized
    const { find } = synth({ level: 'hard', network: { externalEgressPorts: [], sharedServices: [], allowMonitoring: false } });
    // THEN only the default deny, same tenant, ingress controller and DNS remain
    expect(find('NetworkPolicy').map((p) => p.metadata.name)).toEqual(['default-deny', 'allow-same-tenant', 'allow-ingress-controller', 'allow-dns']);
  });

  it('creates the team ServiceAccount without an automounted token', () => {
    // GIVEN a team namespace
    // WHEN it is synthesized
    const { one, construct } = synth();
    // THEN sa-<team> exists with automount off
    const sa = one('ServiceAccount');
    expect(sa.metadata.name).toBe('sa-api');
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(construct.serviceAccount.name).toBe('sa-api');
  });

  it('binds groups and users only to the tenantry tenant roles', () => {
    // GIVEN edit, admin and view access
    // WHEN the namespace is synthesized
    const { find } = synth();
    // THEN there is one RoleBinding per role, each to a tenantry-tenant-* ClusterRole
    const bindings = find('RoleBinding');
    expect(bindings.map((b) => [b.metadata.name, (b.roleRef as { name: string }).name])).toEqual([
      ['team-admin', 'tenantry-tenant-admin'],
      ['team-edit', 'tenantry-tenant-edit'],
      ['team-view', 'tenantry-tenant-view'],
    ]);
    for (const binding of bindings) {
      expect(binding.roleRef).toMatchObject({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole' });
      expect(Object.values(TENANT_ROLES)).toContain((binding.roleRef as { name: string }).name);
    }
    expect(find('RoleBinding', 'team-view')[0]!.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'ann@acme.example' }]);
    expect(find('RoleBinding', 'team-edit')[0]!.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'acme-devs' }]);
  });

  it('downgrades every binding to view for a suspended tenant', () => {
    // GIVEN a suspended tenant whose admin group also has view access
    // WHEN the namespace is synthesized
    const { find } = synth({
      status: 'suspended',
      access: [
        { group: 'acme-leads', role: 'admin' },
        { group: 'acme-devs', role: 'edit' },
        { group: 'acme-leads', role: 'view' },
      ],
    });
    // THEN only one view binding remains, listing each subject once
    const bindings = find('RoleBinding');
    expect(bindings.map((b) => (b.roleRef as { name: string }).name)).toEqual(['tenantry-tenant-view']);
    expect(bindings[0]!.subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'acme-leads' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'acme-devs' },
    ]);
  });

  it('creates no RoleBinding without access', () => {
    // GIVEN no access entries
    // WHEN the namespace is synthesized
    const { find } = synth({ access: undefined });
    // THEN there is no binding
    expect(find('RoleBinding')).toEqual([]);
  });

  it('writes the effective config into the tenant-config ConfigMap', () => {
    // GIVEN an effective config
    // WHEN the namespace is synthesized
    const { one } = synth({ config: { team: 'api', agent: { url: 'http://agent' } } });
    // THEN it is pretty JSON under config.json
    expect(one('ConfigMap', 'tenant-config').data).toEqual({ 'config.json': '{\n  "team": "api",\n  "agent": {\n    "url": "http://agent"\n  }\n}\n' });
  });

  it('omits the ConfigMap without a config', () => {
    // GIVEN no config (a pending tenant)
    // WHEN the namespace is synthesized
    const { find } = synth({ config: undefined });
    // THEN there is no ConfigMap
    expect(find('ConfigMap')).toEqual([]);
  });
});

describe('TeamNamespace names and quota sides', () => {
  it('takes the namespace and ServiceAccount names it is given', () => {
    // GIVEN AI-agents names
    // WHEN the namespace is synthesized
    const { construct, one } = synth({ name: 'ai-agents-acme-corp', serviceAccountName: 'sa-acme-corp' });

    // THEN every object lands in that namespace and the ServiceAccount has that name
    expect(construct.name).toBe('ai-agents-acme-corp');
    expect(one('ServiceAccount').metadata).toMatchObject({ name: 'sa-acme-corp', namespace: 'ai-agents-acme-corp' });
    expect(one('ResourceQuota', 'quota').metadata.namespace).toBe('ai-agents-acme-corp');
  });

  it('writes requests and limits apart when the quota splits them', () => {
    // GIVEN the AI-agents quota table: requests 2 CPU / 4Gi, limits 4 CPU / 8Gi
    const quota = { storage: '20Gi', pods: 10, requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } };

    // WHEN the namespace is synthesized
    const { one } = synth({ quota });

    // THEN the ResourceQuota has each side
    expect(one('ResourceQuota', 'quota').spec.hard).toMatchObject({ 'requests.cpu': '2', 'limits.cpu': '4', 'requests.memory': '4Gi', 'limits.memory': '8Gi', pods: '10' });
  });
});
