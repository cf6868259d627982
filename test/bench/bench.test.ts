import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runBench } from '../../lib/bench/bench';
import type { BenchReport } from '../../lib/bench/report';

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
