import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { startWriterThreads, WRITER_THREADS, type WriterReply } from '../../lib/synth/writer-threads';
import { tempDirs } from '../support/temp';

const tempDir = tempDirs('tenantry-writer-threads-test-');
const replies = new Map<number, (reply: WriterReply) => void>();
const threads = startWriterThreads((thread) => thread.on('message', (reply: WriterReply) => replies.get(reply.id)?.(reply)));

afterAll(async () => {
  await Promise.all(threads.map((thread) => thread.terminate()));
});

let nextId = 0;
/** Sends one batch to `thread` and waits for its reply. */
function send(thread: Worker, files: readonly [string, string][]): Promise<WriterReply> {
  const id = ++nextId;
  return new Promise((resolve) => {
    replies.set(id, resolve);
    thread.postMessage({ id, files });
  });
}

describe('startWriterThreads', () => {
  it('starts WRITER_THREADS threads, wiring each once', () => {
    // GIVEN
    const wired: Worker[] = [];

    // WHEN
    const started = startWriterThreads((thread) => wired.push(thread));

    // THEN
    expect(started).toHaveLength(WRITER_THREADS);
    expect(wired).toEqual(started);
    return Promise.all(started.map((thread) => thread.terminate()));
  });

  it('writes a batch of files and replies with each one\'s size and mtime', async () => {
    // GIVEN
    const dir = tempDir();
    const files: [string, string][] = [
      [join(dir, 'a.yaml'), 'kind: A\n'],
      [join(dir, 'b.yaml'), 'kind: Bé\n'],
    ];

    // WHEN
    const reply = await send(threads[0]!, files);

    // THEN
    expect(reply.error).toBeUndefined();
    expect(files.map(([path]) => readFileSync(path, 'utf8'))).toEqual(['kind: A\n', 'kind: Bé\n']);
    expect(reply.signatures).toEqual(files.map(([path]) => [statSync(path).size, statSync(path).mtimeMs]));
    expect(reply.signatures!.map(([size]) => size)).toEqual([8, 10]);
  });

  it('fails when a file already exists, replying with the error and leaving that file alone', async () => {
    // GIVEN
    const dir = tempDir();
    const taken = join(dir, 'taken.yaml');
    writeFileSync(taken, 'mine\n');

    // WHEN
    const reply = await send(threads[1]!, [
      [join(dir, 'first.yaml'), 'kind: A\n'],
      [taken, 'kind: B\n'],
      [join(dir, 'never.yaml'), 'kind: C\n'],
    ]);

    // THEN the batch stops at the first error
    expect(reply).toEqual({ id: reply.id, error: `EEXIST: file already exists, open '${taken}'` });
    expect(readFileSync(taken, 'utf8')).toBe('mine\n');
    expect(existsSync(join(dir, 'never.yaml'))).toBe(false);
  });

  it('keeps answering after an error', async () => {
    // GIVEN
    const dir = tempDir();
    const failed = await send(threads[0]!, [[join(dir, 'missing', 'x.yaml'), 'x\n']]);

    // WHEN
    const reply = await send(threads[0]!, [[join(dir, 'y.yaml'), 'y\n']]);

    // THEN
    expect(failed.error).toBe(`ENOENT: no such file or directory, open '${join(dir, 'missing', 'x.yaml')}'`);
    expect(reply.error).toBeUndefined();
    expect(reply.signatures).toHaveLength(1);
  });
});
