/**
 * A fast, deterministic YAML 1.2 block-style emitter for JSON-compatible values.
 *
 * It serializes the output of cdk8s `ApiObject.toJson()` (plain objects, arrays, strings, finite
 * numbers, booleans and null) into one YAML document. The layout follows the defaults of the
 * `yaml` npm package v2 (`yaml.stringify`): 2-space indentation, sequences indented under their key
 * (`key:\n  - a`), `{}` / `[]` for empty containers, `|-` / `|` block literals for multi-line
 * strings, double quotes by default and single quotes when the string contains `"` but no `'`.
 *
 * It deliberately differs from `yaml.stringify` where that matters for Kubernetes tooling:
 * - Strings that YAML 1.1 readers (kubectl / go-yaml, PyYAML) would resolve to something else are
 *   quoted too, not only the YAML 1.2 core ones: `yes`, `no`, `on`, `off`, `y`, `n` (any case),
 *   `0755`, `1_000`, `0b101`, `12:30`, `.5`, `e3`, `2024-01-31`, `<<`, `=`, ...
 * - Strings starting with any indicator character (including `-`, `?` and `:`) are quoted.
 * - Long lines are never folded, and a multi-line string is written as a block literal only when
 *   that round-trips without indentation indicators or keep chomping; otherwise it is a
 *   double-quoted string with `\n` escapes.
 *
 * Object keys are written in insertion order and `undefined` property values are skipped (like
 * `JSON.stringify`). Everything else that is not JSON-compatible (NaN, Infinity, undefined in an
 * array or at the root, functions, symbols, bigints, non-plain objects, circular references)
 * throws an `Error` whose message names the offending path, e.g.
 * `emitYaml: cannot emit non-finite number NaN at $.spec.replicas`.
 */

const INDENT = '  ';

/** Implicit keys longer than this are written as explicit `? key` entries (YAML caps them at 1024). */
const MAX_IMPLICIT_KEY_LENGTH = 1000;

