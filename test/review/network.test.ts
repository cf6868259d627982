import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { diffNetwork } from '../../lib/review/network';
import { sideOf, tenant } from '../support/review-sides';

const tenants = [tenant('acme', 'soft', [{ id: 'web' }]), tenant('bolt', 'hard', [{ id: 'api' }])];

/** A policy added to dist/ by hand that lets tenant acme into bolt-api, selecting by name as Tenantry does. */
const admitAcme = (files: Map<string, string>) =>
  files.set(
    'bolt/NetworkPolicy.bolt-api.allow-acme.yaml',
    stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-acme', namespace: 'bolt-api' },
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['acme-web'] }] } }], ports: [{ port: 8080 }] }] },
    }),
  );

describe('diffNetwork', () => {
  it('flags a new connection across tenants and files it under both', () => {
    // GIVEN bolt-api opened to acme by hand
    const before = sideOf('base', {}, tenants);
    const after = sideOf('head', {}, tenants, admitAcme);

    // WHEN the matrices are compared
    const diff = diffNetwork(before, after);

    // THEN the one new edge crosses tenants, and both tenants list it
    expect(diff.edges).toEqual([{ change: 'added', from: 'acme-web', to: 'bolt-api', after: '8080/TCP', crossTenant: true }]);
    expect([...diff.tenants.keys()]).toEqual(['acme', 'bolt']);
  });

  it('reports the ports of a connection that changes, and nothing when nothing does', () => {
    // GIVEN bolt's egress to the internet widened from 443 to 443 and 8443
    const egress = (ports: number[]) => [tenant('bolt', 'hard', [{ id: 'api', network: { externalEgress: true, externalEgressPorts: ports } }])];
    const before = sideOf('base', {}, egress([443]));
    const after = sideOf('head', {}, egress([443, 8443]));

    // WHEN compared
    // THEN the external edge changed, not crossing tenants
    expect(diffNetwork(before, after).edges).toEqual([{ change: 'changed', from: 'bolt-api', to: '(external)', before: '443/TCP', after: '443/TCP, 8443/TCP', crossTenant: false }]);
    expect(diffNetwork(before, before).edges).toEqual([]);
  });
});
