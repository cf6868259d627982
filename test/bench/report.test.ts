import { describe, expect, it } from 'vitest';
import { median } from '../../lib/bench/report';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    // GIVEN
    const odd = [5, 1, 3];
    const even = [4, 1, 3, 2];

    // WHEN
    const results = [median(odd), median(even)];

    // THEN
    expect(results).toEqual([3, 2.5]);
  });
});