/** Case-insensitive pattern for a word: `on` → `[oO][nN]`. */
function anyCase(word: string): string {
  return word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

/**
 * Plain scalars that a YAML 1.2 core, YAML 1.1 (yaml npm `version: '1.1'`, go-yaml v2/v3) or
 * PyYAML reader would resolve to something other than the same string. This is a deliberate
 * superset of those schemas (e.g. any case, underscores anywhere, any sexagesimal segment) — a
 * needlessly quoted string is harmless, a misread one is not.
 */
const AMBIGUOUS = [
  // null and booleans (YAML 1.1 and 1.2), in any letter case
  '~',
  ...['null', 'true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n'].map(anyCase),
  // YAML 1.1 merge key and PyYAML value key
  '<<',
  '=',
  // a document end marker when it starts a line
  '\\.\\.\\.(?: .*)?',
  // integers: decimal, YAML 1.1 octal (0755) and underscores (1_000, go-yaml strips them anywhere)
  '[-+]?[0-9_]*[0-9][0-9_]*',
  // YAML 1.1 floats, which even accept `.` and `-.` (NaN)
  '[-+]?[0-9_]*\\.[0-9_]*',
  // exponents, also without mantissa in YAML 1.1 (`e3`)
  '[-+]?[0-9_]*(?:\\.[0-9_]*)?[eE][-+]?_*[0-9][0-9_]*',
  // binary, octal and hexadecimal with a prefix (go-yaml accepts upper-case prefixes)
  '[-+]?_*0_*[bBoOxX][0-9a-fA-F_]*',
  // YAML 1.1 sexagesimal integers and floats (12:30, 1:20:30.5)
  '[-+]?[0-9][0-9_]*(?::[0-9_]+)+(?:\\.[0-9_]*)?',
  // YAML 1.1 timestamps
  '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?',
  // infinities and NaN
  `[-+]?\\.(?:${anyCase('inf')}|${anyCase('nan')})`,
].join('|');

/**
 * A printable character that is neither a space nor `:`. Excludes C0/C1 controls, DEL, the
 * YAML 1.1 line breaks (U+0085, U+2028, U+2029), the BOM, non-characters U+FFFE/U+FFFF and lone
 * surrogates (the regexps use the `u` flag, so astral characters are single code points).
 */
const PRINTABLE = '[\\x21-\\x39\\x3B-\\x7E\\xA0-\\u2027\\u202A-\\uD7FF\\uE000-\\uFEFE\\uFF00-\\uFFFD\\u{10000}-\\u{10FFFF}]';

/**
 * The one test on the hot path: can this string be written as a plain (unquoted) scalar?
 * - not empty, does not start with an indicator character or a space;
 * - does not read as another type (see AMBIGUOUS);
 * - only printable characters; `:` only when followed by a non-space, a space only when followed by
 *   something other than `#` (so no `: `, no ` #`, no trailing `:` and no trailing whitespace).
 *
 * Every alternative of the loop consumes exactly one character and they are mutually exclusive, so
 * there is no catastrophic backtracking.
 */
const PLAIN = new RegExp(
  `^(?![-?:,\\[\\]{}#&*!|>'"%@\` ])(?!(?:${AMBIGUOUS})$)(?:${PRINTABLE}|:(?=[^ ])| (?=[^#]))+$`,
  'u',
);

/** Strings this short repeat across objects (keys, kinds, label values): their PLAIN verdict is remembered. */
const MEMO_MAX_LENGTH = 64;
const MEMO_MAX_ENTRIES = 8192;
const plainVerdicts = new Map<string, boolean>();

/** PLAIN.test, remembered for short strings; the hot path of every key and scalar. */
function isPlain(text: string): boolean {
  if (text.length > MEMO_MAX_LENGTH) return PLAIN.test(text);
  let verdict = plainVerdicts.get(text);
  if (verdict === undefined) {
    verdict = PLAIN.test(text);
    if (plainVerdicts.size >= MEMO_MAX_ENTRIES) plainVerdicts.clear();
    plainVerdicts.set(text, verdict);
  }
  return verdict;
}

/** A single line of printable characters: safe inside single quotes as is. */
const PRINTABLE_LINE = new RegExp(`^(?:${PRINTABLE}|[ :])*$`, 'u');

/** Printable characters and line feeds: a candidate for a block literal. */
const PRINTABLE_LINES = new RegExp(`^(?:${PRINTABLE}|[ :\\n])*$`, 'u');

/** Characters JSON.stringify leaves raw but YAML must not see raw inside double quotes. */
const EXTRA_ESCAPES = /[\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/;
const EXTRA_ESCAPES_GLOBAL = /[\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/g;

/** YAML's short escapes for characters JSON writes as `\u00XX`, as `yaml.stringify` uses them. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '0000': '\\0',
  '0007': '\\a',
  '000b': '\\v',
  '001b': '\\e',
};

/** Dot notation in error paths for keys like this, bracket notation otherwise. */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const MAP_VALUE = 0; // after `key:`: scalars on the same line, containers on the next lines
const SEQ_ITEM = 1; // after `- `: everything starts on the same line
const ROOT = 2; // the document itself
type Position = typeof MAP_VALUE | typeof SEQ_ITEM | typeof ROOT;

/** Internal error collecting the path on its way up, turned into a plain Error by emitYaml. */
class EmitError extends Error {
  readonly segments: (string | number)[] = [];
}

/**
 * Serializes a JSON-compatible value as one YAML document (no `---` marker), ending with exactly
 * one newline.
 *
 * @throws Error naming the path of the first value that cannot be represented.
 */
export function emitYaml(value: unknown): string {
  try {
    return emitNode(value, '', ROOT, new Set());
  } catch (err) {
    if (err instanceof EmitError) {
      throw new Error(`emitYaml: cannot emit ${err.message} at ${formatPath(err.segments)}`);
    }
    throw err;
  }
}

function formatPath(innermostFirst: readonly (string | number)[]): string {
  let path = '$';
  for (let i = innermostFirst.length - 1; i >= 0; i--) {
    const segment = innermostFirst[i];
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/**
 * Emits `value` at a position. `indent` is the indentation of the mapping or sequence holding the
 * value ('' at the root); the result ends with a newline.
 */
function emitNode(value: unknown, indent: string, position: Position, ancestors: Set<object>): string {
  const lead = position === MAP_VALUE ? ' ' : '';
  switch (typeof value) {
    case 'string':
      return lead + emitString(value, indent + INDENT);
    case 'number':
      if (!Number.isFinite(value)) throw new EmitError(`non-finite number ${value}`);
      // String(-0) is '0': YAML has no negative zero worth preserving for Kubernetes.
      return lead + String(value) + '\n';
    case 'boolean':
      return value ? lead + 'true\n' : lead + 'false\n';
    case 'object': {
      if (value === null) return lead + 'null\n';
      if (ancestors.has(value)) throw new EmitError('circular reference');
      const childIndent = position === ROOT ? '' : indent + INDENT;
      let body: string;
      let empty: string;
      ancestors.add(value);
      if (Array.isArray(value)) {
        body = emitSequence(value, childIndent, position === SEQ_ITEM, ancestors);
        empty = '[]\n';
      } else {
        const proto: unknown = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
          throw new EmitError(`non-plain object${typeof name === 'string' && name ? ` of class ${name}` : ''}`);
        }
        body = emitMapping(value as Record<string, unknown>, childIndent, position === SEQ_ITEM, ancestors);
        empty = '{}\n';
      }
      ancestors.delete(value);
      if (body === '') return lead + empty;
      return position === MAP_VALUE ? '\n' + body : body;
    }
    case 'undefined':
      throw new EmitError('undefined (only allowed as an object property value, which is skipped)');
    default:
      throw new EmitError(`value of type ${typeof value}`);
  }
}

/** Block mapping entries at `indent`; the first one without indentation when `inline`. '' when empty. */
function emitMapping(
  object: Record<string, unknown>,
  indent: string,
  inline: boolean,
  ancestors: Set<object>,
): string {
  const keys = Object.keys(object);
  let out = '';
  let key = '';
  try {
    for (let i = 0; i < keys.length; i++) {
      key = keys[i]!;
      const value = object[key];
      if (value === undefined) continue;
      const keyText = isPlain(key) ? key : quote(key);
      const prefix = inline && out === '' ? '' : indent;
      if (keyText.length <= MAX_IMPLICIT_KEY_LENGTH) {
        out += prefix + keyText + ':' + emitNode(value, indent, MAP_VALUE, ancestors);
      } else {
        out += prefix + '? ' + keyText + '\n' + indent + ':' + emitNode(value, indent, MAP_VALUE, ancestors);
      }
    }
  } catch (err) {
    if (err instanceof EmitError) err.segments.push(key);
    throw err;
  }
  return out;
}

/** Block sequence entries at `indent`; the first one without indentation when `inline`. '' when empty. */
function emitSequence(items: readonly unknown[], indent: string, inline: boolean, ancestors: Set<object>): string {
  let out = '';
  let i = 0;
  try {
    for (; i < items.length; i++) {
      out += (inline && i === 0 ? '- ' : indent + '- ') + emitNode(items[i], indent, SEQ_ITEM, ancestors);
    }
  } catch (err) {
    if (err instanceof EmitError) err.segments.push(i);
    throw err;
  }
  return out;
}

/** A string value followed by a newline; `blockIndent` is the indentation of block literal lines. */
function emitString(value: string, blockIndent: string): string {
  if (isPlain(value)) return value + '\n';
  if (value.includes('\n') && canBeBlockLiteral(value)) return blockLiteral(value, blockIndent);
  return quote(value) + '\n';
}

/**
 * A block literal round-trips without indentation indicator or keep chomping when: it has only
 * printable characters and line feeds, no line ends with a space, its first non-empty line does not
 * start with a space (auto-detected indentation), it has some content and it does not end with more
 * than one line feed.
 */
function canBeBlockLiteral(value: string): boolean {
  return (
    PRINTABLE_LINES.test(value) &&
    !value.endsWith('\n\n') &&
    !value.endsWith(' ') &&
    !value.includes(' \n') &&
    !/^\n* /.test(value) &&
    /[^\n]/.test(value)
  );
}

function blockLiteral(value: string, indent: string): string {
  const clip = value.endsWith('\n'); // exactly one trailing line feed: `|`, none: `|-`
  const lines = (clip ? value.slice(0, -1) : value).split('\n');
  let out = clip ? '|\n' : '|-\n';
  for (const line of lines) out += line === '' ? '\n' : indent + line + '\n';
  return out;
}

/** A quoted single-line scalar: single quotes if that avoids escaping `"`, double quotes otherwise. */
function quote(value: string): string {
  if (value.includes('"') && !value.includes("'") && PRINTABLE_LINE.test(value)) return `'${value}'`;
  let json = JSON.stringify(value);
  if (json.includes('\\u00')) {
    // Match escaped backslashes too so that the text `\u0041` (JSON `\\u0041`) is left alone.
    json = json.replace(/\\\\|\\u00([0-9a-f]{2})/g, (escape, hex: string | undefined) =>
      hex === undefined ? escape : (SHORT_ESCAPES[`00${hex}`] ?? `\\x${hex}`),
    );
  }
  if (EXTRA_ESCAPES.test(json)) {
    json = json.replace(EXTRA_ESCAPES_GLOBAL, (c) => {
      const code = c.charCodeAt(0);
      if (code === 0x85) return '\\N';
      if (code === 0x2028) return '\\L';
      if (code === 0x2029) return '\\P';
      return code < 0x100 ? `\\x${code.toString(16)}` : `\\u${code.toString(16).toUpperCase()}`;
    });
  }
  return json;
}
