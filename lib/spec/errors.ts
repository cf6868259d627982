// Error lines for bad input: field paths, rendered values and zod issues in the project's own words.
import { z } from 'zod';

/*
 * Turns zod issues into one line each: `<file>: <field.path> — <what is wrong>, got <value>; <fix>`.
 * Schema messages are either "expected …" (which is the fix) or "<what is wrong>; <fix>";
 * this adds the bad value before the fix, and picks the branch of a union the user meant.
 */

export type FieldPath = readonly (string | number)[];

/** `teams.0.labels["example.com/tier"]`: keys that would read as several segments are quoted. */
export function formatPath(path: FieldPath): string {
  return path
    .map((key, index) => {
      const text = String(key);
      if (typeof key === 'number' || /^[^./\s"[\]]+$/.test(text)) return index === 0 ? text : `.${text}`;
      return `[${JSON.stringify(text)}]`;
    })
    .join('');
}

export function fieldError(file: string, path: FieldPath, message: string): string {
  return path.length ? `${file}: ${formatPath(path)} — ${message}` : `${file}: ${message}`;
}

/** A short, single-line rendering of a bad value for an error message. */
export function renderValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

export function valueAt(root: unknown, path: FieldPath): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Where a field error names the whole file's export rather than a field in it. */
export const ROOT_FIELD = 'default export';

export function formatZodIssues(file: string, input: unknown, schema: z.ZodType, issues: readonly z.core.$ZodIssue[]): string[] {
  const flat = issues.flatMap((issue) => flatten(input, schema, issue, []));
  // A typo such as `teems` also makes `teams` missing; the did-you-mean line says both.
  const typoTargets = new Set(
    flat.flatMap(({ issue, path }) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.flatMap((key) => {
            const suggestion = closest(key, allowedKeys(schema, path));
            return suggestion ? [formatPath([...path, suggestion])] : [];
          })
        : [],
    ),
  );
  return flat.flatMap(({ issue, path }) => {
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema, path);
      return issue.keys.map((key) => fieldError(file, [...path, key], unknownFieldMessage(key, allowed)));
    }
    const value = valueAt(input, path);
    if (value === undefined && typoTargets.has(formatPath(path))) return [];
    return [path.length ? fieldError(file, path, describe(issue, value)) : `${file}: ${ROOT_FIELD} — ${describe(issue, value)}`];
  });
}

/** `<what is wrong>, got <value>; <fix>`, or `missing, <what is expected>` when there is no value. */
function describe(issue: z.core.$ZodIssue, value: unknown): string {
  const message = issue.message.startsWith('Invalid input: expected ') ? `expected ${article(issue.message.slice(24).split(',')[0]!)}` : issue.message;
  if (value === undefined) return `missing, ${message}`;
  const split = message.indexOf('; ');
  const got = `got ${renderValue(value)}`;
  return split < 0 ? `${message}, ${got}` : `${message.slice(0, split)}, ${got}${message.slice(split)}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Unions are replaced by the issues of the branch the user most likely meant. */
function flatten(input: unknown, schema: z.ZodType, issue: z.core.$ZodIssue, prefix: FieldPath): { issue: z.core.$ZodIssue; path: FieldPath }[] {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  if (issue.code === 'invalid_union' && issue.errors.length) {
    const best = pickBranch(issue.errors, valueAt(input, path), unionOptionsAt(schema, path));
    if (best) return best.flatMap((inner) => flatten(input, schema, inner, path));
  }
  return [{ issue, path }];
}

/**
 * In a union, report the branch the user most likely meant. For an object value that is
 * a branch whose shape fits (no type or value error at its root, and unknown keys only
 * where they look like typos of its own fields), with the fewest issues. For a scalar,
 * or when no branch fits, none: the union's own message lists every accepted form.
 */
function pickBranch(
  branches: readonly (readonly z.core.$ZodIssue[])[],
  value: unknown,
  options: readonly z.ZodType[],
): readonly z.core.$ZodIssue[] | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const fits = (issues: readonly z.core.$ZodIssue[], index: number) =>
    issues.every((i) => {
      if (i.path.length) return true;
      if (i.code !== 'unrecognized_keys') return i.code !== 'invalid_type' && i.code !== 'invalid_value';
      const keys = objectKeys(options[index]);
      return i.keys.every((key) => closest(key, keys) !== undefined);
    });
  const candidates = branches.filter(fits);
  if (!candidates.length) return undefined;
  return [...candidates].sort((a, b) => a.length - b.length)[0];
}

function objectKeys(schema: z.ZodType | undefined): string[] {
  return schema ? unwrap(schema).flatMap((s) => (s instanceof z.ZodObject ? Object.keys(s.shape) : [])) : [];
}

/** The options of the union at `path`, in the order zod reports their branches. */
function unionOptionsAt(schema: z.ZodType, path: FieldPath): z.ZodType[] {
  let current: z.ZodType[] = [schema];
  for (const key of path) current = current.flatMap((s) => unwrap(s)).flatMap((s) => child(s, key));
  for (const candidate of current) {
    let inner: z.ZodType = candidate;
    while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType;
    if (inner instanceof z.ZodUnion) return [...(inner.options as z.ZodType[])];
  }
  return [];
}

function unknownFieldMessage(key: string, allowed: readonly string[]): string {
  const suggestion = closest(key, allowed);
  if (suggestion) return `unknown field "${key}"; did you mean "${suggestion}"?`;
  return allowed.length
    ? `unknown field "${key}"; remove it (allowed here: ${allowed.join(', ')})`
    : `unknown field "${key}"; remove it`;
}

function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = levenshtein(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The field names an object schema accepts at `path`, walking through wrappers. */
function allowedKeys(schema: z.ZodType, path: FieldPath): string[] {
  const candidates = schemasAt(schema, path);
  return [...new Set(candidates.flatMap((s) => (s instanceof z.ZodObject ? Object.keys(s.shape) : [])))];
}

function schemasAt(schema: z.ZodType, path: FieldPath): z.ZodType[] {
  let current: z.ZodType[] = [schema];
  for (const key of path) current = current.flatMap((s) => unwrap(s)).flatMap((s) => child(s, key));
  return current.flatMap((s) => unwrap(s));
}

function unwrap(schema: z.ZodType): z.ZodType[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return unwrap(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodType[]).flatMap((o) => unwrap(o));
  return [schema];
}

function child(schema: z.ZodType, key: string | number): z.ZodType[] {
  if (schema instanceof z.ZodObject) {
    const next = (schema.shape as Record<string, z.ZodType>)[String(key)];
    return next ? [next] : [];
  }
  if (schema instanceof z.ZodArray) return [schema.element as z.ZodType];
  if (schema instanceof z.ZodRecord) return [schema.valueType as z.ZodType];
  return [];
}
