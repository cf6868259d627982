import { describe, expect, it } from 'vitest';
import { COMMENT_LIMIT, renderMarkdown, renderText } from '../../lib/review/render';
import { buildReport } from '../../lib/review/report';
import { sideOf, tenant } from '../support/review-sides';

const many = (cpu: string) => sideOf('side', {}, Array.from({ length: 30 }, (_, i) => tenant(`t${String(i).padStart(2, '0')}`, 'soft', [{ id: 'web', quota: { cpu } }])));

describe('renderMarkdown', () => {
  it('keeps the comment under the limit, detailing what fits and summarising the rest with a note', () => {
    // GIVEN 30 tenants whose quota changes
    const report = buildReport(many('2'), many('3'));

    // WHEN rendered within 6,000 characters
    const markdown = renderMarkdown(report, 6_000);

    // THEN it fits, the first tenants are detailed, the others listed, and the note says where the rest is
    expect(markdown.length).toBeLessThanOrEqual(6_000);
    expect(markdown).toContain('<summary><b>t00</b> (changed)');
    expect(markdown).toContain('\n- t03 (changed): objects 2 changed; quota requests.cpu 2 → 3 (+1 more); cost ceiling +$23.08 a month\n');
    expect(markdown).toMatch(/\n> 27 tenants summarised \(\d+ not even listed\) to keep this comment under 65,536 characters; the JSON report \(the workflow's artifact\) has every detail\.\n/);
    expect(renderMarkdown(report).length).toBeLessThan(COMMENT_LIMIT);
    expect(renderMarkdown(report)).not.toContain('summarised');
  });
});

describe('renderText', () => {
  it('prints the risk flags before the tenants', () => {
    // GIVEN a tenant removed
    const report = buildReport(sideOf('base', {}, [tenant('acme', 'soft', [{ id: 'web' }])]), sideOf('head', {}, []));

    // WHEN rendered for the terminal
    const lines = renderText(report).split('\n');

    // THEN the verdict, then the flag, then the tenant
    expect(lines[0]).toBe(`Tenantry review: review required — 1 risk flag; tenants: 0 added, 1 removed, 0 changed; objects: 0 added, ${report.summary.objects.removed} removed, 0 changed`);
    expect(lines.slice(2, 4)).toEqual(['', 'Risk flags:']);
    expect(lines[4]).toMatch(/^ {2}! tenant-removed \(acme\): tenant acme is removed/);
    expect(lines).toContain('acme (removed): objects 9 removed; quota requests.cpu 2 → (none) (+7 more); cost was: committed $0.00 a month, ceiling $59.32; access 0 gained, 1 lost; network 3 connections changed');
  });
});
