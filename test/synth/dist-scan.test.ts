import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanDist } from '../../lib/synth/dist-scan';
import { GENERATED_MARKER, KUSTOMIZATION_FILE } from '../../lib/synth/dist-layout';
import { tempDirs } from '../support/temp';

const tempDir = tempDirs('tenantry-dist-scan-test-');

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const kustomization = (resources: readonly string[]) => `${GENERATED_MARKER} from tenants/acme.ts.\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}\n`).join('')}`;

/** A dist/ with Tenantry's folders, a folder of someone else's, hand-added files and a stray top-level file. */
function sampleDist(): string {
  const distDir = join(tempDir(), 'dist');
  write(distDir, {
    'acme/Namespace.acme-web.yaml': 'kind: Namespace\n',
    'acme/ConfigMap.acme-web.tenant-config.yaml': 'kind: ConfigMap\n',
    [`acme/${KUSTOMIZATION_FILE}`]: kustomization(['ConfigMap.acme-web.tenant-config.yaml', 'Namespace.acme-web.yaml']),
    'acme/notes.txt': 'mine\n',
    'acme/extra/patch.yaml': 'kind: Patch\n',
    '_platform/ClusterRole.tenantry-tenant-view.yaml': 'kind: ClusterRole\n',
    [`_platform/${KUSTOMIZATION_FILE}`]: kustomization(['ClusterRole.tenantry-tenant-view.yaml']),
    'manual/thing.yaml': 'kind: Thing\n',
    [`theirs/${KUSTOMIZATION_FILE}`]: 'kind: Kustomization\nresources:\n  - a.yaml\n',
    'README.md': 'hand-written\n',
  });
  return distDir;
}

describe('scanDist', () => {
  it('finds nothing in a dist/ that does not exist', () => {
    // GIVEN
    const distDir = join(tempDir(), 'missing');

    // WHEN
    const scan = scanDist(distDir);

    // THEN
    expect([...scan.folders.keys()]).toEqual([]);
    expect(scan.strays).toEqual([]);
  });

  it('lists the top-level folders in order and the top-level files as strays', () => {
    // GIVEN
    const distDir = sampleDist();

    // WHEN
    const scan = scanDist(distDir);

    // THEN
    expect([...scan.folders.keys()]).toEqual(['_platform', 'acme', 'manual', 'theirs']);
    expect(scan.strays).toEqual(['README.md']);
  });

  it('lists every file of a folder, nested ones included, sorted and relative to it', () => {
    // GIVEN
    const distDir = sampleDist();

    // WHEN
    const files = scanDist(distDir).folders.get('acme')!.files;

    // THEN
    expect(files).toEqual(['ConfigMap.acme-web.tenant-config.yaml', 'Namespace.acme-web.yaml', 'extra/patch.yaml', 'kustomization.yaml', 'notes.txt']);
  });

  it('counts as generated only what a Tenantry kustomization.yaml lists, and that file itself', () => {
    // GIVEN
    const distDir = sampleDist();

    // WHEN
    const scan = scanDist(distDir);
    const generated = (folder: string) => [...scan.folders.get(folder)!.generated].sort();

    // THEN a folder without one, or with someone else's, has nothing generated
    expect(generated('acme')).toEqual(['ConfigMap.acme-web.tenant-config.yaml', 'Namespace.acme-web.yaml', 'kustomization.yaml']);
    expect(generated('_platform')).toEqual(['ClusterRole.tenantry-tenant-view.yaml', 'kustomization.yaml']);
    expect(generated('manual')).toEqual([]);
    expect(generated('theirs')).toEqual([]);
  });

  it('reads a folder only on first use, then keeps what it read', () => {
    // GIVEN
    const distDir = sampleDist();
    const scan = scanDist(distDir);

    // WHEN files appear after the scan, before and after the folder is first read
    writeFileSync(join(distDir, 'manual', 'before.yaml'), 'kind: A\n');
    const first = scan.folders.get('manual')!.files;
    writeFileSync(join(distDir, 'manual', 'after.yaml'), 'kind: B\n');

    // THEN the listing is the one of its first use
    expect(first).toEqual(['before.yaml', 'thing.yaml']);
    expect(scan.folders.get('manual')!.files).toBe(first);
  });
});
