/*
 * The kustomization proof: each dist/ folder's kustomization.yaml is exactly a plain list
 * of the folder's own YAML files, so what Argo CD and Flux apply is what the other proofs read.
 */
import { parseAllDocuments } from 'yaml';
import { GENERATED_MARKER, KUSTOMIZATION_FILE } from '../synth/dist-layout';
import { readEmitted } from './emitted-yaml';
import { asArray, isRecord, listing, type Finding, type Invariant, type ProofResult } from './findings';

export const KUSTOMIZATION_INVARIANTS: readonly Invariant[] = [
  {
    id: 'dist/kustomization-plain',
    proof: 'dist',
    statement:
      'Every dist/ folder has a kustomization.yaml that holds only apiVersion, kind and a resources list of .yaml files in that folder (no remote bases, patches, namespace or other transformers), and lists every object file there.',
  },
];

const ALLOWED_KEYS = ['apiVersion', 'kind', 'resources'];
const KUSTOMIZE_API = 'kustomize.config.k8s.io/v1beta1';
/** What a GitOps engine applies from a folder without a kustomization.yaml (Argo CD's directory mode). */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const PLAIN_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.yaml$/;

export interface KustomizationResult extends ProofResult {
  /** The dist/-relative paths Argo CD or Flux would apply: the listed files, or every manifest file where none is listed. */
  readonly applied: ReadonlySet<string>;
}

/** `read`: kustomization.yaml values already read from these texts (parseTree's), by path; the others are read here. */
export function proveKustomizations(files: ReadonlyMap<string, string>, distLabel: string, read: ReadonlyMap<string, unknown> = new Map()): KustomizationResult {
  const findings: Finding[] = [];
  const applied = new Set<string>();
  let checks = 0;
  const byFolder = new Map<string, string[]>();
  for (const path of files.keys()) {
    const slash = path.indexOf('/');
    if (slash < 0) continue;
    const folder = path.slice(0, slash);
    const names = byFolder.get(folder);
    if (names) names.push(path.slice(slash + 1));
    else byFolder.set(folder, [path.slice(slash + 1)]);
  }
  for (const [folder, names] of [...byFolder].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const file = `${distLabel}/${folder}/${KUSTOMIZATION_FILE}`;
    const add = (message: string) => findings.push({ proof: 'dist', invariant: 'dist/kustomization-plain', file, message });
    const manifests = names.filter((name) => name !== KUSTOMIZATION_FILE && MANIFEST_FILE.test(name) && !name.includes('/'));
    checks++;
    const path = `${folder}/${KUSTOMIZATION_FILE}`;
    const text = files.get(path);
    if (text === undefined) {
      add(`missing, so Argo CD and Flux would apply every file in ${distLabel}/${folder}/; run \`npm run synth\``);
      for (const name of manifests) applied.add(`${folder}/${name}`);
      continue;
    }
    const object = read.has(path) ? read.get(path) : kustomizationObject(text);
    if (!isRecord(object)) {
      add('is not a single YAML mapping, so what it applies cannot be proven; run `npm run synth`');
      for (const name of manifests) applied.add(`${folder}/${name}`);
      continue;
    }
    checks += 3;
    const extra = Object.keys(object).filter((key) => !ALLOWED_KEYS.includes(key)).sort();
    if (extra.length) {
      add(`sets ${listing(extra)}, which change${extra.length === 1 ? 's' : ''} what is applied after the proofs ran (patches, namespace or name transformers, generators, bases); keep only a plain resources list`);
    }
    if (object.apiVersion !== KUSTOMIZE_API || object.kind !== 'Kustomization') {
      add(`is ${JSON.stringify(object.apiVersion)} ${JSON.stringify(object.kind)}; expected apiVersion ${KUSTOMIZE_API} and kind Kustomization`);
    }
    const listed = new Set<string>();
    asArray(object.resources).forEach((raw, index) => {
      checks++;
      const entry = typeof raw === 'string' ? raw : JSON.stringify(raw);
      if (typeof raw !== 'string' || !PLAIN_FILE.test(raw)) {
        const why = /^[a-z][a-z0-9+.-]*:\/\/|^git@|\?ref=/i.test(entry)
          ? 'a remote base, fetched at sync time and never proven'
          : entry.includes('/')
            ? 'a path outside the folder or a directory'
            : /\.ya?ml$/i.test(entry) || /\.json$/i.test(entry)
              ? 'not a .yaml file, so check never parsed it'
              : 'not a plain .yaml file name';
        add(`resources[${index}] is "${entry}", ${why}; list only the folder's own .yaml files`);
        if (typeof raw === 'string' && files.has(`${folder}/${raw}`)) applied.add(`${folder}/${raw}`);
        return;
      }
      if (listed.has(raw)) add(`resources[${index}] lists "${raw}" twice; kustomize refuses duplicates`);
      listed.add(raw);
      if (!files.has(`${folder}/${raw}`)) add(`resources[${index}] is "${raw}", which is not in ${distLabel}/${folder}/; run \`npm run synth\``);
      else applied.add(`${folder}/${raw}`);
    });
    for (const name of manifests.sort()) {
      checks++;
      if (listed.has(name) || !/\.yaml$/.test(name)) continue;
      if ((files.get(`${folder}/${name}`) ?? '').startsWith(GENERATED_MARKER)) {
        add(`does not list ${name}, a file Tenantry generated, so it would not be applied; run \`npm run synth\``);
      }
    }
  }
  return { findings, checks, applied };
}

/** The one document of a kustomization.yaml; undefined when it has several, none or a YAML error. */
function kustomizationObject(text: string): unknown {
  const emitted = readEmitted(text); // exactly as emitted: one document, read without the YAML parser
  if (emitted) return emitted.value;
  const documents = parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [documents];
  return list.length === 1 && !list[0]!.errors.length ? list[0]!.toJS() : undefined;
}
