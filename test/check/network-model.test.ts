import { describe, expect, it } from 'vitest';
import { buildNodes, ipBlockReach, NetworkModel, OTHER_NODE, selectorMatches, type NetworkNode } from '../../lib/check/network-model';
import { deriveTenancy } from '../../lib/check/findings';

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
