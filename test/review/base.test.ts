import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultBase, resolveBase } from '../../lib/review/base';
import { reviewProject } from '../../lib/review/command';
import { fixtureRepo } from '../support/review-repo';
import { BASE, SCENARIOS } from '../support/review-scenarios';

let repo: string;
const sha = (ref: string) => execFileSync('git', ['rev-parse', ref], { cwd: repo, encoding: 'utf8' }).trim();

beforeAll(async () => {
  repo = await fixtureRepo(BASE, SCENARIOS['quota-raise']!);
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('defaultBase', () => {
  it('falls back to the merge base with main, saying so, when there is no origin/main', () => {
    // GIVEN a repository without remotes, on main
    // WHEN the default base is chosen
    // THEN it is the merge base with main (HEAD itself here), with a note
    expect(defaultBase(repo)).toEqual({ ref: sha('HEAD'), note: 'no origin/main here; comparing with the merge base of main instead' });
  });

  it('takes the merge base with origin/main when it exists', () => {
    // GIVEN origin/main one commit behind
    execFileSync('git', ['update-ref', 'refs/remotes/origin/main', 'HEAD~1'], { cwd: repo });

    // WHEN the default base is chosen
    const base = defaultBase(repo);
    execFileSync('git', ['update-ref', '-d', 'refs/remotes/origin/main'], { cwd: repo });

    // THEN it is that commit, without a note
    expect(base).toEqual({ ref: sha('HEAD~1') });
  });

  it('fails when the folder is not a git work tree, naming the fix', () => {
    // GIVEN a plain folder
    const dir = mkdtempSync(join(tmpdir(), 'tenantry-review-nogit-'));

    // WHEN a default base is asked for
    // THEN it says to pass a folder
    expect(() => defaultBase(dir)).toThrow(`${dir} is not a git work tree; pass --base <folder> to compare with a folder`);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('resolveBase', () => {
  it("extracts a ref's dist/, platform.ts and tenants/ and links the head's lib/, then cleans up", () => {
    // GIVEN the commit before the quota raise
    // WHEN it is resolved
    const base = resolveBase(repo, 'HEAD~1');

    // THEN its files are those of the commit, lib/ is a link, and cleanup removes the folder
    expect(base.label).toBe(`HEAD~1 (${sha('HEAD~1').slice(0, 7)})`);
    expect(readFileSync(join(base.dir, 'tenants', 'acme.ts'), 'utf8')).toContain("quota: { cpu: '2'");
    expect(existsSync(join(base.dir, 'dist', 'acme', 'kustomization.yaml'))).toBe(true);
    expect(lstatSync(join(base.dir, 'lib')).isSymbolicLink()).toBe(true);
    base.cleanup();
    expect(existsSync(base.dir)).toBe(false);
  });

  it('takes a folder as it is', async () => {
    // GIVEN the base commit extracted to a folder of its own
    const extracted = resolveBase(repo, 'HEAD~1');

    // WHEN the working tree is reviewed against that folder
    const { report } = await reviewProject(repo, extracted.dir);
    extracted.cleanup();

    // THEN the folder is the base, and the same change is found as with the ref
    expect(report.base).toBe(extracted.dir);
    expect(report.tenants.map((t) => t.id)).toEqual(['acme']);
    expect(report.summary.objects).toEqual({ added: 0, removed: 0, changed: 4 });
  });
});
