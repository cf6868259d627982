// Findings and the proof context shared by every proof of the gate.
import type { ResolvedPlatform, ResolvedTenant } from '../spec/resolve';
import { folderOwner } from '../spec/fleet-names';
import { PLATFORM_FOLDER } from '../synth/dist-layout';

/*
 * The shared model of `npm run check`: the objects read from dist/, who owns which
 * namespace, and the findings each proof reports. One finding is one output line:
 * `<file>: <Kind>/<namespace>/<name> — <what is wrong>; <fix>`.
 */

export type Proof = 'spec' | 'drift' | 'schema' | 'isolation' | 'rbac' | 'gitops' | 'fleet' | 'workload' | 'admission' | 'dist';

/** The order findings are printed in. */
export const PROOF_ORDER: readonly Proof[] = ['spec', 'drift', 'schema', 'isolation', 'rbac', 'gitops', 'fleet', 'workload', 'admission', 'dist'];

/** One property the check proves, e.g. `rbac/no-cluster-admin`. */
export interface Invariant {
  readonly id: string;
  readonly proof: Proof;
  /** What holds when the check passes, in one sentence. */
  readonly statement: string;
}

export interface Finding {
  readonly proof: Proof;
  /** The id of the invariant that does not hold. */
  readonly invariant: string;
  /** The file at fault, relative to the project root (`dist/acme/…`, `tenants/acme.ts`). */
  readonly file: string;
  /** `Kind/namespace/name` (or `Kind/name` when cluster-scoped). @default - the file as a whole */
  readonly object?: string;
  /** What is wrong, the bad value and the fix. */
  readonly message: string;
  /** Warnings are reported but do not fail the check. @default 'error' */
  readonly severity?: 'error' | 'warning';
}

export interface ProofResult {
  readonly findings: readonly Finding[];
  /** How many individual assertions the proof evaluated (invariant × object, container, rule…). */
  readonly checks: number;
}

/** A Kubernetes object as parsed from YAML: only apiVersion, kind and metadata are assumed. */
export interface KubeDocument {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown; readonly labels?: unknown; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** One object of one YAML document in dist/. */
export interface Manifest {
  /** Display path relative to the project root, e.g. `dist/acme/Namespace.acme-api.yaml`. */
  readonly file: string;
  /** The dist/ folder it sits in (`acme`, `_platform`), or '' for a file at the top of dist/. */
  readonly folder: string;
  readonly object: KubeDocument;
}

/** Who owns what, derived from the Namespace objects in dist/ and the folders they sit in. */
export interface Tenancy {
  /** Namespace name → tenant id. A Namespace belongs to the tenant whose folder holds it. */
  readonly namespaceOwner: ReadonlyMap<string, string>;
  /** Tenant id → its namespace names, sorted. */
  readonly tenantNamespaces: ReadonlyMap<string, readonly string[]>;
  /** Namespace name → the file of its Namespace object. */
  readonly namespaceFile: ReadonlyMap<string, string>;
}

/** What every proof gets. */
export interface ProofContext {
  readonly manifests: readonly Manifest[];
  readonly tenancy: Tenancy;
  /** The platform from platform.ts, when it loaded. @default - platform namespaces are unknown */
  readonly platform?: ResolvedPlatform;
  /** The tenants from tenants/*.ts, when they loaded (their declared repos bound GitOps sources). @default - none */
  readonly tenants?: readonly ResolvedTenant[];
}

/** The tenant a dist/ folder belongs to: every folder but `_platform`, `_platform.<cluster>` and the top level; `<tenant>.<cluster>` is the tenant's. */
export function folderTenant(folder: string): string | undefined {
  return folder === PLATFORM_FOLDER ? undefined : folderOwner(folder).tenant;
}

export function deriveTenancy(manifests: readonly Manifest[]): Tenancy {
  const namespaceOwner = new Map<string, string>();
  const namespaceFile = new Map<string, string>();
  const tenantNamespaces = new Map<string, string[]>();
  for (const manifest of manifests) {
    if (manifest.object.kind !== 'Namespace' || manifest.object.apiVersion !== 'v1') continue;
    const name = nameOf(manifest.object);
    if (!name) continue;
    namespaceFile.set(name, manifest.file);
    const tenant = folderTenant(manifest.folder);
    if (!tenant) continue;
    namespaceOwner.set(name, tenant);
    // In a fleet the same namespace is defined once per cluster.
    const known = tenantNamespaces.get(tenant) ?? [];
    if (!known.includes(name)) tenantNamespaces.set(tenant, [...known, name].sort());
  }
  return { namespaceOwner, tenantNamespaces, namespaceFile };
}

export function nameOf(object: KubeDocument): string | undefined {
  const name = object.metadata?.name;
  return typeof name === 'string' ? name : undefined;
}

export function namespaceOf(object: KubeDocument): string | undefined {
  const namespace = object.metadata?.namespace;
  return typeof namespace === 'string' ? namespace : undefined;
}

/** The object's string-valued labels; its own labels object when every value is a string (the proofs ask for 60,000 objects' labels). */
export function labelsOf(object: KubeDocument): Readonly<Record<string, string>> {
  const labels = object.metadata?.labels;
  if (!labels || typeof labels !== 'object') return {};
  if (!Array.isArray(labels) && Object.values(labels).every((value) => typeof value === 'string')) return labels as Record<string, string>;
  return Object.fromEntries(Object.entries(labels as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** `Kind/namespace/name`, or `Kind/name` for objects without a namespace. */
export function objectRef(object: KubeDocument): string {
  const kind = typeof object.kind === 'string' ? object.kind : '(no kind)';
  const name = nameOf(object) ?? '(no name)';
  const namespace = namespaceOf(object);
  return namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}

export function finding(proof: Proof, invariant: string, manifest: Pick<Manifest, 'file' | 'object'> | string, message: string): Finding {
  if (typeof manifest === 'string') return { proof, invariant, file: manifest, message };
  return { proof, invariant, file: manifest.file, object: objectRef(manifest.object), message };
}

export function formatFinding(f: Finding): string {
  const prefix = f.severity === 'warning' ? 'warning: ' : '';
  return f.object ? `${prefix}${f.file}: ${f.object} — ${f.message}` : `${prefix}${f.file}: ${f.message}`;
}

/** Findings in output order: by proof, then file, then object and message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => PROOF_ORDER.indexOf(f.proof);
  const key = (f: Finding) => `${f.file}\u0000${f.object ?? ''}\u0000${f.message}`;
  return [...findings].sort((a, b) => rank(a) - rank(b) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** "a", "a and b", "a, b and c". */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** kustomize's own config files (kustomization.yaml) are not manifests. */
export const isKustomizeConfig = (object: KubeDocument) => typeof object.apiVersion === 'string' && object.apiVersion.startsWith('kustomize.config.k8s.io/');
