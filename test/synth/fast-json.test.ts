import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiObject, App, Chart, JsonPatch, Lazy, type IResolver, type ResolutionContext } from 'cdk8s';
import { IntOrString, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Tenant } from '../../constructs/tenant';
import { BENCH_PLATFORM, generateTenants } from '../../lib/bench/generate';
import { loadProject, validateProject, type LoadedProject } from '../../lib/spec/loader';
import { withFastToJson } from '../../lib/synth/fast-json';
import { addPlatformObjects, newChart } from '../../lib/synth/synth';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** cdk8s' own rendering and the fast one, as JSON text: equal text means equal values in equal key order. */
function bothRenderings(object: ApiObject): [string, string] {
  return [JSON.stringify(object.toJson()), withFastToJson(() => JSON.stringify(object.toJson()))];
}

function apiObjectsOf(project: LoadedProject): ApiObject[] {
  const charts = project.tenants.map((tenant) => {
    const chart = newChart(tenant.id);
    new Tenant(chart, 'Resource', { ...tenant, platform: project.platform });
    return chart;
  });
  const platform = newChart('_platform');
  addPlatformObjects(platform, project.platform, project.tenants);
  return [...charts, platform].flatMap((chart) => chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject));
}

function chart(): Chart {
  return new Chart(new App({ outdir: '/dev/null' }), 'test', { disableResourceNameHashes: true });
}

/** A token as cdk8s sees one: an object with a resolve() method. */
class Token {
  constructor(private readonly result: unknown) {}
  resolve(): unknown {
    return this.result;
  }
}

/** Values as constructs hand them to cdk8s: plain data mixed with Lazy values, tokens, number-or-string unions, nulls and empty containers. */
const propValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 6 }),
    fc.integer(),
    fc.boolean(),
    fc.constantFrom(null, undefined),
    fc.constantFrom(IntOrString.fromNumber(8080), IntOrString.fromString('http'), Quantity.fromString('512Mi'), Quantity.fromNumber(2)),
    tie('value').map((inner) => Lazy.any({ produce: () => inner })),
    tie('value').map((inner) => new Token(inner)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('b', 'a', 'Z', 'spec', 'metadata', 'value', '_x', 'é', 'aa'), tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('withFastToJson', () => {
  it('renders every object of the example project and of generated tenants exactly as cdk8s does', async () => {
    // GIVEN the example project and 40 generated tenants (agents, environments, every isolation level)
    const loaded = await loadProject(ROOT);
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const generated = validateProject({ file: 'platform.ts', value: BENCH_PLATFORM }, generateTenants({ tenants: 40, teams: 3, seed: 7 }));
    if (!generated.ok) throw new Error(generated.errors.join('\n'));
    const objects = [...apiObjectsOf(loaded), ...apiObjectsOf(generated)];
    // WHEN each object is rendered both ways
    const differing = objects.filter((object) => {
      const [slow, fast] = bothRenderings(object);
      return slow !== fast;
    });
    // THEN not one differs, in value or key order
    expect(objects.length).toBeGreaterThan(1000);
    expect(differing.map((o) => o.node.path)).toEqual([]);
  });

  it('renders random props and metadata exactly as cdk8s does', () => {
    fc.assert(
      fc.property(
        propValue,
        fc.dictionary(fc.constantFrom('team', 'a', 'b'), fc.oneof(fc.string({ maxLength: 4 }), fc.constant(undefined)), { maxKeys: 3 }),
        fc.dictionary(fc.constantFrom('note', 'x'), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
        fc.array(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 2 }),
        fc.boolean(),
        (spec, labels, annotations, finalizers, patched) => {
          // GIVEN an object with random props, labels, annotations, finalizers and maybe a JSON patch
          const object = new ApiObject(chart(), 'Resource', {
            apiVersion: 'example.io/v1',
            kind: 'Thing',
            metadata: { name: 'thing', labels: labels as Record<string, string>, annotations, finalizers, extra: Lazy.any({ produce: () => spec }) },
            spec,
            data: { spec },
          });
          if (patched) object.addJsonPatch(JsonPatch.add('/patched', { by: 'test' }));
          // WHEN it is rendered both ways (or fails both ways)
          const render = () => {
            try {
              return JSON.stringify(object.toJson());
            } catch (error) {
              return `error: ${(error as Error).message}`;
            }
          };
          // THEN the results are the same text
          expect(withFastToJson(render)).toBe(render());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fails with cdk8s own message when a value is not plain data', () => {
    // GIVEN a prop holding a class instance that is neither a token nor a union
    class Opaque {
      readonly kind = 'opaque';
    }
    const object = new ApiObject(chart(), 'Resource', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { x: new Opaque() } });
    // WHEN it is rendered with the fast path
    const fast = () => withFastToJson(() => object.toJson());
    // THEN it fails with exactly what cdk8s says
    expect(fast).toThrow("Failed serializing construct at path 'test/Resource' with name 'c': Error: can't render non-simple object of type 'Opaque'");
    expect(() => object.toJson()).toThrow("Failed serializing construct at path 'test/Resource' with name 'c': Error: can't render non-simple object of type 'Opaque'");
  });

  it('leaves an app with its own resolvers to cdk8s', () => {
    // GIVEN an app whose custom resolver rewrites one value
    const upper: IResolver = {
      resolve: (context: ResolutionContext) => {
        if (context.value === 'shout') context.replaceValue('SHOUT');
      },
    };
    const app = new App({ outdir: '/dev/null', resolvers: [upper] });
    const object = new ApiObject(new Chart(app, 'c', { disableResourceNameHashes: true }), 'Resource', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { x: 'shout' } });
    // WHEN it is rendered with the fast path
    const rendered = withFastToJson(() => object.toJson());
    // THEN the custom resolver ran, as under cdk8s
    expect(rendered).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { x: 'SHOUT' } });
  });

  it('restores cdk8s own toJson afterwards, also when rendering throws', () => {
    // GIVEN cdk8s' own method
    const own = ApiObject.prototype.toJson;
    // WHEN a render inside withFastToJson throws
    expect(() =>
      withFastToJson(() => {
        expect(ApiObject.prototype.toJson).not.toBe(own);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    // THEN the prototype has cdk8s' method again
    expect(ApiObject.prototype.toJson).toBe(own);
  });
});
