/* Command-line flags for every command, parsed by node:util's parseArgs; a bad flag becomes one line of text. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;
export type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

/** Why the arguments were refused: the offending token, and whether it was unknown or lacked its value. */
export interface FlagError {
  readonly problem: 'unknown' | 'missing-value' | 'unexpected-value' | 'positional';
  readonly token: string;
}

export type FlagResult = { readonly ok: true; readonly values: FlagValues } | { readonly ok: false; readonly error: FlagError };

/** Strict parsing: no positionals, no flags beyond `spec`. */
export function parseFlags(args: readonly string[], spec: FlagSpec): FlagResult {
  // Parsed leniently with tokens so the offending argument is reported exactly as typed.
  const { values, tokens } = parseArgs({ args: [...args], options: spec, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional') return { ok: false, error: { problem: 'positional', token: token.value } };
    if (token.kind !== 'option') continue;
    const type = Object.hasOwn(spec, token.name) ? spec[token.name]!.type : undefined;
    if (!type) return { ok: false, error: { problem: 'unknown', token: token.rawName } };
    // As in strict mode, `--dir --json` leaves --dir without a value rather than taking `--json`.
    const taken = token.value !== undefined && (token.inlineValue || !token.value.startsWith('-'));
    if (type === 'string' && !taken) return { ok: false, error: { problem: 'missing-value', token: token.rawName } };
    if (type === 'boolean' && token.value !== undefined) return { ok: false, error: { problem: 'unexpected-value', token: token.rawName } };
  }
  return { ok: true, values: values as FlagValues };
}

/** The error as one line: `unknown option "--x"`, `--dir expects a value`, `--json takes no value`, `unexpected argument "x"`. */
export function describeFlagError(error: FlagError): string {
  switch (error.problem) {
    case 'missing-value':
      return `${error.token} expects a value`;
    case 'unexpected-value':
      return `${error.token} takes no value`;
    case 'positional':
      return `unexpected argument "${error.token}"`;
    default:
      return `unknown option "${error.token}"`;
  }
}
