import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQuantity, parseQuantity, QUANTITY_PATTERN } from '../../lib/spec/quantity';

describe('QUANTITY_PATTERN', () => {
  it.each(['500m', '2', '0.5', '.5', '4Gi', '128Mi', '1k', '3M', '1E', '10Ei'])('accepts %s', (value) => {
    // GIVEN a Kubernetes quantity
    // WHEN it is checked
    const ok = QUANTITY_PATTERN.test(value);
    // THEN it is accepted
    expect(ok).toBe(true);
  });

  it.each(['', 'lots', '4GB', '4gi', '-1', '1.', '1e3', ' 2', '2 ', '4 Gi', 'm'])('rejects %j', (value) => {
    // GIVEN something that is not a quantity Tenantry accepts
    // WHEN it is checked
    const ok = QUANTITY_PATTERN.test(value);
    // THEN it is refused
    expect(ok).toBe(false);
  });
});

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['.5', 0.5],
    ['1.5', 1.5],
    ['1k', 1000],
    ['1M', 1e6],
    ['1G', 1e9],
    ['1Ki', 1024],
    ['128Mi', 128 * 2 ** 20],
    ['4Gi', 4 * 2 ** 30],
    ['1Ti', 2 ** 40],
  ] as const)('reads %s as %d base units', (value, expected) => {
    // GIVEN a quantity string
    // WHEN it is parsed
    const parsed = parseQuantity(value);
    // THEN it is in cores or bytes
    expect(parsed).toBe(expected);
  });

  it('passes numbers through', () => {
    // GIVEN a plain count
    // WHEN it is parsed
    const parsed = parseQuantity(20);
    // THEN it is unchanged
    expect(parsed).toBe(20);
  });

  it('fails when the quantity is malformed', () => {
    // GIVEN a malformed quantity
    // WHEN it is parsed
    const parse = () => parseQuantity('lots');
    // THEN the error names the value
    expect(parse).toThrow(new Error('not a Kubernetes quantity: "lots"'));
  });

  it('orders binary above decimal suffixes of the same letter', () => {
    // GIVEN 1Gi and 1G
    // WHEN both are parsed
    // THEN the binary one is larger
    expect(parseQuantity('1Gi')).toBeGreaterThan(parseQuantity('1G'));
  });
});

describe('formatQuantity', () => {
  it.each([
    [2, 'cpu', '2'],
    [0.5, 'cpu', '500m'],
    [1.5, 'cpu', '1500m'],
    [0.1 + 0.2, 'cpu', '300m'],
    [4 * 2 ** 30, 'bytes', '4Gi'],
    [1536 * 2 ** 20, 'bytes', '1536Mi'],
    [2 ** 10, 'bytes', '1Ki'],
    [1000, 'bytes', '1000'],
    [1e9, 'bytes', '1000000000'],
    [7, 'count', '7'],
  ] as const)('writes %d (%s) as %s', (value, kind, expected) => {
    // GIVEN a base-unit value
    // WHEN it is formatted
    const text = formatQuantity(value, kind);
    // THEN it is the shortest exact readable quantity
    expect(text).toBe(expected);
  });

  it('round-trips whole mebibytes and millicores', () => {
    // GIVEN any whole number of MiB and of millicores
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 20 }), fc.integer({ min: 1, max: 100_000 }), (mib, millis) => {
        // WHEN they are formatted and parsed back
        const bytes = parseQuantity(formatQuantity(mib * 2 ** 20, 'bytes'));
        const cores = parseQuantity(formatQuantity(millis / 1000, 'cpu'));
        // THEN the values are unchanged
        expect(bytes).toBe(mib * 2 ** 20);
        expect(cores).toBeCloseTo(millis / 1000, 9);
      }),
      { numRuns: 200 },
    );
  });
});
