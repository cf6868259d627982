/*
 * A synth that finishes records the key of its whole input and what it reported. The next synth
 * whose input has the same key, over a dist/ that still holds exactly what was written
 * (disk-verify.ts), has nothing to do: it parses, validates and builds nothing and reports the same.
 */
import { createHash } from 'node:crypto';
import { codeFingerprint } from '../spec/code-fingerprint';
import type { ProjectSources } from '../spec/project-sources';

/** What a finished synth of the project with this key wrote and reported. */
export interface ProjectMemo {
  readonly key: string;
  readonly tenants: number;
  /** Ids of the terminating tenants left out, sorted. */
  readonly terminating: readonly string[];
  readonly namespaces: number;
  readonly objects: number;
  /** Generated files and folders in dist/. */
  readonly files: number;
  readonly folders: number;
}

/**
 * The key of everything a synth's output depends on: Tenantry's code, where it runs and writes,
 * platform.ts' code (its bundle, which names every local file it imports) and default export,
 * and every tenant file's name and text. Undefined when that cannot be known: platform.ts ran
 * without a bundle (tsx, vitest) or holds functions (extensions, which run on every load and may
 * read more than their code), or a file did not load (the full load reports why).
 */
export function projectKey(sources: ProjectSources, root: string, distDir: string): string | undefined {
  if (!sources.platform || !sources.platformCode || sources.platformErrors.length || sources.tenants.errors.length) return undefined;
  let platform: string | undefined;
  let functions = false;
  try {
    platform = JSON.stringify(sources.platform.value, (_, value: unknown) => (typeof value === 'function' ? ((functions = true), undefined) : value));
  } catch {
    return undefined; // a BigInt or a cycle: the full load says what is wrong
  }
  if (functions) return undefined;
  const hash = createHash('sha256');
  // Each part with its length first, so no two inputs hash the same parts.
  const part = (text: string) => hash.update(`${Buffer.byteLength(text)}:`).update(text);
  for (const text of [codeFingerprint(), root, distDir, sources.platformFile, sources.platformCode, platform ?? 'undefined']) part(text);
  for (const { file, text } of sources.tenants.texts) {
    part(file);
    part(text);
  }
  return hash.digest('hex');
}
