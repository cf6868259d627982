/*
 * Tenantry's command line: `synth` (default), `check`, `bench`, `review` and `cost`.
 * Bad input prints one line per problem and exits 1; a bad flag prints its line and the usage
 * and exits 2; never a stack trace (TENANTRY_DEBUG=1 keeps it for maintainers).
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFlagError, parseFlags } from './lib/cli/flags';
import type { LoadedProject } from './lib/spec/loader';
import { describeFsError, isFsError } from './lib/spec/fs-errors';
import { readProjectSources } from './lib/spec/project-sources';
import { acquireDistLock, LockError } from './lib/synth/dist-lock';
import { verifyInBackground } from './lib/synth/disk-verify';
import { recordPhase, timePhase } from './lib/spec/phase-log';
import { projectKey, type ProjectMemo } from './lib/synth/project-memo';
import { CACHE_FILE } from './lib/synth/synth-cache';
import type { WriteSummary } from './lib/synth/dist-writer';
import type { Worker } from 'node:worker_threads';

const ROOT = dirname(fileURLToPath(import.meta.url));
const USAGE =
  'usage: tsx main.ts [synth [--force] [--allow-remove ID]... [--prune]] | check [--matrix] [--json] | bench [--e2e] [--tenants N] [--teams N] [--runs N] [--seed N] [--workers N] [--dir PATH] [--no-baseline] [--no-incremental] [--json] | review [--base REF|DIR] [--format text|markdown|json] | cost [--json]; every command but bench takes --project DIR';

export async function synth(args: readonly string[], root = ROOT, distDir = resolve(root, process.env.CDK8S_OUTDIR ?? 'dist')): Promise<number> {
  const parsed = parseFlags(args, { force: { type: 'boolean' }, prune: { type: 'boolean' }, 'allow-remove': { type: 'string', multiple: true } });
  if (!parsed.ok) {
    console.error(`synth: ${describeFlagError(parsed.error)}\n${USAGE}`);
    return 2;
  }
  const started = performance.now();
  const options: SynthFlags = {
    force: parsed.values.force === true,
    prune: parsed.values.prune === true,
    allow: (parsed.values['allow-remove'] as unknown as string[] | undefined) ?? [],
  };
  let release: () => void;
  try {
    release = await acquireDistLock(distDir, {
      command: 'synth',
      onWait: (owner, file) => console.error(`waiting: dist/ is locked by ${owner.command} (pid ${owner.pid}, since ${owner.since}); ${basename(file)} is released when it ends`),
    });
  } catch (error) {
    if (error instanceof LockError) return refuse([error.message]);
    throw error;
  }
  try {
    // Holding the lock: dist/ and the cache stay as they are while a helper thread checks them and this one loads.
    const disk = options.force ? undefined : verifyInBackground(distDir);
    // A fresh clone (no cache) or --force builds every tenant: its workers load their code meanwhile.
    const prestarted = options.force || !existsSync(CACHE_FILE) ? (await import('./lib/synth/pipeline')).workersAhead(tenantFileCount(root)) : undefined;
    const sources = await timePhase('load', () => readProjectSources(root));
    const key = projectKey(sources, root, distDir);
    // The same input as the synth that wrote dist/, and dist/ untouched since: nothing to load or build.
    if (disk && key !== undefined && (await disk.memoKey) === key) {
      disk.help();
      const { memo } = await disk.state;
      if (memo?.key === key) {
        report(memo, { written: 0, unchanged: memo.files, removed: 0, reused: memo.folders, folders: memo.folders }, started);
        return 0;
      }
    }
    const { loadProject } = await import('./lib/spec/loader');
    const project = await timePhase('load', () => loadProject(root, undefined, undefined, { cache: !options.force, sources }));
    if (!project.ok) return refuse(project.errors);
    return await synthLocked(project, options, distDir, started, (await disk?.state)?.intact, prestarted, key);
  } finally {
    release();
  }
}

/**
 * `--project DIR` (any command but bench) works on another project folder, such as a recipe in
 * examples/: its platform.ts, tenants/ and dist/. Taken out before the command parses its own flags.
 */
export function projectOption(args: readonly string[], cwd = process.cwd()): { root: string; args: string[] } | { error: string } {
  const rest: string[] = [];
  let root = ROOT;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const inline = arg.startsWith('--project=') ? arg.slice('--project='.length) : undefined;
    if (arg !== '--project' && inline === undefined) {
      rest.push(arg);
      continue;
    }
    const value = inline ?? args[++i];
    if (!value || value.startsWith('-')) return { error: '--project expects a folder, such as examples/incidentfox' };
    root = resolve(cwd, value);
    if (!existsSync(join(root, 'platform.ts'))) return { error: `--project ${value}: no platform.ts in ${root}; name a folder with platform.ts and tenants/` };
  }
  return { root, args: rest };
}

function refuse(errors: readonly string[]): number {
  for (const line of errors) console.error(line);
  console.error(`\n${errors.length} error${errors.length === 1 ? '' : 's'}; dist/ was not changed.`);
  return 1;
}

interface SynthFlags {
  readonly force: boolean;
  readonly prune: boolean;
  readonly allow: readonly string[];
}

/** Entries in tenants/ (the loader reports any that are not tenant files). */
function tenantFileCount(root: string): number {
  try {
    return readdirSync(join(root, 'tenants')).length;
  } catch {
    return 0;
  }
}

