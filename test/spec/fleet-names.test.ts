import { describe, expect, it } from 'vitest';
import { clusterApplicationName, clusterFolder, folderOwner, tenantFolders } from '../../lib/spec/fleet-names';
import { fleetProject, FLEET_PLATFORM } from '../support/fleet';

describe('fleet names', () => {
  it('reads owner and cluster from a folder name', () => {
    expect(folderOwner('acme.eu-west')).toEqual({ tenant: 'acme', cluster: 'eu-west' });
    expect(folderOwner('acme')).toEqual({ tenant: 'acme', cluster: undefined });
    expect(folderOwner('_platform.eu-west')).toEqual({ cluster: 'eu-west' });
    expect(folderOwner('_platform')).toEqual({ cluster: undefined });
    expect(folderOwner('')).toEqual({});
    expect(folderOwner(clusterFolder('globex', 'gpu-pool'))).toEqual({ tenant: 'globex', cluster: 'gpu-pool' });
    expect(clusterApplicationName('acme', 'eu-west')).toBe('tenant-acme.eu-west');
  });

  it('splits a tenant into a hub folder and one folder per cluster, each with the namespaces placed there', () => {
    // GIVEN acme on eu-west and us-east, its billing team on eu-west only
    const project = fleetProject();
    const acme = project.tenants.find((t) => t.id === 'acme')!;
    // WHEN its folders are listed
    const folders = tenantFolders(acme, project.platform);
    // THEN the hub part keeps every namespace (for the AppProject), each cluster part only its own
    expect(folders.map((f) => [f.folder, f.fleet, f.namespaces.map((ns) => ns.name)])).toEqual([
      ['acme', {}, ['acme-web', 'acme-billing']],
      ['acme.eu-west', { cluster: 'eu-west' }, ['acme-web', 'acme-billing']],
      ['acme.us-east', { cluster: 'us-east' }, ['acme-web']],
    ]);
  });

  it('writes no hub folder under engine flux, and one folder outside a fleet', () => {
    const flux = fleetProject({ ...FLEET_PLATFORM, gitops: { ...FLEET_PLATFORM.gitops!, engine: 'flux' } });
    expect(tenantFolders(flux.tenants[0]!, flux.platform).map((f) => f.folder)).toEqual(['acme.eu-west', 'acme.us-east']);
    const single = { ...flux.tenants[2]!, clusters: undefined };
    expect(tenantFolders(single, { ...flux.platform, clusters: undefined })).toEqual([single]);
  });
});
