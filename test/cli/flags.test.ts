import { describe, expect, it } from 'vitest';
import { describeFlagError, parseFlags, type FlagError, type FlagSpec } from '../../lib/cli/flags';

const SPEC = { dir: { type: 'string' }, json: { type: 'boolean' } } satisfies FlagSpec;

describe('parseFlags', () => {
  it.each<[string[], Record<string, string | boolean>]>([
    [[], {}],
    [['--dir', 'out', '--json'], { dir: 'out', json: true }],
    [['--dir=out'], { dir: 'out' }],
    [['--dir', ''], { dir: '' }],
    [['--json', '--json'], { json: true }],
    [['--'], {}],
  ])('reads %j as its values', (args, expected) => {
    // GIVEN arguments the spec allows
    // WHEN they are parsed
    const result = parseFlags(args, SPEC);

    // THEN
    expect(result).toEqual({ ok: true, values: expected });
  });

  it.each<[string[], FlagError]>([
    [['--x'], { problem: 'unknown', token: '--x' }],
    [['-x'], { problem: 'unknown', token: '-x' }],
    [['--no-json'], { problem: 'unknown', token: '--no-json' }],
    [['--dir'], { problem: 'missing-value', token: '--dir' }],
    [['--dir', '--json'], { problem: 'missing-value', token: '--dir' }],
    [['--json=yes'], { problem: 'unexpected-value', token: '--json' }],
    [['extra'], { problem: 'positional', token: 'extra' }],
    [['--json', 'two words'], { problem: 'positional', token: 'two words' }],
    [['--', 'x'], { problem: 'positional', token: 'x' }],
    [["--a'b"], { problem: 'unknown', token: "--a'b" }],
    [["it's"], { problem: 'positional', token: "it's" }],
  ])('fails when given %j', (args, error) => {
    // GIVEN arguments the spec does not allow
    // WHEN they are parsed
    const result = parseFlags(args, SPEC);

    // THEN the offending token and the kind of problem are named
    expect(result).toEqual({ ok: false, error });
  });

  it('does not modify the arguments it is given', () => {
    // GIVEN
    const args = Object.freeze(['--dir', 'out']);

    // WHEN
    const result = parseFlags(args, SPEC);

    // THEN
    expect(result.ok).toBe(true);
    expect(args).toEqual(['--dir', 'out']);
  });
});

describe('describeFlagError', () => {
  it.each<[FlagError, string]>([
    [{ problem: 'unknown', token: '--x' }, 'unknown option "--x"'],
    [{ problem: 'missing-value', token: '--dir' }, '--dir expects a value'],
    [{ problem: 'unexpected-value', token: '--json' }, '--json takes no value'],
    [{ problem: 'positional', token: 'extra' }, 'unexpected argument "extra"'],
  ])('says %j in one line', (error, line) => {
    // GIVEN a refused argument
    // WHEN it is described
    const text = describeFlagError(error);

    // THEN
    expect(text).toBe(line);
  });

  it('fails when a flag lacks its value, with the exact line a command prints', () => {
    // GIVEN
    const result = parseFlags(['--json', '--dir'], SPEC);

    // WHEN
    const line = result.ok ? '' : describeFlagError(result.error);

    // THEN
    expect(line).toBe('--dir expects a value');
  });
});
