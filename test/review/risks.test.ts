import { describe, expect, it } from 'vitest';
import { diffAccess } from '../../lib/review/access';
import { diffNetwork } from '../../lib/review/network';
import { diffObjects } from '../../lib/review/objects';
import { riskFlags } from '../../lib/review/risks';
import type { Snapshot } from '../../lib/review/snapshot';
import { snapshotOf } from '../../lib/review/snapshot';
import { sideOf, tenant } from '../support/review-sides';

function flags(before: Snapshot, after: Snapshot) {
  const tenants = ['acme', 'bolt'];
  return riskFlags({ before, after, objects: diffObjects(before, after), access: diffAccess(before, after, tenants), network: diffNetwork(before, after).tenants }).map((f) => `${f.kind}: ${f.message}`);
}

const custom = (podSecurity: string) => ({ custom: { network: 'deny-all', quota: true, nodes: 'shared', storage: 'shared', agent: 'shared', podSecurity } });

describe('riskFlags', () => {
  it('flags Pod Security loosened and isolation lowered', () => {
    // GIVEN a custom isolation going from restricted to baseline
    const before = sideOf('base', {}, [tenant('acme', custom('restricted'), [{ id: 'web' }])]);
    const after = sideOf('head', {}, [tenant('acme', custom('baseline'), [{ id: 'web' }])]);

    // WHEN the risks are listed
    // THEN both say what weakened
    expect(flags(before, after)).toEqual([
      'isolation-lowered: isolation lowered for tenant acme: custom → custom (podSecurity restricted → baseline)',
      'pod-security-loosened: Pod Security loosened in acme-web: enforce restricted → baseline',
    ]);
  });

  it('flags a default-deny policy or quota removed by hand, but not a removed allow policy', () => {
    // GIVEN dist/ where acme-web lost its default-deny, its quota and its DNS allow policy
    const before = sideOf('base', {}, [tenant('acme', 'hard', [{ id: 'web' }])]);
    const after = sideOf('head', {}, [tenant('acme', 'hard', [{ id: 'web' }])], (files) => {
      for (const name of ['NetworkPolicy.acme-web.default-deny.yaml', 'ResourceQuota.acme-web.quota.yaml', 'NetworkPolicy.acme-web.allow-dns.yaml']) files.delete(`acme/${name}`);
    });

    // WHEN the risks are listed
    const found = flags(before, after);

    // THEN the two guardrails are flagged, the allow policy is not
    expect(found.filter((f) => f.startsWith('guardrail-removed'))).toEqual([
      'guardrail-removed: guardrail removed: NetworkPolicy acme-web/default-deny, while namespace acme-web stays',
      'guardrail-removed: guardrail removed: ResourceQuota acme-web/quota, while namespace acme-web stays',
    ]);
  });

  it('flags a tenant removed with the objects and namespaces pruned', () => {
    // GIVEN bolt gone
    const before = sideOf('base', {}, [tenant('acme', 'soft', [{ id: 'web' }]), tenant('bolt', 'soft', [{ id: 'api' }, { id: 'jobs' }])]);
    const after = sideOf('head', {}, [tenant('acme', 'soft', [{ id: 'web' }])]);

    // WHEN the risks are listed
    // THEN the prune is spelled out
    expect(flags(before, after)).toEqual([
      `tenant-removed: tenant bolt is removed (its tenant file is gone): Argo CD or Flux prunes its ${[...before.objects.values()].filter((e) => e.folder === 'bolt').length} objects, including namespaces bolt-api, bolt-jobs with everything in them (volumes too)`,
    ]);
  });

  it('counts the tenants a platform change touches', () => {
    // GIVEN a platform default that changes only acme's namespace (bolt sets its own quota)
    const tenants = [tenant('acme', 'soft', [{ id: 'web' }]), tenant('bolt', 'soft', [{ id: 'api', quota: { cpu: '1' } }])];
    const before = sideOf('base', { defaults: { quota: { cpu: '2' } } }, tenants);
    const after = sideOf('head', { defaults: { quota: { cpu: '3' } } }, tenants);

    // WHEN the risks are listed
    // THEN the change touches 1 of 2 tenants
    expect(flags(before, after)).toEqual(['platform-wide: platform-wide change: platform.ts changed, touching 1 of 2 tenants']);
  });

  it('flags specs that do not load on a side', () => {
    // GIVEN a head whose tenant files fail
    const side = sideOf('base', {}, [tenant('acme', 'soft', [{ id: 'web' }])]);
    const broken = snapshotOf({ label: 'head', files: new Map(), errors: ['tenants/acme.ts: id — missing'] });

    // WHEN the risks are listed
    // THEN the first error is named
    expect(flags(side, broken)[0]).toBe('spec-invalid: the head specs do not load (1 error, first: tenants/acme.ts: id — missing); spec-based figures (budgets, isolation) are left out');
  });
});
