/*
 * Which dist/ folders still hold exactly the files the synth cache recorded (each file's size
 * and mtime), found on a helper thread while this one loads the tenants: at 1,000 tenants those
 * 60,000 stat calls are most of a no-change synth. They also tell whether dist/ is settled:
 * exactly the cache's folders, each untouched since, so the cache's project memo still holds.
 */
import { readFileSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { CACHE_FILE, CACHE_VERSION, type SynthCache } from './synth-cache';
import { retiredPath, stagingPath } from './dist-swap';
import type { ProjectMemo } from './project-memo';

type Stat = (path: string, options: { throwIfNoEntry: false }) => { size: number; mtimeMs: number } | undefined;

type CachedFolders = Pick<SynthCache, 'folders'>;

/**
 * Checks the cache's folders that the shared counter `next` hands out, one at a time, until none
 * is left: the thread and, once it has nothing else to do, this one share the work. Plain
 * JavaScript that uses only its parameters, as the thread runs its source.
 */
export function checkClaimed(statSync: Stat, cache: CachedFolders, distDir: string, next: Int32Array): { intact: string[]; settled: boolean } {
  const folders = Object.keys(cache.folders);
  const intact: string[] = [];
  let settled = true;
  for (let f = Atomics.add(next, 0, 1); f < folders.length; f = Atomics.add(next, 0, 1)) {
    const folder = folders[f]!;
    const entry = cache.folders[folder]!;
    const dir = distDir + '/' + folder + '/';
    let same = true;
    for (let i = 0; i < entry.names.length && same; i++) {
      const stat = statSync(dir + entry.names[i], { throwIfNoEntry: false });
      same = stat !== undefined && stat.size === entry.sizes[i] && stat.mtimeMs === entry.mtimes[i];
    }
    if (same) intact.push(folder);
    // Settled also means no file added or removed since (the folder's mtime) and none Tenantry did not write.
    if (settled) settled = same && entry.foreign.length === 0 && statSync(dir, { throwIfNoEntry: false })?.mtimeMs === entry.dirMtime;
  }
  return { intact, settled };
}

/** Plain CommonJS, so the thread starts in milliseconds without Tenantry's modules. */
const VERIFY = `
const { parentPort, workerData } = require('node:worker_threads');
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { cacheFile, distDir, version, aside, next } = workerData;
const checkClaimed = ${checkClaimed.toString()};
let found = { intact: [], settled: false };
let memo;
try {
  const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
  if (cache && cache.version === version && cache.distDir === distDir && cache.folders) {
    parentPort.postMessage({ memoKey: cache.project && cache.project.key });
    const folders = Object.keys(cache.folders);
    let listed = cache.project !== undefined && cache.project.folders === folders.length;
    if (listed) {
      const entries = readdirSync(distDir, { withFileTypes: true });
      listed = entries.length === folders.length && entries.every((e) => e.isDirectory() && cache.folders[e.name] !== undefined) && !aside.some((path) => existsSync(path));
    }
    found = checkClaimed(statSync, cache, distDir, next);
    if (!listed) found.settled = false;
    memo = cache.project;
  }
} catch {
  found = { intact: found.intact, settled: false };
}
parentPort.postMessage({ intact: found.intact, memo: found.settled ? memo : undefined });
`;

export interface DiskState {
  /** Folders whose cached files are all on disk unchanged. */
  readonly intact: ReadonlySet<string>;
  /** The cache's project memo, when dist/ is settled: nothing in it changed since that synth. */
  readonly memo?: ProjectMemo;
}

export interface DiskVerification {
  /** The key of the project memo in the cache, known as soon as the cache is read, before any file is checked. */
  readonly memoKey: Promise<string | undefined>;
  readonly state: Promise<DiskState>;
  /**
   * Checks folders on this thread too, until none is left: for a caller with nothing else to do
   * but wait for `state` (a synth whose memo key matched). Call it before awaiting `state`.
   */
  help(): void;
}

const UNKNOWN: DiskState = { intact: new Set() };

/**
 * Starts the check on a thread of its own. Any failure gives UNKNOWN: the writer then checks
 * every folder itself, as without this. Call it holding the dist/ lock, so no other synth
 * rewrites the cache or dist/ meanwhile.
 */
export function verifyInBackground(distDir: string, cacheFile = CACHE_FILE): DiskVerification {
  const next = new Int32Array(new SharedArrayBuffer(4));
  let helped: { intact: string[]; settled: boolean } = { intact: [], settled: true };
  let keyKnown: (key: string | undefined) => void = () => undefined;
  const memoKey = new Promise<string | undefined>((resolve) => (keyKnown = resolve));
  const state = new Promise<DiskState>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(VERIFY, { eval: true, workerData: { cacheFile, distDir, version: CACHE_VERSION, aside: [stagingPath(distDir), retiredPath(distDir)], next } });
    } catch {
      resolve(UNKNOWN);
      return;
    }
    worker.on('message', (message: { intact: string[]; memo?: ProjectMemo } | { memoKey?: string }) => {
      if (!('intact' in message)) return keyKnown(message.memoKey);
      // This thread's share, if it helped, is complete: help() runs to its end before any message is handled.
      const memo = message.memo && helped.settled ? { memo: message.memo } : {};
      resolve({ intact: new Set([...message.intact, ...helped.intact]), ...memo });
    });
    worker.once('error', () => resolve(UNKNOWN));
    worker.once('exit', () => resolve(UNKNOWN));
  });
  // A thread that ends before reading the cache knows no key.
  void state.then(() => keyKnown(undefined));
  const help = () => {
    try {
      const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as CachedFolders;
      helped = checkClaimed(statSync as Stat, cache, distDir, next);
    } catch {
      helped = { intact: [], settled: false }; // the folders it took are left to the writer
    }
  };
  return { memoKey, state, help };
}
