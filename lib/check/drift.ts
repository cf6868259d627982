/* The drift proof: dist/ must equal a fresh synthesis of the tenant files, file by file, naming the first differing line. */
import { parseAllDocuments } from 'yaml';
import type { LoadedProject } from '../spec/loader';
import { folderOwner } from '../spec/fleet-names';
import { synthesizeAllWithDocuments } from '../synth/folder-jobs';
import { isKustomizeConfig, isRecord, objectRef, type Finding, type Manifest } from './findings';

/** What a fresh synthesis of the tenant files puts in dist/: per path, the content, the file it comes from and the object emitted there. */
export type Expected = ReadonlyMap<string, { readonly content: string; readonly source: string; readonly object?: unknown }>;

/** The synthesis drift compares with, or the finding saying it failed. */
export function synthesizeExpected(project: LoadedProject, distLabel: string): { expected: Expected } | { failure: Finding } {
  const expected = new Map<string, { content: string; source: string; object?: unknown }>();
  try {
    for (const output of synthesizeAllWithDocuments(project)) {
      const owner = folderOwner(output.folder).tenant;
      const source = owner ? `tenants/${owner}.ts` : 'platform.ts';
      for (const [name, content] of output.files) expected.set(`${output.folder}/${name}`, { content, source, object: output.documents?.get(name) });
    }
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return { failure: { proof: 'drift', invariant: 'drift/in-sync', file: `${distLabel}/`, message: `synthesis failed, so dist/ cannot be compared: ${message}` } };
  }
  return { expected };
}

export function drift(
  project: LoadedProject,
  files: ReadonlyMap<string, string>,
  generated: ReadonlySet<string>,
  manifests: readonly Manifest[],
  distLabel: string,
  synthesized = synthesizeExpected(project, distLabel),
): { findings: Finding[]; checks: number } {
  const findings: Finding[] = [];
  if ('failure' in synthesized) return { findings: [synthesized.failure], checks: 1 };
  const { expected } = synthesized;
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
  for (const [path, { content, source }] of expected) {
    const actual = files.get(path);
    if (actual === undefined) add(path, `missing: ${source} produces it; run \`npm run synth\` and commit dist/`, content);
    else if (actual !== content) add(path, `changed: ${firstDifference(actual, content, source)}; run \`npm run synth\` and commit dist/ (edit ${source}, never dist/)`);
  }
  for (const path of [...files.keys()].sort()) {
    if (expected.has(path) || !generated.has(path)) continue;
    add(path, `stale: no tenant file produces it any more; run \`npm run synth\` (which removes it) and commit dist/`);
  }
  return { findings, checks: expected.size + files.size };
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
