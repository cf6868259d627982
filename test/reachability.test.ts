import { describe, expect, it } from 'vitest';
import { deriveTenancy, formatFinding, type Manifest, type ProofContext } from '../constructs/findings';
import {
  ALL_PORTS,
  EXTERNAL_NODE,
  formatPorts,
  intersectPorts,
  ipBlockReach,
  OTHER_NODE,
  proveIsolation,
  renderMatrix,
  rulePorts,
  selectorMatches,
  type NetworkNode,
} from '../constructs/reachability';
import { resolvePlatform } from '../constructs/resolve';
import { PlatformSchema } from '../constructs/spec';

const PLATFORM = resolvePlatform(
  PlatformSchema.parse({
    ingress: { namespace: 'ingress-nginx', podSelector: { 'app.kubernetes.io/name': 'ingress-nginx' }, ports: [8000] },
    sharedServices: { postgresql: { namespace: 'shared-data', port: 5432 } },
  }),
);

function namespace(tenant: string, name: string, labels: Record<string, string> = {}): Manifest {
  return {
    file: `dist/${tenant}/Namespace.${name}.yaml`,
    folder: tenant,
    object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'tenantry.io/tenant': tenant, ...labels } } },
  };
}

function policy(tenant: string, ns: string, name: string, spec: Record<string, unknown>): Manifest {
  return {
    file: `dist/${tenant}/NetworkPolicy.${ns}.${name}.yaml`,
    folder: tenant,
    object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec: { podSelector: {}, ...spec } },
  };
}

const byName = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
const byTenant = (tenant: string) => ({ namespaceSelector: { matchLabels: { 'tenantry.io/tenant': tenant } } });

