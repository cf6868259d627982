import { describe, expect, it } from 'vitest';
import { diffCost } from '../../lib/review/cost';
import { sideOf, tenant } from '../support/review-sides';

const PRICES = { prices: { cpuHour: 0.031, memoryGiBHour: 0.0035, storageGiBMonth: 0, hoursPerMonth: 720, sharedAgent: { replicas: 2, cpu: '4', memory: '8Gi' } } };

describe('diffCost', () => {
  it("prices a new dedicated agent as committed cost and leaves the ceiling alone", () => {
    // GIVEN acme's web team moving from the shared agent to 2 dedicated replicas of 4 CPU / 8 GiB
    const web = (agent: object) => [tenant('acme', 'soft', [{ id: 'web', quota: { cpu: '10', memory: '20Gi', storage: '0' }, agent }]), tenant('bolt', 'soft', [{ id: 'api' }])];
    const before = sideOf('base', PRICES, web({ mode: 'shared' }));
    const after = sideOf('head', PRICES, web({ mode: 'dedicated', replicas: 2, cpu: '4', memory: '8Gi', requests: { cpu: '4', memory: '8Gi' } }));

    // WHEN the costs are compared
    const cost = diffCost(before, after, ['acme', 'bolt']);

    // THEN acme commits $218.88 more, its ceiling is unchanged, and the pool is now split over one team
    expect(cost.tenants.get('acme')).toEqual({
      currency: 'USD',
      teams: [{ team: 'web', before: { committed: 0, ceiling: 273.6 }, after: { committed: 218.88, ceiling: 273.6 } }],
      total: { team: '(tenant)', before: { committed: 0, ceiling: 273.6 }, after: { committed: 218.88, ceiling: 273.6 } },
    });
    expect(cost.tenants.has('bolt')).toBe(false);
    expect(cost.sharedPool).toEqual({ currency: 'USD', teamsBefore: 2, teamsAfter: 1, perTeamBefore: 109.44, perTeamAfter: 218.88 });
  });

  it('has no ceiling without a quota, and no entry without a change', () => {
    // GIVEN a network-only tenant (no quota) that gains a team
    const before = sideOf('base', PRICES, [tenant('acme', 'network-only', [{ id: 'web' }])]);
    const after = sideOf('head', PRICES, [tenant('acme', 'network-only', [{ id: 'web' }, { id: 'jobs' }])]);

    // WHEN compared
    const cost = diffCost(before, after, ['acme']);

    // THEN the new team has no ceiling; the same side twice has nothing to say
    expect(cost.tenants.get('acme')!.teams).toEqual([{ team: 'jobs', after: { committed: 0 } }]);
    expect(diffCost(before, before, ['acme'])).toEqual({ tenants: new Map() });
  });
});
