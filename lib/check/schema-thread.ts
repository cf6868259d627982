/*
 * Schema validation beside check's main thread. Parsing dist/ and validating it against the
 * schemas were over half of a 1,000-tenant check (4.2 s and 3.0 s, 1.3 s of that compiling the
 * schemas). On a second core this thread validates, and proves each parse by re-emitting it (a
 * quarter of the parse), while the main thread parses the generated files without that proof,
 * compares and proves isolation. Should a reading go unproven, or the thread fail, check runs
 * again on the main thread alone, every parse proven (check.ts).
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { announced } from '../spec/code-fingerprint';
import { startEntryWorker } from '../synth/entry-worker';
import type { Finding } from './findings';
import type { SchemaProved, SchemaReply, SchemaRequest, SchemaWorkerData } from './schema-worker';

/** Below this many entries in dist/ (a folder holds about 60 files) a thread costs more to start than it saves. */
export const SCHEMA_THREAD_FOLDERS = 50;

/**
 * Text handed over but not yet proved, at most (in characters; dist/'s are one byte each): past it,
 * handing over waits for the thread, which would otherwise hold copies of up to a third of dist/
 * (290 MB at 5,000 tenants). At 5,000 tenants 8 Mi made check wait: 44.1–45.5 s against 38.4–38.5 s.
 */
export const MAX_CHARS_IN_FLIGHT = 32 * 2 ** 20;

/**
 * The thread's young generation, in MiB: V8's default lets it grow to about 50 MiB of short-lived
 * parse results. At 1,000 tenants 8 MiB peaked at 342–348 MiB and took 10.1–10.2 s, 32 MiB 360 MiB
 * and 9.1–9.2 s: fewer collections, which also run on the core the main thread's collector shares.
 */
const YOUNG_GENERATION_MB = 32;

/** How long handing over waits for a thread that proves nothing before it gives the thread up. */
export const STALL_MS = 30_000;

/** Whether check gives the schemas a thread: a spare core and at least SCHEMA_THREAD_FOLDERS entries in dist/. */
export function wantsSchemaThread(entries: number, cores = availableParallelism()): boolean {
  return cores > 1 && entries >= SCHEMA_THREAD_FOLDERS;
}

/** A schema thread, or none (with a warning) when one cannot be started. */
export function startSchemaThread(distLabel: string): SchemaThread | undefined {
  try {
    return new SchemaThread(distLabel);
  } catch (error) {
    warnThreadFailed(error instanceof Error ? error : new Error(String(error)));
    return undefined;
  }
}

/** The one line check prints when it gives the thread up and checks on one thread. */
export function warnThreadFailed(error: Error): void {
  console.warn(`warning: check's schema thread failed (${error.message.split('\n')[0]}); checking on one thread`);
}

/** One worker validating the parts handed to it, in order. */
export class SchemaThread {
  private readonly worker: Worker;
  /** Characters of text handed over and not yet proved; the worker takes each part's share off. */
  private readonly inFlight = new Int32Array(new SharedArrayBuffer(4));
  private readonly findings: Finding[] = [];
  private readonly unfaithful: string[] = [];
  private checks = 0;
  private pending = 0;
  private failure: Error | undefined;
  private settled: (() => void) | undefined;

  /** Started before the project loads, so the thread is up when the first part comes. */
  constructor(
    private readonly distLabel: string,
    private readonly limits: { readonly maxCharsInFlight: number; readonly stallMs: number } = { maxCharsInFlight: MAX_CHARS_IN_FLIGHT, stallMs: STALL_MS },
  ) {
    const code = announced('tenantry.codeFingerprint');
    const workerData: SchemaWorkerData = { schemaWorker: true, inFlight: this.inFlight, ...(code ? { codeFingerprint: code } : {}) };
    this.worker = startEntryWorker('tenantry.schemaWorker', new URL('./schema-worker.ts', import.meta.url), { workerData, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    this.worker.on('message', (reply: SchemaReply) => {
      this.pending--;
      if (reply.type === 'error') this.fail(new Error(`schema thread: ${reply.message}`));
      else {
        this.findings.push(...reply.findings);
        this.unfaithful.push(...reply.unfaithful);
        this.checks += reply.checks;
      }
      if (this.pending === 0) this.settled?.();
    });
    this.worker.on('messageerror', (error) => this.fail(error));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (this.pending > 0) this.fail(new Error(`schema thread: ended (exit code ${code}) with ${this.pending} part(s) unproved`));
    });
  }

  /**
   * Hands over a part of dist/ and the files of it this thread read without the proof; the texts
   * are copied, so the caller may let go of them. Waits while the thread is behind by more than
   * maxCharsInFlight, so the copies never pile up; once the thread has failed or stalled, hands
   * over nothing (done() then rejects, and check runs on one thread).
   */
  submit(files: ReadonlyMap<string, string>, allowedKinds: readonly string[], unproven: readonly string[]): void {
    let chars = 0;
    for (const text of files.values()) chars += text.length;
    if (this.failure || !this.waitForRoom()) return;
    Atomics.add(this.inFlight, 0, chars);
    this.pending++;
    this.worker.postMessage({ files, distLabel: this.distLabel, allowedKinds, unproven, chars } satisfies SchemaRequest);
  }

  /** Characters handed over and not yet proved. */
  get charsInFlight(): number {
    return Atomics.load(this.inFlight, 0);
  }

  /** What every part submitted proved, once all are; rejects when the thread failed. */
  async done(): Promise<SchemaProved> {
    if (this.pending > 0 && !this.failure) await new Promise<void>((resolve) => (this.settled = resolve));
    if (this.failure) throw this.failure;
    return { findings: this.findings, checks: this.checks, unfaithful: this.unfaithful };
  }

  /** Ends the thread, whatever it was doing. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.settled?.();
  }

  /**
   * Blocks (the check loop is synchronous, so no event of the thread's is seen meanwhile) while too
   * much is in flight. False, the thread given up, when it proved nothing for stallMs: it may have
   * died, and its exit could not be heard.
   */
  private waitForRoom(): boolean {
    const { maxCharsInFlight, stallMs } = this.limits;
    let stalled = 0;
    for (let held = Atomics.load(this.inFlight, 0); held > maxCharsInFlight; held = Atomics.load(this.inFlight, 0)) {
      const step = Math.min(1000, stallMs);
      if (Atomics.wait(this.inFlight, 0, held, step) !== 'timed-out') stalled = 0;
      else if ((stalled += step) >= stallMs) {
        this.fail(new Error(`schema thread: proved nothing for ${stallMs / 1000} s`));
        return false;
      }
    }
    return true;
  }
}
