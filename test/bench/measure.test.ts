import { readdirSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { generateTenants } from '../../lib/bench/generate';
import { measure, round, runChild, type ChildConfig, type VariantResult } from '../../lib/bench/measure';
import type { TenantSpec } from '../../lib/spec/schema';
import { tempDirs } from '../support/temp';

const tempDir = tempDirs('tenantry-measure-test-');
const SLOW = 120_000;
const tiny = (config: Partial<ChildConfig> & Pick<ChildConfig, 'variant'>): ChildConfig => ({ tenants: 3, teams: 2, seed: 5, workers: 0, dir: tempDir(), ...config });

describe('round', () => {
  it.each([
    [1.24, 1.2],
    [1.25, 1.3],
    [0, 0],
    [1234.5678, 1234.6],
    [-1.26, -1.3],
  ])('rounds %s to %s, one decimal', (value, expected) => {
    // GIVEN / WHEN
    const rounded = round(value);

    // THEN
    expect(rounded).toBe(expected);
  });
});

describe('measure', () => {
  it('measures tenantry and plain cdk8s on the same tiny project, with the same objects', async () => {
    // GIVEN
    const [tenantryConfig, cdk8sConfig] = [tiny({ variant: 'tenantry' }), tiny({ variant: 'cdk8s' })];

    // WHEN
    const tenantry = await measure(tenantryConfig);
    const cdk8s = await measure(cdk8sConfig);

    // THEN
    expect(tenantry.variant).toBe('tenantry');
    expect(tenantry.objects).toBeGreaterThan(3);
    expect(cdk8s.objects).toBe(tenantry.objects);
    // Tenantry writes one file per object plus a kustomization.yaml per folder (platform + 3 tenants).
    expect(tenantry.files).toBe(tenantry.objects + 4);
    expect(tenantry.wall).toBeGreaterThan(0);
    expect(Object.keys(tenantry.phases)).toEqual(['validate', 'plan', 'workerStartup', 'build', 'stage', 'commit', 'workers']);
    expect(tenantry.phases.workers).toBe(0);
    expect(Object.keys(cdk8s.phases)).toEqual(['validate', 'build', 'synth']);
    expect(readdirSync(tenantryConfig.dir).map((d) => d.replace(/-.*/, ''))).toEqual(['tenantry']);
  }, SLOW);

  it('splits one thread\'s time into validating, building and serializing, writing nothing', async () => {
    // GIVEN
    const config = tiny({ variant: 'breakdown' });

    // WHEN
    const result = await measure(config);

    // THEN
    expect(result).toMatchObject({ variant: 'breakdown', files: 0 });
    expect(result.objects).toBeGreaterThan(3);
    expect(Object.keys(result.phases)).toEqual(['validate', 'build', 'serialize']);
    expect(readdirSync(config.dir)).toEqual([]);
  }, SLOW);

  it('runs the incremental steps in one dist/: a full synth, nothing changed, then one tenant changed', async () => {
    // GIVEN
    const dir = tempDir();
    const step = (s: ChildConfig['step']) => measure(tiny({ variant: 'incremental', step: s, dir }));
    const changed = (generateTenants({ tenants: 3, teams: 2, seed: 5 })[1]!.value as TenantSpec).id;

    // WHEN
    const full = await step('full');
    const noChange = await step('no-change');
    const oneChange = await step('one-change');

    // THEN
    expect(full.noChange).toBeUndefined();
    expect(full.oneChange).toBeUndefined();
    expect(noChange.noChange).toMatchObject({ written: 0, rebuilt: 0 });
    expect(oneChange.oneChange).toMatchObject({ tenant: changed, rebuilt: 1 });
    expect(oneChange.oneChange!.written).toBeGreaterThan(0);
    expect(oneChange.oneChange!.touched.length).toBeGreaterThan(0);
    expect(oneChange.oneChange!.touched.every((path) => path.startsWith(`${changed}/`))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['cache.json', 'dist']);
  }, SLOW);
});

describe('runChild', () => {
  it('prints one result line with the peak memory, and exits 0', async () => {
    // GIVEN
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));

    // WHEN
    const code = await runChild(tiny({ variant: 'breakdown' })).finally(() => log.mockRestore());

    // THEN
    expect(code).toBe(0);
    expect(printed).toHaveLength(1);
    expect(printed[0]!.startsWith('TENANTRY_BENCH_RESULT {')).toBe(true);
    const result = JSON.parse(printed[0]!.slice('TENANTRY_BENCH_RESULT '.length)) as VariantResult;
    expect(result.variant).toBe('breakdown');
    expect(result.peakRss).toBeGreaterThan(0);
    expect(result.peakRss).toBe(round(result.peakRss));
  }, SLOW);
});
