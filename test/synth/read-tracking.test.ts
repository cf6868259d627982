import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../../lib/spec/loader';
import type { TenantSpec } from '../../lib/spec/schema';
import { projectReads, trackReads, type ReadShape } from '../../lib/synth/read-tracking';
import { synthesizePlatform } from '../../lib/synth/synth';
import { project, SMALL, withNewEnvironment, withPods } from '../support/project';

describe('trackReads', () => {
  it('records the fields, array elements and key lists a computation reads', () => {
    // GIVEN
    const shape: ReadShape = {};
    const value = { a: 1, b: { c: [{ d: 2, e: 3 }, { d: 4, e: 5 }] }, f: { g: 1 }, unused: 9 };
    const view = trackReads(value, shape);

    // WHEN
    const sum = view.a + view.b.c.reduce((total, item) => total + item.d, 0) + Object.keys(view.f).length;

    // THEN
    expect(sum).toBe(8);
    // Object.keys also looks at each key's descriptor, so f's keys count as read too: more than needed is safe.
    expect(shape).toEqual({ fields: { a: {}, b: { fields: { c: { fields: { length: {}, '[]': { fields: { d: {} } } } } } }, f: { keys: true, fields: { g: {} } } } });
    expect(projectReads({ ...value, unused: 10, b: { c: [{ d: 2, e: 99 }, { d: 4, e: 0 }] } }, shape)).toEqual(projectReads(value, shape));
    expect(projectReads({ ...value, f: { g: 1, h: 2 } }, shape)).not.toEqual(projectReads(value, shape));
  });

  it('fails when the computation writes to what it reads', () => {
    // GIVEN
    const view = trackReads({ a: 1 } as { a: number }, {});

    // WHEN
    const write = () => {
      view.a = 2;
    };

    // THEN
    expect(write).toThrowError(new TypeError("'set' on proxy: trap returned falsish for property 'a'"));
  });

  it('never lets equal projections hide a change in the platform folder', () => {
    const tenants = project(SMALL).tenants;
    const shape: ReadShape = {};
    const before = synthesizePlatform(project(SMALL).platform, trackReads(tenants, shape));
    fc.assert(
      fc.property(fc.nat({ max: SMALL.length - 1 }), fc.constantFrom('pods', 'environment', 'status', 'labels', 'deploy'), (index, change) => {
        // GIVEN
        const source = SMALL[index]!;
        const spec = source.value as TenantSpec;
        const edited: SourceFile =
          change === 'pods'
            ? withPods(source, 4)
            : change === 'environment'
              ? withNewEnvironment(source)
              : change === 'status'
                ? { ...source, value: { ...spec, status: spec.status === 'pending' ? 'suspended' : 'pending' } }
                : change === 'labels'
                  ? { ...source, value: { ...spec, labels: { ...spec.labels, 'cost-center': 'cc-changed' } } }
                  : { ...source, value: { ...spec, teams: spec.teams.map((t) => ({ ...t, deploy: { repo: `https://github.com/x/${t.id}.git` } })) } };
        const next = project(SMALL.map((s, i) => (i === index ? edited : s)));

        // WHEN
        const after = synthesizePlatform(next.platform, next.tenants);
        const sameReads = JSON.stringify(projectReads(next.tenants, shape)) === JSON.stringify(projectReads(tenants, shape));

        // THEN
        if (sameReads) expect([...after.files]).toEqual([...before.files]);
      }),
      { numRuns: 40 },
    );
  });
});
