import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { checkDist } from '../../lib/check/check';
import { parseTree, readParts } from '../../lib/check/dist-tree';
import { proveSchemas } from '../../lib/check/schema-proof';
import { SCHEMA_THREAD_FOLDERS, SchemaThread, STALL_MS, startSchemaThread, wantsSchemaThread } from '../../lib/check/schema-thread';
import { loadProject, type LoadedProject } from '../../lib/spec/loader';
import { synthesizeProject } from '../../lib/synth/synthesize-project';
import { tempDirs } from '../support/temp';

const FIXTURE = join(__dirname, 'fixtures', 'check-project');
const tempDir = tempDirs('tenantry-schema-thread-test-');
/** The thread loads TypeScript through tsx under vitest: seconds on a busy 2-core machine. */
const SLOW = 120_000;
const CONFIG_MAP = 'acme/ConfigMap.acme-api.tenant-config.yaml';

let fixture: LoadedProject;

beforeAll(async () => {
  const loaded = await loadProject(FIXTURE);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  fixture = loaded;
});

/** A fresh dist/ of the fixture, its ConfigMap changed by `edit`. */
function distWith(edit: (text: string) => string): string {
  const distDir = join(tempDir(), 'dist');
  synthesizeProject(fixture, { distDir, cacheFile: null });
  const file = join(distDir, CONFIG_MAP);
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return distDir;
}

describe('wantsSchemaThread', () => {
  it.each([
    [SCHEMA_THREAD_FOLDERS, 2, true],
    [SCHEMA_THREAD_FOLDERS - 1, 2, false],
    [SCHEMA_THREAD_FOLDERS * 20, 1, false],
  ])('for %i folders on %i cores says %s', (folders, cores, wanted) => {
    // GIVEN a dist/ of that many folders on that many cores
    // WHEN check asks whether to validate on a thread
    // THEN only a big dist/ with a spare core gets one
    expect(wantsSchemaThread(folders, cores)).toBe(wanted);
  });
});

describe('SchemaThread', () => {
  it('finds in each part what the schema proof finds on this thread', async () => {
    // GIVEN dist/ with a field no ConfigMap has
    const distDir = distWith((text) => text.replace('metadata:\n', 'metadata:\n  colour: red\n'));
    const parts = [...readParts(distDir)];

    // WHEN every part goes to the thread, each file named as read unproven
    const thread = new SchemaThread('dist');
    let proved;
    try {
      for (const part of parts) thread.submit(part, [], [...part.keys()].filter((path) => path.endsWith('.yaml')));
      proved = await thread.done();
    } finally {
      await thread.close();
    }

    // THEN it finds and counts what proveSchemas does here, and proves every reading
    const here = parts.map((part) => proveSchemas(parseTree(part, 'dist').manifests, []));
    expect(proved.findings).toEqual(here.flatMap((r) => r.findings));
    expect(proved.findings.map((f) => f.message)).toEqual(['does not match the ConfigMap schema: metadata.colour unknown field; fix the construct or the hand edit that produced it']);
    expect(proved.checks).toBe(here.reduce((sum, r) => sum + r.checks, 0));
    expect(proved.unfaithful).toEqual([]);
  }, SLOW);

  it('fails when the announced build is gone, so a stale announcement never goes unnoticed', async () => {
    // GIVEN an announced worker entry that does not exist
    const entry = Symbol.for('tenantry.schemaWorker');
    (globalThis as Record<symbol, unknown>)[entry] = pathToFileURL(join(tempDir(), 'schema-worker.js')).href;
    const thread = new SchemaThread('dist');

    // WHEN a part is proved
    try {
      thread.submit(new Map([['a.yaml', 'a: 1\n']]), [], []);

      // THEN the thread's failure is the check's
      await expect(thread.done()).rejects.toThrow(/Cannot find module .*schema-worker\.js/);
    } finally {
      delete (globalThis as Record<symbol, unknown>)[entry];
      await thread.close();
    }
  }, SLOW);

  it('waits to hand over a part while the thread is behind, and proves them all', async () => {
    // GIVEN dist/'s parts and a thread that may hold one character of text at a time
    const parts = [...readParts(distWith((text) => text))];
    const thread = new SchemaThread('dist', { maxCharsInFlight: 1, stallMs: STALL_MS });

    // WHEN every part goes to it
    const started = performance.now();
    const held: number[] = [];
    let proved;
    try {
      for (const part of parts) {
        thread.submit(part, [], []);
        held.push(thread.charsInFlight);
      }
      proved = await thread.done();
    } finally {
      await thread.close();
    }

    // THEN each part was handed over only once the one before was proved, none was given up on, and all were proved
    const sizes = parts.map((part) => [...part.values()].reduce((sum, text) => sum + text.length, 0));
    expect(held.every((chars, i) => chars <= sizes[i]!)).toBe(true);
    expect(performance.now() - started).toBeLessThan(STALL_MS);
    expect(proved.findings).toEqual([]);
    expect(proved.checks).toBe(parts.reduce((sum, part) => sum + proveSchemas(parseTree(part, 'dist').manifests, []).checks, 0));
  }, SLOW);

  it('gives a thread that proves nothing up after the stall time, once, and hands it nothing more', async () => {
    // GIVEN an announced worker entry that does not exist, so nothing is ever proved, and a short stall time
    const entry = Symbol.for('tenantry.schemaWorker');
    (globalThis as Record<symbol, unknown>)[entry] = pathToFileURL(join(tempDir(), 'schema-worker.js')).href;
    const thread = new SchemaThread('dist', { maxCharsInFlight: 1, stallMs: 500 });

    // WHEN three parts are handed over
    const started = performance.now();
    try {
      for (const name of ['a', 'b', 'c']) thread.submit(new Map([[`${name}/x.yaml`, 'a: 1\n']]), [], []);

      // THEN only one wait ran out, and done() rejects
      expect(performance.now() - started).toBeLessThan(2000);
      await expect(thread.done()).rejects.toThrow(/proved nothing for 0.5 s|Cannot find module/);
    } finally {
      delete (globalThis as Record<symbol, unknown>)[entry];
      await thread.close();
    }
  }, SLOW);
});

