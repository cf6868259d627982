import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { SchemaVariants } from '../../lib/check/schema-variants';

type Schema = Record<string, unknown>;

/** A schema node of `n` string properties: large enough to be left out when absent. */
const wide = (n: number): Schema => ({ type: 'object', additionalProperties: false, properties: Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, { type: 'string' }])) });

const SCHEMA: Schema = {
  type: 'object',
  required: ['kind'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string' },
    spec: { type: 'object', additionalProperties: false, properties: { small: { type: 'integer' }, big: wide(400), list: { type: 'array', items: wide(400) } } },
    status: wide(400),
  },
};

function compiler(ajv = new Ajv({ strict: false, allErrors: true })) {
  const compiled: Schema[] = [];
  return { compiled, compile: (schema: Schema): ValidateFunction => (compiled.push(schema), ajv.compile(schema)) };
}

const DEPLOYMENT = JSON.parse(readFileSync(new URL('../../imports/schemas/k8s-v1.32.0-standalone-strict/deployment-apps-v1.json', import.meta.url), 'utf8')) as Schema;
delete DEPLOYMENT.$schema;

const VALID_DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'acme-api', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }], volumes: [{ name: 'tmp', emptyDir: {} }] },
    },
  },
};

describe('SchemaVariants', () => {
  it('compiles a large subtree only for the objects that set it', () => {
    // GIVEN the variants of a schema with large subtrees under spec.big, spec.list (its items) and status
    const { compiled, compile } = compiler();
    const variants = new SchemaVariants(SCHEMA, compile);

    // WHEN an object without them, one more like it and one with spec.big are validated
    variants.validatorFor({ kind: 'x', spec: { small: 1 } });
    variants.validatorFor({ kind: 'y', spec: {} });
    variants.validatorFor({ kind: 'x', spec: { big: {} } });

    // THEN two schemas were compiled: without the three, then without spec.list and status; the schema itself is left as it was
    const shape = (schema: Schema) => [Object.keys(schema.properties as Schema), Object.keys((schema.properties as { spec: Schema }).spec.properties as Schema)];
    expect(compiled.map(shape)).toEqual([
      [['kind', 'spec'], ['small']],
      [['kind', 'spec'], ['small', 'big']],
    ]);
    expect(shape(SCHEMA)).toEqual([['kind', 'spec', 'status'], ['small', 'big', 'list']]);
  });

  it('compiles the whole schema once past a handful of variants', () => {
    // GIVEN the variants of a schema with eight large properties
    const { compiled, compile } = compiler();
    const schema: Schema = { type: 'object', properties: Object.fromEntries([0, 1, 2, 3, 4, 5, 6, 7].map((i) => [`p${i}`, wide(400)])) };
    const variants = new SchemaVariants(schema, compile);

    // WHEN objects with every combination of four of them are validated, twice
    const objects = Array.from({ length: 16 }, (_, bits) => Object.fromEntries([0, 1, 2, 3].filter((i) => bits & (1 << i)).map((i) => [`p${i}`, {}])));
    for (const object of [...objects, ...objects]) variants.validatorFor(object);

    // THEN a handful of variants were compiled, and then the whole schema, once
    expect(compiled.length).toBe(7);
    expect(compiled.at(-1)).toBe(schema);
  });

  it('gives the errors of the whole schema for any object', () => {
    const { compile } = compiler();
    const whole = compile(SCHEMA);
    const variants = new SchemaVariants(SCHEMA, compile);
    const value = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant([]), fc.dictionary(fc.constantFrom('f1', 'f2', 'x'), fc.oneof(fc.string(), fc.integer())));
    const object = fc.record({ kind: value, spec: fc.oneof(value, fc.dictionary(fc.constantFrom('small', 'big', 'list', 'other'), value)), status: value, extra: value }, { requiredKeys: [] });
    fc.assert(
      fc.property(object, (input) => {
        // GIVEN any object, valid or not
        // WHEN it is validated by the variant for it and by the whole schema
        const validate = variants.validatorFor(input);

        // THEN both give the same verdict and the same errors
        expect([validate(input), validate.errors ?? []]).toEqual([whole(input), whole.errors ?? []]);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the errors of the whole Deployment schema for Deployments edited at random', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const whole = ajv.compile(DEPLOYMENT);
    const variants = new SchemaVariants(DEPLOYMENT, (schema) => ajv.compile(schema));
    const junk = fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null), fc.constant({ bogus: 1 }), fc.constant([{ name: 1 }]), fc.constant([{ name: 'x', image: 'y' }]));
    const edit = fc.record({ path: fc.constantFrom('spec', 'spec.template.spec', 'spec.template.spec.containers', 'status', 'spec.template', 'metadata'), key: fc.constantFrom('initContainers', 'ephemeralContainers', 'affinity', 'volumes', 'status', 'replicas', 'bogus', 'containers'), value: junk });
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 3 }), (edits) => {
        // GIVEN a valid Deployment with a few fields set to something else, many of them large optional subtrees
        const input = structuredClone(VALID_DEPLOYMENT) as Record<string, unknown>;
        for (const { path, key, value } of edits) {
          const parent = path.split('.').reduce<unknown>((node, step) => (node as Record<string, unknown> | undefined)?.[step], input);
          if (parent && typeof parent === 'object' && !Array.isArray(parent)) (parent as Record<string, unknown>)[key] = value;
        }

        // WHEN it is validated by the variant for it and by the whole schema
        const validate = variants.validatorFor(input);

        // THEN both give the same verdict and the same errors
        expect([validate(input), validate.errors ?? []]).toEqual([whole(input), whole.errors ?? []]);
      }),
      { numRuns: 150 },
    );
  });
});
