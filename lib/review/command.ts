/*
 * `npm run review`: compares a base (git ref or folder) with the working tree and prints
 * the report as text, Markdown or JSON. It only reads; the base is extracted to a temp folder.
 */
import { describeFlagError, parseFlags } from '../cli/flags';
import { BaseError, resolveBase } from './base';
import { renderMarkdown, renderText } from './render';
import { buildReport, type Report } from './report';
import { readSnapshot } from './snapshot';

export const REVIEW_USAGE = 'usage: npm run review [-- --base <ref|folder>] [--format text|markdown|json]';
const FORMATS = ['text', 'markdown', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** The report of `root`'s working tree against `base`. */
export async function reviewProject(root: string, base?: string): Promise<{ report: Report; note?: string }> {
  const resolved = resolveBase(root, base);
  try {
    const before = await readSnapshot(resolved.dir, 'base');
    const after = await readSnapshot(root, 'head');
    return { report: buildReport(before, after, { base: resolved.label, head: 'working tree' }), ...(resolved.note ? { note: resolved.note } : {}) };
  } finally {
    resolved.cleanup();
  }
}

export function renderReport(report: Report, format: Format): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'markdown' ? renderMarkdown(report) : renderText(report);
}

/** 0 when the report was printed (whatever it says), 2 on a usage or base error. */
export async function runReview(args: readonly string[], root: string): Promise<number> {
  const parsed = parseFlags(args, { base: { type: 'string' }, format: { type: 'string', default: 'text' } });
  if (!parsed.ok) {
    console.error(`review: ${describeFlagError(parsed.error)}\n${REVIEW_USAGE}`);
    return 2;
  }
  const format = parsed.values.format as Format;
  if (!FORMATS.includes(format)) {
    console.error(`review: --format must be text, markdown or json, got "${parsed.values.format}"\n${REVIEW_USAGE}`);
    return 2;
  }
  const values = { base: parsed.values.base as string | undefined };
  try {
    const { report, note } = await reviewProject(root, values.base);
    if (note) console.error(`review: ${note}`);
    process.stdout.write(renderReport(report, format));
    return 0;
  } catch (error) {
    if (error instanceof BaseError) {
      console.error(`review: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
