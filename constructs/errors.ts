import { z } from 'zod';

/*
 * Turns zod issues into one line each: `<file>: <field.path> — <what is wrong>, got <value>`.
 * The schema messages say what is expected (which is the fix); this adds the bad value.
 */

export type FieldPath = readonly (string | number)[];

export function formatPath(path: FieldPath): string {
  return path.map(String).join('.');
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

export function formatZodIssues(file: string, input: unknown, schema: z.ZodType, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => formatIssue(file, input, schema, issue, []));
}

function formatIssue(file: string, input: unknown, schema: z.ZodType, issue: z.core.$ZodIssue, prefix: FieldPath): string[] {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  if (issue.code === 'invalid_union' && issue.errors.length) {
    const best = pickBranch(issue.errors, valueAt(input, path));
    if (best) return best.flatMap((inner) => formatIssue(file, input, schema, inner, path));
  }
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeys(schema, path);
    return issue.keys.map((key) => fieldError(file, [...path, key], unknownFieldMessage(key, allowed)));
  }
  const value = valueAt(input, path);
  if (value === undefined) return [fieldError(file, path, `missing, ${issue.message}`)];
  return [fieldError(file, path, `${issue.message}, got ${renderValue(value)}`)];
}

/**
 * In a union, report the branch the user most likely meant: for an object, the one
 * that got furthest (no type error at its root, fewest issues); for a scalar, none, so
 * the union's own message is used.
 */
function pickBranch(branches: readonly (readonly z.core.$ZodIssue[])[], value: unknown): readonly z.core.$ZodIssue[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const candidates = branches.filter((issues) => !issues.some((i) => i.code === 'invalid_type' && i.path.length === 0));
  if (!candidates.length) return undefined;
  return [...candidates].sort((a, b) => a.length - b.length)[0];
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
