/* One benchmark measurement, each in a fresh child process so its peak RSS is its own: Tenantry, plain cdk8s, incremental steps, the phase breakdown. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { validateProject, type LoadedProject, type SourceFile } from '../spec/loader';
import type { TenantSpec } from '../spec/schema';
import { emptyTimings, type SynthTimings } from '../synth/folder-keys';
import { synthesizeProjectParallel, workersAhead } from '../synth/pipeline';
import { BENCH_PLATFORM, generateTenants } from './generate';

export type Variant = 'tenantry' | 'cdk8s' | 'incremental' | 'breakdown';

/** The incremental scenario's steps, each in a fresh process as a developer or CI would run them. */
export type Step = 'full' | 'no-change' | 'one-change';

export interface ChildConfig {
  readonly variant: Variant;
  readonly step?: Step;
  readonly tenants: number;
  readonly teams: number;
  readonly seed: number;
  readonly workers?: number;
  readonly dir: string;
}

/** What one child process measured; times in milliseconds, memory in MiB. */
export interface VariantResult {
  readonly variant: Variant;
  readonly objects: number;
  readonly files: number;
  /** Wall time from the specs in memory to dist/ written (module loading excluded). */
  readonly wall: number;
  readonly phases: Readonly<Record<string, number>>;
  readonly peakRss: number;
  /** Incremental scenarios only. */
  readonly noChange?: { readonly wall: number; readonly written: number; readonly rebuilt: number; readonly phases: Readonly<Record<string, number>> };
  readonly oneChange?: {
    readonly phases: Readonly<Record<string, number>>;
    readonly wall: number;
    readonly tenant: string;
    readonly written: number;
    readonly rebuilt: number;
    /** Paths whose inode or mtime changed, relative to dist/. */
    readonly touched: readonly string[];
  };
}

/** Runs one measurement in a fresh Node process, started as `npm run` starts Tenantry (bin/tenantry.mjs), so its peak RSS is its own. */
export function spawnChild(root: string, config: ChildConfig): Promise<VariantResult> {
  const child = spawn(process.execPath, [join(root, 'bin', 'tenantry.mjs'), 'bench', '--child', JSON.stringify(config)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as VariantResult);
      else reject(new Error(`bench: the ${config.variant} measurement failed (exit code ${code})`));
    });
  });
}

const RESULT_PREFIX = 'TENANTRY_BENCH_RESULT ';

export async function runChild(config: ChildConfig): Promise<number> {
  const result = await measure(config);
  console.log(RESULT_PREFIX + JSON.stringify({ ...result, peakRss: round(process.resourceUsage().maxRSS / 1024) }));
  return 0;
}

const PLATFORM_SOURCE: SourceFile = { file: 'platform.ts', value: BENCH_PLATFORM };

function validated(sources: readonly SourceFile[]): LoadedProject {
  const result = validateProject(PLATFORM_SOURCE, sources);
  if (!result.ok) throw new Error(`bench: the generated tenants do not validate:\n${result.errors.slice(0, 10).join('\n')}`);
  return result;
}

/** One measurement, in this process. */
export async function measure(config: ChildConfig): Promise<Omit<VariantResult, 'peakRss'>> {
  const sources = generateTenants(config);
  const freshDist = () => join(mkdtempSync(join(config.dir, `${config.variant}-`)), 'dist');
  switch (config.variant) {
    case 'tenantry': {
      const distDir = freshDist();
      const started = performance.now();
      // As a clean `npm run synth` does: build workers load their code while the tenants validate.
      const prestarted = workersAhead(sources.length, config.workers);
      const project = validated(sources);
      const validate = performance.now() - started;
      const timings = emptyTimings();
      const summary = await synthesizeProjectParallel(project, { distDir, cacheFile: null, workers: config.workers, timings, prestarted });
      const wall = performance.now() - started;
      return { variant: config.variant, objects: summary.objects, files: summary.written + summary.unchanged, wall, phases: { validate, ...phasesOf(timings) } };
    }
    case 'cdk8s':
      return measureCdk8s(config, sources, freshDist());
    case 'incremental':
      return measureIncremental(config, sources);
    case 'breakdown':
      return measureBreakdown(config, sources);
  }
}

function phasesOf(timings: SynthTimings): Record<string, number> {
  const { total, workers, ...phases } = timings;
  return { ...phases, workers };
}

