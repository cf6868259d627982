import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDist, type FolderJob, type SynthCache, type WriteOptions, type WriteSummary } from './dist-writer';
import type { LoadedProject } from './loader';
import { PLATFORM_FOLDER, synthesizePlatform, synthesizeTenant, type FolderOutput } from './synth';

/*
 * The synthesis pipeline shared by `npm run synth`, `npm run check` and `npm run bench`:
 * a validated project → one job per dist/ folder → dist/.
 */

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE_FILE = join(PROJECT_ROOT, 'node_modules', '.cache', 'tenantry', 'synth-cache.json');

let fingerprint: string | undefined;

/**
 * Hash of the code that shapes the output (constructs, generated imports, locked
 * dependencies), so a cache entry never outlives a change to Tenantry itself.
 */
export function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  const sources = ['constructs', 'imports'].flatMap((dir) =>
    readdirSync(join(PROJECT_ROOT, dir))
      .filter((f) => f.endsWith('.ts'))
      .sort()
      .map((f) => join(dir, f)),
  );
  for (const file of [...sources, 'package-lock.json']) {
    hash.update(file).update('\0');
    try {
      hash.update(readFileSync(join(PROJECT_ROOT, file)));
    } catch {
      hash.update('missing');
    }
  }
  fingerprint = hash.digest('hex');
  return fingerprint;
}

function hashOf(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/** One job per tenant plus the platform folder; keys cover every input of each folder. */
export function folderJobs(project: LoadedProject): FolderJob[] {
  const code = codeFingerprint();
  const platformKey = hashOf(code, JSON.stringify(project.platform));
  const tenantJobs = project.tenants.map((tenant) => ({
    folder: tenant.id,
    inputKey: hashOf(platformKey, JSON.stringify(tenant)),
    build: (): FolderOutput => synthesizeTenant(tenant, project.platform),
  }));
  return [
    {
      folder: PLATFORM_FOLDER,
      inputKey: hashOf(platformKey, ...tenantJobs.map((j) => j.inputKey)),
      build: () => synthesizePlatform(project.platform, project.tenants),
    },
    ...tenantJobs,
  ];
}

/** Every folder in memory, for `check` and tests. */
export function synthesizeAll(project: LoadedProject): FolderOutput[] {
  return folderJobs(project).map((job) => job.build());
}

export function readCache(path = CACHE_FILE): SynthCache | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SynthCache;
  } catch {
    return undefined;
  }
}

export function saveCache(cache: SynthCache, path = CACHE_FILE): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(cache));
}

export interface SynthOptions extends Pick<WriteOptions, 'force' | 'onProgress' | 'writeFile'> {
  readonly distDir: string;
  /** Where the incremental cache lives; `null` disables it. @default CACHE_FILE */
  readonly cacheFile?: string | null;
}

export function synthesizeProject(project: LoadedProject, options: SynthOptions): WriteSummary {
  const cacheFile = options.cacheFile === undefined ? CACHE_FILE : options.cacheFile;
  const cache = cacheFile ? readCache(cacheFile) : undefined;
  const result = writeDist({ ...options, jobs: folderJobs(project), cache });
  if (cacheFile) saveCache(result.cache, cacheFile);
  return result;
}
