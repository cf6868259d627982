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
  const comparison = new DriftComparison(project, distLabel, cache);
  comparison.compare(files, generated, manifests);
  return comparison.finish();
}

/**
 * drift() one part of dist/ at a time, so the check never holds all of dist/'s texts: compare()
 * takes whole top-level folders (and files at the top), finish() the folders dist/ lacks. The
 * findings are drift()'s over the whole tree; when synthesis fails in two folders, the one
 * named is the first met in dist/'s order rather than in the folders' order.
 */
export class DriftComparison {
  private readonly findings: Finding[] = [];
  private readonly jobs = new Map<string, SynthJob>();
  /** What the cache recorded of each folder, let go once the folder is compared (at 5,000 tenants the parsed cache takes ~100 MB). */
  private readonly records = new Map<string, FolderRecord>();
  private failure?: Finding;
  private checks = 0;
  private built = 0;
  private cached = 0;

  constructor(
    project: LoadedProject,
    private readonly distLabel: string,
    cache?: SynthCache,
  ) {
    for (const [folder, entry] of Object.entries(cache?.folders ?? {})) {
      const record = recordOf(entry);
      if (record) this.records.set(folder, record);
    }
    this.guard(() => {
      for (const job of jobsOf(project, cache)) this.jobs.set(job.folder, job);
    });
  }

  /** Compares the folders in `files` (each folder whole) with their synthesis; `generated` and `manifests` are those of `files`. */
  compare(files: ReadonlyMap<string, string>, generated: ReadonlySet<string>, manifests: readonly Manifest[]): void {
    if (this.failure) return;
    const expected = new Set<string>();
    const byFile = new Map(manifests.map((m) => [m.file, m]));
    for (const path of files.keys()) {
      const slash = path.indexOf('/');
      const job = slash > 0 ? this.jobs.get(path.slice(0, slash)) : undefined;
      if (!job) continue;
      this.jobs.delete(job.folder);
      this.guard(() => this.compareFolder(job, files, expected, byFile));
      if (this.failure) return;
    }
    for (const path of [...files.keys()].sort()) {
      if (expected.has(path) || !generated.has(path)) continue;
      this.add(byFile, path, `stale: no tenant file produces it any more; run \`npm run synth\` (which removes it) and commit dist/`);
    }
    this.checks += expected.size + files.size;
  }

  /** The findings, once compare() has seen every part of dist/: the folders it did not see are missing from dist/. */
  finish(): DriftResult {
    for (const job of this.jobs.values()) {
      if (this.failure) break;
      const expected = new Set<string>();
      this.guard(() => this.compareFolder(job, new Map(), expected, new Map()));
      this.checks += expected.size;
    }
    this.jobs.clear();
    this.records.clear();
    if (this.failure) return { findings: [this.failure], checks: 1, built: this.built, cached: 0 };
    return { findings: this.findings, checks: this.checks, built: this.built, cached: this.cached };
  }

  private compareFolder(job: SynthJob, files: ReadonlyMap<string, string>, expected: Set<string>, byFile: ReadonlyMap<string, Manifest>): void {
    const owner = folderOwner(job.folder).tenant;
    const source = owner ? `tenants/${owner}.ts` : 'platform.ts';
    const record = this.records.get(job.folder);
    this.records.delete(job.folder);
    const vouched = cachedNames(job, files, record);
    if (vouched) {
      for (const name of vouched) expected.add(`${job.folder}/${name}`);
      this.cached++;
      return;
    }
    this.built++;
    for (const [name, content] of job.build().files) {
      const path = `${job.folder}/${name}`;
      expected.add(path);
      const actual = files.get(path);
      if (actual === undefined) this.add(byFile, path, `missing: ${source} produces it; run \`npm run synth\` and commit dist/`, content);
      else if (actual !== content) this.add(byFile, path, `changed: ${firstDifference(actual, content, source)}; run \`npm run synth\` and commit dist/ (edit ${source}, never dist/)`);
    }
  }

  /** Runs a step that synthesizes; when synthesis fails, that failure is drift's only finding. */
  private guard(step: () => void): void {
    try {
      step();
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      this.failure = { proof: 'drift', invariant: 'drift/in-sync', file: `${this.distLabel}/`, message: `synthesis failed, so dist/ cannot be compared: ${message}` };
    }
  }

  private add(byFile: ReadonlyMap<string, Manifest>, path: string, message: string, content?: string): void {
    const object = refOf(byFile.get(`${this.distLabel}/${path}`), content);
    this.findings.push({ proof: 'drift', invariant: 'drift/in-sync', file: `${this.distLabel}/${path}`, ...(object ? { object } : {}), message });
  }
}

/** The object a drift finding names: the one in dist/, else the one synthesis produces. */
function refOf(manifest: Manifest | undefined, content: string | undefined): string | undefined {
  if (manifest) return objectRef(manifest.object);
  try {
    const object: unknown = content ? parseAllDocuments(content)[0]?.toJS() : undefined;
    return isRecord(object) && !isKustomizeConfig(object) ? objectRef(object) : undefined;
  } catch {
    return undefined;
  }
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

/** What drift reads of a cache entry: the rest (sizes, mtimes…) is the writer's. */
interface FolderRecord {
  readonly inputKey: unknown;
  readonly outputHash: string;
  readonly names: readonly unknown[];
}

function recordOf(entry: unknown): FolderRecord | undefined {
  if (!isRecord(entry) || typeof entry.outputHash !== 'string' || !Array.isArray(entry.names)) return undefined;
  return { inputKey: entry.inputKey, outputHash: entry.outputHash, names: entry.names as unknown[] };
}

/** The file names of the folder when the cache vouches for it as it is in dist/; undefined when the folder must be synthesized. */
function cachedNames(job: SynthJob, files: ReadonlyMap<string, string>, entry: FolderRecord | undefined): string[] | undefined {
  if (!entry || entry.inputKey !== job.inputKey) return undefined;
  const present = new Map<string, string>();
  for (const name of entry.names) {
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
