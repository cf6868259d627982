/* Temporary folders for tests that write to disk, removed after the file's tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** Returns a maker of fresh `<tmp>/<prefix>XXXXXX` folders; every folder it made is removed after all tests of the calling file. */
export function tempDirs(prefix: string): () => string {
  const made: string[] = [];
  // Removing thousands of synthesized files can take minutes on a loaded machine; it is cleanup, not a test.
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  }, 300_000);
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
