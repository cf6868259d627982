/* `npm run bench` options, parsed with node:util's parseArgs. */
import { tmpdir } from 'node:os';
import { describeFlagError, parseFlags } from '../cli/flags';

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
  /** The end-to-end mode: the real `npm run synth` and `npm run check` on generated tenant files. */
  readonly e2e: boolean;
}

export const USAGE =
  'usage: npm run bench -- [--e2e] [--tenants N] [--teams N] [--runs N] [--seed N] [--workers N] [--dir PATH] [--no-baseline] [--no-incremental] [--json]';

/** The numeric options: where each goes and its smallest allowed value. */
const COUNT_FLAGS = {
  tenants: { key: 'tenants', min: 1 },
  teams: { key: 'teams', min: 1 },
  runs: { key: 'runs', min: 1 },
  seed: { key: 'seed', min: 0 },
  workers: { key: 'workers', min: 0 },
} as const;

const FLAGS = {
  ...Object.fromEntries(Object.keys(COUNT_FLAGS).map((name) => [name, { type: 'string' as const }])),
  dir: { type: 'string' },
  json: { type: 'boolean' },
  e2e: { type: 'boolean' },
  'no-baseline': { type: 'boolean' },
  'no-incremental': { type: 'boolean' },
} as const;

/** The options, or one line saying what is wrong with them. */
export function parseArgs(args: readonly string[]): BenchOptions | string {
  const parsed = parseFlags(args, FLAGS);
  if (!parsed.ok) return describeFlagError(parsed.error);
  const { values } = parsed;
  const options = { tenants: 1000, teams: 3, runs: 3, seed: 1, json: false, dir: tmpdir(), baseline: true, incremental: true, e2e: false } as {
    -readonly [K in keyof BenchOptions]: BenchOptions[K];
  };
  for (const [name, { key, min }] of Object.entries(COUNT_FLAGS)) {
    const text = values[name];
    if (text === undefined) continue;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) return `--${name} expects a whole number of at least ${min}, got "${String(text)}"`;
    options[key] = n;
  }
  if (values.dir !== undefined) {
    if (!values.dir) return '--dir expects a folder';
    options.dir = String(values.dir);
  }
  options.json = values.json === true;
  options.baseline = values['no-baseline'] !== true;
  options.incremental = values['no-incremental'] !== true;
  options.e2e = values.e2e === true;
  return options;
}