/** What Tenantry generates for one namespace: default deny and same-tenant, plus egress allowances under deny-all. */
function guardedNamespace(tenant: string, ns: string, egress: 'open' | 'deny'): Manifest[] {
  const types = egress === 'deny' ? ['Ingress', 'Egress'] : ['Ingress'];
  return [
    namespace(tenant, ns),
    policy(tenant, ns, 'default-deny', { policyTypes: types }),
    policy(tenant, ns, 'allow-same-tenant', {
      policyTypes: types,
      ingress: [{ from: [byTenant(tenant)] }],
      ...(egress === 'deny' ? { egress: [{ to: [byTenant(tenant)] }] } : {}),
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

function context(manifests: Manifest[]): ProofContext {
  return { manifests, tenancy: deriveTenancy(manifests), platform: PLATFORM };
}

/** Two soft tenants and a hard one, as Tenantry generates them. */
function baseline(): Manifest[] {
  return [...guardedNamespace('acme', 'acme-api', 'open'), ...guardedNamespace('acme', 'acme-web', 'open'), ...guardedNamespace('globex', 'globex-pay', 'deny'), ...guardedNamespace('hooli', 'hooli-search', 'open')];
}

function replace(manifests: Manifest[], file: string, spec: Record<string, unknown>): Manifest[] {
  return manifests.map((m) => (m.file === file ? { ...m, object: { ...m.object, spec: { podSelector: {}, ...spec } } } : m));
}

const lines = (manifests: Manifest[]) => proveIsolation(context(manifests)).findings.map(formatFinding);

describe('ports', () => {
  it('treats a rule without ports as every port', () => {
    // GIVEN no ports list
    const ports = rulePorts(undefined);

    // WHEN it is intersected with one port
    const both = intersectPorts(ports, rulePorts([{ protocol: 'TCP', port: 5432 }]));

    // THEN only that port remains
    expect(ports).toEqual(ALL_PORTS);
    expect(formatPorts(both)).toBe('5432/TCP');
  });

  it('intersects ranges per protocol and keeps named ports of the same protocol', () => {
    // GIVEN a range, a UDP port and a named port
    const left = rulePorts([{ protocol: 'TCP', port: 8000, endPort: 8100 }, { protocol: 'UDP', port: 53 }, { port: 'http' }]);

    // WHEN intersected with TCP 8080 and TCP 53
    const both = intersectPorts(left, rulePorts([{ port: 8080 }, { port: 53 }]));

    // THEN TCP 8080 remains, and the named port, which may resolve to 53; UDP 53 never meets TCP
    expect(formatPorts(both)).toBe('8080/TCP, http/TCP');
  });
});

describe('ipBlockReach', () => {
  it('sees external egress that excludes the pod ranges as the outside world only', () => {
    // GIVEN Tenantry's external egress block
    const block = { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'] };

    // WHEN its reach is computed
    const reach = ipBlockReach(block);

    // THEN it reaches outside but no pod
    expect(reach).toEqual({ pods: false, external: true });
  });

  it('sees blocks over private ranges, and IPv6 blocks, as reaching pods', () => {
    // GIVEN a private block, an unrestricted block and an IPv6 block
    const blocks = [{ cidr: '10.1.0.0/16' }, { cidr: '0.0.0.0/0' }, { cidr: '::/0' }];

    // WHEN their reach is computed
    const reach = blocks.map(ipBlockReach);

    // THEN each may reach pod IPs
    expect(reach).toEqual([
      { pods: true, external: false },
      { pods: true, external: true },
      { pods: true, external: true },
    ]);
  });
});

describe('selectorMatches', () => {
  const tenantNode: NetworkNode = { id: 'acme-api', kind: 'tenant', tenant: 'acme', roles: [], labels: { 'tenantry.io/tenant': 'acme', 'kubernetes.io/metadata.name': 'acme-api' }, openLabels: false };
  const other: NetworkNode = { id: OTHER_NODE, kind: 'other', roles: [], labels: { 'kubernetes.io/metadata.name': '\u0000other' }, openLabels: true };

  it('matches a tenant namespace by its labels and the implicit name label', () => {
    // GIVEN selectors by tenant, by name and by expression
    const selectors = [
      { matchLabels: { 'tenantry.io/tenant': 'acme' } },
      { matchLabels: { 'kubernetes.io/metadata.name': 'acme-api' } },
      { matchExpressions: [{ key: 'tenantry.io/tenant', operator: 'NotIn', values: ['globex'] }] },
      { matchLabels: { 'tenantry.io/tenant': 'globex' } },
    ];

    // WHEN each is evaluated against the namespace
    const matches = selectors.map((s) => selectorMatches(s, tenantNode));

    // THEN only the globex selector misses
    expect(matches).toEqual([true, true, true, false]);
  });

  it('matches unknown namespaces unless the selector pins a name or a tenant', () => {
    // GIVEN selectors an unknown namespace may or may not satisfy
    const selectors = [{}, { matchLabels: { team: 'x' } }, { matchLabels: { 'tenantry.io/tenant': 'acme' } }, { matchLabels: { 'kubernetes.io/metadata.name': 'acme-api' } }];

    // WHEN each is evaluated against the other-namespaces node
    const matches = selectors.map((s) => selectorMatches(s, other));

    // THEN only the open ones can match
    expect(matches).toEqual([true, true, false, false]);
  });
});

describe('proveIsolation', () => {
  it('finds no cross-tenant path in what Tenantry generates', () => {
    // GIVEN two soft tenants and a hard one
    const manifests = baseline();

    // WHEN the matrix is computed
    const result = proveIsolation(context(manifests));

    // THEN there are no findings and no paths, but soft egress reaches the platform
    expect(result.findings).toEqual([]);
    expect(result.matrix.paths).toEqual([]);
    const edge = (from: string, to: string) => result.matrix.edges.find((e) => e.from === from && e.to === to);
    expect(formatPorts(edge('acme-api', 'acme-web')!.ports)).toBe('all ports');
    expect(formatPorts(edge('ingress-nginx', 'globex-pay')!.ports)).toBe('8000/TCP');
    expect(formatPorts(edge('globex-pay', 'shared-data')!.ports)).toBe('5432/TCP');
    expect(edge('acme-api', 'hooli-search')).toBeUndefined();
    expect(edge('globex-pay', EXTERNAL_NODE)).toBeUndefined();
    expect(edge('acme-api', EXTERNAL_NODE)).toBeDefined();
  });

  it('fails when a policy admits another tenant, naming the path it opens', () => {
    // GIVEN hooli's same-tenant policy edited to admit acme-api
    const manifests = replace(baseline(), 'dist/hooli/NetworkPolicy.hooli-search.allow-same-tenant.yaml', {
      policyTypes: ['Ingress'],
      ingress: [{ from: [byTenant('hooli'), byName('acme-api')] }],
    });

    // WHEN isolation is proven
    const result = lines(manifests);

    // THEN the policy is named with the path
    expect(result).toEqual([
      "dist/hooli/NetworkPolicy.hooli-search.allow-same-tenant.yaml: NetworkPolicy/hooli-search/allow-same-tenant — spec.ingress[0] admits tenant acme's namespace acme-api on all ports, which opens a path across tenants (acme-api → hooli-search on all ports); a tenant's NetworkPolicies may name only its own namespaces, the platform's and addresses outside the pod ranges",
    ]);
  });

  it('fails when an egress rule names another tenant even though its ingress blocks the path', () => {
    // GIVEN globex's same-tenant egress edited to reach hooli
    const manifests = replace(baseline(), 'dist/globex/NetworkPolicy.globex-pay.allow-same-tenant.yaml', {
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [byTenant('globex')] }],
      egress: [{ to: [byTenant('globex'), byTenant('hooli')] }],
    });

    // WHEN isolation is proven
    const result = lines(manifests);

    // THEN the rule is reported, with the note that only the other side blocks it
    expect(result).toEqual([
      "dist/globex/NetworkPolicy.globex-pay.allow-same-tenant.yaml: NetworkPolicy/globex-pay/allow-same-tenant — spec.egress[0] allows connections to tenant hooli's namespace hooli-search on all ports; no path across tenants exists only because the other side's policies block it; a tenant's NetworkPolicies may name only its own namespaces, the platform's and addresses outside the pod ranges",
    ]);
  });

  it('fails when a namespace loses its default deny', () => {
    // GIVEN hooli-search with no policy isolating ingress for all pods
    const manifests = baseline().filter((m) => !m.file.startsWith('dist/hooli/NetworkPolicy.'));

    // WHEN isolation is proven
    const result = proveIsolation(context(manifests));

    // THEN the namespace is named, and the matrix shows acme reaching it
    expect(result.findings.map(formatFinding)).toEqual([
      'dist/hooli/Namespace.hooli-search.yaml: Namespace/hooli-search — no NetworkPolicy selects all its pods (podSelector: {}) for Ingress, so every namespace may connect to it, other tenants\' included; restore the default-deny NetworkPolicy of tenant hooli',
    ]);
    expect(result.matrix.paths.map((p) => `${p.fromTenant} → ${p.via ? `${p.via} → ` : ''}${p.to}`)).toEqual(['acme → hooli-search', 'acme → (other namespaces) → hooli-search']);
  });

  it('does not count a policy with a pod selector as isolating the namespace', () => {
    // GIVEN hooli's only policies select some pods
    const manifests = [
      ...baseline().filter((m) => !m.file.startsWith('dist/hooli/NetworkPolicy.')),
      { ...policy('hooli', 'hooli-search', 'web-only', { policyTypes: ['Ingress'], ingress: [{ from: [byTenant('hooli')] }] }), object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web-only', namespace: 'hooli-search' }, spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [byTenant('hooli')] }] } } },
    ];

    // WHEN isolation is proven
    const result = proveIsolation(context(manifests));

    // THEN the namespace still counts as open
    expect(result.findings.map((f) => f.invariant)).toEqual(['isolation/ingress-isolated']);
  });

  it('fails when a path crosses tenants through an undeclared namespace', () => {
    // GIVEN globex admitting namespace "jump", which acme (open egress) can reach
    const manifests = replace(baseline(), 'dist/globex/NetworkPolicy.globex-pay.allow-same-tenant.yaml', {
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [byTenant('globex'), byName('jump')] }],
      egress: [{ to: [byTenant('globex')] }],
    });

    // WHEN isolation is proven
    const result = proveIsolation(context(manifests));

    // THEN the rule is named with the path through jump
    expect(result.findings.map(formatFinding)).toEqual([
      "dist/globex/NetworkPolicy.globex-pay.allow-same-tenant.yaml: NetworkPolicy/globex-pay/allow-same-tenant — spec.ingress[0] admits namespace jump, which is neither a tenant's nor the platform's on all ports, which opens a path across tenants (acme-api and acme-web → jump → globex-pay on all ports and hooli-search → jump → globex-pay on all ports); a tenant's NetworkPolicies may name only its own namespaces, the platform's and addresses outside the pod ranges",
    ]);
    expect(result.matrix.nodes.find((n) => n.id === 'jump')?.kind).toBe('undeclared');
  });

  it('fails when an ipBlock covers the pod ranges', () => {
    // GIVEN globex egress to 10.0.0.0/8 on 443
    const manifests = [...baseline(), policy('globex', 'globex-pay', 'allow-vpc', { policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 443 }] }] })];

    // WHEN isolation is proven
    const result = lines(manifests);

    // THEN the block is reported
    expect(result).toEqual([
      "dist/globex/NetworkPolicy.globex-pay.allow-vpc.yaml: NetworkPolicy/globex-pay/allow-vpc — spec.egress[0] allows connections to the pod IPs of every namespace (ipBlock 10.0.0.0/8 overlaps the pod ranges 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10; list them under except) on 443/TCP; no path across tenants exists only because the other side's policies block it; a tenant's NetworkPolicies may name only its own namespaces, the platform's and addresses outside the pod ranges",
    ]);
  });

  it('fails when a namespace carries another tenant\'s label', () => {
    // GIVEN acme-web relabelled as globex's
    const manifests = baseline().map((m) => (m.file === 'dist/acme/Namespace.acme-web.yaml' ? namespace('acme', 'acme-web', { 'tenantry.io/tenant': 'globex' }) : m));

    // WHEN isolation is proven
    const result = lines(manifests);

    // THEN the label is reported, and so are globex's rules that now admit acme-web
    expect(result[0]).toBe(
      'dist/acme/Namespace.acme-web.yaml: Namespace/acme-web — label tenantry.io/tenant is "globex", but the namespace belongs to tenant acme (dist/acme/); other tenants\' policies select namespaces by this label, so it must be "acme"',
    );
    expect(result.slice(1).every((line) => line.startsWith('dist/globex/NetworkPolicy.globex-pay.allow-same-tenant.yaml'))).toBe(true);
    expect(result).toHaveLength(3);
  });

  it('fails when a tenant object lives in another tenant\'s namespace', () => {
    // GIVEN a ConfigMap in dist/acme/ placed in globex-pay
    const manifests = [...baseline(), { file: 'dist/acme/ConfigMap.globex-pay.x.yaml', folder: 'acme', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'globex-pay' } } }];

    // WHEN isolation is proven
    const result = lines(manifests);

    // THEN the object is named with its rightful namespaces
    expect(result).toEqual([
      'dist/acme/ConfigMap.globex-pay.x.yaml: ConfigMap/globex-pay/x — lives in namespace globex-pay of tenant globex; objects of tenant acme stay in its own namespaces (acme-api and acme-web)',
    ]);
  });
});

describe('renderMatrix', () => {
  it('prints a legend, the grid and the port key', () => {
    // GIVEN the baseline matrix
    const matrix = proveIsolation(context(baseline())).matrix;

    // WHEN it is rendered
    const text = renderMatrix(matrix);

    // THEN every namespace is numbered with its owner, and the grid has a row per namespace
    expect(text).toContain('\n  1  acme-api            tenant acme\n');
    expect(text).toContain('\n  5  ingress-nginx       platform: ingress controller\n');
    expect(text).toContain('\n  8  (other namespaces)  every namespace not listed above (policies unknown: open)\n');
    expect(text).toContain('Cross-tenant paths: none.');
    const grid = text.split('\n').filter((line) => /^ +\d+ {2,}[*.a-z! ]+$/.test(line));
    expect(grid).toHaveLength(matrix.nodes.length);
    expect(text).toContain('from\\to   1  2  3  4  5  6  7  8  9');
    expect(grid[0]).toBe('  1       *  *  .  .  *  *  *  *  *');
    expect(text).toContain('   a  5432/TCP');
  });
});
