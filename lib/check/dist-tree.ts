// dist/ as the check reads it: every file's text, what Tenantry generated, and every object in the YAML files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { generatedNames, KUSTOMIZATION_FILE } from '../synth/dist-layout';
import { isFaithful, readCandidate } from './emitted-yaml';
import { isKustomizeConfig, isRecord, type Finding, type Manifest } from './findings';
import { SharedValues } from './shared-values';
import type { StringPool } from './string-pool';

/** Every file under `dir` by its `/`-separated path, in sorted order. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const part of readParts(dir)) for (const [path, text] of part) files.set(path, text);
  return files;
}

/**
 * readTree() one part at a time, in the same order: each top-level folder with everything
 * below it, or one file at the top. Each part is read when the one before has been used.
 */
export function* readParts(dir: string): Generator<Map<string, string>> {
  // Joined once: path.join per file was a tenth of reading 63,000 files. '' stays '' (no such folder), not '/'.
  const root = dir === '' ? '' : join(dir, '/');
  const walk = (prefix: string, files: Map<string, string>) => {
    for (const entry of sortedEntries(root + prefix)) {
      const path = `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(path, files);
      else if (entry.isFile()) files.set(path, readFileSync(root + path, 'utf8'));
    }
    return files;
  };
  for (const entry of sortedEntries(root)) {
    if (entry.isDirectory()) yield walk(entry.name, new Map());
    else if (entry.isFile()) yield new Map([[entry.name, readFileSync(root + entry.name, 'utf8')]]);
  }
}

function sortedEntries(dir: string) {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** What Tenantry generated, by the same rule as the writer's scanDist: what each folder's own kustomization.yaml lists. */
export function generatedPaths(files: ReadonlyMap<string, string>): Set<string> {
  const generated = new Set<string>();
  for (const [path, text] of files) {
    const parts = path.split('/');
    if (parts.length !== 2 || parts[1] !== KUSTOMIZATION_FILE) continue;
    for (const name of generatedNames(text)) generated.add(`${parts[0]}/${name}`);
  }
  return generated;
}

export interface ParseOptions {
  /**
   * The files whose layout candidates are taken without re-emitting them (a quarter of the parse):
   * only for a caller that has the same texts parsed with the proof elsewhere and checks there that
   * each of these was proven (schema-thread.ts). @default - none: every candidate is proven
   */
  readonly unverified?: (path: string) => boolean;
  /**
   * Read mappings and lists written alike as one object, as a parse with a pool does, so the
   * values are exactly those of that parse (schema-worker.ts proves the main thread's reading).
   * @default - only with a pool
   */
  readonly shareValues?: boolean;
}

export interface ParsedTree {
  readonly manifests: Manifest[];
  readonly findings: Finding[];
  /** Files (relative to dist/) read by the emitter's layout, proven unless `unverified` named them; the YAML parser read the others. */
  readonly byLayout: string[];
  /** The value of each kustomization.yaml read by the emitter's layout, by path: proveKustomizations need not read it again. */
  readonly kustomizations: Map<string, Record<string, unknown>>;
}

/**
 * Every object in dist/'s YAML and JSON files. A file exactly as the emitter writes it is read by
 * the emitter's own layout (readCandidate; the same objects, proven by re-emitting them); any other goes through the YAML parser.
 * With `pool`, the objects' strings are the pool's copies, so the objects outlive the texts (see string-pool.ts),
 * and the mappings and lists written alike in `files` are one object (see shared-values.ts).
 */
export function parseTree(files: ReadonlyMap<string, string>, distLabel: string, pool?: StringPool, options: ParseOptions = {}): ParsedTree {
  const manifests: Manifest[] = [];
  const findings: Finding[] = [];
  const byLayout: string[] = [];
  const kustomizations = new Map<string, Record<string, unknown>>();
  const shared = (options.shareValues ?? pool !== undefined) ? new SharedValues() : undefined;
  for (const [path, text] of files) {
    if (!/\.(ya?ml|json)$/i.test(path)) continue;
    const file = `${distLabel}/${path}`;
    const slash = path.indexOf('/');
    const folder = slash < 0 ? '' : pool ? pool.intern(path.slice(0, slash)) : path.slice(0, slash);
    const kustomization = path.endsWith(`/${KUSTOMIZATION_FILE}`);
    const candidate = readCandidate(text, pool, shared);
    if (candidate && isRecord(candidate.value) && (options.unverified?.(path) || isFaithful(candidate))) {
      byLayout.push(path);
      if (kustomization) kustomizations.set(path, candidate.value);
      if (!(kustomization && isKustomizeConfig(candidate.value))) manifests.push({ file, folder, object: candidate.value });
      continue;
    }
    const documents = parseAllDocuments(text);
    for (const [index, document] of (Array.isArray(documents) ? documents : [documents]).entries()) {
      if (document.errors.length) {
        const error = document.errors[0]!;
        const line = error.linePos?.[0]?.line;
        findings.push({ proof: 'schema', invariant: 'schema/parses', file, message: `is not valid YAML${line ? ` at line ${line}` : ''}: ${error.message.split('\n')[0]}; fix the YAML or run \`npm run synth\`` });
        break;
      }
      const object: unknown = pool ? pool.internAll(document.toJS()) : document.toJS();
      if (object === null || object === undefined) continue;
      if (!isRecord(object)) {
        findings.push({ proof: 'schema', invariant: 'schema/parses', file, message: `document ${index + 1} is ${Array.isArray(object) ? 'a list' : `the ${typeof object} ${JSON.stringify(object)}`}, not a Kubernetes object` });
        continue;
      }
      if (kustomization && isKustomizeConfig(object)) continue;
      manifests.push({ file, folder, object });
    }
  }
  return { manifests, findings, byLayout, kustomizations };
}
