import { describe, expect, it } from 'vitest';
import { arrow, code, mdTable, plural, textTable } from '../../lib/review/format';

describe('format helpers', () => {
  it('escape pipes in Markdown cells and pad text columns', () => {
    // GIVEN a cell holding a pipe, and rows of different widths
    // WHEN tabulated
    // THEN Markdown escapes it and text aligns the columns
    expect(mdTable(['a', 'b'], [['x|y', 'z']])).toEqual(['| a | b |', '| --- | --- |', '| x\\|y | z |']);
    expect(textTable(['name', 'n'], [['acme', '1'], ['b', '22']], '')).toEqual(['name  n', 'acme  1', 'b     22']);
  });

  it('write plurals, arrows and inline code', () => {
    // GIVEN counts, missing sides and backticks
    // WHEN written
    // THEN they read naturally
    expect([plural(1, 'team'), plural(2, 'team'), arrow(undefined, '3'), code('a`b'), code('ab')]).toEqual(['1 team', '2 teams', '(none) → 3', '`` a`b ``', '`ab`']);
  });
});
