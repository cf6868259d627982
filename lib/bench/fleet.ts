/* `npm run bench -- fleet`: N synthetic tenants placed over a fleet of clusters, validated (placement, capacity) and synthesized once. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFlagError, parseFlags } from '../cli/flags';
import { validateProject } from '../spec/loader';
import type { PlatformInput } from '../spec/schema';
import { synthesizeProjectParallel } from '../synth/pipeline';
import { BENCH_PLATFORM, generateTenants } from './generate';

const USAGE = 'usage: npm run bench -- fleet [--tenants N] [--teams N] [--clusters N] [--dir PATH] [--json]';

/** A fleet of `count` clusters over five regions, every fifth a GPU pool; capacity generous enough for the generated quotas. */
export function fleetPlatform(count: number): PlatformInput {
  const width = String(Math.max(count - 1, 1)).length;
  const clusters = Array.from({ length: count }, (_, i) => ({
    name: `c${String(i).padStart(width, '0')}`,
    server: `https://c${String(i).padStart(width, '0')}.k8s.example.com`,
    labels: { region: `r${i % 5}`, pool: i % 5 === 4 ? 'gpu' : 'general' },
    capacity: { cpu: '4000', memory: '16000Gi', overcommit: 2 },
  }));
  return { ...BENCH_PLATFORM, clusters };
}

/** Tenant i goes to cluster i mod N; every tenth also to the next cluster (a move in progress). */
export function fleetTenants(tenants: number, teams: number, clusters: number) {
  const platform = fleetPlatform(clusters);
  const names = platform.clusters!.map((c) => c.name);
  return generateTenants({ tenants, teams }).map((source, i) => {
    const placed = i % 10 === 9 ? [names[i % clusters]!, names[(i + 1) % clusters]!] : [names[i % clusters]!];
    return { ...source, value: { ...(source.value as object), placement: { clusters: [...new Set(placed)] } } };
  });
}

export async function runFleetBench(args: readonly string[]): Promise<number> {
  const parsed = parseFlags(args, { tenants: { type: 'string' }, teams: { type: 'string' }, clusters: { type: 'string' }, dir: { type: 'string' }, json: { type: 'boolean' } });
  if (!parsed.ok) {
    console.error(`bench fleet: ${describeFlagError(parsed.error)}\n${USAGE}`);
    return 2;
  }
  const count = (name: 'tenants' | 'teams' | 'clusters', fallback: number) => {
    const text = parsed.values[name];
    const n = text === undefined ? fallback : Number(text);
    return Number.isInteger(n) && n >= 1 ? n : undefined;
  };
  const tenants = count('tenants', 10_000);
  const teams = count('teams', 3);
  const clusters = count('clusters', 50);
  if (!tenants || !teams || !clusters) {
    console.error(`bench fleet: --tenants, --teams and --clusters expect a whole number of at least 1\n${USAGE}`);
    return 2;
  }
  const base = typeof parsed.values.dir === 'string' && parsed.values.dir ? parsed.values.dir : tmpdir();
  mkdirSync(base, { recursive: true });
  const workDir = mkdtempSync(join(base, 'tenantry-fleet-bench-'));
  try {
    let t = performance.now();
    const sources = fleetTenants(tenants, teams, clusters);
    const project = validateProject({ file: 'platform.ts', value: fleetPlatform(clusters) }, sources);
    if (!project.ok) throw new Error(`the generated fleet is invalid: ${project.errors.slice(0, 3).join('; ')}`);
    const validateMs = performance.now() - t;
    t = performance.now();
    const summary = await synthesizeProjectParallel(project, { distDir: join(workDir, 'dist'), cacheFile: null });
    const synthMs = performance.now() - t;
    const report = {
      tenants,
      teams,
      clusters,
      namespaces: project.tenants.reduce((sum, x) => sum + x.namespaces.length, 0),
      folders: summary.folders,
      objects: summary.objects,
      validateSeconds: Number((validateMs / 1000).toFixed(2)),
      synthSeconds: Number((synthMs / 1000).toFixed(2)),
      objectsPerSecond: Math.round(summary.objects / (synthMs / 1000)),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    if (parsed.values.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(`fleet: ${tenants} tenants × ${teams} teams over ${clusters} clusters → ${report.folders} folders, ${report.objects} objects (${report.namespaces} namespaces)`);
      console.log(`validate + place + capacity: ${report.validateSeconds} s; synth: ${report.synthSeconds} s (${report.objectsPerSecond} objects/s); peak RSS ${report.peakRssMiB} MiB`);
    }
    return 0;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
