/* The benchmark's medians and its table. */
import { availableParallelism, cpus } from 'node:os';
import { round, type Variant, type VariantResult } from './measure';
import type { BenchOptions } from './options';

export interface BenchReport {
  readonly machine: { readonly cores: number; readonly cpu: string; readonly node: string; readonly platform: string };
  readonly options: Omit<BenchOptions, 'json' | 'dir'>;
  readonly tenantry: Summary;
  readonly cdk8s?: Summary;
  /** Tenantry's objects per second over the baseline's. */
  readonly ratio?: number;
  readonly incremental?: {
    readonly noChange: { readonly wall: number; readonly written: number; readonly rebuilt: number; readonly phases: Readonly<Record<string, number>> };
    readonly oneChange: {
      readonly wall: number;
      readonly tenant: string;
      readonly written: number;
      readonly rebuilt: number;
      readonly touchedOutside: readonly string[];
      readonly phases: Readonly<Record<string, number>>;
    };
  };
  readonly breakdown?: Readonly<Record<string, number>>;
  readonly runs: readonly VariantResult[];
}

/** Medians over the runs. */
export interface Summary {
  readonly objects: number;
  readonly files: number;
  readonly wall: number;
  readonly objectsPerSecond: number;
  readonly peakRss: number;
  readonly phases: Readonly<Record<string, number>>;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function medianPhases(all: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const phases: Record<string, number> = {};
  for (const key of Object.keys(all[0] ?? {})) phases[key] = round(median(all.map((p) => p[key]!)));
  return phases;
}

function summarizeVariant(results: readonly VariantResult[]): Summary {
  const phases = medianPhases(results.map((r) => r.phases));
  const wall = median(results.map((r) => r.wall));
  return {
    objects: results[0]!.objects,
    files: results[0]!.files,
    wall: round(wall),
    objectsPerSecond: Math.round(median(results.map((r) => (r.objects / r.wall) * 1000))),
    peakRss: round(median(results.map((r) => r.peakRss))),
    phases,
  };
}

export function summarize(options: BenchOptions, results: readonly VariantResult[], breakdown?: VariantResult): BenchReport {
  const of = (variant: Variant) => results.filter((r) => r.variant === variant);
  const tenantry = summarizeVariant(of('tenantry'));
  const cdk8s = of('cdk8s').length ? summarizeVariant(of('cdk8s')) : undefined;
  const incremental = of('incremental');
  const { json, dir, ...rest } = options;
  return {
    machine: { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` },
    options: rest,
    tenantry,
    cdk8s,
    ratio: cdk8s ? round(tenantry.objectsPerSecond / cdk8s.objectsPerSecond) : undefined,
    incremental: incremental.length
      ? {
          noChange: {
            wall: round(median(incremental.map((r) => r.noChange!.wall))),
            written: Math.max(...incremental.map((r) => r.noChange!.written)),
            rebuilt: Math.max(...incremental.map((r) => r.noChange!.rebuilt)),
            phases: medianPhases(incremental.map((r) => r.noChange!.phases)),
          },
          oneChange: {
            wall: round(median(incremental.map((r) => r.oneChange!.wall))),
            tenant: incremental[0]!.oneChange!.tenant,
            written: Math.max(...incremental.map((r) => r.oneChange!.written)),
            rebuilt: Math.max(...incremental.map((r) => r.oneChange!.rebuilt)),
            touchedOutside: [...new Set(incremental.flatMap((r) => r.oneChange!.touched.filter((path) => !path.startsWith(`${r.oneChange!.tenant}/`))))].sort(),
            phases: medianPhases(incremental.map((r) => r.oneChange!.phases)),
          },
        }
      : undefined,
    breakdown: breakdown?.phases,
    runs: results,
  };
}

const plural = (n: number, noun: string) => `${thousands(n)} ${noun}${n === 1 ? '' : 's'}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

export function renderReport(report: BenchReport): string {
  const { options, tenantry, cdk8s, incremental } = report;
  const lines = [
    `Tenantry bench: ${thousands(options.tenants)} tenants × ${options.teams} teams (seed ${options.seed}), ${thousands(tenantry.objects)} objects in ${thousands(tenantry.files)} files; median of ${options.runs} run${options.runs === 1 ? '' : 's'}.`,
    `Machine: ${report.machine.cores} cores (${report.machine.cpu}), Node ${report.machine.node}, ${report.machine.platform}.`,
    '',
    `| ${thousands(options.tenants)} tenants | wall | objects/s | peak memory |`,
    '|---|---|---|---|',
    `| Tenantry pipeline: validate, build, serialize, write (${tenantry.phases.workers ? `${tenantry.phases.workers} build worker${tenantry.phases.workers === 1 ? '' : 's'} + main thread` : 'main thread builds'}, a writer thread writes) | ${seconds(tenantry.wall)} | ${thousands(tenantry.objectsPerSecond)} | ${tenantry.peakRss.toFixed(0)} MiB |`,
  ];
  if (cdk8s) {
    lines.push(
      `| plain cdk8s App, one Chart per tenant, \`app.synth()\` with FOLDER_PER_CHART_FILE_PER_RESOURCE | ${seconds(cdk8s.wall)} (of which \`app.synth()\` ${seconds(cdk8s.phases.synth!)}) | ${thousands(cdk8s.objectsPerSecond)} | ${cdk8s.peakRss.toFixed(0)} MiB |`,
    );
  }
  if (incremental) {
    const outside = incremental.oneChange.touchedOutside;
    lines.push(
      `| Tenantry re-synth, nothing changed | ${seconds(incremental.noChange.wall)} | ${plural(incremental.noChange.rebuilt, 'folder')} rebuilt, ${plural(incremental.noChange.written, 'file')} written | |`,
      `| Tenantry re-synth, one tenant changed (${incremental.oneChange.tenant}) | ${seconds(incremental.oneChange.wall)} | ${plural(incremental.oneChange.rebuilt, 'folder')} rebuilt, ${plural(incremental.oneChange.written, 'file')} written${outside.length ? `; also touched: ${outside.join(', ')}` : `, all in ${incremental.oneChange.tenant}/`} | |`,
    );
  }
  lines.push('');
  if (report.ratio !== undefined) lines.push(`Throughput: Tenantry ${report.ratio}× the plain cdk8s baseline measured in this run (objects per second, same objects).`);
  if (cdk8s && cdk8s.files < cdk8s.objects) {
    lines.push(`Note: cdk8s names each file \`<Kind>.<name>\`, so same-named objects in different namespaces overwrote each other: ${thousands(cdk8s.files)} files for ${thousands(cdk8s.objects)} objects.`);
  }
  const phaseLine = (name: string, phases: Readonly<Record<string, number>>) =>
    `${name}: ${Object.entries(phases)
      .filter(([key]) => key !== 'workers' && !(key === 'workerStartup' && !phases.workers))
      .map(([key, ms]) => `${key} ${seconds(ms)}`)
      .join(', ')}`;
  lines.push(phaseLine('Tenantry phases (median; build is summed over threads)', tenantry.phases));
  if (cdk8s) lines.push(phaseLine('cdk8s phases (median)', cdk8s.phases));
  if (incremental) {
    lines.push(phaseLine('No-change re-synth phases (median)', incremental.noChange.phases));
    lines.push(phaseLine('One-tenant change phases (median)', incremental.oneChange.phases));
  }
  if (report.breakdown) lines.push(phaseLine('One thread, no writes (construct tree vs. resolve + emit YAML)', report.breakdown));
  lines.push('Wall times start from specs in memory (module loading excluded); peak memory is each child process\'s maxRSS.');
  return lines.join('\n');
}
