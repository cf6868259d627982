/* The drift proof: dist/ must equal a fresh synthesis of the tenant files, file by file, naming the first differing line. */
import { parseAllDocuments } from 'yaml';
import type { LoadedProject } from '../spec/loader';
import { folderOwner } from '../spec/fleet-names';
import { hashFiles } from '../synth/synth-cache';
import { folderJobs, type SynthJob } from '../synth/folder-jobs';
import type { ReadShape } from '../synth/read-tracking';
import type { SynthCache } from '../synth/synth-cache';
import { PLATFORM_FOLDER } from '../synth/dist-layout';
import { isKustomizeConfig, isRecord, objectRef, type Finding, type Manifest } from './findings';

export interface DriftResult {
  readonly findings: Finding[];
  readonly checks: number;
  /** Folders synthesized in memory to compare with. */
  readonly built: number;
  /** Folders the synth cache vouched for, so not synthesized again. */
  readonly cached: number;
}

/**
 * Compares dist/ with what the tenant files produce. Each folder is synthesized in memory and
 * compared, one at a time (so only one folder's output is held), unless `cache` (the synth
 * cache of this dist/) vouches for it: its entry was written for the folder's current inputs
 * (the same key `npm run synth` uses: Tenantry's code, the platform, the tenant), and dist/
 * holds exactly the files it lists with exactly the hash it recorded. Then the folder is what a
 * synthesis produces, and the findings are the same as with the synthesis; any other entry
 * (stale, corrupt, of another dist/) is not used and the folder is synthesized.
 */
export function drift(
  project: LoadedProject,
  files: ReadonlyMap<string, string>,
  generated: ReadonlySet<string>,
  manifests: readonly Manifest[],
  distLabel: string,
  cache?: SynthCache,
): DriftResult {
  const findings: Finding[] = [];
  const byFile = new Map(manifests.map((m) => [m.file, m]));
  const refOf = (path: string, content?: string) => {
    const manifest = byFile.get(`${distLabel}/${path}`);
    if (manifest) return objectRef(manifest.object);
    try {
      const object: unknown = content ? parseAllDocuments(content)[0]?.toJS() : undefined;
      return isRecord(object) && !isKustomizeConfig(object) ? objectRef(object) : undefined;
    } catch {
      return undefined;
    }
  };
  const add = (path: string, message: string, content?: string) => {
    const object = refOf(path, content);
    findings.push({ proof: 'drift', invariant: 'drift/in-sync', file: `${distLabel}/${path}`, ...(object ? { object } : {}), message });
  };
  const expected = new Set<string>();
  let built = 0;
  let cached = 0;
  try {
    for (const job of jobsOf(project, cache)) {
      const owner = folderOwner(job.folder).tenant;
      const source = owner ? `tenants/${owner}.ts` : 'platform.ts';
      const vouched = cachedNames(job, files, cache);
      if (vouched) {
        for (const name of vouched) expected.add(`${job.folder}/${name}`);
        cached++;
        continue;
      }
      built++;
      for (const [name, content] of job.build().files) {
        const path = `${job.folder}/${name}`;
        expected.add(path);
        const actual = files.get(path);
        if (actual === undefined) add(path, `missing: ${source} produces it; run \`npm run synth\` and commit dist/`, content);
        else if (actual !== content) add(path, `changed: ${firstDifference(actual, content, source)}; run \`npm run synth\` and commit dist/ (edit ${source}, never dist/)`);
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    const failure: Finding = { proof: 'drift', invariant: 'drift/in-sync', file: `${distLabel}/`, message: `synthesis failed, so dist/ cannot be compared: ${message}` };
    return { findings: [failure], checks: 1, built, cached: 0 };
  }
  for (const path of [...files.keys()].sort()) {
    if (expected.has(path) || !generated.has(path)) continue;
    add(path, `stale: no tenant file produces it any more; run \`npm run synth\` (which removes it) and commit dist/`);
  }
  return { findings, checks: expected.size + files.size, built, cached };
}

/** The folder jobs with the keys `npm run synth` gives them (the platform folder's depends on what its last build read, kept in the cache). */
function jobsOf(project: LoadedProject, cache: SynthCache | undefined): SynthJob[] {
  const reads = cache?.reads?.[PLATFORM_FOLDER];
  if (!isRecord(reads)) return folderJobs(project);
  try {
    return folderJobs(project, reads as ReadShape);
  } catch {
    return folderJobs(project); // reads of another shape: the platform folder's key will not match, so it is built
  }
}

/** The file names of the folder when the cache vouches for it as it is in dist/; undefined when the folder must be synthesized. */
function cachedNames(job: SynthJob, files: ReadonlyMap<string, string>, cache: SynthCache | undefined): string[] | undefined {
  const entry: unknown = cache?.folders[job.folder];
  if (!isRecord(entry) || entry.inputKey !== job.inputKey || typeof entry.outputHash !== 'string' || !Array.isArray(entry.names)) return undefined;
  const present = new Map<string, string>();
  for (const name of entry.names as unknown[]) {
    const text = typeof name === 'string' ? files.get(`${job.folder}/${name}`) : undefined;
    if (text === undefined) return undefined;
    present.set(name as string, text);
  }
  return present.size && hashFiles(present) === entry.outputHash ? [...present.keys()] : undefined;
}

/** Where a file first differs from what synthesis produces, as one short clause. */
function firstDifference(actual: string, expected: string, source: string): string {
  const a = actual.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] === e[i]) continue;
    const show = (line: string | undefined) => (line === undefined ? 'the end of the file' : JSON.stringify(line.length > 70 ? `${line.slice(0, 67)}...` : line));
    return `line ${i + 1} is ${show(a[i])}, but ${source} produces ${show(e[i])}`;
  }
  return `it differs from what ${source} produces`;
}
