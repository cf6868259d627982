import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BENCH_PLATFORM, generateTenants } from '../../lib/bench/generate';
import { validateProject } from '../../lib/spec/loader';

describe('generateTenants', () => {
  it('always generates tenants that pass validation, the same ones for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 14 }), fc.nat(), (tenants, teams, seed) => {
        // GIVEN
        const options = { tenants, teams, seed };

        // WHEN
        const first = generateTenants(options);
        const result = validateProject({ file: 'platform.ts', value: BENCH_PLATFORM }, first);

        // THEN
        expect(result.ok ? [] : result.errors).toEqual([]);
        expect(generateTenants(options)).toEqual(first);
      }),
      { numRuns: 30 },
    );
  });
});
