import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadProject } from '../../lib/spec/loader';
import { synthesizeAll } from '../../lib/synth/folder-jobs';
import { PROJECT_ROOT } from '../../lib/spec/code-fingerprint';

/*
 * Fixture repositories for the review: a temp git repo whose commits each hold
 * platform.ts, tenants/ and the dist/ synthesized from them. Commits have fixed authors and
 * dates, so their ids (and the reports naming them) are the same on every run.
 */

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Fixture',
  GIT_AUTHOR_EMAIL: 'fixture@tenantry.example',
  GIT_COMMITTER_NAME: 'Fixture',
  GIT_COMMITTER_EMAIL: 'fixture@tenantry.example',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_SYSTEM: '/dev/null',
};

/** File path (platform.ts, tenants/<id>.ts) → source; null deletes the file. */
export type ProjectFiles = Readonly<Record<string, string | null>>;

const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, env: GIT_ENV, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** Links the head's lib/ and node_modules/ in, so tenant files can import the schema. */
function linkLibraries(dir: string): void {
  for (const name of ['lib', 'node_modules']) symlinkSync(join(PROJECT_ROOT, name), join(dir, name));
}

/**
 * Writes `files` into a fresh staging folder, synthesizes dist/ there, and copies the result
 * into `repo`. A fresh folder each time, because an imported tenant module is cached by path.
 */
async function stage(repo: string, files: ProjectFiles): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tenantry-review-stage-'));
  try {
    linkLibraries(dir);
    cpSync(join(repo, 'tenants'), join(dir, 'tenants'), { recursive: true });
    cpSync(join(repo, 'platform.ts'), join(dir, 'platform.ts'));
    for (const [path, source] of Object.entries(files)) {
      if (source === null) rmSync(join(dir, path), { force: true });
      else {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), source);
      }
    }
    const project = await loadProject(dir);
    if (!project.ok) throw new Error(`fixture does not validate:\n${project.errors.join('\n')}`);
    rmSync(join(repo, 'dist'), { recursive: true, force: true });
    for (const output of synthesizeAll(project)) {
      for (const [name, content] of output.files) {
        mkdirSync(join(repo, 'dist', output.folder), { recursive: true });
        writeFileSync(join(repo, 'dist', output.folder, name), content);
      }
    }
    rmSync(join(repo, 'tenants'), { recursive: true, force: true });
    cpSync(join(dir, 'tenants'), join(repo, 'tenants'), { recursive: true });
    cpSync(join(dir, 'platform.ts'), join(repo, 'platform.ts'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A repo with two commits, `base` then `head`; returns its folder (the caller removes it). */
export async function fixtureRepo(base: ProjectFiles, head: ProjectFiles): Promise<string> {
  const repo = mkdtempSync(join(tmpdir(), 'tenantry-review-repo-'));
  git(repo, 'init', '--quiet', '--initial-branch=main');
  writeFileSync(join(repo, '.gitignore'), 'lib\nnode_modules\n');
  writeFileSync(join(repo, 'package.json'), '{ "type": "module", "private": true }\n');
  mkdirSync(join(repo, 'tenants'));
  writeFileSync(join(repo, 'platform.ts'), '');
  linkLibraries(repo);
  for (const [files, message] of [
    [base, 'base'],
    [head, 'head'],
  ] as const) {
    await stage(repo, files);
    git(repo, 'add', '--all');
    git(repo, 'commit', '--quiet', '--allow-empty', '-m', message);
  }
  return repo;
}
