/*
 * Reads back the YAML Tenantry's emitter writes, about fifteen times faster than the `yaml` package:
 * a candidate value read from the emitter's own layout, kept only if emitting it gives the text back.
 */
import { emitYaml } from '../synth/yaml-emitter';

/*
 * Why the result is what a YAML parser reads: the emitter's round-trip property tests prove
 * that parsing emitYaml(v) gives v back, and a comment line in front changes nothing. So when
 * emitYaml(candidate) is byte for byte the text, the text reads as the candidate, however the
 * candidate was found. Anything else (a hand edit, another layout, a line this reader does not
 * know) returns undefined, and the caller parses the text with the `yaml` package as before.
 */

/** A printable ASCII comment line, as the generated header is; other line breaks (`\r`) would end a YAML comment early. */
const HEADER = /^#[\x20-\x7E]*\n/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:e[+-]\d+)?$/;

class NotEmitted extends Error {}
const fail = (): never => {
  throw new NotEmitted();
};

/** The value of `text` when it is an optional comment line plus exactly what emitYaml writes for it; undefined otherwise. */
export function readEmitted(text: string): { readonly value: unknown } | undefined {
  const header = text.charCodeAt(0) === 35 ? HEADER.exec(text) : null; // '#'
  if (text.charCodeAt(0) === 35 && !header) return undefined;
  const body = header ? text.slice(header[0].length) : text;
  if (!body.endsWith('\n')) return undefined;
  try {
    const reader = new Reader(body.slice(0, -1).split('\n'));
    const value = reader.root();
    return emitYaml(value) === body ? { value } : undefined;
  } catch {
    return undefined; // NotEmitted, or a candidate the emitter refuses (a number too large): the parser reads it
  }
}

/** The emitter's block layout, line by line: two spaces per level, sequences under their key, the first entry of a sequence item inline after `- `. */
class Reader {
  private i = 0;
  /** Where line `i` continues after a `- ` already read; -1 when it is read from its indentation. */
  private inline = -1;

  constructor(private readonly lines: readonly string[]) {}

  root(): unknown {
    const value = this.node(0, 2);
    if (this.i !== this.lines.length) fail();
    return value;
  }

  /** The column where the current line's content starts. */
  private column(): number {
    if (this.inline >= 0) return this.inline;
    const line = this.lines[this.i]!;
    let n = 0;
    while (line.charCodeAt(n) === 32) n++;
    return n;
  }

  private next(): void {
    this.i++;
    this.inline = -1;
  }

  /** A value starting on the current line at `indent`; a string there written as a block literal has its lines at `blockIndent`. */
  private node(indent: number, blockIndent: number): unknown {
    if (this.i >= this.lines.length || this.column() !== indent) fail();
    const line = this.lines[this.i]!;
    if (line.startsWith('- ', indent)) return this.sequence(indent);
    if (isEntry(line, indent)) return this.mapping(indent);
    return this.scalar(line.slice(indent), blockIndent);
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    do {
      this.inline = indent + 2;
      items.push(this.node(indent + 2, indent + 2));
    } while (this.i < this.lines.length && this.column() === indent && this.lines[this.i]!.startsWith('- ', indent));
    return items;
  }

