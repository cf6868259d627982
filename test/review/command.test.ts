import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { renderReport, reviewProject, runReview } from '../../lib/review/command';
import { fixtureRepo } from '../support/review-repo';
import { BASE, SCENARIOS } from '../support/review-scenarios';

const repos: string[] = [];
afterAll(() => {
  for (const repo of repos) rmSync(repo, { recursive: true, force: true });
});

async function scenario(name: string): Promise<string> {
  const repo = await fixtureRepo(BASE, SCENARIOS[name]!);
  repos.push(repo);
  return repo;
}

describe('reviewProject', () => {
  for (const name of Object.keys(SCENARIOS)) {
    it(`reports the ${name} change as the golden Markdown and JSON`, async () => {
      // GIVEN a repository whose last commit makes the change
      const repo = await scenario(name);

      // WHEN the working tree is reviewed against the commit before
      const { report } = await reviewProject(repo, 'HEAD~1');

      // THEN the comment and the JSON are the reviewed golden files
      await expect(renderReport(report, 'markdown')).toMatchFileSnapshot(join(__dirname, '__golden__', `${name}.md`));
      await expect(renderReport(report, 'json')).toMatchFileSnapshot(join(__dirname, '__golden__', `${name}.json`));
    });
  }

  it('names only the changed tenant after a quota raise, with its quota and cost delta', async () => {
    // GIVEN acme's web team raised from 2 to 3 CPUs
    const repo = await scenario('quota-raise');

    // WHEN reviewed as text
    const text = renderReport((await reviewProject(repo, 'HEAD~1')).report, 'text');

    // THEN the verdict, acme's quota and cost lines are there and bolt is not
    expect(text.split('\n')[0]).toBe('Tenantry review: low risk; tenants: 0 added, 0 removed, 1 changed; objects: 0 added, 0 removed, 4 changed');
    expect(text).toContain('acme-web-production  limits.cpu    2       3');
    expect(text).toMatch(/cost ceiling \+\$\d+\.\d\d a month/);
    expect(text).not.toContain('bolt');
  });
});

describe('runReview', () => {
  it('fails when the base is neither a folder nor a commit, naming the fix', async () => {
    // GIVEN a fixture repository
    const repo = await scenario('quota-raise');
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    // WHEN the base names nothing
    const code = await runReview(['--base', 'no-such-ref'], repo);

    // THEN it exits 2 with one line saying what to pass
    expect(code).toBe(2);
    expect(error.mock.calls.map((c) => c[0])).toEqual([
      'review: --base no-such-ref is neither a folder nor a git commit; pass a ref such as origin/main or HEAD~1, or a folder with platform.ts, tenants/ and dist/',
    ]);
    error.mockRestore();
  });

  it('fails when the format is unknown', async () => {
    // GIVEN any project
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    // WHEN an unknown format is asked for
    const code = await runReview(['--format', 'html'], '/nonexistent');

    // THEN it exits 2 and names the formats
    expect(code).toBe(2);
    expect(error.mock.calls[0]![0]).toBe('review: --format must be text, markdown or json, got "html"\nusage: npm run review [-- --base <ref|folder>] [--format text|markdown|json]');
    error.mockRestore();
  });
});
