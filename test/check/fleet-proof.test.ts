import { describe, expect, it } from 'vitest';
import { checkFiles } from '../../lib/check/check';
import { manifestsByCluster } from '../../lib/check/fleet-proof';
import type { LoadedProject } from '../../lib/spec/loader';
import { synthesizeAll } from '../../lib/synth/folder-jobs';
import { fleetProject, FLEET_PLATFORM } from '../support/fleet';

const treeOf = (project: LoadedProject) => new Map(synthesizeAll(project).flatMap((f) => [...f.files].map(([n, t]) => [`${f.folder}/${n}`, t] as [string, string])));

/** The error findings of the gate on `files`, drift left out so each hand edit shows the fleet proof's own finding. */
function fleetFindings(project: LoadedProject, files: Map<string, string>): string[] {
  return checkFiles({ files, project, drift: false })
    .findings.filter((f) => f.severity !== 'warning')
    .map((f) => `${f.invariant} ${f.file}: ${f.object} — ${f.message}`);
}

function edited(files: Map<string, string>, path: string, from: string, to: string): Map<string, string> {
  const text = files.get(path)!;
  expect(text).toContain(from);
  return new Map(files).set(path, text.replace(from, to));
}

describe('fleet proof', () => {
  const project = fleetProject();
  const files = treeOf(project);

  it('passes on the synthesized fleet, with isolation proven per cluster', () => {
    // GIVEN the three-cluster example, where acme-web exists on two clusters
    // WHEN the gate runs
    const result = checkFiles({ files, project });
    // THEN nothing fails, and no namespace counts as defined twice
    expect(result.findings.filter((f) => f.severity !== 'warning')).toEqual([]);
    expect(result.matrix.nodes.map((n) => n.id).filter((id) => id.endsWith('/acme-web'))).toEqual(['eu-west/acme-web', 'us-east/acme-web']);
  });

  it('groups manifests by the cluster their folder is synced to', () => {
    // GIVEN one manifest per generated file
    const manifests = [...files.keys()].filter((p) => !p.endsWith('/kustomization.yaml')).map((p) => ({ file: p, folder: p.split('/')[0]!, object: {} }));
    // WHEN they are grouped
    const groups = manifestsByCluster(manifests);
    // THEN the hub holds _platform/ and the tenant hub folders, each cluster its own folders
    expect([...groups.keys()]).toEqual(['(hub)', 'eu-west', 'gpu-pool', 'us-east']);
    expect([...new Set(groups.get('(hub)')!.map((m) => m.folder))]).toEqual(['_platform', 'acme', 'globex', 'initech']);
    expect([...new Set(groups.get('gpu-pool')!.map((m) => m.folder))]).toEqual(['_platform.gpu-pool', 'globex.gpu-pool']);
  });

  it("fails when a hand edit sends a tenant's Application to a cluster it is not placed on", () => {
    const files2 = edited(files, '_platform/Application.argocd.tenant-acme.eu-west.yaml', 'server: https://eu-west.k8s.example.com', 'name: gpu-pool');
    expect(fleetFindings(project, files2)).toEqual([
      'fleet/delivery-placed dist/_platform/Application.argocd.tenant-acme.eu-west.yaml: Application/argocd/tenant-acme.eu-west — spec.destination sends dist/acme.eu-west/ to cluster gpu-pool, where tenant acme is not placed (placed: eu-west and us-east); it belongs on cluster eu-west: run `npm run synth` and never edit dist/',
    ]);
  });

  it('fails when an AppProject allows a namespace on a cluster it is not placed on', () => {
    const files2 = edited(files, 'acme/AppProject.argocd.acme.yaml', 'namespace: acme-billing\n      server: https://eu-west.k8s.example.com', 'namespace: acme-billing\n      server: https://us-east.k8s.example.com');
    expect(fleetFindings(project, files2)).toEqual([
      'fleet/project-destinations dist/acme/AppProject.argocd.acme.yaml: AppProject/argocd/acme — spec.destinations[1] allows namespace acme-billing on cluster us-east, where it is not placed (placed: eu-west); run `npm run synth`',
    ]);
  });

  it('fails when an AppProject names a cluster outside the fleet', () => {
    const files2 = edited(files, 'acme/AppProject.argocd.acme.yaml', 'server: https://us-east.k8s.example.com', 'server: https://rogue.example.com');
    expect(fleetFindings(project, files2)).toEqual([
      'fleet/project-destinations dist/acme/AppProject.argocd.acme.yaml: AppProject/argocd/acme — spec.destinations[2] names https://rogue.example.com, which is no cluster of the fleet (eu-west, gpu-pool and us-east); list only the clusters tenant acme is placed on',
    ]);
  });

  it("fails when a tenant's objects are copied to a cluster it is not placed on", () => {
    const files2 = new Map(files);
    files2.set('acme.gpu-pool/Namespace.acme-web.yaml', files.get('acme.eu-west/Namespace.acme-web.yaml')!);
    // The isolation proof, run on gpu-pool alone, also sees a namespace there without its default deny.
    expect(fleetFindings(project, files2)).toEqual([
      "isolation/ingress-isolated dist/acme.gpu-pool/Namespace.acme-web.yaml: Namespace/acme-web — no NetworkPolicy selects all its pods (podSelector: {}) for Ingress, so every namespace may connect to it, other tenants' included; restore the default-deny NetworkPolicy of tenant acme",
      'fleet/placed-only dist/acme.gpu-pool/Namespace.acme-web.yaml: Namespace/acme-web — lands on cluster gpu-pool, where tenant acme is not placed (placed: eu-west and us-east); run `npm run synth`, which removes dist/acme.gpu-pool/',
    ]);
  });

  it("fails when a cluster's Flux is pointed at another cluster's folder", () => {
    const flux = fleetProject({ ...FLEET_PLATFORM, gitops: { ...FLEET_PLATFORM.gitops!, engine: 'flux' } });
    const files2 = edited(treeOf(flux), '_platform.eu-west/Kustomization.flux-system.tenant-acme.yaml', 'path: ./dist/acme.eu-west', 'path: ./dist/acme.us-east');
    expect(fleetFindings(flux, files2)).toEqual([
      'fleet/delivery-placed dist/_platform.eu-west/Kustomization.flux-system.tenant-acme.yaml: Kustomization/flux-system/tenant-acme — spec.path is "./dist/acme.us-east", but the Flux of cluster eu-west may sync only dist/<tenant>.eu-west/ of tenants placed there and dist/_platform.eu-west/; run `npm run synth`',
    ]);
  });
});
