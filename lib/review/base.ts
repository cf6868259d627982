/*
 * The base side of a review: a folder as is, or a git ref whose dist/, platform.ts and
 * tenants/ are extracted into a temporary folder (the default ref is the merge base with
 * origin/main). The head's lib/ and node_modules/ are linked in, so the same loader reads both.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Base {
  /** The folder holding the base's platform.ts, tenants/ and dist/. */
  readonly dir: string;
  /** How the report names it: `origin/main (1a2b3c4)`, `HEAD~1 (5d6e7f8)`, a folder path. */
  readonly label: string;
  /** Why a default other than the merge base with origin/main was taken. */
  readonly note?: string;
  readonly cleanup: () => void;
}

export class BaseError extends Error {}

/** What a base ref brings; the rest (lib/, constructs/, node_modules/) comes from the head. */
const FROM_REF = ['dist', 'platform.ts', 'tenants', 'package.json', 'tsconfig.json'];
const FROM_HEAD = ['lib', 'constructs', 'imports', 'node_modules'];

const git = (root: string, args: readonly string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

function tryGit(root: string, args: readonly string[]): string | undefined {
  try {
    return git(root, args);
  } catch {
    return undefined;
  }
}

/** The merge base of HEAD with origin/main, else with main, else HEAD itself, saying which. */
export function defaultBase(root: string): { ref: string; note?: string } {
  if (tryGit(root, ['rev-parse', '--is-inside-work-tree']) !== 'true') {
    throw new BaseError(`${root} is not a git work tree; pass --base <folder> to compare with a folder`);
  }
  for (const branch of ['origin/main', 'main']) {
    const sha = tryGit(root, ['merge-base', 'HEAD', branch]);
    if (sha) return { ref: sha, ...(branch === 'origin/main' ? {} : { note: 'no origin/main here; comparing with the merge base of main instead' }) };
  }
  if (!tryGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])) throw new BaseError('no commit to compare with; pass --base <ref|folder>');
  return { ref: 'HEAD', note: 'neither origin/main nor main exists; comparing with HEAD (the last commit)' };
}

export function resolveBase(root: string, base?: string): Base {
  if (base !== undefined) {
    const folder = resolve(root, base);
    if (existsSync(folder) && statSync(folder).isDirectory() && !tryGit(root, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`])) {
      return { dir: folder, label: base, cleanup: () => undefined };
    }
  }
  const chosen = base === undefined ? defaultBase(root) : { ref: base };
  const sha = tryGit(root, ['rev-parse', '--verify', '--quiet', `${chosen.ref}^{commit}`]);
  if (!sha) throw new BaseError(`--base ${chosen.ref} is neither a folder nor a git commit; pass a ref such as origin/main or HEAD~1, or a folder with platform.ts, tenants/ and dist/`);
  const dir = materialise(root, sha);
  const short = sha.slice(0, 7);
  return { dir, label: chosen.ref === sha ? short : `${chosen.ref} (${short})`, ...(chosen.note ? { note: chosen.note } : {}), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Extracts the ref's project files into a fresh temporary folder. */
function materialise(root: string, sha: string): string {
  // The project may sit in a subfolder of the repository: take the ref's tree at that folder.
  const tree = `${sha}:${git(root, ['rev-parse', '--show-prefix'])}`;
  const top = new Set(git(root, ['ls-tree', '--name-only', tree]).split('\n'));
  const paths = FROM_REF.filter((p) => top.has(p));
  const dir = mkdtempSync(join(tmpdir(), 'tenantry-review-base-'));
  if (paths.length) {
    const archive = execFileSync('git', ['archive', '--format=tar', tree, '--', ...paths], { cwd: root, maxBuffer: 2 ** 31, stdio: ['ignore', 'pipe', 'ignore'] });
    execFileSync('tar', ['-x', '-C', dir], { input: archive, stdio: ['pipe', 'ignore', 'pipe'] });
  }
  for (const name of FROM_HEAD) {
    const source = join(root, name);
    if (existsSync(source) && !existsSync(join(dir, name))) symlinkSync(realpathSync(source), join(dir, name));
  }
  return dir;
}
