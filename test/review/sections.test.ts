import { describe, expect, it } from 'vitest';
import { OBJECT_ROWS, reviewContext, SECTIONS } from '../../lib/review/sections';
import { sideOf, tenant } from '../support/review-sides';

const section = (id: string) => SECTIONS.find((s) => s.id === id)!;

describe('SECTIONS', () => {
  it('holds one entry per report section, in report order', () => {
    // GIVEN the table
    // WHEN its ids are read
    // THEN they are the JSON keys of a tenant's report
    expect(SECTIONS.map((s) => s.id)).toEqual(['objects', 'quota', 'cost', 'access', 'network']);
  });

  it(`collapses a tenant's objects per kind beyond ${OBJECT_ROWS}`, () => {
    // GIVEN a new tenant of four teams (well over 15 objects)
    const before = sideOf('base', {}, []);
    const after = sideOf('head', {}, [tenant('acme', 'hard', ['a', 'b', 'c', 'd'].map((id) => ({ id })))]);

    // WHEN the objects section renders it
    const model = section('objects').compute(reviewContext(before, after, ['acme'])).get('acme')!;
    const [block] = section('objects').blocks(model);

    // THEN one row per kind, with the count and a few names
    expect(block!.lead).toMatch(/^Objects: \d+ added, 0 removed, 0 changed \(collapsed per kind\)$/);
    expect(block!.header).toEqual(['change', 'kind', 'objects', 'for example']);
    expect(block!.rows).toContainEqual(['added', 'Namespace', '4', 'acme-a, acme-b, acme-c, …']);
  });

  it('gives each section a brief for the tenant summary line', () => {
    // GIVEN acme's quota raised
    const side = (cpu: string) => sideOf('side', {}, [tenant('acme', 'soft', [{ id: 'web', quota: { cpu } }])]);
    const context = reviewContext(side('2'), side('4'), ['acme']);

    // WHEN each section with something to say is briefed
    const briefs = SECTIONS.flatMap((s) => {
      const model = s.compute(context).get('acme');
      return model === undefined ? [] : [`${s.id}: ${s.brief(model)}`];
    });

    // THEN objects, quota and cost speak (deltas of the rounded figures shown), access and network do not
    expect(briefs).toEqual(['objects: 2 changed', 'quota: requests.cpu 2 → 4 (+1 more)', 'cost: ceiling +$46.16 a month']); // $59.32 → $105.48, the figures of the table
  });
});
