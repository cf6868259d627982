// The CRDs vendored in imports/crds/: group, kind, plural, scope and served versions, for checks on platform.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The YAML parser, loaded on the first CRD read: every command imports this file through platform.ts, few read a CRD, and loading it costs 0.1 s. */
let parse: typeof import('yaml').parse | undefined;

/** One vendored CustomResourceDefinition, as the spec checks need it. */
export interface CrdEntry {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly scope: 'Namespaced' | 'Cluster';
  /** Versions that are served and stored, such as ["v1"]: those `npm run check` validates against. */
  readonly versions: readonly string[];
  /** Path relative to imports/crds/. */
  readonly file: string;
  readonly text: string;
}

const CRD_FOLDER = fileURLToPath(new URL('../../imports/crds/', import.meta.url));

let catalogue: Map<string, CrdEntry> | undefined;

/** The vendored CRD of a group and kind. @returns undefined when none is vendored */
export function findCrd(group: string, kind: string): CrdEntry | undefined {
  catalogue ??= readCatalogue(CRD_FOLDER);
  return catalogue.get(`${group}/${kind}`);
}

/**
 * Reads every CRD file once. Only the header (before `versions:`) is parsed as YAML and the
 * served versions are read line by line, so the 400 KB Application CRD costs next to nothing.
 */
export function readCatalogue(folder: string): Map<string, CrdEntry> {
  const out = new Map<string, CrdEntry>();
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const file of files) {
    const text = readFileSync(join(folder, file), 'utf8');
    for (const doc of text.split(/^---\s*$/m)) {
      const entry = crdEntry(doc, file.split('\\').join('/'), text);
      if (entry) out.set(`${entry.group}/${entry.kind}`, entry);
    }
  }
  return out;
}

function crdEntry(doc: string, file: string, text: string): CrdEntry | undefined {
  const at = doc.search(/^ {2}versions:/m);
  if (at < 0) return undefined;
  parse ??= (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse;
  const header = parse(doc.slice(0, at)) as { kind?: unknown; spec?: { group?: unknown; scope?: unknown; names?: { kind?: unknown; plural?: unknown } } } | null;
  const spec = header?.spec;
  if (header?.kind !== 'CustomResourceDefinition' || typeof spec?.group !== 'string' || typeof spec.names?.kind !== 'string' || typeof spec.names.plural !== 'string') return undefined;
  const versions: string[] = [];
  let current: { name?: string; served?: boolean; storage?: boolean } = {};
  const close = () => current.name && current.served && current.storage && versions.push(current.name);
  for (const line of doc.slice(at).split('\n').slice(1)) {
    if (/^ {0,2}[^\s-]/.test(line)) break; // back at the spec level: the list ended
    if (/^ {2}- /.test(line)) {
      close();
      current = {};
    }
    const field = /^ {2}[- ] {1,2}(name|served|storage): (\S+)/.exec(line);
    if (field?.[1] === 'name') current.name = field[2];
    else if (field) current[field[1] as 'served' | 'storage'] = field[2] === 'true';
  }
  close();
  return { group: spec.group, kind: spec.names.kind, plural: spec.names.plural, scope: spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced', versions, file, text };
}
