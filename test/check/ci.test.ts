import { describe, expect, it } from 'vitest';
import { inCi } from '../../lib/check/ci';

describe('inCi', () => {
  it.each([
    [{ CI: 'true' }, true],
    [{ CI: '1' }, true],
    [{ CI: 'woodpecker' }, true],
    [{}, false],
    [{ CI: '' }, false],
    [{ CI: 'false' }, false],
    [{ CI: 'FALSE' }, false],
    [{ CI: '0' }, false],
  ])('tells CI from %o', (env, expected) => {
    // WHEN / THEN
    expect(inCi(env)).toBe(expected);
  });
});
