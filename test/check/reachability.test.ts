import { describe, expect, it } from 'vitest';
import { formatFinding } from '../../lib/check/findings';
import { proveIsolation } from '../../lib/check/reachability';
import { EXTERNAL_NODE } from '../../lib/check/network-model';
import { formatPorts } from '../../lib/check/port-set';
import { baseline, byName, byTenant, context, lines, namespace, policy, replace } from '../support/network';

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
      ingress: [{ from: [byName('hooli-search'), byName('acme-api')] }],
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
      ingress: [{ from: [byName('globex-pay')] }],
      egress: [{ to: [byName('globex-pay'), byName('hooli-search')] }],
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
      { ...policy('hooli', 'hooli-search', 'web-only', { policyTypes: ['Ingress'], ingress: [{ from: [byName('hooli-search')] }] }), object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web-only', namespace: 'hooli-search' }, spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [byName('hooli-search')] }] } } },
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
      ingress: [{ from: [byName('globex-pay'), byName('jump')] }],
      egress: [{ to: [byName('globex-pay')] }],
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

    // THEN the label is reported; no policy admits acme-web through it, as peers are selected by name
    expect(result).toEqual([
      'dist/acme/Namespace.acme-web.yaml: Namespace/acme-web — label tenantry.io/tenant is "globex", but the namespace belongs to tenant acme (dist/acme/); the admission bindings select tenant namespaces by this label, so it must be "acme"',
    ]);
  });

  it('fails when a policy admits peers by the tenant label, which any namespace could carry', () => {
    // GIVEN acme-api admitting "its tenant" by label instead of by name
    const manifests = replace(baseline(), 'dist/acme/NetworkPolicy.acme-api.allow-same-tenant.yaml', { policyTypes: ['Ingress'], ingress: [{ from: [byTenant('acme')] }] });

    // WHEN isolation is proven
    const result = lines(manifests);

    // THEN the rule is reported: another tenant's (or an outside) namespace may carry that label
    expect(result).toHaveLength(1);
    expect(result[0]).toMatch(/^dist\/acme\/NetworkPolicy\.acme-api\.allow-same-tenant\.yaml: NetworkPolicy\/acme-api\/allow-same-tenant — spec\.ingress\[0\] admits tenant globex's namespace globex-pay, tenant hooli's namespace hooli-search and namespaces outside Tenantry and platform\.ts on all ports/);
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

describe('network peers within a tenant', () => {
  it('lets only the same team reach each other under peers "team", and nothing but itself under "none"', async () => {
    // GIVEN Flyte's teams isolated from one another (alpha with two domains) and a loner with peers none
    const { validateProject } = await import('../../lib/spec/loader');
    const { synthesizeTenant } = await import('../../lib/synth/synth');
    const { parseAllDocuments } = await import('yaml');
    const teams = [
      { id: 'alpha', environments: ['development', 'production'], network: { peers: 'team' } },
      { id: 'beta', network: { peers: 'team' } },
      { id: 'loner', network: { peers: 'none' } },
    ];
    const project = validateProject({ file: 'platform.ts', value: {} }, [
      { file: 'tenants/flyte.ts', value: { id: 'flyte', name: 'Flyte', owner: 'platform@company.com', isolation: 'hard', teams } },
    ]);
    if (!project.ok) throw new Error(project.errors.join('\n'));
    const output = synthesizeTenant(project.tenants[0]!, project.platform);
    const manifests = [...output.files]
      .filter(([name]) => name !== 'kustomization.yaml')
      .map(([name, text]) => ({ file: `dist/flyte/${name}`, folder: 'flyte', object: parseAllDocuments(text)[0]!.toJS() }));

    // WHEN the reachability matrix is computed
    const result = proveIsolation(context(manifests));
    const edge = (from: string, to: string) => result.matrix.edges.some((e) => e.from === from && e.to === to);

    // THEN alpha's domains reach each other, the teams do not, and the loner reaches no other namespace
    expect(result.findings).toEqual([]);
    expect(edge('flyte-alpha-development', 'flyte-alpha-production')).toBe(true);
    expect(edge('flyte-alpha-development', 'flyte-beta')).toBe(false);
    expect(edge('flyte-beta', 'flyte-alpha-production')).toBe(false);
    expect(edge('flyte-loner', 'flyte-beta')).toBe(false);
    expect(edge('flyte-alpha-production', 'flyte-loner')).toBe(false);
  });
});

describe('proveIsolation over platform components', () => {
  /** Synthesizes one hard tenant on a platform with a control plane, an orchestrator and an optional debugger. */
  async function componentsMatrix() {
    const { validateProject } = await import('../../lib/spec/loader');
    const { synthesizeTenant } = await import('../../lib/synth/synth');
    const { parseAllDocuments } = await import('yaml');
    const platform = {
      components: {
        'flyte-system': { namespace: 'flyte-system', reaches: { ports: 'all' }, reachedBy: { ports: 'all' } },
        orchestrator: { namespace: 'incidentfox', podSelector: { app: 'orchestrator' }, reaches: { ports: [8080], pods: 'agents' } },
        debugger: { namespace: 'debug-tools', reaches: { ports: [2345] }, optional: true },
      },
    };
    const teams = [
      { id: 'sre', agent: { mode: 'dedicated' } },
      { id: 'web', agent: { mode: 'shared' }, network: { components: { debugger: false } } },
    ];
    const project = validateProject({ file: 'platform.ts', value: platform }, [
      { file: 'tenants/acme.ts', value: { id: 'acme', name: 'Acme', owner: 'lead@acme.example', isolation: 'hard', teams } },
    ]);
    if (!project.ok) throw new Error(project.errors.join('\n'));
    const manifests = [...synthesizeTenant(project.tenants[0]!, project.platform).files]
      .filter(([name]) => name !== 'kustomization.yaml')
      .map(([name, text]) => ({ file: `dist/acme/${name}`, folder: 'acme', object: parseAllDocuments(text)[0]!.toJS() }));
    const result = proveIsolation({ ...context(manifests), platform: project.platform });
    const ports = (from: string, to: string) => {
      const edge = result.matrix.edges.find((e) => e.from === from && e.to === to);
      return edge ? formatPorts(edge.ports) : 'none';
    };
    return { result, ports };
  }

  it('lets a component with all ports reach every namespace and be reached from it', async () => {
    // GIVEN flyte-system both ways on all ports
    // WHEN the matrix is computed
    const { result, ports } = await componentsMatrix();

    // THEN both directions are open on all ports for both teams, and nothing crosses tenants
    expect(result.findings).toEqual([]);
    expect(result.matrix.paths).toEqual([]);
    expect([ports('flyte-system', 'acme-sre'), ports('acme-sre', 'flyte-system'), ports('flyte-system', 'acme-web'), ports('acme-web', 'flyte-system')]).toEqual(['all ports', 'all ports', 'all ports', 'all ports']);
  });

  it('lets a component restricted to agents reach only the namespaces that run a dedicated agent', async () => {
    // GIVEN the orchestrator, which reaches dedicated agents on 8080
    // WHEN the matrix is computed
    const { ports } = await componentsMatrix();

    // THEN it reaches the dedicated team on 8080 and the shared team not at all, and no tenant reaches it
    expect(ports('incidentfox', 'acme-sre')).toBe('8080/TCP');
    expect(ports('incidentfox', 'acme-web')).toBe('none');
    expect(ports('acme-sre', 'incidentfox')).toBe('none');
  });

  it('leaves an optional component out of a team that opts out', async () => {
    // GIVEN the debugger, which web leaves out with network.components.debugger false
    // WHEN the matrix is computed
    const { ports } = await componentsMatrix();

    // THEN it reaches sre on its port and not web
    expect(ports('debug-tools', 'acme-sre')).toBe('2345/TCP');
    expect(ports('debug-tools', 'acme-web')).toBe('none');
  });

  it('names each component and what it may do on its platform namespace', async () => {
    // GIVEN the three components and the built-in DNS
    // WHEN the matrix's nodes are read
    const { result } = await componentsMatrix();
    const roles = Object.fromEntries(result.matrix.nodes.filter((n) => n.kind === 'platform').map((n) => [n.id, n.roles]));

    // THEN each platform namespace lists its components by name
    expect(roles).toEqual({
      'debug-tools': ['component debugger: reaches tenant pods on 2345/TCP'],
      'flyte-system': ['component flyte-system: reaches tenant pods on all ports and is reached by them on all ports'],
      incidentfox: ['component orchestrator: reaches dedicated agents on 8080/TCP'],
      'kube-system': ['DNS'],
    });
  });
});
