import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { validateProject, type LoadedProject, type SourceFile } from '../spec/loader';
import { emptyTimings, synthesizeProjectParallel, type SynthTimings } from '../synth/pipeline';
import type { PlatformInput, TenantSpec } from '../spec/schema';

/*
 * `npm run bench`: N synthetic tenants (deterministic from a seed, in memory, never in
 * tenants/) through the real pipeline, against a plain cdk8s App built from the same
 * Tenant constructs. Each measurement runs in its own child process, so its peak RSS
 * is its own. Not a test: nothing here asserts a time.
 */

/** The platform every benchmark tenant inherits from; like the example platform.ts. */
export const BENCH_PLATFORM: PlatformInput = {
  cluster: { server: 'https://kubernetes.default.svc' },
  gitops: { engine: 'both', repoURL: 'https://github.com/example-org/tenantry-fleet.git', revision: 'main', path: 'dist' },
  ingress: { namespace: 'ingress-nginx', podSelector: { 'app.kubernetes.io/name': 'ingress-nginx' }, ports: [8000] },
  monitoring: { namespace: 'monitoring', podSelector: { 'app.kubernetes.io/name': 'prometheus' }, ports: [8080, 9090] },
  dns: { namespace: 'kube-system', podSelector: { 'k8s-app': 'kube-dns' } },
  sharedServices: {
    postgresql: { namespace: 'shared-data', podSelector: { 'app.kubernetes.io/name': 'postgresql' }, port: 5432 },
    redis: { namespace: 'shared-data', podSelector: { 'app.kubernetes.io/name': 'redis' }, port: 6379 },
  },
  propagateLabels: ['cost-center', 'team-*'],
  podSecurityVersion: 'v1.32',
  agent: { image: 'ghcr.io/tenantry/agent:1.4.2', sharedUrl: 'http://agent-shared.tenantry-system.svc.cluster.local:8080', port: 8080 },
  storage: { provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true' }, reclaimPolicy: 'Delete' },
  defaults: {
    quota: { cpu: '2', memory: '4Gi', storage: '20Gi', pods: 20, services: 10, persistentVolumeClaims: 10 },
    limitRange: { defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '512Mi' }, max: { cpu: '8', memory: '16Gi' } },
    env: { LOG_LEVEL: 'info' },
  },
};

export interface GenerateOptions {
  readonly tenants: number;
  /** Teams per tenant. @default 3 */
  readonly teams?: number;
  /** @default 1 */
  readonly seed?: number;
}

const TEAM_NAMES = ['platform', 'payments', 'search', 'data', 'web', 'mobile', 'ml', 'infra', 'security', 'billing', 'growth', 'support'];
const ENVIRONMENT_SETS: readonly (readonly string[])[] = [['dev', 'production'], ['dev', 'staging', 'production']];

/** A small, fast PRNG (mulberry32): the same seed gives the same tenants on every machine. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * N valid tenant specs, as the loader would read them from `tenants/<id>.ts`: mixed
 * isolation levels and statuses, units, some environments, some dedicated agents,
 * unique routing ids. Deterministic for a seed.
 */
