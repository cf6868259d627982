import { describe, expect, it } from 'vitest';
import { renderE2e, runE2e, type CommandResult } from '../../lib/bench/e2e';
import { parseArgs, type BenchOptions } from '../../lib/bench/options';
import { join } from 'node:path';
import { tempDirs } from '../support/temp';

const ROOT = join(import.meta.dirname, '..', '..');
const temporaryDir = tempDirs('tenantry-e2e-');

const result = (step: CommandResult['step'], wall: number, phases: Record<string, number> = {}): CommandResult => ({ step, wall, peakRss: 100 + wall / 100, phases, load: 1.5, summary: `${step} done` });

describe('renderE2e', () => {
  it('shows the median wall time, its range, peak RSS, load and phases per command', () => {
    // GIVEN
    const results = [result('no-change', 900, { load: 300 }), result('no-change', 700, { load: 200 }), result('no-change', 800, { load: 250 }), result('one-change', 950)];

    // WHEN
    const text = renderE2e({ tenants: 1000, teams: 3, runs: 3, dir: '/dev/shm', results });

    // THEN
    expect(text).toContain('| `npm run synth`, nothing changed | 0.80 s (0.70 s–0.90 s) | 108 MiB | 1.5, 1.5, 1.5 | load 0.25 s |');
    expect(text).toContain('| `npm run synth`, one tenant file changed | 0.95 s | 110 MiB | 1.5 | — |');
    expect(text).not.toContain('`npm run check`');
    expect(text).toContain('Last one-file-change synth said: one-change done');
  });
});

describe('runE2e', () => {
  it('runs the real commands on a generated project and measures each in its own processes', async () => {
    // GIVEN
    const options = { ...(parseArgs(['--tenants', '3', '--teams', '1', '--runs', '1']) as BenchOptions), dir: temporaryDir() };

    // WHEN
    const report = await runE2e(options, ROOT, () => undefined);

    // THEN
    expect(report.results.map((r) => r.step)).toEqual(['full', 'no-change', 'one-change', 'check']);
    for (const r of report.results) {
      expect(r.wall).toBeGreaterThan(0);
      expect(r.peakRss).toBeGreaterThan(20);
    }
    expect(report.results[0]!.phases.load).toBeGreaterThan(0);
    expect(report.results[2]!.summary).toMatch(/^dist\/: \d+ written, \d+ unchanged, 0 removed \(3\/4 folders from cache\)/);
    expect(report.results[3]!.summary).toMatch(/^check passed/);
  }, 300_000);
});
