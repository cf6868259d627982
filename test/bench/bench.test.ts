import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BENCH_PLATFORM, generateTenants, median, parseArgs, runBench, type BenchReport } from '../../lib/bench/bench';
import { validateProject } from '../../lib/spec/loader';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tempDirs: string[] = [];

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('runBench', () => {
  it('measures a tiny project end to end and cleans up after itself', async () => {
    // GIVEN
    const dir = mkdtempSync(join(tmpdir(), 'tenantry-bench-test-'));
    tempDirs.push(dir);
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));

    // WHEN
    const code = await runBench(['--tenants', '5', '--runs', '1', '--json', '--dir', dir], ROOT).finally(() => log.mockRestore());

    // THEN
    expect(code).toBe(0);
    const report = JSON.parse(printed.join('\n')) as BenchReport;
    expect(report.tenantry.objects).toBeGreaterThan(5);
    expect(report.cdk8s?.objects).toBe(report.tenantry.objects);
    expect(report.incremental?.noChange).toMatchObject({ written: 0, rebuilt: 0 });
    expect(report.incremental?.oneChange.rebuilt).toBe(1);
    expect(report.incremental?.oneChange.written).toBeGreaterThan(0);
    expect(report.incremental?.oneChange.touchedOutside).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  }, 180_000);
});

describe('parseArgs', () => {
  it('reads every option', () => {
    // GIVEN
    const args = ['--tenants', '50', '--teams=2', '--runs', '5', '--seed', '9', '--workers', '0', '--dir', '/tmp/x', '--no-baseline', '--no-incremental', '--json'];

    // WHEN
    const options = parseArgs(args);

    // THEN
    expect(options).toEqual({ tenants: 50, teams: 2, runs: 5, seed: 9, workers: 0, dir: '/tmp/x', baseline: false, incremental: false, json: true });
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

describe('generateTenants', () => {
  it('always generates tenants that pass validation, the same ones for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 14 }), fc.nat(), (tenants, teams, seed) => {
        // GIVEN
        const options = { tenants, teams, seed };

        // WHEN
        const first = generateTenants(options);
        const result = validateProject({ file: 'platform.ts', value: BENCH_PLATFORM }, first);

        // THEN
        expect(result.ok ? [] : result.errors).toEqual([]);
        expect(generateTenants(options)).toEqual(first);
      }),
      { numRuns: 30 },
    );
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    // GIVEN
    const odd = [5, 1, 3];
    const even = [4, 1, 3, 2];

    // WHEN
    const results = [median(odd), median(even)];

    // THEN
    expect(results).toEqual([3, 2.5]);
  });
});
