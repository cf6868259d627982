// dist/ as the check reads it: every file's text, what Tenantry generated, and every object in the YAML files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { generatedNames, KUSTOMIZATION_FILE } from '../synth/dist-layout';
import { readEmitted } from './emitted-yaml';
import { isKustomizeConfig, isRecord, type Finding, type Manifest } from './findings';

/** Every file under `dir` by its `/`-separated path, in sorted order. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (prefix: string) => {
    for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(path, readFileSync(join(dir, path), 'utf8'));
    }
  };
  walk('');
  return files;
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

/**
 * Every object in dist/'s YAML and JSON files. A file exactly as the emitter writes it is read by
 * readEmitted (the same objects, proven by re-emitting them); any other goes through the YAML parser.
 */
export function parseTree(files: ReadonlyMap<string, string>, distLabel: string): { manifests: Manifest[]; findings: Finding[] } {
  const manifests: Manifest[] = [];
  const findings: Finding[] = [];
  for (const [path, text] of files) {
    if (!/\.(ya?ml|json)$/i.test(path)) continue;
    const file = `${distLabel}/${path}`;
    const folder = path.includes('/') ? path.slice(0, path.indexOf('/')) : '';
    const kustomization = path.endsWith(`/${KUSTOMIZATION_FILE}`);
    const emitted = readEmitted(text);
    if (emitted && isRecord(emitted.value)) {
      if (!(kustomization && isKustomizeConfig(emitted.value))) manifests.push({ file, folder, object: emitted.value });
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
      const object: unknown = document.toJS();
      if (object === null || object === undefined) continue;
      if (!isRecord(object)) {
        findings.push({ proof: 'schema', invariant: 'schema/parses', file, message: `document ${index + 1} is ${Array.isArray(object) ? 'a list' : `the ${typeof object} ${JSON.stringify(object)}`}, not a Kubernetes object` });
        continue;
      }
      if (kustomization && isKustomizeConfig(object)) continue;
      manifests.push({ file, folder, object });
    }
  }
  return { manifests, findings };
}
