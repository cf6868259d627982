import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringPool } from '../../lib/check/string-pool';

describe('StringPool', () => {
  it('gives back one copy per distinct string, equal to it', () => {
    // GIVEN a pool and two equal strings cut from different texts
    const pool = new StringPool();
    const a = 'namespace: acme-api-production\n'.slice(11, 30);
    const b = 'name: acme-api-production'.slice(6);

    // WHEN both are interned
    const first = pool.intern(a);
    const second = pool.intern(b);

    // THEN they are equal to the input and to each other, and the pool holds one string
    expect(first).toBe('acme-api-production');
    expect(second).toBe(first);
    expect(pool.size).toBe(1);
  });

  it('interns every string of a value in place and leaves its shape alone', () => {
    // GIVEN an object with strings at every depth, numbers, booleans and nulls
    const pool = new StringPool();
    const value = { kind: 'Namespace', metadata: { name: 'acme', labels: { team: 'acme' } }, list: ['acme', 1, true, null, { deep: 'acme' }] };

    // WHEN its strings are interned
    const interned = pool.internAll(value);

    // THEN the value is the same object, equal to what it was, and holds two distinct strings
    expect(interned).toBe(value);
    expect(interned).toEqual({ kind: 'Namespace', metadata: { name: 'acme', labels: { team: 'acme' } }, list: ['acme', 1, true, null, { deep: 'acme' }] });
    expect(pool.size).toBe(2);
  });

  it('never changes a value, whatever it holds', () => {
    // GIVEN any JSON value
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // WHEN a copy of it is interned
        const copy = structuredClone(value);
        new StringPool().internAll(copy);

        // THEN the copy still equals the value
        expect(copy).toEqual(value);
      }),
    );
  });
});
