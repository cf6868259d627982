/*
 * Which dist/ folders still hold exactly the files the synth cache recorded (each file's size
 * and mtime), found on a helper thread while this one loads the tenants: at 1,000 tenants those
 * 60,000 stat calls are most of a no-change synth. They also tell whether dist/ is settled:
 * exactly the cache's folders, each untouched since, so the cache's project memo still holds.
 */
import { Worker } from 'node:worker_threads';
import { CACHE_FILE, CACHE_VERSION } from './synth-cache';
import { retiredPath, stagingPath } from './dist-swap';
import type { ProjectMemo } from './project-memo';

/** Plain CommonJS, so the thread starts in milliseconds without Tenantry's modules. */
const VERIFY = `
const { parentPort, workerData } = require('node:worker_threads');
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { cacheFile, distDir, version, aside } = workerData;
const intact = [];
let settled = false;
let memo;
try {
  const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
  if (cache && cache.version === version && cache.distDir === distDir && cache.folders) {
    parentPort.postMessage({ memoKey: cache.project && cache.project.key });
    const folders = Object.keys(cache.folders);
    settled = cache.project !== undefined && cache.project.folders === folders.length;
    if (settled) {
      const listed = readdirSync(distDir, { withFileTypes: true });
      settled = listed.length === folders.length && listed.every((e) => e.isDirectory() && cache.folders[e.name] !== undefined) && !aside.some((path) => existsSync(path));
    }
    for (const folder of folders) {
      const entry = cache.folders[folder];
      const dir = distDir + '/' + folder + '/';
      let same = true;
      for (let i = 0; i < entry.names.length && same; i++) {
        const stat = statSync(dir + entry.names[i], { throwIfNoEntry: false });
        same = stat !== undefined && stat.size === entry.sizes[i] && stat.mtimeMs === entry.mtimes[i];
      }
      if (same) intact.push(folder);
      if (settled) settled = same && entry.foreign.length === 0 && statSync(dir, { throwIfNoEntry: false })?.mtimeMs === entry.dirMtime;
    }
    if (settled) memo = cache.project;
  }
} catch {
  settled = false;
}
parentPort.postMessage({ intact, memo: settled ? memo : undefined });
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
}

const UNKNOWN: DiskState = { intact: new Set() };

/**
 * Starts the check on a thread of its own (two threads, splitting the folders, were no faster
 * on 2 cores: this one is busy loading meanwhile). Any failure gives UNKNOWN: the writer then
 * checks every folder itself, as without this. Call it holding the dist/ lock, so no other
 * synth rewrites the cache or dist/ meanwhile.
 */
export function verifyInBackground(distDir: string, cacheFile = CACHE_FILE): DiskVerification {
  let keyKnown: (key: string | undefined) => void = () => undefined;
  const memoKey = new Promise<string | undefined>((resolve) => (keyKnown = resolve));
  const state = new Promise<DiskState>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(VERIFY, { eval: true, workerData: { cacheFile, distDir, version: CACHE_VERSION, aside: [stagingPath(distDir), retiredPath(distDir)] } });
    } catch {
      resolve(UNKNOWN);
      return;
    }
    worker.on('message', (message: { intact: string[]; memo?: ProjectMemo } | { memoKey?: string }) => {
      if ('intact' in message) resolve({ intact: new Set(message.intact), ...(message.memo ? { memo: message.memo } : {}) });
      else keyKnown(message.memoKey);
    });
    worker.once('error', () => resolve(UNKNOWN));
    worker.once('exit', () => resolve(UNKNOWN));
  });
  // A thread that ends before reading the cache knows no key.
  void state.then(() => keyKnown(undefined));
  return { memoKey, state };
}
