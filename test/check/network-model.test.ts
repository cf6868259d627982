import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildNodes, NetworkModel, OTHER_NODE, selectorMatches, type NetworkNode } from '../../lib/check/network-model';
import { deriveTenancy } from '../../lib/check/findings';
import { isEmptyPorts } from '../../lib/check/port-set';

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

  it('matches unknown namespaces unless the selector pins a name: no other label is an immutable fact', () => {
    // GIVEN selectors an unknown namespace may or may not satisfy
    const selectors = [{}, { matchLabels: { team: 'x' } }, { matchLabels: { 'tenantry.io/tenant': 'acme' } }, { matchLabels: { 'kubernetes.io/metadata.name': 'acme-api' } }];

    // WHEN each is evaluated against the other-namespaces node
    const matches = selectors.map((s) => selectorMatches(s, other));

    // THEN everything but the name can be matched, tenantry.io/tenant included (anyone who labels a namespace may set it)
    expect(matches).toEqual([true, true, true, false]);
  });
});

describe('NetworkModel policy types', () => {
  it.each([
    ['egress: []', { egress: [] }, false],
    ['egress: null', { egress: null }, false],
    ['a non-empty egress list', { egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }] }] }, true],
  ])('isolates egress without policyTypes only for %s as Kubernetes defaults it', (_label, spec, isolated) => {
    // GIVEN a namespace whose only policy has no policyTypes
    const ns = { file: 'dist/acme/Namespace.acme-api.yaml', folder: 'acme', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'acme-api' } } };
    const np = { file: 'dist/acme/NetworkPolicy.acme-api.p.yaml', folder: 'acme', object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'acme-api' }, spec: { podSelector: {}, ...spec } } };
    const context = { manifests: [ns, np], tenancy: deriveTenancy([ns, np]) };
    const model = new NetworkModel(buildNodes(context, [np]));

    // WHEN the policy is added
    model.addPolicy(np);

    // THEN ingress is always isolated, egress only when the list is non-empty
    expect(model.ingressIsolated.has('acme-api')).toBe(true);
    expect(model.egressIsolated.has('acme-api')).toBe(isolated);
  });
});

describe('NetworkModel indexes', () => {
  const NAMES = ['a-1', 'a-2', 'b-1', 'b-2', 'c-1', 'ingress-nginx', 'kube-system', 'nowhere'];
  const labelKey = fc.constantFrom('kubernetes.io/metadata.name', 'tenantry.io/tenant', 'team');
  const labelValue = fc.constantFrom(...NAMES, 'a', 'b', 'x');
  const selector = fc.oneof(
    fc.record({ matchLabels: fc.dictionary(labelKey, labelValue, { maxKeys: 2 }) }),
    fc.record({
      matchExpressions: fc.array(
        fc.record({ key: labelKey, operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'Bogus'), values: fc.uniqueArray(labelValue, { maxLength: 3 }) }),
        { maxLength: 3 },
      ),
    }),
  );
  const peer = fc.oneof(
    selector.map((s) => ({ namespaceSelector: s })),
    fc.constantFrom({ ipBlock: { cidr: '10.0.0.0/8' } }, { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'] } }, { podSelector: {} }, {}),
  );
  const rule = (side: 'from' | 'to') =>
    fc.record({ [side]: fc.array(peer, { maxLength: 3 }), ports: fc.constantFrom(undefined, [{ protocol: 'TCP', port: 8000 }], [{ protocol: 'UDP', port: 53 }]) }, { requiredKeys: ['ports'] });
  const spec = fc.record({
    podSelector: fc.constantFrom({}, { matchLabels: { app: 'web' } }),
    policyTypes: fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress'], undefined),
    ingress: fc.array(rule('from'), { maxLength: 2 }),
    egress: fc.array(rule('to'), { maxLength: 2 }),
  });
  const input = fc.record({
    namespaces: fc.uniqueArray(fc.constantFrom('a-1', 'a-2', 'b-1', 'b-2', 'c-1'), { minLength: 1 }),
    specs: fc.array(fc.tuple(fc.nat(), spec), { maxLength: 8 }),
  });

  function model({ namespaces, specs }: { namespaces: string[]; specs: [number, Record<string, unknown>][] }) {
    const manifests = namespaces.map((ns) => ({ file: `dist/${ns[0]}/Namespace.${ns}.yaml`, folder: ns[0]!, object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'tenantry.io/tenant': ns[0]! } } } }));
    const policies = specs.map(([at, s], i) => {
      const ns = namespaces[at % namespaces.length]!;
      return { file: `dist/${ns[0]}/NetworkPolicy.${ns}.p${i}.yaml`, folder: ns[0]!, object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `p${i}`, namespace: ns }, spec: JSON.parse(JSON.stringify(s)) as Record<string, unknown> } };
    });
    const all = [...manifests, ...policies];
    const built = new NetworkModel(buildNodes({ manifests: all, tenancy: deriveTenancy(all) }, policies));
    for (const p of policies) built.addPolicy(p);
    return built;
  }

  it('matches a selector to the same namespaces, in the same order, as testing every node', () => {
    fc.assert(
      fc.property(input, fc.array(selector, { minLength: 1, maxLength: 5 }), (project, selectors) => {
        // GIVEN a network of random namespaces and policies
        const network = model(project);

        // WHEN each selector is matched through the name index
        const matched = selectors.map((s) => [...network.namespaces(s)]);

        // THEN it is what a scan of every node finds
        expect(matched).toEqual(selectors.map((s) => network.nodes.filter((n) => n.kind !== 'external' && selectorMatches(s, n)).map((n) => n.id)));
      }),
      { numRuns: 300 },
    );
  });

  it('lists the same edges, in the same order, as trying every pair of nodes', () => {
    fc.assert(
      fc.property(input, (project) => {
        // GIVEN a network of random namespaces and policies
        const network = model(project);

        // WHEN its edges are listed, visiting only the sources a destination admits
        const edges = network.edges();

        // THEN they are every pair of nodes with an open connection
        const everyPair = network.nodes.flatMap((to) => network.nodes.map((from) => ({ from: from.id, to: to.id, ports: network.connection(from.id, to.id) })));
        expect(edges).toEqual(everyPair.filter((e) => !isEmptyPorts(e.ports)));
      }),
      { numRuns: 300 },
    );
  });
});
