import { describe, expect, it } from 'vitest';
import { diffQuota, quotasOf } from '../../lib/review/quota';
import { sideOf, tenant } from '../support/review-sides';

const acme = (cpu: string, budget = '8') =>
  sideOf('side', {}, [tenant('acme', 'soft', [{ id: 'web', environments: ['dev', 'prod'], quota: { cpu, memory: '4Gi' } }], { quota: { cpu: budget } })]);

describe('diffQuota', () => {
  it('lists each namespace before → after and the tenant total against its budget', () => {
    // GIVEN acme's web team raised from 2 to 3 CPUs in both environments, budget 8
    // WHEN the quotas are compared
    const quota = diffQuota(acme('2'), acme('3'), ['acme']).get('acme')!;

    // THEN both namespaces change and the total uses 75% of the budget
    expect(quota.namespaces).toEqual([
      { namespace: 'acme-web-dev', resource: 'requests.cpu', before: '2', after: '3' },
      { namespace: 'acme-web-dev', resource: 'limits.cpu', before: '2', after: '3' },
      { namespace: 'acme-web-prod', resource: 'requests.cpu', before: '2', after: '3' },
      { namespace: 'acme-web-prod', resource: 'limits.cpu', before: '2', after: '3' },
    ]);
    expect(quota.totals).toEqual([
      { resource: 'requests.cpu', before: '4', after: '6', budget: '8', budgetUse: 75 },
      { resource: 'limits.cpu', before: '4', after: '6', budget: '8', budgetUse: 75 },
    ]);
  });

  it('reports a budget change alone, and nothing for an equal quantity written differently', () => {
    // GIVEN the budget raised from 8 to 16, and the team quota rewritten as 2000m
    // WHEN compared
    const quota = diffQuota(acme('2'), acme('2000m', '16'), ['acme']).get('acme')!;

    // THEN no namespace row, and the totals show the new budget and its use
    expect(quota.namespaces).toEqual([]);
    expect(quota.totals.map((t) => `${t.resource} ${t.budgetBefore} → ${t.budget} ${t.budgetUse}%`)).toEqual(['requests.cpu 8 → 16 25%', 'limits.cpu 8 → 16 25%']);
  });

  it('has no entry for an unchanged tenant', () => {
    // GIVEN the same quota on both sides
    // WHEN compared
    // THEN nothing is reported
    expect(diffQuota(acme('2'), acme('2'), ['acme']).size).toBe(0);
  });
});

describe('quotasOf', () => {
  it('reads every followed key of the ResourceQuotas', () => {
    // GIVEN acme's quotas
    // WHEN read
    // THEN each namespace has its requests and limits
    expect(quotasOf(acme('2'), 'acme').get('acme-web-dev')).toMatchObject({ 'requests.cpu': '2', 'limits.cpu': '2', 'requests.memory': '4Gi', 'limits.memory': '4Gi' });
  });
});