  private mapping(indent: number): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    do {
      const line = this.lines[this.i]!;
      const { key, end } = readKey(line, indent);
      if (key === '__proto__' || Object.hasOwn(object, key)) fail();
      if (end === line.length) {
        this.next();
        object[key] = this.container(indent + 2);
      } else {
        if (line.charCodeAt(end) !== 32) fail();
        object[key] = this.scalar(line.slice(end + 1), indent + 2);
      }
    } while (this.i < this.lines.length && this.column() === indent && isEntry(this.lines[this.i]!, indent));
    return object;
  }

  /** A non-empty mapping or sequence on the lines after its key. */
  private container(indent: number): unknown {
    if (this.i >= this.lines.length || this.column() !== indent) fail();
    const line = this.lines[this.i]!;
    if (line.startsWith('- ', indent)) return this.sequence(indent);
    if (isEntry(line, indent)) return this.mapping(indent);
    return fail();
  }

  /** The scalar (or empty container) `text` that ends the current line, and the lines of a block literal. */
  private scalar(text: string, blockIndent: number): unknown {
    this.next();
    switch (text) {
      case '{}':
        return {};
      case '[]':
        return [];
      case 'null':
        return null;
      case 'true':
        return true;
      case 'false':
        return false;
      case '|':
      case '|-':
        return this.blockLiteral(blockIndent, text === '|');
    }
    const first = text.charCodeAt(0);
    if (first === 34) {
      if (quoteEnd(text, 0) !== text.length - 1) fail();
      return doubleQuoted(text);
    }
    if (first === 39) {
      if (text.length < 2 || text.indexOf("'", 1) !== text.length - 1) fail();
      return text.slice(1, -1);
    }
    return NUMBER.test(text) ? Number(text) : text;
  }

  private blockLiteral(indent: number, clip: boolean): string {
    const out: string[] = [];
    const prefix = ' '.repeat(indent);
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line === '') out.push('');
      else if (line.startsWith(prefix)) out.push(line.slice(indent));
      else break;
      this.next();
    }
    if (!out.length || out[out.length - 1] === '') fail(); // the emitter never ends a block literal with an empty line
    return out.join('\n') + (clip ? '\n' : '');
  }
}

/** Whether the line holds `key:` at `indent` (a plain scalar never contains `: ` nor ends with `:`). */
function isEntry(line: string, indent: number): boolean {
  const first = line.charCodeAt(indent);
  if (first === 34 || first === 39) {
    const end = first === 34 ? quoteEnd(line, indent) : line.indexOf("'", indent + 1);
    return end > 0 && line.charCodeAt(end + 1) === 58; // ':'
  }
  for (let at = line.indexOf(':', indent); at >= 0; at = line.indexOf(':', at + 1)) {
    if (at + 1 === line.length || line.charCodeAt(at + 1) === 32) return true;
  }
  return false;
}

/** The key at `indent` and the index just after its `:`. */
function readKey(line: string, indent: number): { key: string; end: number } {
  const first = line.charCodeAt(indent);
  if (first === 34 || first === 39) {
    const close = first === 34 ? quoteEnd(line, indent) : line.indexOf("'", indent + 1);
    if (close < 0 || line.charCodeAt(close + 1) !== 58) fail();
    const token = line.slice(indent, close + 1);
    return { key: first === 34 ? doubleQuoted(token) : token.slice(1, -1), end: close + 2 };
  }
  for (let at = line.indexOf(':', indent); at >= 0; at = line.indexOf(':', at + 1)) {
    if (at + 1 === line.length || line.charCodeAt(at + 1) === 32) return { key: line.slice(indent, at), end: at + 1 };
  }
  return fail();
}

/** The index of the `"` closing the double-quoted scalar that opens at `start`; -1 when none does. */
function quoteEnd(text: string, start: number): number {
  for (let at = start + 1; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (c === 92) at++; // a backslash escapes the next character
    else if (c === 34) return at;
  }
  return -1;
}

/** YAML's escapes that JSON lacks, as JSON escapes. */
const YAML_ESCAPES: Readonly<Record<string, string>> = { '0': '\\u0000', a: '\\u0007', v: '\\u000b', e: '\\u001b', N: '\\u0085', L: '\\u2028', P: '\\u2029' };

/** A double-quoted scalar as the emitter writes it: JSON's escapes plus YAML's `\0 \a \v \e \xXX \N \L \P`. */
function doubleQuoted(token: string): string {
  const json = token.includes('\\')
    ? token.replace(/\\(x[0-9a-fA-F]{2}|[^])/g, (escape, what: string) =>
        what.length === 3 ? `\\u00${what.slice(1)}` : (YAML_ESCAPES[what] ?? escape),
      )
    : token;
  try {
    return JSON.parse(json) as string;
  } catch {
    return fail();
  }
}