async function synthLocked(
  project: LoadedProject,
  options: SynthFlags,
  distDir: string,
  started: number,
  intact: ReadonlySet<string> | undefined,
  prestarted: readonly Worker[] | undefined,
  key: string | undefined,
): Promise<number> {
  const [{ planRemovals }, { describePlacementChanges, placementsInDist, placementsOf }, { synthesizeProjectParallel }, { emptyTimings }] = await Promise.all([
    import('./lib/synth/offboarding'),
    import('./lib/spec/placement-changes'),
    import('./lib/synth/pipeline'),
    import('./lib/synth/folder-keys'),
  ]);
  const plan = planRemovals(distDir, project, { allow: options.allow, prune: options.prune });
  if (plan.errors.length) return refuse(plan.errors);
  const placedBefore = placementsInDist(existsSync(distDir) ? readdirSync(distDir) : []);
  // A terminal gets a progress line for big projects; CI logs (no TTY) only the summary.
  const progress = process.stdout.isTTY && project.tenants.length > 200 ? progressLine() : undefined;
  const timings = emptyTimings();
  const counts = {
    tenants: project.tenants.length,
    terminating: project.terminating,
    namespaces: project.tenants.reduce((sum, t) => sum + t.namespaces.length, 0),
  };
  const memo = key === undefined ? undefined : { key, ...counts };
  const summary = await synthesizeProjectParallel(project, { distDir, force: options.force, intact, prestarted, onProgress: progress?.update, timings, project: memo });
  for (const phase of ['plan', 'build', 'stage', 'commit'] as const) recordPhase(phase, timings[phase]);
  progress?.end();
  report({ ...counts, objects: summary.objects }, summary, started, plan.removing);
  for (const change of describePlacementChanges(placedBefore, placementsOf(project.tenants))) console.log(change.message);
  if (summary.foreign.length) {
    console.warn(`warning: ${summary.foreign.length} file(s) in dist/ were not generated by Tenantry and were kept: ${summary.foreign.join(', ')}`);
  }
  return 0;
}

/** The summary of a synth: what it synthesized, and what it did to dist/. */
function report(
  project: Pick<ProjectMemo, 'tenants' | 'terminating' | 'namespaces' | 'objects'>,
  dist: Pick<WriteSummary, 'written' | 'unchanged' | 'removed' | 'reused' | 'folders'>,
  started: number,
  removing: readonly string[] = [],
): void {
  const terminating = project.terminating.length ? ` (left out, terminating: ${project.terminating.join(', ')})` : '';
  console.log(`tenants: ${project.tenants}${terminating}; namespaces: ${project.namespaces}; objects: ${project.objects}`);
  if (removing.length) console.log(`removing: ${removing.map((id) => `dist/${id}/`).join(', ')} (GitOps prunes what they created)`);
  console.log(
    `dist/: ${dist.written} written, ${dist.unchanged} unchanged, ${dist.removed} removed (${dist.reused}/${dist.folders} folders from cache) in ${Math.round(performance.now() - started)} ms`,
  );
}

/** `synth: 412/1001 folders`, redrawn in place at most every 100 ms. */
function progressLine(): { update: (done: number, total: number) => void; end: () => void } {
  let last = 0;
  let shown = false;
  return {
    update: (done, total) => {
      const now = performance.now();
      if (done < total && now - last < 100) return;
      last = now;
      shown = true;
      process.stdout.write(`\rsynth: ${done}/${total} folders`);
    },
    end: () => {
      if (shown) process.stdout.write('\n');
    },
  };
}

export async function main(argv: readonly string[]): Promise<number> {
  // From process start to here: Node, the TypeScript loader and importing Tenantry's modules.
  recordPhase('start-up', performance.now());
  const [command = 'synth', ...rest] = argv;
  const project = projectOption(rest);
  if ('error' in project) {
    console.error(`${command}: ${project.error}\n${USAGE}`);
    return 2;
  }
  const { root, args } = project;
  switch (command) {
    case 'synth':
      return synth(args, root);
    case 'check':
      return (await import('./lib/check/check')).runCheck(args, root);
    case 'bench':
      return (await import('./lib/bench/bench')).runBench(args, ROOT);
    case 'review':
      return (await import('./lib/review/command')).runReview(args, root);
    case 'cost':
      return (await import('./lib/review/cost-command')).runCost(args, root);
    default:
      console.error(`unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

/** Runs a command as the program: exits with its code, and turns any failure into one line. */
export function run(argv: readonly string[]): void {
  main(argv).then(
    (code) => process.exit(code),
    (error: unknown) => fatal(error),
  );
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
}

// `tsx main.ts` (cdk8s.yaml, the bench's children); `npm run` goes through bin/tenantry.mjs, which calls run().
if (process.argv[1] && resolve(process.argv[1]) === join(ROOT, 'main.ts')) run(process.argv.slice(2));

/** One line, never a stack trace unless TENANTRY_DEBUG=1: a file-system failure names the path and operation. */
function fatal(error: unknown): never {
  if (isFsError(error)) {
    const path = error.path ? relative(ROOT, error.path) || '.' : '(unknown path)';
    console.error(`tenantry: ${describeFsError(error, path, error.syscall === 'open' ? 'open' : 'write or read')}`);
  } else {
    console.error(`tenantry: internal error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  if (process.env.TENANTRY_DEBUG === '1' && error instanceof Error) console.error(error.stack);
  else console.error('Run with TENANTRY_DEBUG=1 for the stack trace, and report it.');
  process.exit(1);
}
