/*
 * Reads back the YAML Tenantry's emitter writes, about fifteen times faster than the `yaml` package:
 * a candidate value read from the emitter's own layout, kept only if emitting it gives the text back.
 */
import { emitYaml } from '../synth/yaml-emitter';
import type { SharedValues } from './shared-values';
import type { StringPool } from './string-pool';

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

/*
 * Deeper than anything the emitter writes for Kubernetes objects (about a dozen levels). Past it the
 * reader gives up, so it never runs out of stack: how deep a thread can recurse depends on the
 * thread, and check's two threads must read every text alike (schema-thread.ts).
 */
const MAX_INDENT = 200;

class NotEmitted extends Error {}
const fail = (): never => {
  throw new NotEmitted();
};

/**
 * The value of `text` when it is an optional comment line plus exactly what emitYaml writes for it; undefined otherwise.
 * With `pool`, its strings are the pool's copies, so the value does not keep `text` alive (see string-pool.ts);
 * with `shared`, its nested mappings and lists written as an earlier text's are that text's objects (see shared-values.ts).
 */
export function readEmitted(text: string, pool?: StringPool, shared?: SharedValues): { readonly value: unknown } | undefined {
  const candidate = readCandidate(text, pool, shared);
  return candidate && isFaithful(candidate) ? { value: candidate.value } : undefined;
}

/** What the emitter's layout reads as: the value readEmitted gives only once isFaithful proves it. */
export interface Candidate {
  readonly value: unknown;
  /** The text without its comment line. */
  readonly body: string;
}

/** The value read from `text` by the emitter's layout, not yet proven to be what a YAML parser reads; undefined when the layout is not the emitter's. */
export function readCandidate(text: string, pool?: StringPool, shared?: SharedValues): Candidate | undefined {
  const header = text.charCodeAt(0) === 35 ? HEADER.exec(text) : null; // '#'
  if (text.charCodeAt(0) === 35 && !header) return undefined;
  const start = header ? header[0].length : 0;
  if (text.length <= start || !text.endsWith('\n')) return undefined;
  try {
    return { value: new Reader(text, start, pool, shared).root(), body: start ? text.slice(start) : text };
  } catch {
    return undefined; // NotEmitted: the parser reads it
  }
}

/** Whether emitting the candidate gives its text back, which proves a YAML parser reads the same value. */
export function isFaithful(candidate: Candidate): boolean {
  try {
    return emitYaml(candidate.value) === candidate.body;
  } catch {
    return false; // a candidate the emitter refuses (a number too large)
  }
}

/**
 * The emitter's block layout, line by line, read in place: two spaces per level, sequences under
 * their key, the first entry of a sequence item inline after `- `. A line runs from `at` to `end`
 * (its line feed); the text ends with one.
 */
class Reader {
  private at: number;
  private end: number;
  /** Where the current line continues after a `- ` already read; -1 when it is read from its indentation. */
  private inline = -1;

  constructor(
    private readonly text: string,
    start: number,
    private readonly pool?: StringPool,
    private readonly shared?: SharedValues,
  ) {
    this.at = start;
    this.end = text.indexOf('\n', start);
  }

  root(): unknown {
    const value = this.node(0, 2);
    if (this.end !== -1) fail();
    return value;
  }

  private get done(): boolean {
    return this.end === -1;
  }

  /** The column where the current line's content starts. */
  private column(): number {
    if (this.inline >= 0) return this.inline;
    let n = this.at;
    while (this.text.charCodeAt(n) === 32) n++;
    return n - this.at;
  }

  private next(): void {
    this.at = this.end + 1;
    this.end = this.at < this.text.length ? this.text.indexOf('\n', this.at) : -1;
    this.inline = -1;
  }

  /** Whether the current line has `- ` at `indent`. */
  private dash(indent: number): boolean {
    return this.text.startsWith('- ', this.at + indent) && this.at + indent + 2 <= this.end;
  }

  /** A value starting on the current line at `indent`; a string there written as a block literal has its lines at `blockIndent`. */
  private node(indent: number, blockIndent: number): unknown {
    if (this.done || indent > MAX_INDENT || this.column() !== indent) fail();
    if (this.dash(indent)) return this.sequence(indent);
    if (isEntry(this.text, this.at + indent, this.end)) return this.mapping(indent);
    return this.scalar(this.text.slice(this.at + indent, this.end), blockIndent);
  }

