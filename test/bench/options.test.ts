import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../lib/bench/options';

describe('parseArgs', () => {
  it('reads every option', () => {
    // GIVEN
    const args = ['--tenants', '50', '--teams=2', '--runs', '5', '--seed', '9', '--workers', '0', '--dir', '/tmp/x', '--no-baseline', '--no-incremental', '--json', '--e2e'];

    // WHEN
    const options = parseArgs(args);

    // THEN
    expect(options).toEqual({ tenants: 50, teams: 2, runs: 5, seed: 9, workers: 0, dir: '/tmp/x', baseline: false, incremental: false, json: true, e2e: true });
  });

  it('fails when --tenants is not a whole number', () => {
    // GIVEN
    const args = ['--tenants', 'many'];

    // WHEN
    const result = parseArgs(args);

    // THEN
    expect(result).toBe('--tenants expects a whole number of at least 1, got "many"');
  });

  it('fails when an option is unknown', () => {
    // GIVEN
    const args = ['--tenant', '5'];

    // WHEN
    const result = parseArgs(args);

    // THEN
    expect(result).toBe('unknown option "--tenant"');
  });
});