/** The plain cdk8s way: one App, one Chart per tenant, `app.synth()` writing a folder per chart. */
async function measureCdk8s(config: ChildConfig, sources: readonly SourceFile[], outdir: string): Promise<Omit<VariantResult, 'peakRss'>> {
  const { ApiObject, App, Chart, YamlOutputType } = await import('cdk8s');
  const { Tenant } = await import('../../constructs/tenant');
  const { addPlatformObjects } = await import('../synth/synth');
  const { PLATFORM_FOLDER } = await import('../synth/dist-layout');
  const started = performance.now();
  const project = validated(sources);
  const validate = performance.now() - started;
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  // The same objects as Tenantry's dist/: the platform folder, then one chart per tenant.
  const platformChart = new Chart(app, PLATFORM_FOLDER, { disableResourceNameHashes: true });
  addPlatformObjects(platformChart, project.platform, project.tenants);
  for (const tenant of project.tenants) {
    const chart = new Chart(app, tenant.id, { disableResourceNameHashes: true });
    new Tenant(chart, 'Resource', { ...tenant, platform: project.platform });
  }
  const built = performance.now();
  app.synth();
  const wall = performance.now() - started;
  // cdk8s names each file `<Kind>.<name>`, so same-named objects of different namespaces overwrite each other: count objects, not files.
  const objects = app.charts.reduce((sum, chart) => sum + chart.node.findAll().filter((c) => ApiObject.isApiObject(c)).length, 0);
  return { variant: config.variant, objects, files: countFiles(outdir), wall, phases: { validate, build: built - started - validate, synth: wall - (built - started) } };
}

/**
 * One step of the incremental scenario, all in the same dist/ and cache: a full synth,
 * a re-synth with nothing changed, then one with one tenant changed. Each step is a
 * fresh process, so nothing is warm that would not be in `npm run synth`.
 */
async function measureIncremental(config: ChildConfig, sources: readonly SourceFile[]): Promise<Omit<VariantResult, 'peakRss'>> {
  const distDir = join(config.dir, 'dist');
  const cacheFile = join(config.dir, 'cache.json');
  const index = Math.floor(sources.length / 2);
  const tenant = (sources[index]!.value as TenantSpec).id;
  const specs = config.step === 'one-change' ? sources.map((source, i) => (i === index ? { ...source, value: withChangedQuota(source.value as TenantSpec) } : source)) : sources;
  const before = config.step === 'one-change' ? snapshot(distDir) : undefined;
  const started = performance.now();
  const project = validated(specs);
  const validate = performance.now() - started;
  const timings = emptyTimings();
  const summary = await synthesizeProjectParallel(project, { distDir, cacheFile, workers: config.workers, timings });
  const wall = performance.now() - started;
  const phases = { validate, ...phasesOf(timings) };
  const result = { variant: config.variant, objects: summary.objects, files: summary.written + summary.unchanged, wall, phases };
  if (config.step === 'no-change') return { ...result, noChange: { wall, written: summary.written, rebuilt: summary.rebuilt, phases } };
  if (!before) return result;
  const after = snapshot(distDir);
  const touched = [...new Set([...before.keys(), ...after.keys()])].filter((path) => before.get(path) !== after.get(path)).sort();
  return { ...result, oneChange: { wall, tenant, written: summary.written, rebuilt: summary.rebuilt, touched, phases } };
}

/** The same tenant with one team's pod quota lowered: a typical one-line pull request. */
function withChangedQuota(spec: TenantSpec): TenantSpec {
  const [first, ...rest] = spec.teams;
  return { ...spec, teams: [{ ...first!, quota: { ...first!.quota, pods: 7 } }, ...rest] };
}

/** Relative path → "inode:mtime" for every file under dist/. */
function snapshot(distDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else {
        const stat = statSync(path);
        files.set(`${prefix}${entry.name}`, `${stat.ino}:${stat.mtimeMs}`);
      }
    }
  };
  walk(distDir, '');
  return files;
}

/** Where a tenant's time goes on one thread: the construct tree, then resolving and emitting it. */
async function measureBreakdown(config: ChildConfig, sources: readonly SourceFile[]): Promise<Omit<VariantResult, 'peakRss'>> {
  const { newChart, renderFolder } = await import('../synth/synth');
  const { Tenant } = await import('../../constructs/tenant');
  const started = performance.now();
  const project = validated(sources);
  const validate = performance.now() - started;
  let build = 0;
  let serialize = 0;
  let objects = 0;
  for (const tenant of project.tenants) {
    const t0 = performance.now();
    const chart = newChart(tenant.id);
    new Tenant(chart, 'Resource', { ...tenant, platform: project.platform });
    const t1 = performance.now();
    objects += renderFolder(tenant.id, chart, `tenants/${tenant.id}.ts`).objects;
    serialize += performance.now() - t1;
    build += t1 - t0;
  }
  return { variant: config.variant, objects, files: 0, wall: performance.now() - started, phases: { validate, build, serialize } };
}

function countFiles(dir: string): number {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) count += entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1;
  return count;
}

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