describe('startSchemaThread', () => {
  it('warns and gives no thread when one cannot be started', () => {
    // GIVEN an announced worker entry that is not a URL
    const entry = Symbol.for('tenantry.schemaWorker');
    (globalThis as Record<symbol, unknown>)[entry] = 'not a url';
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    // WHEN a thread is started
    let thread;
    let warnings: string[];
    try {
      thread = startSchemaThread('dist');
    } finally {
      delete (globalThis as Record<symbol, unknown>)[entry];
      warnings = warn.mock.calls.map(([line]) => String(line));
      warn.mockRestore();
    }

    // THEN check goes on without one, and says why
    expect(thread).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/^warning: check's schema thread failed \(.*URL.*\); checking on one thread$/)]);
  });
});

describe('checkDist with a schema thread', () => {
  it.each([
    ['a field no schema has', (text: string) => text.replace('metadata:\n', 'metadata:\n  colour: red\n')],
    ['a hand edit in flow style, which the unproven parse reads wrong', (text: string) => text.replace(/metadata:\n(?: {2}.*\n)+/, 'metadata: {name: tenant-config, namespace: acme-api}\n')],
  ])('finds what the check without it finds, given %s', async (_, edit) => {
    // GIVEN a dist/ edited by hand
    const distDir = distWith(edit);

    // WHEN it is checked with the schema thread and without
    const threaded = await checkDist({ root: FIXTURE, distDir, project: fixture, cacheFile: null, schemaThread: true });
    const alone = await checkDist({ root: FIXTURE, distDir, project: fixture, cacheFile: null, schemaThread: false });

    // THEN both fail alike, on the same findings
    expect(threaded.summary.ok).toBe(false);
    expect(threaded).toEqual(alone);
  }, SLOW);

  it('checks on one thread, with a warning, when the thread fails', async () => {
    // GIVEN a dist/ with a field no schema has, and an announced schema worker that does not exist
    const distDir = distWith((text) => text.replace('metadata:\n', 'metadata:\n  colour: red\n'));
    const entry = Symbol.for('tenantry.schemaWorker');
    (globalThis as Record<symbol, unknown>)[entry] = pathToFileURL(join(tempDir(), 'schema-worker.js')).href;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    // WHEN it is checked with the thread
    let threaded;
    let warnings: string[];
    try {
      threaded = await checkDist({ root: FIXTURE, distDir, project: fixture, cacheFile: null, schemaThread: true });
    } finally {
      delete (globalThis as Record<symbol, unknown>)[entry];
      warnings = warn.mock.calls.map(([line]) => String(line));
      warn.mockRestore();
    }

    // THEN it says so, and finds what the check without the thread finds
    expect(warnings).toEqual([expect.stringMatching(/^warning: check's schema thread failed \(.*schema-worker\.js.*\); checking on one thread$/)]);
    expect(threaded).toEqual(await checkDist({ root: FIXTURE, distDir, project: fixture, cacheFile: null, schemaThread: false }));
  }, SLOW);
});
