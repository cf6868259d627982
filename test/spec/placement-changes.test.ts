import { describe, expect, it } from 'vitest';
import { describePlacementChanges, placementsInDist, placementsOf } from '../../lib/spec/placement-changes';
import { synthesizeAll } from '../../lib/synth/folder-jobs';
import type { FolderOutput } from '../../lib/synth/dist-layout';
import { fleetProject, FLEET_PLATFORM, withTenant } from '../support/fleet';

const place = (clusters: string[]) => fleetProject(FLEET_PLATFORM, withTenant('initech', (s) => ({ ...s, placement: { clusters } })));

/** Paths that differ between two syntheses, as `folder/file`. */
function changedFiles(before: readonly FolderOutput[], after: readonly FolderOutput[]): string[] {
  const flat = (folders: readonly FolderOutput[]) => new Map(folders.flatMap((f) => [...f.files].map(([n, t]) => [`${f.folder}/${n}`, t] as [string, string])));
  const a = flat(before);
  const b = flat(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p)).sort();
}

describe('placement changes', () => {
  const a = place(['eu-west']);
  const ab = place(['eu-west', 'us-east']);
  const b = place(['us-east']);

  it('moves a tenant in two steps, A → A+B → B, changing only the expected files', () => {
    // GIVEN initech on eu-west, then on both, then on us-east only
    const [first, second, third] = [a, ab, b].map(synthesizeAll);
    // WHEN consecutive outputs are compared
    // THEN step one adds its us-east folder, its Application and AppProject destination, and the us-east entry point's wiring
    const initechUs = [...second!.find((f) => f.folder === 'initech.us-east')!.files.keys()].map((n) => `initech.us-east/${n}`);
    expect(changedFiles(first!, second!)).toEqual(
      ['_platform/AppProject.argocd.tenantry-platform.yaml', '_platform/Application.argocd.tenant-initech.us-east.yaml', '_platform/kustomization.yaml', 'initech/AppProject.argocd.initech.yaml', ...initechUs].sort(),
    );
    // AND step two removes the eu-west folder and wiring, and nothing of other tenants
    const initechEu = [...first!.find((f) => f.folder === 'initech.eu-west')!.files.keys()].map((n) => `initech.eu-west/${n}`);
    expect(changedFiles(second!, third!)).toEqual(
      ['_platform/AppProject.argocd.tenantry-platform.yaml', '_platform/Application.argocd.tenant-initech.eu-west.yaml', '_platform/kustomization.yaml', 'initech/AppProject.argocd.initech.yaml', ...initechEu].sort(),
    );
  });

  it('says the tenant is placed on B too, then that it moves from A to B and that volumes do not move', () => {
    expect(describePlacementChanges(placementsOf(a.tenants), placementsOf(ab.tenants)).map((c) => c.message)).toEqual(['tenant initech is placed on us-east too and keeps running on eu-west']);
    expect(describePlacementChanges(placementsOf(ab.tenants), placementsOf(b.tenants)).map((c) => c.message)).toEqual([
      'tenant initech moves from eu-west to us-east: it leaves eu-west and keeps running on us-east; its namespaces on eu-west are pruned and volumes do not move: copy their data before the old namespaces are pruned',
    ]);
  });

  it('warns that a one-step move stops the tenant', () => {
    expect(describePlacementChanges(placementsOf(a.tenants), placementsOf(b.tenants))).toEqual([
      {
        tenant: 'initech',
        before: ['eu-west'],
        after: ['us-east'],
        kind: 'move',
        message: 'tenant initech moves from eu-west to us-east in one step, so it stops on eu-west as it starts on us-east; volumes do not move: copy their data before the old namespaces are pruned (to keep it running, place it on both first)',
      },
    ]);
  });

  it("reads dist/'s placements from its folder names, ignoring hub and platform folders", () => {
    expect([...placementsInDist(['_platform', '_platform.eu-west', 'acme', 'acme.us-east', 'acme.eu-west', 'initech.eu-west'])]).toEqual([
      ['acme', ['eu-west', 'us-east']],
      ['initech', ['eu-west']],
    ]);
  });

  it('describes nothing for new tenants or unchanged placements', () => {
    expect(describePlacementChanges(new Map(), placementsOf(a.tenants))).toEqual([]);
    expect(describePlacementChanges(placementsOf(a.tenants), placementsOf(a.tenants))).toEqual([]);
  });
});
