/*
 * One side of a review: the tenant specs (through the project's loader) and the
 * committed dist/ of a project folder, parsed into objects keyed by folder and reference.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { deriveTenancy, isRecord, nameOf, namespaceOf, objectRef, type KubeDocument, type Manifest, type Tenancy } from '../check/findings';
import { folderOwner } from '../spec/fleet-names';
import { loadProject, type LoadedProject } from '../spec/loader';
import { compare } from '../spec/resolve';
import { KUSTOMIZATION_FILE } from '../synth/dist-layout';

/** One Kubernetes object of dist/. */
export interface ObjectEntry {
  /** The dist/ folder: a tenant id or `_platform`. */
  readonly folder: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** `Kind/namespace/name` or `Kind/name`. */
  readonly ref: string;
  /** Path relative to dist/. */
  readonly path: string;
  readonly object: KubeDocument;
}

export interface Snapshot {
  /** How the side is named in the report: `base` or `head`. */
  readonly label: string;
  /** The validated project, when its specs load. */
  readonly project?: LoadedProject;
  /** Loader errors, one line each, when they do not. */
  readonly errors: readonly string[];
  /** platform.ts as text, to tell a platform-wide change. @default '' when missing */
  readonly platformSource: string;
  /** `folder\u0000ref` → object, sorted by key. */
  readonly objects: ReadonlyMap<string, ObjectEntry>;
  readonly manifests: readonly Manifest[];
  readonly tenancy: Tenancy;
}

export const objectKey = (folder: string, ref: string) => `${folder}\u0000${ref}`;

/** Reads `root`'s specs and committed dist/. */
export async function readSnapshot(root: string, label: string, distDir = join(root, 'dist')): Promise<Snapshot> {
  const loaded = await loadProject(root);
  const platformFile = join(root, 'platform.ts');
  return snapshotOf({
    label,
    project: loaded.ok ? loaded : undefined,
    errors: loaded.ok ? [] : loaded.errors,
    platformSource: existsSync(platformFile) ? readFileSync(platformFile, 'utf8') : '',
    files: existsSync(distDir) ? readFiles(distDir) : new Map(),
  });
}

/** A side from dist/ held in memory (path relative to dist/ → content), for tests and properties. */
export function snapshotOf(input: {
  label: string;
  files: ReadonlyMap<string, string>;
  project?: LoadedProject;
  errors?: readonly string[];
  platformSource?: string;
}): Snapshot {
  const entries: [string, ObjectEntry][] = [];
  const manifests: Manifest[] = [];
  for (const [path, text] of [...input.files].sort(([a], [b]) => compare(a, b))) {
    if (!/\.ya?ml$/.test(path) || path.split('/').pop() === KUSTOMIZATION_FILE) continue;
    const folder = path.includes('/') ? path.slice(0, path.indexOf('/')) : '';
    for (const document of parseAllDocuments(text)) {
      if (document.errors.length) break;
      const object: unknown = document.toJS();
      if (!isRecord(object) || typeof object.kind !== 'string') continue;
      const doc = object as KubeDocument;
      const entry: ObjectEntry = { folder, kind: object.kind, namespace: namespaceOf(doc), name: nameOf(doc) ?? '', ref: objectRef(doc), path, object: doc };
      entries.push([objectKey(folder, entry.ref), entry]);
      manifests.push({ file: `dist/${path}`, folder, object: doc });
    }
  }
  return {
    label: input.label,
    project: input.project,
    errors: input.errors ?? [],
    platformSource: input.platformSource ?? '',
    objects: new Map(entries.sort(([a], [b]) => compare(a, b))),
    manifests,
    tenancy: deriveTenancy(manifests),
  };
}

function readFiles(dir: string, prefix = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [k, v] of readFiles(dir, rel)) files.set(k, v);
    else if (entry.isFile()) files.set(rel, readFileSync(join(dir, rel), 'utf8'));
  }
  return files;
}

/** The tenant an object belongs to: its folder's (`acme`, `acme.eu-west`), or for platform objects the tenant they name. */
export function tenantOf(entry: ObjectEntry): string {
  const owner = folderOwner(entry.folder).tenant;
  if (owner) return owner;
  const label = (entry.object.metadata?.labels as Record<string, unknown> | undefined)?.['tenantry.io/tenant'];
  return typeof label === 'string' ? label : '_platform';
}

/** A namespace as the review names it: with its cluster in a fleet, where one name may live on several. */
export function namespaceLabel(entry: Pick<ObjectEntry, 'folder'>, namespace: string): string {
  const cluster = folderOwner(entry.folder).cluster;
  return cluster ? `${namespace} (${cluster})` : namespace;
}

/** The tenants with a folder on a side, sorted. */
export function tenantFolders(snapshot: Snapshot): string[] {
  return [...new Set([...snapshot.objects.values()].map((e) => folderOwner(e.folder).tenant).filter((t): t is string => Boolean(t)))].sort(compare);
}
