/* Hand-made dist/ folders and jobs for the dist writer's and swap journal's tests. */
import { join } from 'node:path';
import type { FolderJob } from '../../lib/synth/dist-writer';
import { GENERATED_MARKER, KUSTOMIZATION_FILE, type FolderOutput } from '../../lib/synth/dist-layout';
import { tempDirs } from './temp';

/** A maker of fresh `<tmp>/dist` paths (not created), removed after the calling file's tests. */
export function distDirs(): () => string {
  const dir = tempDirs('tenantry-dist-writer-test-');
  return () => join(dir(), 'dist');
}

/** A folder as synth.ts would render it: the objects plus a Tenantry kustomization.yaml listing them. */
export function folder(name: string, objects: Record<string, string>): FolderOutput {
  const resources = Object.keys(objects).sort();
  const kustomization = `${GENERATED_MARKER} from tenants/${name}.ts.\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}\n`).join('')}`;
  const files = new Map([...Object.entries(objects), [KUSTOMIZATION_FILE, kustomization] as const].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { folder: name, files, objects: resources.length };
}

export function jobsOf(outputs: readonly FolderOutput[], key = 'v1'): FolderJob[] {
  return outputs.map((output) => ({ folder: output.folder, inputKey: `${output.folder}:${key}`, build: () => output }));
}

/** The tree (relative path → text) that dist/ must hold for `outputs`. */
export function expectedTree(outputs: readonly FolderOutput[]): Map<string, string> {
  return new Map(outputs.flatMap((o) => [...o.files].map(([name, text]) => [`${o.folder}/${name}`, text] as [string, string])).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export const acme = folder('acme', { 'Namespace.acme-web.yaml': 'kind: Namespace\n', 'ConfigMap.acme-web.tenant-config.yaml': 'kind: ConfigMap\n' });
export const globex = folder('globex', { 'Namespace.globex-risk.yaml': 'kind: Namespace\n' });
