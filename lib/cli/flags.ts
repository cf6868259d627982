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
  try {
    const { values } = parseArgs({ args: [...args], options: spec, strict: true, allowPositionals: false });
    return { ok: true, values: values as FlagValues };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    // node quotes the token in its message: "Unknown option '--x'", "Option '--n <value>' argument missing".
    const token = /'([^']+)'/.exec(message)?.[1]?.replace(/ <value>$/, '') ?? args.join(' ');
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && message.includes('does not take an argument')) return { ok: false, error: { problem: 'unexpected-value', token } };
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return { ok: false, error: { problem: 'missing-value', token } };
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return { ok: false, error: { problem: 'positional', token } };
    return { ok: false, error: { problem: 'unknown', token } };
  }
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
