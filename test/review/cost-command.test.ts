import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderShowback, runCost, showback } from '../../lib/review/cost-command';
import { sideOf, tenant } from '../support/review-sides';

const PRICES = { prices: { cpuHour: 0.031, memoryGiBHour: 0.0035, storageGiBMonth: 0.04, hoursPerMonth: 720, sharedAgent: { replicas: 2, cpu: '4', memory: '8Gi' } } };
const dedicated = { mode: 'dedicated', replicas: 2, cpu: '4', memory: '8Gi', requests: { cpu: '4', memory: '8Gi' } };

afterEach(() => vi.restoreAllMocks());

describe('showback', () => {
  it('adds committed and shared cost per team and tenant, with the quota ceiling beside', () => {
    // GIVEN acme with a dedicated team and a shared one, bolt on the shared agent without quota
    const side = sideOf('head', PRICES, [
      tenant('acme', 'soft', [{ id: 'sre', agent: dedicated, quota: { cpu: '10', memory: '20Gi', storage: '10Gi' } }, { id: 'web' }]),
      tenant('bolt', 'network-only', [{ id: 'api' }]),
    ]);

    // WHEN the showback is computed
    const result = showback(side);

    // THEN the pool (2 × 4 CPU / 8 GiB = $218.88) splits over the two shared teams, the dedicated team commits $218.88
    expect(result.sharedPool).toEqual({ teams: 2, perTeam: 109.44, monthly: 218.88 });
    expect(result.teams.map((t) => [t.tenant, t.team, t.agent, t.committed, t.shared, t.total, t.ceiling])).toEqual([
      ['acme', 'sre', 'dedicated', 218.88, 0, 218.88, 274], // (10 × 0.031 + 20 × 0.0035) × 720 + 10 × 0.04
      ['acme', 'web', 'shared', 0, 109.44, 109.44, 55.52], // (2 × 0.031 + 4 × 0.0035) × 720 + 20 × 0.04
      ['bolt', 'api', 'shared', 0, 109.44, 109.44, undefined],
    ]);
    expect(result.tenants.map((t) => [t.tenant, t.total, t.ceiling])).toEqual([
      ['acme', 328.32, 329.52],
      ['bolt', 109.44, undefined],
    ]);
    expect(result.total).toBe(437.76);
    expect(renderShowback(result)).toContain('Shared agent pool: 2 × (4 CPU, 8Gi) = $218.88, split among 2 teams: $109.44 each');
  });

  it('puts the whole pool on a team that is the only one using it', () => {
    // GIVEN one shared team beside a dedicated one
    const side = sideOf('head', PRICES, [tenant('acme', 'soft', [{ id: 'sre', agent: dedicated }, { id: 'web' }])]);

    // WHEN the showback is computed and rendered
    const result = showback(side);

    // THEN web carries the $218.88 and the line says so without "1 teams"
    expect(result.sharedPool).toEqual({ teams: 1, perTeam: 218.88, monthly: 218.88 });
    expect(renderShowback(result)).toContain('Shared agent pool: 2 × (4 CPU, 8Gi) = $218.88, all on the one team that uses it');
  });
});

describe('runCost', () => {
  it('fails when an option is unknown', async () => {
    // GIVEN an unknown option
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    // WHEN cost runs
    const code = await runCost(['--csv'], '/nonexistent');

    // THEN it exits 2 with the usage
    expect(code).toBe(2);
    expect(error.mock.calls[0]![0]).toBe('cost: unknown option "--csv"\nusage: npm run cost [-- --json]');
  });
});
