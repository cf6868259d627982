import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ClusterPlatform } from '../../constructs/cluster-platform';
import { synthesizeProject } from '../../lib/synth/synthesize-project';
import { chartObjects, newChart } from '../../lib/synth/synth';
import { fleetProject, FLEET_PLATFORM } from '../support/fleet';

const hasKubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasKubectl) console.log('cluster-platform.test.ts: kubectl is not on PATH, so the `kubectl kustomize` check of every fleet folder is skipped');

const fluxProject = () => fleetProject({ ...FLEET_PLATFORM, gitops: { ...FLEET_PLATFORM.gitops!, engine: 'flux' } });

describe('ClusterPlatform', () => {
  it("matches the golden Flux entry point of a cluster: its source, itself and a Kustomization per tenant placed there", async () => {
    // GIVEN the three-cluster example under engine flux
    const project = fluxProject();
    // WHEN eu-west's platform folder is built
    const chart = newChart('_platform.eu-west');
    new ClusterPlatform(chart, 'Platform', { cluster: 'eu-west', tenants: project.tenants.filter((t) => t.clusters!.includes('eu-west')), engine: 'flux', repoURL: 'https://github.com/example-org/tenantry-fleet.git', revision: 'main', path: 'dist' });
    const objects = chartObjects(chart);
    // THEN it holds the tenant ClusterRoles and Flux objects for acme and initech only
    expect(objects.filter((o) => o.kind === 'Kustomization').map((o) => [o.metadata.name, (o.spec as { path: string }).path])).toEqual([
      ['tenantry-platform', './dist/_platform.eu-west'],
      ['tenant-acme', './dist/acme.eu-west'],
      ['tenant-initech', './dist/initech.eu-west'],
    ]);
    await expect(JSON.stringify(objects.filter((o) => o.kind !== 'ClusterRole'), null, 2)).toMatchFileSnapshot('__golden__/cluster-platform.flux.json');
  });

  it('holds only the tenant ClusterRoles under Argo CD, which the hub syncs', () => {
    const chart = newChart('_platform.us-east');
    new ClusterPlatform(chart, 'Platform', { cluster: 'us-east', tenants: [], engine: 'argocd' });
    expect(chartObjects(chart).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ClusterRole/tenantry-tenant-admin', 'ClusterRole/tenantry-tenant-edit', 'ClusterRole/tenantry-tenant-view']);
  });

  it('fails when engine flux has no repository', () => {
    expect(() => new ClusterPlatform(newChart('x'), 'P', { cluster: 'eu-west', tenants: [], engine: 'flux' })).toThrow(
      'ClusterPlatform eu-west: engine flux needs repoURL, revision and path; set them under gitops in platform.ts',
    );
  });

  it.skipIf(!hasKubectl).each(['argocd', 'flux', 'both'] as const)('builds every fleet folder with kubectl kustomize under engine %s', (engine) => {
    // GIVEN the fleet example synthesized into a temporary dist/
    const base = fleetProject();
    const project = { ...base, platform: { ...base.platform, gitops: { ...base.platform.gitops!, engine } } };
    const distDir = mkdtempSync(join(tmpdir(), 'tenantry-fleet-'));
    try {
      const summary = synthesizeProject(project, { distDir, cacheFile: null });
      // WHEN kubectl kustomize builds each folder
      const built = summary.cache.folders;
      let objects = 0;
      for (const folder of Object.keys(built)) {
        const output = execFileSync('kubectl', ['kustomize', join(distDir, folder)], { encoding: 'utf8' });
        objects += parseAllDocuments(output).filter((d) => d.contents !== null).length;
      }
      // THEN every folder builds, with as many objects as synthesis wrote
      expect(objects).toBe(summary.objects);
    } finally {
      rmSync(distDir, { recursive: true, force: true });
    }
  });
});
