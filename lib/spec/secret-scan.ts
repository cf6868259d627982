/*
 * Literal secrets in tenant files and platform.ts, found by secretlint's maintained rules
 * (its recommended preset: cloud, Git host, chat, payment and registry tokens, private keys,
 * credentials in URLs, database connection strings) over every string either can set.
 * Files are committed to Git, so a secret there is leaked; it belongs in a Secret.
 */
import type { SecretLintCoreConfig } from '@secretlint/types';
import { fieldError, type FieldPath } from './errors';

/**
 * Token formats the preset lacks, and variable names that say "secret" whatever the value.
 * The same rule engine runs them; the formats are the vendors' published prefixes.
 */
const NAME_RULE = 'secret-named variable';
const URL_RULE = 'credentials in a URL';
const GENERIC_RULES = [NAME_RULE, URL_RULE];
const EXTRA_PATTERNS = [
  { name: 'JSON Web Token', patterns: ['/\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}/'] },
  { name: 'Google API key', patterns: ['/\\bAIza[0-9A-Za-z_-]{35}\\b/'] },
  { name: URL_RULE, patterns: ['/\\b[a-z][a-z0-9+.-]*:\\/\\/[^\\s:@/]+:[^\\s@/]+@/i'] },
  {
    name: NAME_RULE,
    patterns: ['/^[A-Za-z0-9_]*(?:PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?|ACCESS_?KEY)[A-Za-z0-9_]*=\\S.*$/im'],
  },
];

/** secretlint and its rules, loaded on the first scan: the load cache spares most runs any scan. */
async function secretlint(): Promise<{ lintSource: typeof import('@secretlint/core').lintSource; config: SecretLintCoreConfig }> {
  const [{ lintSource }, { creator: patterns }, { creator: recommended }] = await Promise.all([
    import('@secretlint/core'),
    import('@secretlint/secretlint-rule-pattern'),
    import('@secretlint/secretlint-rule-preset-recommend'),
  ]);
  const config: SecretLintCoreConfig = {
    rules: [
      {
        id: '@secretlint/secretlint-rule-preset-recommend',
        rule: recommended,
        // Access key ids alone (AKIA…, ASIA…) are off by default in the preset; a spec has no reason to hold one.
        rules: [{ id: '@secretlint/secretlint-rule-aws', options: { enableIDScanRule: true } }],
      },
      { id: '@secretlint/secretlint-rule-pattern', rule: patterns, options: { patterns: EXTRA_PATTERNS } },
    ],
  };
  return { lintSource, config };
}

export interface ScannedSource {
  readonly file: string;
  readonly value: unknown;
}

interface Line {
  readonly file: string;
  readonly path: FieldPath;
  readonly value: string;
  /** First and last line of the scanned text this string occupies (1-based). */
  readonly from: number;
  readonly to: number;
}

/**
 * One error per string that holds a secret, naming the file, the field and the rule. All
 * strings of all files are scanned as one text (one string per line, env entries as
 * NAME=value), so a thousand tenants cost one pass of each rule, not a thousand.
 */
export async function scanSecrets(sources: readonly ScannedSource[]): Promise<string[]> {
  return [...(await scanSecretsByFile(sources)).values()].flat();
}

/** The same errors, per file (every scanned file has an entry, empty when it holds no secret). */
export async function scanSecretsByFile(sources: readonly ScannedSource[]): Promise<Map<string, string[]>> {
  const byFile = new Map(sources.map((source) => [source.file, [] as string[]]));
  const lines: Line[] = [];
  const text: string[] = [];
  let next = 1;
  for (const source of sources) {
    collect(source.value, [], (path, value) => {
      const name = path.length >= 2 && path.at(-2) === 'env' ? `${String(path.at(-1))}=` : '';
      const entry = `${name}${value}`;
      const count = entry.split('\n').length;
      text.push(entry);
      lines.push({ file: source.file, path, value, from: next, to: next + count - 1 });
      next += count;
    });
  }
  if (!lines.length) return byFile;
  const content = text.join('\n');
  const { lintSource, config } = await secretlint();
  const result = await lintSource({
    source: { filePath: 'tenantry-specs.txt', content, contentType: 'text' },
    options: { config, noPhysicFilePath: true },
  });
  const found = new Map<Line, string>();
  for (const message of result.messages) {
    const line = lineAt(lines, message.loc.start.line);
    // A token format says more than the variable's name or a password in a URL, so it wins.
    if (line && (!found.has(line) || GENERIC_RULES.includes(found.get(line)!))) found.set(line, ruleName(message.message));
  }
  for (const [line, rule] of found) byFile.get(line.file)!.push(fieldError(line.file, line.path, `looks like a literal secret (${rule}), got ${preview(line.value)}; ${fixFor(line.path)}`));
  return byFile;
}

function collect(value: unknown, path: FieldPath, visit: (path: FieldPath, value: string) => void): void {
  if (typeof value === 'string') visit(path, value.replace(/\r/g, ''));
  else if (Array.isArray(value)) value.forEach((item, index) => collect(item, [...path, index], visit));
  else if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) collect((value as Record<string, unknown>)[key], [...path, key], visit);
  }
}

/** Binary search over the strings' line ranges. */
function lineAt(lines: readonly Line[], line: number): Line | undefined {
  let low = 0;
  let high = lines.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const candidate = lines[mid]!;
    if (line < candidate.from) high = mid - 1;
    else if (line > candidate.to) low = mid + 1;
    else return candidate;
  }
  return undefined;
}

/** "found GitHub Token(GitHub personal access tokens): ****" → "GitHub Token (GitHub personal access tokens)". */
function ruleName(message: string): string {
  const head = message.replace(/^found\s+(matching\s+)?/i, '').split(/:\s/)[0]!.replace(/\(/g, ' (').replace(/\s+/g, ' ').trim();
  return head.length > 80 ? `${head.slice(0, 77)}...` : head;
}

/** The first four characters only: the error message must not leak the secret itself. */
function preview(value: string): string {
  return JSON.stringify(value.length > 4 ? `${value.slice(0, 4)}…` : value);
}

function fixFor(path: FieldPath): string {
  if (path.includes('env')) return 'store it in a Secret and use { secretKeyRef: { name, key } }';
  const last = String(path.at(-1));
  if (last === 'repo' || last === 'repoURL' || path.includes('repos')) return 'remove the credentials from the URL and give them in a Secret named by secretRef';
  return 'remove it: specs are committed to Git, so secrets belong in a Secret';
}
