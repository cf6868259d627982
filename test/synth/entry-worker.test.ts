import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startEntryWorker } from '../../lib/synth/entry-worker';
import { tempDirs } from '../support/temp';

const tempDir = tempDirs('tenantry-entry-worker-test-');
const ANNOUNCEMENT = 'tenantry.testWorker';
/** The TypeScript source runs through tsx: seconds on a busy 2-core machine. */
const SLOW = 120_000;

/** The first message of `worker`, which then ends. */
async function firstMessage(worker: ReturnType<typeof startEntryWorker>): Promise<unknown> {
  try {
    const [message] = await once(worker, 'message');
    return message;
  } finally {
    await worker.terminate();
  }
}

describe('startEntryWorker', () => {
  it('runs the TypeScript source through tsx when no build is announced', async () => {
    // GIVEN an entry written in TypeScript
    const source = join(tempDir(), 'entry.ts');
    writeFileSync(source, "import { parentPort, workerData } from 'node:worker_threads';\nconst greeting: string = `source ${workerData as string}`;\nparentPort!.postMessage(greeting);\n");

    // WHEN it is started with worker data
    const message = await firstMessage(startEntryWorker(ANNOUNCEMENT, pathToFileURL(source), { workerData: 'ran' }));

    // THEN the source ran, through tsx
    expect(message).toBe('source ran');
  }, SLOW);

  it('runs the announced build instead of the source', async () => {
    // GIVEN a built entry announced, and a source that would say something else
    const dir = tempDir();
    writeFileSync(join(dir, 'entry.mjs'), "import { parentPort, workerData } from 'node:worker_threads';\nparentPort.postMessage(`build ${workerData}`);\n");
    writeFileSync(join(dir, 'entry.ts'), "import { parentPort } from 'node:worker_threads';\nparentPort!.postMessage('source');\n");
    (globalThis as Record<symbol, unknown>)[Symbol.for(ANNOUNCEMENT)] = pathToFileURL(join(dir, 'entry.mjs')).href;

    // WHEN it is started
    try {
      const message = await firstMessage(startEntryWorker(ANNOUNCEMENT, pathToFileURL(join(dir, 'entry.ts')), { workerData: 'ran' }));

      // THEN the build ran
      expect(message).toBe('build ran');
    } finally {
      delete (globalThis as Record<symbol, unknown>)[Symbol.for(ANNOUNCEMENT)];
    }
  }, SLOW);
});
