/* A worker thread running one of Tenantry's entry modules (synth-worker, schema-worker). */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { announced, PROJECT_ROOT } from '../spec/code-fingerprint';

/** tsx's programmatic loader: workers load TypeScript the same way `tsx main.ts` does. */
function tsxApiUrl(): string {
  return pathToFileURL(join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'api', 'index.mjs')).href;
}

/**
 * The entry from the launcher's esbuild build when bin/tenantry.mjs announced it under
 * `Symbol.for(announcement)` (it starts in a fraction of the time), else `source` through tsx.
 */
export function startEntryWorker(announcement: string, source: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const bundled = announced(announcement);
  if (bundled) return new Worker(new URL(bundled), options);
  const entry = JSON.stringify(source.href);
  const bootstrap = `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => tsx.tsImport(${entry}, ${entry}))`;
  return new Worker(bootstrap, { ...options, eval: true });
}
