/* Tenantry's own location and a hash of its code, so no cache entry outlives a change to Tenantry. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let fingerprint: string | undefined;

/**
 * What bin/tenantry.mjs told the modules it starts under `Symbol.for(name)`, if it did: its code
 * fingerprint (`tenantry.codeFingerprint`), its bundle of zod (`tenantry.zod`) and its worker
 * entries (`tenantry.synthWorker`, `tenantry.schemaWorker`). Under tsx or vitest nothing is told.
 */
export function announced(name: string): string | undefined {
  const value = (globalThis as Record<symbol, unknown>)[Symbol.for(name)];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Hash of the code that shapes the output (constructs, generated imports and vendored CRDs,
 * Tenantry's version, locked dependencies), so a cache entry never outlives a change to Tenantry.
 * Under bin/tenantry.mjs it is the hash the launcher made of all its sources, which
 * covers these files, so they are not read twice.
 */
export function codeFingerprint(): string {
  fingerprint ??= announced('tenantry.codeFingerprint') ?? sourceFingerprint();
  // cdk8s' own switch for unsorted keys changes every file (fast-json.ts reads it too).
  return process.env.CDK8S_DISABLE_SORT ? `${fingerprint}:unsorted` : fingerprint;
}

function sourceFingerprint(): string {
  const hash = createHash('sha256');
  const sources = ['constructs', 'lib', 'imports'].flatMap((dir) =>
    readdirSync(join(PROJECT_ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') || (dir === 'imports' && /\.ya?ml$/.test(f))) // the vendored CRDs are read at run time
      .sort()
      .map((f) => join(dir, f)),
  );
  for (const file of [...sources, 'package.json', 'package-lock.json']) {
    hash.update(file).update('\0');
    try {
      hash.update(readFileSync(join(PROJECT_ROOT, file)));
    } catch {
      hash.update('missing');
    }
  }
  return hash.digest('hex');
}

