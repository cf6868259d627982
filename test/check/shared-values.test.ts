import { describe, expect, it } from 'vitest';
import { SharedValues } from '../../lib/check/shared-values';

describe('SharedValues', () => {
  it('gives back the first value kept for the same text at the same indent', () => {
    // GIVEN a table holding a value for a text at indent 2
    const shared = new SharedValues();
    const first = { team: 'payments' };
    shared.share(2, 'team: payments\n', first);

    // WHEN an equal value is shared for the same text and indent
    const again = shared.share(2, 'team: payments\n', { team: 'payments' });

    // THEN the first value comes back
    expect(again).toBe(first);
  });

  it('keeps texts at other indents apart', () => {
    // GIVEN a table holding a value for a text at indent 2
    const shared = new SharedValues();
    const first = ['a'];
    shared.share(2, '- a\n', first);

    // WHEN a value is shared for the same text at indent 4, and for another text at indent 2
    const deeper = ['a'];
    const other = ['b'];

    // THEN each is its own
    expect(shared.share(4, '- a\n', deeper)).toBe(deeper);
    expect(shared.share(2, '- b\n', other)).toBe(other);
  });
});
