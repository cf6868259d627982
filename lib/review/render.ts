/*
 * The review in Markdown (a PR comment: one collapsible <details> per tenant, kept under
 * GitHub's 65,536-character limit by summarising the rest) and in plain text (the terminal).
 */
import { money } from './cost-model';
import { mdTable, plural, textTable } from './format';
import { PLATFORM_KEY, type Report, type TenantReport } from './report';
import { SECTIONS, type Block } from './sections';

/** GitHub's limit on one comment. */
export const COMMENT_LIMIT = 65_536;
/** Room kept for the closing note. */
const RESERVE = 600;
const MAX_RISKS = 40;

const briefOf = (sections: Readonly<Record<string, unknown>>) =>
  SECTIONS.filter((s) => sections[s.id] !== undefined)
    .map((s) => `${s.id} ${s.brief(sections[s.id])}`)
    .join('; ');

const blocksOf = (sections: Readonly<Record<string, unknown>>) => SECTIONS.filter((s) => sections[s.id] !== undefined).flatMap((s) => s.blocks(sections[s.id]));

function mdBlocks(blocks: readonly Block[]): string[] {
  return blocks.flatMap((b) => [`**${b.lead}**`, '', ...(b.header && b.rows?.length ? [...mdTable(b.header, b.rows), ''] : [])]);
}

function mdTenant(tenant: TenantReport): string {
  const summary = `<b>${tenant.id}</b> (${tenant.status}): ${escapeHtml(briefOf(tenant.sections))}`;
  return ['<details>', `<summary>${summary}</summary>`, '', ...mdBlocks(blocksOf(tenant.sections)), '</details>', ''].join('\n');
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function sharedPoolLine(report: Report): string | undefined {
  const p = report.sharedPool;
  if (!p) return undefined;
  return `Shared agent pool: ${plural(p.teamsBefore, 'team')} → ${plural(p.teamsAfter, 'team')}; each team's share ${money(p.perTeamBefore, p.currency)} → ${money(p.perTeamAfter, p.currency)} per month`;
}

export function renderMarkdown(report: Report, limit = COMMENT_LIMIT): string {
  const head = [`## Tenantry review: ${report.verdict}`, '', report.headline, '', `Base: \`${report.base}\` → head: \`${report.head}\``, ''];
  if (report.risks.length) {
    head.push('### Risk flags', '');
    for (const r of report.risks.slice(0, MAX_RISKS)) head.push(`- **${r.kind}**${r.tenant ? ` (${r.tenant})` : ''}: ${escapeHtml(r.message)}`);
    if (report.risks.length > MAX_RISKS) head.push(`- and ${report.risks.length - MAX_RISKS} more (see the JSON report)`);
    head.push('');
  }
  const pool = sharedPoolLine(report);
  if (pool) head.push(pool, '');
  const tail: string[] = [];
  const d = report.diagram;
  if (d.mermaid) {
    tail.push('### Picture', '');
    // The picture may take a third of the comment at most; the tenants' details come first.
    if (d.mermaid.length > limit / 3) tail.push(`The picture (${d.mermaid.length.toLocaleString('en-US')} characters of Mermaid) is left out to keep the comment short; it is in the JSON report.`, '');
    else tail.push('```mermaid', d.mermaid, '```', '');
    const left = [d.omitted ? plural(d.omitted, 'unchanged connection') : '', d.omittedTenants ? plural(d.omittedTenants, 'changed tenant') : ''].filter(Boolean);
    if (left.length) tail.push(`${left.join(' and ')} left out of the picture.`, '');
  }
  let text = `${head.join('\n')}\n`;
  const parts: string[] = [];
  const tenantBlocks = report.tenants.map(mdTenant);
  if (report.platform) tenantBlocks.push(mdTenant({ id: PLATFORM_KEY, status: 'changed', sections: report.platform }));
  if (tenantBlocks.length) parts.push('### Tenants\n');
  const picture = tail.join('\n');
  let used = text.length + parts.join('\n').length + picture.length + RESERVE;
  let shown = 0;
  for (const block of tenantBlocks) {
    if (used + block.length > limit) break;
    parts.push(block);
    used += block.length + 1;
    shown++;
  }
  const rest = [...report.tenants.map((t) => ({ id: t.id, status: t.status, sections: t.sections })), ...(report.platform ? [{ id: PLATFORM_KEY, status: 'changed', sections: report.platform }] : [])].slice(shown);
  if (rest.length) {
    const lines: string[] = [];
    for (const t of rest) {
      const line = `- ${t.id} (${t.status}): ${escapeHtml(briefOf(t.sections))}`;
      if (used + line.length + 1 > limit) break;
      lines.push(line);
      used += line.length + 1;
    }
    parts.push(...lines, '');
    const unlisted = rest.length - lines.length;
    parts.push(`> ${plural(rest.length, 'tenant')} summarised${unlisted ? ` (${unlisted} not even listed)` : ''} to keep this comment under ${COMMENT_LIMIT.toLocaleString('en-US')} characters; the JSON report (the workflow's artifact) has every detail.`, '');
  }
  text += parts.join('\n') + (picture ? `\n${picture}` : '');
  return text.trimEnd() + '\n';
}

function textBlocks(blocks: readonly Block[]): string[] {
  return blocks.flatMap((b) => [`  ${b.lead}`, ...(b.header && b.rows?.length ? textTable(b.header, b.rows, '    ') : [])]);
}

export function renderText(report: Report): string {
  const lines = [`Tenantry review: ${report.headline}`, `base ${report.base} → head ${report.head}`];
  if (report.risks.length) {
    lines.push('', 'Risk flags:');
    for (const r of report.risks) lines.push(`  ! ${r.kind}${r.tenant ? ` (${r.tenant})` : ''}: ${r.message}`);
  }
  const pool = sharedPoolLine(report);
  if (pool) lines.push('', pool);
  const all: TenantReport[] = [...report.tenants, ...(report.platform ? [{ id: PLATFORM_KEY, status: 'changed' as const, sections: report.platform }] : [])];
  for (const t of all) {
    lines.push('', `${t.id} (${t.status}): ${briefOf(t.sections)}`, ...textBlocks(blocksOf(t.sections)));
  }
  return `${lines.join('\n')}\n`;
}
