import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fleetTenants, runFleetBench } from '../../lib/bench/fleet';

describe('fleet bench', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenantry-fleet-bench-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('places tenant i on cluster i mod N, every tenth also on the next', () => {
    const placed = fleetTenants(20, 1, 3).map((s) => (s.value as { placement: { clusters: string[] } }).placement.clusters);
    expect(placed.slice(0, 3)).toEqual([['c0'], ['c1'], ['c2']]);
    expect(placed[9]).toEqual(['c0', 'c1']);
    expect(placed[19]).toEqual(['c1', 'c2']);
  });

  it('reports folders, objects, times and memory as JSON, and leaves no folder behind', async () => {
    // GIVEN a small fleet
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    // WHEN the fleet case runs
    const code = await runFleetBench(['--tenants', '10', '--clusters', '3', '--json', '--dir', dir]);
    const report = JSON.parse(String(log.mock.calls[0]![0])) as Record<string, number>;
    log.mockRestore();
    // THEN it succeeds with every figure, one platform folder per cluster and a hub plus cluster folders per tenant
    expect(code).toBe(0);
    expect(report).toMatchObject({ tenants: 10, teams: 3, clusters: 3, folders: 1 + 3 + 10 + 11 });
    for (const key of ['objects', 'validateSeconds', 'synthSeconds', 'objectsPerSecond', 'peakRssMiB']) expect(report[key]).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails when a count is not a whole number', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await runFleetBench(['--clusters', 'many'])).toBe(2);
    expect(String(error.mock.calls[0]![0])).toBe(
      'bench fleet: --tenants, --teams and --clusters expect a whole number of at least 1\nusage: npm run bench -- fleet [--tenants N] [--teams N] [--clusters N] [--dir PATH] [--json]',
    );
    error.mockRestore();
  });
});
