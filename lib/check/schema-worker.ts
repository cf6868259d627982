/*
 * The schema proof on a thread of its own: check's main thread reads, parses and compares
 * dist/ and proves isolation, while this one parses the same texts again, with the proof that
 * each was read right (re-emitting it), and validates them.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { parseTree } from './dist-tree';
import type { Finding } from './findings';
import { proveSchemas } from './schema-proof';

export interface SchemaRequest {
  /** A part of dist/ as readParts gives it: path relative to dist/ → text. */
  readonly files: ReadonlyMap<string, string>;
  readonly distLabel: string;
  readonly allowedKinds: readonly string[];
  /** The files the main thread read by the emitter's layout without the proof (ParseOptions.unverified). */
  readonly unproven: readonly string[];
  /** The part's characters of text in flight (SchemaThread), given back once it is proved. */
  readonly chars: number;
}

export interface SchemaProved {
  readonly findings: readonly Finding[];
  readonly checks: number;
  /** Of the files the main thread read unproven, those this thread did not prove read right. */
  readonly unfaithful: readonly string[];
}

/** What the thread is started with: the marker says it is this worker (a module imported elsewhere in a worker does nothing). */
export interface SchemaWorkerData {
  readonly schemaWorker: true;
  /** Characters in flight (SchemaThread), shared with the main thread. */
  readonly inFlight: Int32Array;
  /** The launcher's code fingerprint, if it told the main thread one: the CRD cache's keys are the main thread's. */
  readonly codeFingerprint?: string;
}

export type SchemaReply = ({ readonly type: 'proved' } & SchemaProved) | { readonly type: 'error'; readonly message: string };

/**
 * The schema findings of the part (parse failures are the main thread's to report), and which of
 * the main thread's unproven readings this thread could not prove. The part is read as the main
 * thread reads it, values shared alike (its pool only makes equal strings one), so a candidate
 * proven here is the value used there.
 */
export function proveSchemasOf(request: Omit<SchemaRequest, 'chars'>): SchemaReply {
  const { manifests, byLayout } = parseTree(request.files, request.distLabel, undefined, { shareValues: true });
  const proven = new Set(byLayout);
  return { type: 'proved', ...proveSchemas(manifests, request.allowedKinds), unfaithful: request.unproven.filter((path) => !proven.has(path)) };
}

const data = isMainThread ? undefined : (workerData as Partial<SchemaWorkerData> | undefined);
if (parentPort && data?.schemaWorker === true && data.inFlight) {
  if (data.codeFingerprint) (globalThis as Record<symbol, unknown>)[Symbol.for('tenantry.codeFingerprint')] = data.codeFingerprint;
  const port = parentPort;
  const inFlight = data.inFlight;
  const fail = (error: unknown) => port.postMessage({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies SchemaReply);
  port.on('message', (request: SchemaRequest) => {
    try {
      port.postMessage(proveSchemasOf(request));
    } catch (error) {
      fail(error);
    } finally {
      Atomics.sub(inFlight, 0, request.chars);
      Atomics.notify(inFlight, 0);
    }
  });
  // A request that cannot be read still counts as a reply, so the main thread never waits for it.
  port.on('messageerror', fail);
}
