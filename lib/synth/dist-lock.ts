/*
 * One synth (or check) at a time per dist/: a lock file beside dist/ holds the owner's
 * pid, host and command. A second run waits for it, or fails with a clear message after
 * a while; a lock whose process is gone is stale and taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly since: string;
}

export interface LockOptions {
  /** What takes the lock, for the other side's message. */
  readonly command: string;
  /** How long to wait for another run. @default TENANTRY_LOCK_TIMEOUT_MS or 120000 */
  readonly timeoutMs?: number;
  /** Called once when the lock is held by another live process. @default - silent */
  readonly onWait?: (owner: LockOwner, lockFile: string) => void;
}

export class LockError extends Error {}

/** `<parent>/.<dist>.lock`, beside dist/ so that it never shows up in dist/ or its diff. */
export function lockFileFor(distDir: string): string {
  return join(dirname(distDir), `.${basename(distDir)}.lock`);
}

/** Takes the lock for `distDir`, waiting for another run to finish; returns the release function. */
export async function acquireDistLock(distDir: string, options: LockOptions): Promise<() => void> {
  const file = lockFileFor(distDir);
  const timeout = options.timeoutMs ?? Number(process.env.TENANTRY_LOCK_TIMEOUT_MS ?? 120_000);
  const started = Date.now();
  let told = false;
  for (;;) {
    const owner: LockOwner = { pid: process.pid, host: hostname(), command: options.command, since: new Date().toISOString() };
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, JSON.stringify(owner));
      } finally {
        closeSync(fd);
      }
      return release(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readOwner(file);
    if (holder === undefined) continue; // released between our attempt and the read
    if (holder === 'unreadable' || isStale(holder)) {
      // Half-written by a run that died at once, or its process is gone: take it over.
      if (holder === 'unreadable' && Date.now() - started < 1000) {
        await sleep(50);
        continue;
      }
      rmSync(file, { force: true });
      continue;
    }
    if (!told) {
      told = true;
      options.onWait?.(holder, file);
    }
    if (Date.now() - started > timeout) {
      throw new LockError(
        `${basename(file)}: dist/ is locked by ${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.since}); wait for it to finish, or delete the lock file if that process is gone`,
      );
    }
    await sleep(100);
  }
}

/** Runs `work` holding the lock, and releases it whatever happens. */
export async function withDistLock<T>(distDir: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const release = await acquireDistLock(distDir, options);
  try {
    return await work();
  } finally {
    release();
  }
}

function release(file: string): () => void {
  let released = false;
  const done = () => {
    if (released) return;
    released = true;
    process.off('exit', done);
    const holder = readOwner(file);
    if (holder && holder !== 'unreadable' && holder.pid === process.pid && holder.host === hostname()) rmSync(file, { force: true });
  };
  process.on('exit', done);
  return done;
}

function readOwner(file: string): LockOwner | 'unreadable' | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? owner : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** On this host, a lock whose process no longer runs; another host's lock is never judged stale. */
function isStale(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
