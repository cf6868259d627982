/*
 * The schema proof on a thread of its own: check's main thread reads, parses and compares
 * dist/ and proves isolation, while this one parses the same texts again, with the proof that
 * each was read right (re-emitting it), and validates them.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { parseTree } from './dist-tree';
import type { Finding } from './findings';
import { proveSchemas } from './schema-proof';

export interface SchemaRequest {
  /** A part of dist/ as readParts gives it: path relative to dist/ → text. */
  readonly files: ReadonlyMap<string, string>;
  readonly distLabel: string;
  readonly allowedKinds: readonly string[];
}

export interface SchemaProved {
  readonly findings: readonly Finding[];
  readonly checks: number;
  /** Files the main thread, which parses without re-emitting (ParseOptions.unverified), read wrong. */
  readonly unfaithful: readonly string[];
}

export type SchemaReply = ({ readonly type: 'proved' } & SchemaProved) | { readonly type: 'error'; readonly message: string };

/**
 * The schema findings of the part (parse failures are the main thread's to report), and the files
 * whose unproven reading is wrong. The part is read as the main thread reads it, values shared
 * alike (its pool only makes equal strings one), so each candidate proven here is the value used there.
 */
export function proveSchemasOf(request: SchemaRequest): SchemaReply {
  const { manifests, unfaithful } = parseTree(request.files, request.distLabel, undefined, { shareValues: true });
  return { type: 'proved', ...proveSchemas(manifests, request.allowedKinds), unfaithful };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (request: SchemaRequest) => {
    let reply: SchemaReply;
    try {
      reply = proveSchemasOf(request);
    } catch (error) {
      reply = { type: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
}
