/*
 * Which dist/ folders still hold exactly the files the synth cache recorded (each file's size
 * and mtime), found on a helper thread while this one loads the tenants: at 1,000 tenants those
 * 60,000 stat calls are a third of a no-change synth.
 */
import { Worker } from 'node:worker_threads';
import { CACHE_FILE, CACHE_VERSION } from './synth-cache';

/** Plain CommonJS, so the thread starts in milliseconds without Tenantry's modules. */
const VERIFY = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync, statSync } = require('node:fs');
const { cacheFile, distDir, version } = workerData;
const intact = [];
try {
  const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
  if (cache && cache.version === version && cache.distDir === distDir && cache.folders) {
    for (const [folder, entry] of Object.entries(cache.folders)) {
      const dir = distDir + '/' + folder + '/';
      let same = true;
      for (let i = 0; i < entry.names.length && same; i++) {
        const stat = statSync(dir + entry.names[i], { throwIfNoEntry: false });
        same = stat !== undefined && stat.size === entry.sizes[i] && stat.mtimeMs === entry.mtimes[i];
      }
      if (same) intact.push(folder);
    }
  }
} catch {}
parentPort.postMessage(intact);
`;

/**
 * Starts the check; the promise holds the folders whose cached files are all on disk unchanged.
 * Any failure gives an empty set: the writer then checks every folder itself, as without this.
 * Call it holding the dist/ lock, so no other synth rewrites the cache or dist/ meanwhile.
 */
export function verifyInBackground(distDir: string, cacheFile = CACHE_FILE): Promise<ReadonlySet<string>> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(VERIFY, { eval: true, workerData: { cacheFile, distDir, version: CACHE_VERSION } });
    } catch {
      resolve(new Set());
      return;
    }
    worker.once('message', (folders: string[]) => resolve(new Set(folders)));
    worker.once('error', () => resolve(new Set()));
    worker.once('exit', () => resolve(new Set()));
  });
}
