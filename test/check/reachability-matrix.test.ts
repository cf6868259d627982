import { describe, expect, it } from 'vitest';
import { proveIsolation } from '../../lib/check/reachability';
import { renderMatrix } from '../../lib/check/reachability-matrix';
import { baseline, context } from '../support/network';

describe('renderMatrix', () => {
  it('prints a legend, the grid and the port key', () => {
    // GIVEN the baseline matrix
    const matrix = proveIsolation(context(baseline())).matrix;

    // WHEN it is rendered
    const text = renderMatrix(matrix);

    // THEN every namespace is numbered with its owner, and the grid has a row per namespace
    expect(text).toContain('\n  1  acme-api            tenant acme\n');
    expect(text).toContain('\n  5  ingress-nginx       platform: ingress controller\n');
    expect(text).toContain('\n  8  (other namespaces)  every namespace not listed above (policies unknown: open)\n');
    expect(text).toContain('Cross-tenant paths: none.');
    const grid = text.split('\n').filter((line) => /^ +\d+ {2,}[*.a-z! ]+$/.test(line));
    expect(grid).toHaveLength(matrix.nodes.length);
    expect(text).toContain('from\\to   1  2  3  4  5  6  7  8  9');
    expect(grid[0]).toBe('  1       *  *  .  .  *  *  *  *  *');
    expect(text).toContain('   a  5432/TCP');
  });
});
