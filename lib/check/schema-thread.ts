/*
 * Schema validation beside check's main thread. Parsing dist/ and validating it against the
 * schemas were over half of a 1,000-tenant check (4.2 s and 3.0 s, 1.3 s of that compiling the
 * schemas). On a second core this thread validates, and proves each parse by re-emitting it (a
 * quarter of the parse), while the main thread parses without that proof, compares and proves
 * isolation. Should a parse be disproved, the check runs again with every parse proven in place.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startEntryWorker } from '../synth/entry-worker';
import type { Finding } from './findings';
import type { SchemaProved, SchemaReply, SchemaRequest } from './schema-worker';

/** Below this many folders in dist/ (about 60 files each) a thread costs more to start than it saves. */
export const SCHEMA_THREAD_FOLDERS = 50;

/** Whether check gives the schemas a thread: a spare core and a dist/ of at least SCHEMA_THREAD_FOLDERS folders. */
export function wantsSchemaThread(folders: number, cores = availableParallelism()): boolean {
  return cores > 1 && folders >= SCHEMA_THREAD_FOLDERS;
}

/** One worker validating the parts handed to it, in order. */
export class SchemaThread {
  private readonly worker: Worker;
  private readonly findings: Finding[] = [];
  private readonly unfaithful: string[] = [];
  private checks = 0;
  private pending = 0;
  private failure: Error | undefined;
  private settled: (() => void) | undefined;

  /** Started before the project loads, so the thread is up when the first part comes. */
  constructor(private readonly distLabel: string) {
    this.worker = startEntryWorker('tenantry.schemaWorker', new URL('./schema-worker.ts', import.meta.url));
    this.worker.on('message', (reply: SchemaReply) => {
      this.pending--;
      if (reply.type === 'error') this.failure ??= new Error(`schema thread: ${reply.message}`);
      else {
        this.findings.push(...reply.findings);
        this.unfaithful.push(...reply.unfaithful);
        this.checks += reply.checks;
      }
      if (this.pending === 0) this.settled?.();
    });
    this.worker.on('error', (error) => {
      this.failure ??= error;
      this.settled?.();
    });
    this.worker.on('exit', (code) => {
      if (this.pending > 0) this.failure ??= new Error(`schema thread: ended (exit code ${code}) with ${this.pending} part(s) unproved`);
      this.settled?.();
    });
  }

  /** Hands over a part of dist/; its texts are copied, so the caller may let go of them. */
  submit(files: ReadonlyMap<string, string>, allowedKinds: readonly string[]): void {
    this.pending++;
    this.worker.postMessage({ files, distLabel: this.distLabel, allowedKinds } satisfies SchemaRequest);
  }

  /** What every part submitted proved, once all are. */
  async done(): Promise<SchemaProved> {
    if (this.pending > 0 && !this.failure) await new Promise<void>((resolve) => (this.settled = resolve));
    if (this.failure) throw this.failure;
    return { findings: this.findings, checks: this.checks, unfaithful: this.unfaithful };
  }

  /** Ends the thread, whatever it was doing. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
