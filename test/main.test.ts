import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main, projectOption, synth } from '../main';

const ROOT = join(import.meta.dirname, '..');
const USAGE =
  'usage: tsx main.ts [synth [--force] [--allow-remove ID]... [--prune]] | check [--matrix] [--json] | bench [--e2e] [--tenants N] [--teams N] [--runs N] [--seed N] [--workers N] [--dir PATH] [--no-baseline] [--no-incremental] [--json] | review [--base REF|DIR] [--format text|markdown|json] | cost [--json]; every command but bench takes --project DIR';

/** What the command printed on stderr, line by line. */
function captureErrors(): string[] {
  const lines: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((text: string) => void lines.push(...String(text).split('\n')));
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('main', () => {
  it('fails when the command is unknown, with the usage and exit code 2', async () => {
    // GIVEN
    const errors = captureErrors();

    // WHEN
    const code = await main(['deploy']);

    // THEN
    expect(code).toBe(2);
    expect(errors).toEqual(['unknown command "deploy"', USAGE]);
  });

  it.each([
    [['--forse'], 'synth: unknown option "--forse"'],
    [['--force=yes'], 'synth: --force takes no value'],
    [['dist'], 'synth: unexpected argument "dist"'],
  ])('fails when synth is given %j, before loading anything', async (args, line) => {
    // GIVEN
    const errors = captureErrors();

    // WHEN
    const code = await synth(args, join(ROOT, 'no-such-project'));

    // THEN
    expect(code).toBe(2);
    expect(errors).toEqual([line, USAGE]);
  });

  it.each([
    [['review', '--bas', 'HEAD'], 'review: unknown option "--bas"', 'usage: npm run review [-- --base <ref|folder>] [--format text|markdown|json]'],
    [['cost', '--csv'], 'cost: unknown option "--csv"', 'usage: npm run cost [-- --json]'],
  ])('hands %j to its command, which fails with its own usage', async (argv, line, usage) => {
    // GIVEN
    const errors = captureErrors();

    // WHEN
    const code = await main(argv);

    // THEN
    expect(code).toBe(2);
    expect(errors).toEqual([line, usage]);
  });

  it('exits with the code the command returns when run as a program', () => {
    // GIVEN / WHEN
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'main.ts'), 'deploy'], { cwd: ROOT, encoding: 'utf8' });

    // THEN
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`unknown command "deploy"\n${USAGE}\n`);
    expect(run.stdout).toBe('');
  }, 60_000);
});

describe('projectOption', () => {
  it('takes --project DIR or --project=DIR out of the arguments and resolves the folder', () => {
    // GIVEN a recipe folder in either spelling, among other flags
    // WHEN the arguments are read
    const spaced = projectOption(['--matrix', '--project', 'examples/incidentfox'], ROOT);
    const inline = projectOption(['--project=examples/flyte', '--force'], ROOT);

    // THEN the root is that folder and the command's own flags are left
    expect(spaced).toEqual({ root: join(ROOT, 'examples', 'incidentfox'), args: ['--matrix'] });
    expect(inline).toEqual({ root: join(ROOT, 'examples', 'flyte'), args: ['--force'] });
    expect(projectOption(['--json'], ROOT)).toEqual({ root: ROOT, args: ['--json'] });
  });

  it('fails when --project has no value or names a folder without platform.ts', async () => {
    // GIVEN a missing value and a folder that is not a project
    const errors = captureErrors();

    // WHEN the commands start
    const missing = await main(['check', '--project']);
    const notProject = await main(['synth', '--project', 'test']);

    // THEN each exits 2 with one line and the usage
    expect([missing, notProject]).toEqual([2, 2]);
    expect(errors).toEqual([
      'check: --project expects a folder, such as examples/incidentfox',
      USAGE,
      `synth: --project test: no platform.ts in ${join(process.cwd(), 'test')}; name a folder with platform.ts and tenants/`,
      USAGE,
    ]);
  });
});