export function generateTenants(options: GenerateOptions): SourceFile[] {
  const teamsPerTenant = options.teams ?? 3;
  const next = random(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const chance = (p: number) => next() < p;
  const width = String(Math.max(options.tenants - 1, 1)).length;
  const sources: SourceFile[] = [];
  let routingId = 0;
  for (let i = 0; i < options.tenants; i++) {
    const id = `t${String(i).padStart(width, '0')}-${pick(['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wonka', 'tyrell'])}`;
    const roll = next();
    const isolation: TenantSpec['isolation'] =
      roll < 0.45
        ? 'soft'
        : roll < 0.65
          ? 'hard'
          : roll < 0.85
            ? 'network-only'
            : { custom: { network: 'deny-all', quota: true, nodes: 'shared', storage: pick(['dedicated', 'shared']), agent: 'shared', podSecurity: 'restricted' } };
    const statusRoll = next();
    const status = statusRoll < 0.9 ? undefined : statusRoll < 0.95 ? 'suspended' : 'pending';
    let namespaces = 0;
    const teams = [];
    for (let j = 0; j < teamsPerTenant; j++) {
      const teamId = j < TEAM_NAMES.length ? TEAM_NAMES[j]! : `team-${j}`;
      const environments = chance(0.2) ? [...pick(ENVIRONMENT_SETS)] : undefined;
      namespaces += environments?.length ?? 1;
      const channel = `C${(routingId++).toString(36).toUpperCase().padStart(9, '0')}`;
      const dedicated = isolation === 'hard' || chance(0.15);
      teams.push({
        id: teamId,
        ...(j === 0 ? { unit: 'core' } : {}),
        ...(environments ? { environments } : {}),
        access: [
          { group: `${id}-${teamId}`, role: pick(['edit', 'admin'] as const) },
          ...(chance(0.5) ? [{ user: `lead-${j}@${id}.example`, role: 'view' as const }] : []),
        ],
        routing: { slackChannels: [channel], ...(chance(0.5) ? { githubRepos: [`${id}/${teamId}`] } : {}) },
        ...(chance(0.3) ? { deploy: { repo: `https://github.com/${id}/${teamId}-deploy.git`, path: './clusters' } } : {}),
        ...(chance(0.3) ? { network: { sharedServices: [pick(['postgresql', 'redis'])], externalEgress: chance(0.5) } } : {}),
        ...(chance(0.2) ? { labels: { 'team-tier': pick(['gold', 'silver', 'bronze']) } } : {}),
        agent: dedicated
          ? {
              mode: 'dedicated' as const,
              replicas: 2,
              cpu: '2',
              memory: '4Gi',
              ...(chance(0.5) ? { autoscaling: { minReplicas: 2, maxReplicas: 6, cpuPercent: 70 } } : {}),
              env: { HF_TOKEN: { secretKeyRef: { name: `${id}-hf`, key: 'token' } } },
            }
          : { mode: 'shared' as const },
      });
    }
    sources.push({
      file: `tenants/${id}.ts`,
      value: {
        id,
        name: `Tenant ${i}`,
        owner: `owner@${id}.example`,
        isolation,
        ...(status ? { status } : {}),
        labels: { 'cost-center': `cc-${i % 97}`, 'example.com/contact': 'lead' },
        // Every namespace gets the platform's default quota (2 cpu, 4Gi, ...); the budget leaves room.
        quota: { cpu: String(2 * namespaces + 2), memory: `${4 * namespaces + 4}Gi`, pods: 20 * namespaces },
        repos: [`https://github.com/${id}/apps.git`],
        env: { REGION: pick(['eu-west-1', 'us-east-1', 'ap-south-1']) },
        units: { core: { labels: { 'team-unit': 'core' }, network: { externalEgress: true } } },
        teams,
      },
    });
  }
  return sources;
}

export interface BenchOptions {
  readonly tenants: number;
  readonly teams: number;
  readonly runs: number;
  readonly seed: number;
  readonly json: boolean;
  /** Worker threads for Tenantry. @default - the pipeline's default */
  readonly workers?: number;
  /** Where the temporary dist/ folders go. @default os.tmpdir() */
  readonly dir: string;
  readonly baseline: boolean;
  readonly incremental: boolean;
}

const USAGE =
  'usage: npm run bench -- [--tenants N] [--teams N] [--runs N] [--seed N] [--workers N] [--dir PATH] [--no-baseline] [--no-incremental] [--json]';

type Variant = 'tenantry' | 'cdk8s' | 'incremental' | 'breakdown';

/** The incremental scenario's steps, each in a fresh process as a developer or CI would run them. */
type Step = 'full' | 'no-change' | 'one-change';

interface ChildConfig {
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
interface Summary {
  readonly objects: number;
  readonly files: number;
  readonly wall: number;
  readonly objectsPerSecond: number;
  readonly peakRss: number;
  readonly phases: Readonly<Record<string, number>>;
}

export async function runBench(args: readonly string[], root: string): Promise<number> {
  const child = args.indexOf('--child');
  if (child >= 0) return runChild(JSON.parse(args[child + 1] ?? '{}') as ChildConfig);
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    console.error(`${parsed}\n${USAGE}`);
    return 2;
  }
  const options = parsed;
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

/** The numeric options: where each goes and its smallest allowed value. */
const COUNT_FLAGS = {
  '--tenants': { key: 'tenants', min: 1 },
  '--teams': { key: 'teams', min: 1 },
  '--runs': { key: 'runs', min: 1 },
  '--seed': { key: 'seed', min: 0 },
  '--workers': { key: 'workers', min: 0 },
} as const;

export function parseArgs(args: readonly string[]): BenchOptions | string {
  const options = { tenants: 1000, teams: 3, runs: 3, seed: 1, json: false, dir: tmpdir(), baseline: true, incremental: true } as {
    -readonly [K in keyof BenchOptions]: BenchOptions[K];
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? args[++i];
    const count = (name: string, min: number): number | string => {
      const text = value();
      const n = Number(text);
      return Number.isInteger(n) && n >= min ? n : `${name} expects a whole number of at least ${min}, got ${text === undefined ? 'nothing' : `"${text}"`}`;
    };
    const counted = COUNT_FLAGS[flag as keyof typeof COUNT_FLAGS];
    if (counted) {
      const n = count(flag, counted.min);
      if (typeof n === 'string') return n;
      options[counted.key] = n;
      continue;
    }
    switch (flag) {
      case '--dir': {
        const dir = value();
        if (!dir) return '--dir expects a folder';
        options.dir = dir;
        break;
      }
      case '--json':
        options.json = true;
        break;
      case '--no-baseline':
        options.baseline = false;
        break;
      case '--no-incremental':
        options.incremental = false;
        break;
      default:
        return `unknown option "${arg}"`;
    }
  }
  return options;
}

/** Runs one measurement in a fresh Node process (tsx loader), so its peak RSS is its own. */
function spawnChild(root: string, config: ChildConfig): Promise<VariantResult> {
  const loader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', loader, join(root, 'main.ts'), 'bench', '--child', JSON.stringify(config)], {
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

async function runChild(config: ChildConfig): Promise<number> {
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
      const project = validated(sources);
      const validate = performance.now() - started;
      const timings = emptyTimings();
      const summary = await synthesizeProjectParallel(project, { distDir, cacheFile: null, workers: config.workers, timings });
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
  const { TenantRoles } = await import('../../constructs/tenant-roles');
  const { PlatformGitOps } = await import('../../constructs/platform-gitops');
  const { AdmissionPolicies } = await import('../../constructs/admission-policies');
  const { PLATFORM_FOLDER } = await import('../synth/synth');
  const started = performance.now();
  const project = validated(sources);
  const validate = performance.now() - started;
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  // The same objects as Tenantry's dist/: the platform folder, then one chart per tenant.
  const platformChart = new Chart(app, PLATFORM_FOLDER, { disableResourceNameHashes: true });
  new TenantRoles(platformChart, 'TenantRoles');
  new AdmissionPolicies(platformChart, 'AdmissionPolicies', project.platform.admission);
  const gitops = project.platform.gitops;
  if (gitops) {
    new PlatformGitOps(platformChart, 'GitOps', {
      engine: gitops.engine,
      repoURL: gitops.repoURL,
      revision: gitops.revision,
      path: gitops.path,
      tenants: project.tenants,
      clusterServer: project.platform.clusterServer,
      argocdNamespace: gitops.argocdNamespace,
      fluxNamespace: gitops.fluxNamespace,
      platformFolder: PLATFORM_FOLDER,
    });
  }
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

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
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
