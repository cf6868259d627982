import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeLayers, mergeOnto } from '../../lib/spec/merge';

describe('mergeLayers', () => {
  it('merges objects key by key, the later layer winning', () => {
    // GIVEN three layers with shared and disjoint keys
    // WHEN they are merged
    const merged = mergeLayers<Record<string, unknown>>({ a: { x: 1, y: 2 }, b: 'keep' }, { a: { y: 3 } }, { a: { z: 4 } });
    // THEN nested objects merge and the latest value wins
    expect(merged).toEqual({ a: { x: 1, y: 3, z: 4 }, b: 'keep' });
  });

  it('replaces arrays and scalars whole', () => {
    // GIVEN an inherited list and scalar
    // WHEN a later layer sets both
    const merged = mergeLayers<Record<string, unknown>>({ ports: [80, 443], mode: 'a' }, { ports: [8443], mode: 'b' });
    // THEN the later values replace them
    expect(merged).toEqual({ ports: [8443], mode: 'b' });
  });

  it('removes what null names and lets a later layer set it again', () => {
    // GIVEN a layer that removes a key and a later one that sets it
    // WHEN they are merged
    const removed = mergeLayers<Record<string, unknown>>({ a: 1, b: { c: 2, d: 3 } }, { a: null, b: { d: null } });
    const again = mergeLayers<Record<string, unknown>>({ a: 1 }, { a: null }, { a: 5 });
    // THEN the removed keys are absent, not null, and the later value returns
    expect(removed).toEqual({ b: { c: 2 } });
    expect(Object.keys(removed)).toEqual(['b']);
    expect(again).toEqual({ a: 5 });
  });

  it('leaves a key alone when a later layer sets it to undefined', () => {
    // GIVEN a layer with an undefined key
    // WHEN it is merged over a set value
    const merged = mergeLayers<Record<string, unknown>>({ a: 1 }, { a: undefined });
    // THEN the earlier value stays
    expect(merged).toEqual({ a: 1 });
  });

  it('skips undefined layers and gives undefined for a null last layer', () => {
    // GIVEN undefined layers around a value, and a null last layer
    // WHEN they are merged
    // THEN undefined layers change nothing and null clears the whole value
    expect(mergeLayers<{ a: number }>(undefined, { a: 1 }, undefined)).toEqual({ a: 1 });
    expect(mergeLayers<{ a: number }>({ a: 1 }, null)).toBeUndefined();
    expect(mergeLayers<{ a: number }>()).toBeUndefined();
  });

  it('strips nulls from an object that replaces a scalar or starts the chain', () => {
    // GIVEN a first layer with nulls, and an object layered over a scalar
    // WHEN they are merged
    const first = mergeLayers<Record<string, unknown>>({ a: null, b: { c: null, d: 1 } });
    const overScalar = mergeLayers<Record<string, unknown>>({ a: 'x' }, { a: { b: null, c: 2 } });
    // THEN no null survives
    expect(first).toEqual({ b: { d: 1 } });
    expect(overScalar).toEqual({ a: { c: 2 } });
  });

  it('does not change its inputs', () => {
    // GIVEN two layers
    const base = { a: { x: 1 } };
    const over = { a: { x: null, y: 2 } };
    // WHEN they are merged
    mergeLayers<Record<string, unknown>>(base, over);
    // THEN both are as they were
    expect(base).toEqual({ a: { x: 1 } });
    expect(over).toEqual({ a: { x: null, y: 2 } });
  });

  it('never changes random inputs and leaves no null', () => {
    // GIVEN random nested layers
    const layer = fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.oneof(fc.constant(null), fc.integer(), fc.dictionary(fc.constantFrom('x', 'y'), fc.oneof(fc.constant(null), fc.integer()))));
    fc.assert(
      fc.property(fc.array(layer, { maxLength: 4 }), (layers) => {
        const before = JSON.stringify(layers);
        // WHEN they are merged
        const merged = mergeLayers<Record<string, unknown>>(...layers);
        // THEN the inputs are unchanged and the result holds no null
        expect(JSON.stringify(layers)).toBe(before);
        expect(JSON.stringify(merged ?? {})).not.toContain('null');
      }),
      { numRuns: 100 },
    );
  });

  it('lets the last layer that sets a scalar win', () => {
    // GIVEN scalar layers, some undefined
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer(), { nil: undefined }), { minLength: 1, maxLength: 5 }), (values) => {
        // WHEN they are merged
        const merged = mergeLayers<{ v?: number }>(...values.map((v) => ({ v })));
        // THEN the last defined value wins
        const last = values.filter((v) => v !== undefined).at(-1);
        expect(merged.v).toBe(last);
      }),
      { numRuns: 100 },
    );
  });
});

describe('mergeOnto', () => {
  it('continues a merge from its merged prefix exactly as merging every layer at once, leaving the prefix as it was', () => {
    const value = fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer(), fc.array(fc.integer(), { maxLength: 2 }));
    const layer = fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.oneof(value, fc.dictionary(fc.constantFrom('x', 'y'), value, { maxKeys: 2 })), { maxKeys: 3 });
    fc.assert(
      fc.property(fc.array(fc.option(layer, { nil: undefined }), { maxLength: 3 }), fc.array(fc.option(layer, { nil: undefined }), { maxLength: 3 }), (prefix, rest) => {
        // GIVEN a prefix of layers merged once
        const merged = mergeLayers<Record<string, unknown> | undefined>(...prefix);
        const snapshot = JSON.stringify(merged);
        // WHEN the remaining layers are merged onto it
        const continued = mergeOnto<Record<string, unknown> | undefined>(merged, ...rest);
        // THEN it equals merging all layers in one go, and the shared prefix is untouched
        expect(continued).toEqual(mergeLayers<Record<string, unknown> | undefined>(...prefix, ...rest));
        expect(JSON.stringify(merged)).toBe(snapshot);
      }),
    );
  });
});
