import { describe, expect, it } from 'vitest';
import { resolveTenantResources, TenantResourcesSchema, tenantWhitelist } from '../../lib/spec/tenant-resources';
import { TENANT_WHITELIST } from '../../lib/spec/gitops-names';

const messages = (value: unknown) => (TenantResourcesSchema.safeParse(value).error?.issues ?? []).map((i) => `${i.path.join('.')} — ${i.message}`);
const AIM = { group: 'aim.eai.amd.com', kinds: ['AIMService', 'AIMModel', { kind: 'AIMArtifact', readOnly: true }] };

describe('TenantResourcesSchema', () => {
  it("accepts AIM Engine's namespaced kinds", () => {
    // GIVEN AIM's group with three kinds, one read-only
    // WHEN it is parsed
    // THEN it passes
    expect(messages([AIM])).toEqual([]);
  });

  it('fails when a group, kind or resource is a wildcard', () => {
    // GIVEN "*" as a group, as a kind and as a resource
    const value = [{ group: '*', kinds: ['AIMService'] }, { group: 'aim.eai.amd.com', kinds: ['*', { kind: 'AIMModel', resource: '*' }] }];

    // WHEN it is parsed
    // THEN each wildcard is refused at its field
    expect(messages(value)).toEqual([
      '0.group — a wildcard would grant every API group; list each group by name, such as "aim.eai.amd.com"',
      '1.kinds.0 — a wildcard would grant every kind of the group; list each kind by name, such as "AIMService"',
      `1.kinds.1.resource — a wildcard would grant every resource of the group; give the CRD's plural, such as "aimservices"`,
    ]);
  });

  it('fails for Kubernetes and GitOps groups, whose kinds Tenantry decides', () => {
    // GIVEN the core group, networking.k8s.io and argoproj.io
    const value = [{ group: '', kinds: ['ResourceQuota'] }, { group: 'networking.k8s.io', kinds: ['NetworkPolicy'] }, { group: 'argoproj.io', kinds: ['Application'] }];

    // WHEN it is parsed
    // THEN each is refused with why
    expect(messages(value)).toEqual([
      "0.group — is a Kubernetes API group, whose kinds Tenantry's own roles decide (the guardrails among them); list only the platform's own CRD groups",
      "1.group — is a Kubernetes API group, whose kinds Tenantry's own roles decide (the guardrails among them); list only the platform's own CRD groups",
      '2.group — is a GitOps group, whose kinds would apply further manifests under another identity; leave it out',
    ]);
  });

  it('fails for a cluster-scoped twin such as AIMClusterModel, and for a kind listed twice', () => {
    // GIVEN AIM's cluster-scoped model kind and AIMService twice
    const value = [{ group: 'aim.eai.amd.com', kinds: ['AIMClusterModel', 'AIMService', { kind: 'AIMService' }] }];

    // WHEN it is parsed
    // THEN both are reported
    expect(messages(value)).toEqual([
      '0.kinds.0 — is cluster-scoped: its name marks it as the cluster-scoped twin of a namespaced kind; tenants work inside their namespaces, so leave it out (or vendor its CRD into imports/crds/ if it is namespaced)',
      '0.kinds.2.kind — lists aim.eai.amd.com/AIMService a second time; list each kind once',
    ]);
  });

  it('does not take a kind that merely ends in Cluster for a cluster-scoped one', () => {
    // GIVEN a namespaced PostgresCluster
    // WHEN it is parsed
    // THEN it passes
    expect(messages([{ group: 'postgres-operator.crunchydata.com', kinds: ['PostgresCluster'] }])).toEqual([]);
  });
});

describe('resolveTenantResources', () => {
  it('fills in plurals and sorts by group and kind', () => {
    // GIVEN AIM's kinds in the write-up's order and one with its own plural
    const spec = TenantResourcesSchema.parse([{ group: 'example.com', kinds: [{ kind: 'Policy', resource: 'policies' }] }, AIM]);

    // WHEN they are resolved
    // THEN each has its RBAC resource name and read-only flag
    expect(resolveTenantResources(spec)).toEqual([
      { group: 'aim.eai.amd.com', kind: 'AIMArtifact', resource: 'aimartifacts', readOnly: true },
      { group: 'aim.eai.amd.com', kind: 'AIMModel', resource: 'aimmodels', readOnly: false },
      { group: 'aim.eai.amd.com', kind: 'AIMService', resource: 'aimservices', readOnly: false },
      { group: 'example.com', kind: 'Policy', resource: 'policies', readOnly: false },
    ]);
  });
});

describe('tenantWhitelist', () => {
  it("is Tenantry's whitelist followed by the writable platform kinds", () => {
    // GIVEN AIM's kinds resolved
    const kinds = resolveTenantResources(TenantResourcesSchema.parse([AIM]));

    // WHEN the whitelist is built
    // THEN the read-only AIMArtifact is left out
    expect(tenantWhitelist(kinds)).toEqual([
      ...TENANT_WHITELIST.map(({ group, kind }) => ({ group, kind })),
      { group: 'aim.eai.amd.com', kind: 'AIMModel' },
      { group: 'aim.eai.amd.com', kind: 'AIMService' },
    ]);
  });
});