  private sequence(indent: number): unknown[] {
    const start = this.at + indent;
    const items: unknown[] = [];
    do {
      this.inline = indent + 2;
      items.push(this.node(indent + 2, indent + 2));
    } while (!this.done && this.column() === indent && this.dash(indent));
    // push() leaves room for more items; the check keeps hundreds of thousands of lists, so each gets one of its own size.
    return this.share(indent, start, items.slice());
  }

  private mapping(indent: number): Record<string, unknown> {
    const start = this.at + indent;
    const object: Record<string, unknown> = {};
    do {
      const { key, after } = readKey(this.text, this.at + indent, this.end);
      if (key === '__proto__' || Object.hasOwn(object, key)) fail();
      if (after === this.end) {
        this.next();
        object[key] = this.container(indent + 2);
      } else {
        if (this.text.charCodeAt(after) !== 32) fail();
        object[key] = this.scalar(this.text.slice(after + 1, this.end), indent + 2);
      }
    } while (!this.done && this.column() === indent && isEntry(this.text, this.at + indent, this.end));
    return this.share(indent, start, object);
  }

  /** The container just read from `start`, or the equal one read before from the same text (never the document itself). */
  private share<T>(indent: number, start: number, value: T): T {
    return this.shared && indent > 0 ? this.shared.share(indent, this.text.slice(start, this.at), value) : value;
  }

  /** A non-empty mapping or sequence on the lines after its key. */
  private container(indent: number): unknown {
    if (this.done || indent > MAX_INDENT || this.column() !== indent) fail();
    if (this.dash(indent)) return this.sequence(indent);
    if (isEntry(this.text, this.at + indent, this.end)) return this.mapping(indent);
    return fail();
  }

  /** The scalar (or empty container) `token` that ends the current line, and the lines of a block literal. */
  private scalar(token: string, blockIndent: number): unknown {
    this.next();
    switch (token) {
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
        return this.blockLiteral(blockIndent, token === '|');
    }
    const first = token.charCodeAt(0);
    if (first === 34) {
      if (quoteEnd(token, 0, token.length) !== token.length - 1) fail();
      return this.string(doubleQuoted(token));
    }
    if (first === 39) {
      if (token.length < 2 || token.indexOf("'", 1) !== token.length - 1) fail();
      return this.string(token.slice(1, -1));
    }
    return NUMBER.test(token) ? Number(token) : this.string(token);
  }

  private blockLiteral(indent: number, clip: boolean): string {
    const out: string[] = [];
    const prefix = ' '.repeat(indent);
    while (!this.done) {
      if (this.at === this.end) out.push('');
      else if (this.text.startsWith(prefix, this.at)) out.push(this.text.slice(this.at + indent, this.end));
      else break;
      this.next();
    }
    if (!out.length || out[out.length - 1] === '') fail(); // the emitter never ends a block literal with an empty line
    return this.string(out.join('\n') + (clip ? '\n' : ''));
  }

  private string(value: string): string {
    return this.pool ? this.pool.intern(value) : value;
  }
}

/** Whether text[from, end) holds `key:` (a plain scalar never contains `: ` nor ends with `:`). */
function isEntry(text: string, from: number, end: number): boolean {
  const first = text.charCodeAt(from);
  if (first === 34 || first === 39) {
    const close = first === 34 ? quoteEnd(text, from, end) : text.indexOf("'", from + 1);
    return close > 0 && close < end && text.charCodeAt(close + 1) === 58; // ':'
  }
  for (let at = text.indexOf(':', from); at >= 0 && at < end; at = text.indexOf(':', at + 1)) {
    if (at + 1 === end || text.charCodeAt(at + 1) === 32) return true;
  }
  return false;
}

/** The key at the start of text[from, end) and the index just after its `:`. */
function readKey(text: string, from: number, end: number): { key: string; after: number } {
  const first = text.charCodeAt(from);
  if (first === 34 || first === 39) {
    const close = first === 34 ? quoteEnd(text, from, end) : text.indexOf("'", from + 1);
    if (close < 0 || close >= end || text.charCodeAt(close + 1) !== 58) fail();
    const token = text.slice(from, close + 1);
    return { key: first === 34 ? doubleQuoted(token) : token.slice(1, -1), after: close + 2 };
  }
  for (let at = text.indexOf(':', from); at >= 0 && at < end; at = text.indexOf(':', at + 1)) {
    if (at + 1 === end || text.charCodeAt(at + 1) === 32) return { key: text.slice(from, at), after: at + 1 };
  }
  return fail();
}

/** The index of the `"` closing the double-quoted scalar that opens at `start`, before `end`; -1 when none does. */
function quoteEnd(text: string, start: number, end: number): number {
  for (let at = start + 1; at < end; at++) {
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
