import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acquireDistLock, lockFileFor, LockError } from '../../lib/synth/dist-lock';
import { synth } from '../../main';
import { baseWorkspace } from '../support/hostile';
import { readTree } from '../support/tree';

/* The lock beside dist/: one synth at a time, stale locks taken over, a clear message otherwise. */

const ROOT = join(__dirname, '..', '..');

describe('acquireDistLock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tenantry-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('puts the lock beside dist/, never inside it', () => {
    // GIVEN a dist/ folder
    // WHEN its lock file is named
    // THEN it is a hidden sibling
    expect(lockFileFor('/repo/dist')).toBe('/repo/.dist.lock');
  });

  it('makes a second holder wait until the first releases, telling it once', async () => {
    // GIVEN the lock held
    const release = await acquireDistLock(join(dir, 'dist'), { command: 'synth' });
    const onWait = vi.fn();

    // WHEN a second acquirer waits and the first releases after a moment
    const second = acquireDistLock(join(dir, 'dist'), { command: 'check', onWait });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const heldMeanwhile = JSON.parse(readFileSync(lockFileFor(join(dir, 'dist')), 'utf8')) as { command: string };
    release();
    const releaseSecond = await second;

    // THEN the second was told once who held it, and now holds it
    expect(heldMeanwhile.command).toBe('synth');
    expect(onWait).toHaveBeenCalledTimes(1);
    expect(onWait.mock.calls[0]![0]).toMatchObject({ command: 'synth', pid: process.pid });
    expect(JSON.parse(readFileSync(lockFileFor(join(dir, 'dist')), 'utf8'))).toMatchObject({ command: 'check' });
    releaseSecond();
  });

  it('takes over a lock whose process is gone', async () => {
    // GIVEN a lock left by a process that has exited
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
    writeFileSync(lockFileFor(join(dir, 'dist')), JSON.stringify({ pid: dead, host: hostname(), command: 'synth', since: '2026-01-01T00:00:00.000Z' }));
    const onWait = vi.fn();

    // WHEN the lock is acquired
    const release = await acquireDistLock(join(dir, 'dist'), { command: 'synth', onWait, timeoutMs: 1000 });

    // THEN it is taken at once, without waiting
    expect(onWait).not.toHaveBeenCalled();
    expect(JSON.parse(readFileSync(lockFileFor(join(dir, 'dist')), 'utf8'))).toMatchObject({ pid: process.pid });
    release();
  });

  it('fails when another live process holds the lock past the timeout, naming it and the fix', async () => {
    // GIVEN a lock held by a live process (the test runner's parent)
    const owner = { pid: process.ppid, host: hostname(), command: 'synth', since: '2026-01-01T00:00:00.000Z' };
    writeFileSync(lockFileFor(join(dir, 'dist')), JSON.stringify(owner));

    // WHEN the lock is acquired with a short timeout
    const attempt = acquireDistLock(join(dir, 'dist'), { command: 'synth', timeoutMs: 200 });

    // THEN it fails with one line naming the holder and what to do
    await expect(attempt).rejects.toThrow(LockError);
    await expect(attempt).rejects.toThrow(
      `.dist.lock: dist/ is locked by synth (pid ${process.ppid} on ${hostname()}, since 2026-01-01T00:00:00.000Z); wait for it to finish, or delete the lock file if that process is gone`,
    );
  });
});

describe('two syntheses at once', () => {
  it('end with a correct dist/ and one clear message', async () => {
    // GIVEN a project and a script that synthesizes it in a fresh process
    const workspace = baseWorkspace();
    const runner = join(workspace, 'run-synth.mts');
    const lock = lockFileFor(join(workspace, 'dist'));
    writeFileSync(runner, `import { synth } from ${JSON.stringify(join(ROOT, 'main.ts'))};\nprocess.exitCode = await synth([], ${JSON.stringify(workspace)}, ${JSON.stringify(join(workspace, 'dist'))});\n`);
    const start = () => {
      const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [runner], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      const result = { stderr: '', code: undefined as number | null | undefined };
      child.stderr.on('data', (chunk: Buffer) => (result.stderr += chunk.toString()));
      const done = new Promise<void>((resolve) => child.on('close', (code) => resolve(void (result.code = code))));
      return { result, done };
    };
    const until = async (condition: () => boolean) => {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    const holder = () => {
      try {
        return (JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid;
      } catch {
        return undefined;
      }
    };
    try {
      // WHEN the first holds the lock (paused there, so the runs overlap on any machine) and the second starts
      const first = start();
      await until(() => holder() !== undefined);
      const pid = holder()!;
      process.kill(pid, 'SIGSTOP');
      const second = start();
      await until(() => second.result.stderr.includes('waiting:') || second.result.code !== undefined);
      process.kill(pid, 'SIGCONT');
      await Promise.all([first.done, second.done]);

      // THEN both succeed, the second waited and said so once, and dist/ equals a synthesis on its own
      expect([first.result.code, second.result.code]).toEqual([0, 0]);
      expect(first.result.stderr).toBe('');
      expect(second.result.stderr).toBe(`waiting: dist/ is locked by synth (pid ${pid}, since ${/since ([^)]+)\)/.exec(second.result.stderr)?.[1]}); .dist.lock is released when it ends\n`);
      const alone = join(workspace, 'alone');
      vi.spyOn(console, 'log').mockImplementation(() => {});
      expect(await synth(['--force'], workspace, alone)).toBe(0);
      expect(readTree(join(workspace, 'dist'))).toEqual(readTree(alone));
      expect(existsSync(lock)).toBe(false);
    } finally {
      vi.restoreAllMocks();
      rmSync(workspace, { recursive: true, force: true });
    }
  }, 180_000);
});
