/*
 * `npm run bench -- --e2e`: the real commands as a user runs them, in fresh processes, on a
 * throw-away project of N generated tenant files: a clean full synth, a no-change synth, a
 * one-file-change synth and `npm run check`, each with wall time, peak RSS and its phases.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { changedTenantFile, createProject } from './e2e-project';
import type { BenchOptions } from './options';
import { median } from './report';

export const E2E_STEPS = ['full', 'no-change', 'one-change', 'check'] as const;
export type E2eStep = (typeof E2E_STEPS)[number];

/** One command's measurement; times in milliseconds, memory in MiB. */
export interface CommandResult {
  readonly step: E2eStep;
  readonly wall: number;
  /** The largest maxRSS among the command's Node processes (npm itself, Tenantry). */
  readonly peakRss: number;
  /** The command's own phases (TENANTRY_PHASES). */
  readonly phases: Readonly<Record<string, number>>;
  /** The 1-minute load average when the command started. */
  readonly load: number;
  /** The command's last line of output. */
  readonly summary: string;
}

/** Records each Node process's peak RSS at exit; preloaded into every process of the command through NODE_OPTIONS. */
const RSS_PROBE = `process.on('exit', () => { try { require('node:fs').appendFileSync(process.env.TENANTRY_RSS_FILE, process.resourceUsage().maxRSS + '\\n'); } catch {} });\n`;

export interface E2eReport {
  readonly tenants: number;
  readonly teams: number;
  readonly runs: number;
  readonly dir: string;
  readonly results: readonly CommandResult[];
}

export async function runE2e(options: BenchOptions, root: string, log: (line: string) => void): Promise<E2eReport> {
  mkdirSync(options.dir, { recursive: true });
  const workDir = mkdtempSync(join(options.dir, 'tenantry-e2e-'));
  try {
    const project = join(workDir, 'project');
    log(`writing a project of ${options.tenants} tenant files to ${project}…`);
    const sources = createProject(root, project, { tenants: options.tenants, teams: options.teams, seed: options.seed });
    const probe = join(workDir, 'rss-probe.cjs');
    writeFileSync(probe, RSS_PROBE);
    const changed = sources[Math.floor(sources.length / 2)]!;
    const results: CommandResult[] = [];
    for (let run = 1; run <= options.runs; run++) {
      for (const step of E2E_STEPS) {
        log(`run ${run}/${options.runs}: ${step}…`);
        if (step === 'full') {
          // A fresh clone: no dist/ and no cache.
          rmSync(join(project, 'dist'), { recursive: true, force: true });
          rmSync(join(project, 'node_modules', '.cache'), { recursive: true, force: true });
        }
        if (step === 'one-change') writeFileSync(join(project, changed.file), changedTenantFile(changed.value, 6 + run));
        results.push(await runCommand(project, workDir, probe, step));
      }
    }
    return { tenants: options.tenants, teams: options.teams, runs: options.runs, dir: options.dir, results };
  } finally {
    log('removing the temporary project…');
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** `npm run synth` or `npm run check` in `project`, through the npm that runs the bench when there is one. */
function runCommand(project: string, workDir: string, probe: string, step: E2eStep): Promise<CommandResult> {
  const script = step === 'check' ? 'check' : 'synth';
  const phasesFile = join(workDir, `phases-${step}.json`);
  const rssFile = join(workDir, `rss-${step}.txt`);
  rmSync(phasesFile, { force: true });
  rmSync(rssFile, { force: true });
  const npm = process.env.npm_execpath;
  const [command, args] = npm && /\.[cm]?js$/.test(npm) ? [process.execPath, [npm, 'run', script]] : ['npm', ['run', script]];
  const env = {
    ...process.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${probe}`.trim(),
    TENANTRY_RSS_FILE: rssFile,
    TENANTRY_PHASES: phasesFile,
    CDK8S_OUTDIR: 'dist',
  };
  const load = loadavg()[0]!;
  const started = performance.now();
  const child = spawn(command, args as string[], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = performance.now() - started;
      if (code !== 0) return reject(new Error(`bench: \`npm run ${script}\` (${step}) exited with ${code}:\n${output.split('\n').slice(-12).join('\n')}`));
      const rss = readFileSync(rssFile, 'utf8').split('\n').filter(Boolean).map(Number);
      let phases: Record<string, number> = {};
      try {
        phases = JSON.parse(readFileSync(phasesFile, 'utf8')) as Record<string, number>;
      } catch {
        // A Tenantry without phase timings: wall time and memory only.
      }
      const summary = output.trim().split('\n').at(-1) ?? '';
      resolve({ step, wall, peakRss: Math.max(...rss) / 1024, phases, load, summary });
    });
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const STEP_NAMES: Record<E2eStep, string> = {
  full: '`npm run synth`, clean (no dist/, no cache)',
  'no-change': '`npm run synth`, nothing changed',
  'one-change': '`npm run synth`, one tenant file changed',
  check: '`npm run check`',
};

/** The table: median wall time and peak RSS per command, the load average and the median phases. */
export function renderE2e(report: E2eReport): string {
  const lines = [
    `Tenantry end-to-end bench: ${report.tenants.toLocaleString('en-US')} tenant files × ${report.teams} teams in ${report.dir}; fresh processes, median of ${report.runs} run${report.runs === 1 ? '' : 's'}.`,
    '',
    `| ${report.tenants.toLocaleString('en-US')} tenant files | wall | peak RSS | load average | phases (median) |`,
    '|---|---|---|---|---|',
  ];
  for (const step of E2E_STEPS) {
    const results = report.results.filter((r) => r.step === step);
    if (!results.length) continue;
    const names = [...new Set(results.flatMap((r) => Object.keys(r.phases)))];
    const phases = names.map((name) => `${name} ${seconds(median(results.map((r) => r.phases[name] ?? 0)))}`).join(', ');
    const wall = median(results.map((r) => r.wall));
    const range = results.length > 1 ? ` (${seconds(Math.min(...results.map((r) => r.wall)))}–${seconds(Math.max(...results.map((r) => r.wall)))})` : '';
    const load = results.map((r) => r.load.toFixed(1)).join(', ');
    lines.push(`| ${STEP_NAMES[step]} | ${seconds(wall)}${range} | ${median(results.map((r) => r.peakRss)).toFixed(0)} MiB | ${load} | ${phases || '—'} |`);
  }
  lines.push('', `Wall time is the whole command as a user runs it (npm, Node start-up, loading tenants/*.ts and platform.ts, synthesis or the proofs); peak RSS is the largest of its processes' maxRSS.`);
  const last = report.results.filter((r) => r.step === 'one-change').at(-1);
  if (last) lines.push(`Last one-file-change synth said: ${last.summary}`);
  return lines.join('\n');
}
