import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { dedupe, isPlainObject, ROOT_PATH, toIssues, type SchemaIssue } from '../../lib/check/schema-issues';

/** The errors ajv (all errors, as the validator runs it) reports for `data` under `schema`. */
function errorsOf(schema: object, data: unknown): ErrorObject[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('quantity', /^[0-9]+(m|Mi|Gi)?$/);
  const validate = ajv.compile(schema);
  expect(validate(data)).toBe(false);
  return validate.errors!;
}

const object = (properties: Record<string, object>, extra: object = {}) => ({ type: 'object', properties, ...extra });

describe('toIssues', () => {
  it.each<[string, object, unknown, SchemaIssue[]]>([
    ['a missing field', object({ spec: object({ url: { type: 'string' } }, { required: ['url'] }) }), { spec: {} }, [{ path: 'spec.url', message: 'is required' }]],
    ['an undeclared field', object({ spec: object({}, { additionalProperties: false }) }), { spec: { urll: 'x' } }, [{ path: 'spec.urll', message: 'unknown field' }]],
    ['a wrong type', object({ replicas: { type: 'integer' } }), { replicas: '2' }, [{ path: 'replicas', message: 'must be integer' }]],
    ['a value outside an enum', object({ kind: { enum: ['GitRepository', 'Bucket'] } }), { kind: 'Helm' }, [{ path: 'kind', message: 'must be one of: "GitRepository", "Bucket"' }]],
    ['a bad format', object({ cpu: { type: 'string', format: 'quantity' } }), { cpu: 'lots' }, [{ path: 'cpu', message: 'must match format "quantity"' }]],
    ['another keyword, in ajv\'s words', object({ replicas: { type: 'integer', minimum: 1 } }), { replicas: 0 }, [{ path: 'replicas', message: 'must be >= 1' }]],
    ['the object itself', { type: 'object' }, [], [{ path: ROOT_PATH, message: 'must be object' }]],
  ])('fails on %s with one readable issue', (_, schema, data, expected) => {
    // GIVEN ajv's errors for a bad value
    const errors = errorsOf(schema, data);

    // WHEN they are converted
    const issues = toIssues(errors, data);

    // THEN
    expect(issues).toEqual(expected);
  });

  it('writes list indices in brackets and quotes keys that are not identifiers', () => {
    // GIVEN a label key with dots and a slash (a "~1" in ajv's JSON pointer) inside a list
    const schema = object({ items: { type: 'array', items: object({ labels: { type: 'object', additionalProperties: { type: 'string' } } }) } });
    const data = { items: [{ labels: { ok: 'a' } }, { labels: { 'app.kubernetes.io/name': 1, 'a~b': 2, plain_key: 3 } }] };

    // WHEN
    const issues = toIssues(errorsOf(schema, data), data);

    // THEN
    expect(issues).toEqual([
      { path: 'items[1].labels["app.kubernetes.io/name"]', message: 'must be string' },
      { path: 'items[1].labels["a~b"]', message: 'must be string' },
      { path: 'items[1].labels.plain_key', message: 'must be string' },
    ]);
  });

  it('treats a digit key of an object as a key, not a list index', () => {
    // GIVEN
    const schema = object({ data: { type: 'object', additionalProperties: { type: 'string' } } });
    const value = { data: { '0': 1 } };

    // WHEN
    const issues = toIssues(errorsOf(schema, value), value);

    // THEN
    expect(issues).toEqual([{ path: 'data["0"]', message: 'must be string' }]);
  });

  it('folds an anyOf of types into one issue naming the types it accepts', () => {
    // GIVEN an int-or-string field holding a boolean
    const schema = object({ port: { anyOf: [{ type: 'integer' }, { type: 'string' }] } });
    const data = { port: true };

    // WHEN
    const issues = toIssues(errorsOf(schema, data), data);

    // THEN
    expect(issues).toEqual([{ path: 'port', message: 'must be integer or string' }]);
  });

  it('reports why a branch that took the value\'s type still refused it', () => {
    // GIVEN a quantity that is a string but not a quantity
    const schema = object({ memory: { anyOf: [{ type: 'integer' }, { type: 'string', format: 'quantity' }] } });
    const data = { memory: '1 gig' };

    // WHEN
    const issues = toIssues(errorsOf(schema, data), data);

    // THEN
    expect(issues).toEqual([{ path: 'memory', message: 'must match format "quantity"' }]);
  });

  it('keeps a oneOf failure that no branch error explains', () => {
    // GIVEN a value both branches accept
    const schema = object({ n: { oneOf: [{ type: 'integer' }, { type: 'number' }] } });
    const data = { n: 1 };

    // WHEN
    const issues = toIssues(errorsOf(schema, data), data);

    // THEN
    expect(issues).toEqual([{ path: 'n', message: 'must match exactly one schema in oneOf' }]);
  });

  it('gives nothing for no errors', () => {
    // GIVEN / WHEN
    const issues = toIssues([], {});

    // THEN
    expect(issues).toEqual([]);
  });
});

describe('dedupe', () => {
  it('drops repeated issues, keeping the first of each in order', () => {
    // GIVEN
    const issues: SchemaIssue[] = [
      { path: 'metadata.name', message: 'is required' },
      { path: 'spec', message: 'must be object' },
      { path: 'metadata.name', message: 'is required' },
      { path: 'metadata.name', message: 'must be string' },
    ];

    // WHEN
    const unique = dedupe(issues);

    // THEN
    expect(unique).toEqual([issues[0], issues[1], issues[3]]);
  });
});

describe('isPlainObject', () => {
  it.each<[string, unknown, boolean]>([
    ['an object', { a: 1 }, true],
    ['an empty object', {}, true],
    ['an array', [], false],
    ['null', null, false],
    ['a string', 'x', false],
    ['undefined', undefined, false],
  ])('tells whether %s is a plain object', (_, value, expected) => {
    // GIVEN / WHEN
    const result = isPlainObject(value);

    // THEN
    expect(result).toBe(expected);
  });
});
