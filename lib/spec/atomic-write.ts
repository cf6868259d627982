/* A file written whole or not at all: the caches are read by concurrent runs and threads, which must never see half a file. */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * Writes `content` to a temporary file beside `file` (named by process and thread, so no two
 * writers share one), then renames it over `file`, making the folder first. On failure the
 * temporary file is removed and the error thrown.
 */
export function writeAtomically(file: string, content: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.${threadId}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, content);
    renameSync(temporary, file);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // the folder itself could not be made
    }
    throw error;
  }
}
