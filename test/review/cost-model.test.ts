import { describe, expect, it } from 'vitest';
import { money, moneyDelta, monthlyCost, sharedShare, sharedTeams, teamCosts } from '../../lib/review/cost-model';
import { snapshotOf } from '../../lib/review/snapshot';
import type { ResolvedPrices } from '../../lib/spec/resolve';
import { validateProject } from '../../lib/spec/loader';
import { synthesizeAll } from '../../lib/synth/folder-jobs';

/*
 * The IncidentFox write-up (shared/seeds/004) prices agents at $0.031 per CPU-hour and
 * $0.0035 per GiB-hour over 720 hours: 10 teams sharing 2 pods of 4 CPU / 8 GiB cost about
 * $22 a team a month; 10 teams with 2 such dedicated pods each, about $219.
 */
const INCIDENTFOX: ResolvedPrices = {
  cpuHour: 0.031,
  memoryGiBHour: 0.0035,
  storageGiBMonth: 0,
  hoursPerMonth: 720,
  currency: 'USD',
  sharedAgent: { replicas: 2, cpu: '4', memory: '8Gi' },
};

/** Ten tenants of one team each, every agent shared or every agent dedicated (2 × 4 CPU / 8 GiB). */
function tenTeams(mode: 'shared' | 'dedicated') {
  const tenants = Array.from({ length: 10 }, (_, i) => ({
    file: `tenants/team${i}.ts`,
    value: {
      id: `team${i}`,
      name: `Team ${i}`,
      owner: `lead@team${i}.example`,
      isolation: 'soft',
      teams: [{ id: 'sre', agent: mode === 'dedicated' ? { mode, replicas: 2, cpu: '4', memory: '8Gi', requests: { cpu: '4', memory: '8Gi' } } : { mode } }],
    },
  }));
  const project = validateProject({ file: 'platform.ts', value: {} }, tenants);
  if (!project.ok) throw new Error(project.errors.join('\n'));
  const files = new Map<string, string>();
  for (const output of synthesizeAll(project)) for (const [name, content] of output.files) files.set(`${output.folder}/${name}`, content);
  return snapshotOf({ label: 'head', files, project });
}

describe('the IncidentFox scenarios', () => {
  it('prices 10 teams on a shared pool of 2 pods at about $22 a team', () => {
    // GIVEN ten teams on the shared agent
    const costs = teamCosts(tenTeams('shared'));

    // WHEN the pool is split among them
    const share = sharedShare(INCIDENTFOX, sharedTeams(costs));

    // THEN each pays a tenth of 2 × (4 × 0.031 + 8 × 0.0035) × 720 = $218.88
    expect(sharedTeams(costs)).toBe(10);
    expect(share).toBeCloseTo(21.888, 6);
    expect(money(share)).toBe('$21.89');
    expect(costs.every((c) => monthlyCost(c.committed, INCIDENTFOX) === 0)).toBe(true);
  });

  it('prices 10 teams with 2 dedicated pods each at about $219 a team', () => {
    // GIVEN ten teams with dedicated agents of 2 replicas requesting 4 CPU and 8 GiB
    const costs = teamCosts(tenTeams('dedicated'));

    // WHEN their committed cost is priced
    const perTeam = costs.map((c) => monthlyCost(c.committed, INCIDENTFOX));

    // THEN each team commits 2 × (4 × 0.031 + 8 × 0.0035) × 720 = $218.88, and none shares the pool
    expect(perTeam).toHaveLength(10);
    for (const cost of perTeam) expect(cost).toBeCloseTo(218.88, 6);
    expect(money(perTeam.reduce((s, c) => s + c, 0))).toBe('$2,188.80');
    expect(sharedTeams(costs)).toBe(0);
  });
});

describe('monthlyCost', () => {
  it('adds cpu and memory by the hour and storage by the month', () => {
    // GIVEN OpenCost's default prices
    const prices: ResolvedPrices = { cpuHour: 0.031611, memoryGiBHour: 0.004237, storageGiBMonth: 0.04, hoursPerMonth: 730, currency: 'USD' };

    // WHEN 2 CPU, 4 GiB and 20 GiB of storage are priced
    const cost = monthlyCost({ cpu: 2, memoryGiB: 4, storageGiB: 20 }, prices);

    // THEN (2 × 0.031611 + 4 × 0.004237) × 730 + 20 × 0.04
    expect(cost).toBeCloseTo((2 * 0.031611 + 4 * 0.004237) * 730 + 0.8, 9);
    expect(money(cost)).toBe('$59.32');
  });

  it('shares nothing when no pool is priced or no team uses it', () => {
    // GIVEN prices without a shared pool, and a pool nobody uses
    const { sharedAgent: _pool, ...withoutPool } = INCIDENTFOX;

    // WHEN shares are computed
    // THEN both are 0
    expect(sharedShare(withoutPool, 10)).toBe(0);
    expect(sharedShare(INCIDENTFOX, 0)).toBe(0);
  });
});

describe('money', () => {
  it('writes cents, thousands separators and signed deltas', () => {
    // GIVEN amounts in dollars and another currency
    // WHEN written
    // THEN they read as a reviewer expects
    expect(money(1234567.891)).toBe('$1,234,567.89');
    expect(money(3, 'EUR')).toBe('EUR 3.00');
    expect(moneyDelta(-2.5)).toBe('-$2.50');
    expect(moneyDelta(0.001)).toBe('+$0.00');
  });
});
