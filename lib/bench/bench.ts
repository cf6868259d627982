/*
 * `npm run bench`: N synthetic tenants (deterministic from a seed, in memory, never in
 * tenants/) through the real pipeline, against a plain cdk8s App built from the same
 * Tenant constructs. Each measurement runs in its own child process, so its peak RSS
 * is its own. Not a test: nothing here asserts a time.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runChild, spawnChild, type ChildConfig, type Step, type Variant, type VariantResult } from './measure';
import { parseArgs, USAGE } from './options';
import { renderReport, summarize } from './report';

export async function runBench(args: readonly string[], root: string): Promise<number> {
  if (args[0] === 'fleet') return (await import('./fleet')).runFleetBench(args.slice(1));
  const child = args.indexOf('--child');
  if (child >= 0) return runChild(JSON.parse(args[child + 1] ?? '{}') as ChildConfig);
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    console.error(`${parsed}\n${USAGE}`);
    return 2;
  }
  const options = parsed;
  if (options.e2e) {
    const { renderE2e, runE2e } = await import('./e2e');
    const report = await runE2e(options, root, (line) => options.json || console.error(line));
    console.log(options.json ? JSON.stringify(report, null, 2) : renderE2e(report));
    return 0;
  }
  mkdirSync(options.dir, { recursive: true });
  const workDir = mkdtempSync(join(options.dir, 'tenantry-bench-'));
  const log = (line: string) => {
    if (!options.json) console.error(line);
  };
  try {
    const results: VariantResult[] = [];
    const config = (variant: Variant): ChildConfig => ({ variant, tenants: options.tenants, teams: options.teams, seed: options.seed, workers: options.workers, dir: workDir });
    for (let run = 1; run <= options.runs; run++) {
      // Alternate the order so neither variant always runs on a disk still busy with the other's files.
      const order: Variant[] = options.baseline ? (run % 2 ? ['tenantry', 'cdk8s'] : ['cdk8s', 'tenantry']) : ['tenantry'];
      if (options.incremental) order.push('incremental');
      for (const variant of order) {
        log(`run ${run}/${options.runs}: ${variant}…`);
        if (variant !== 'incremental') {
          results.push(await spawnChild(root, config(variant)));
          continue;
        }
        const dir = mkdtempSync(join(workDir, 'incremental-'));
        const steps: Partial<Record<Step, VariantResult>> = {};
        for (const step of ['full', 'no-change', 'one-change'] as const) steps[step] = await spawnChild(root, { ...config(variant), step, dir });
        results.push({ ...steps.full!, noChange: steps['no-change']!.noChange, oneChange: steps['one-change']!.oneChange });
      }
    }
    log('phase breakdown (one thread)…');
    const breakdown = await spawnChild(root, config('breakdown'));
    const report = summarize(options, results, breakdown);
    if (options.json) console.log(JSON.stringify(report, null, 2));
    else console.log(renderReport(report));
    return 0;
  } finally {
    log('removing the temporary dist/ folders…');
    rmSync(workDir, { recursive: true, force: true });
  }
}
