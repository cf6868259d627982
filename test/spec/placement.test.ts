import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectClusters } from '../../lib/spec/placement';
import { fleetErrors, fleetProject, FLEET_PLATFORM, withTenant } from '../support/fleet';

const P = FLEET_PLATFORM as { clusters: Record<string, unknown>[]; placement?: unknown };

describe('placement', () => {
  it('places a tenant by selector and narrows a team to one cluster', () => {
    // GIVEN the three-cluster example: acme on pool=general, its billing team pinned to eu-west
    // WHEN it is validated and resolved
    const project = fleetProject();
    const acme = project.tenants.find((t) => t.id === 'acme')!;
    // THEN acme runs on both regions and billing only in eu-west; others take the platform default or their pool
    expect(acme.clusters).toEqual(['eu-west', 'us-east']);
    expect(acme.namespaces.map((ns) => [ns.name, ns.clusters])).toEqual([
      ['acme-web', ['eu-west', 'us-east']],
      ['acme-billing', ['eu-west']],
    ]);
    expect(project.tenants.map((t) => [t.id, t.clusters])).toEqual([
      ['acme', ['eu-west', 'us-east']],
      ['globex', ['gpu-pool']],
      ['initech', ['eu-west']],
    ]);
  });

  it('leaves single-cluster tenants without cluster fields', () => {
    // GIVEN the fleet platform without clusters and tenants without placement
    const tenants = [withTenant('initech', (s) => s).find((t) => t.file === 'tenants/initech.ts')!];
    // WHEN it is resolved
    const project = fleetProject({ ...P, clusters: undefined, placement: undefined }, tenants);
    // THEN nothing about clusters is added, so the output stays as before fleets existed
    expect(project.platform.clusters).toBeUndefined();
    expect(project.tenants[0]!.clusters).toBeUndefined();
    expect(project.tenants[0]!.namespaces[0]!.clusters).toBeUndefined();
  });

  it('selects exactly the clusters whose labels match, in cluster order', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ region: fc.constantFrom('eu', 'us'), pool: fc.constantFrom('general', 'gpu') }), { minLength: 1, maxLength: 8 }), fc.constantFrom('eu', 'us'), (labels, region) => {
        // GIVEN clusters with random labels
        const clusters = labels.map((l, i) => ({ name: `c${i}`, labels: l }));
        // WHEN a selector on region picks some
        const picked = selectClusters({ selector: { region } }, clusters);
        // THEN exactly the matching ones come back, in order
        expect(picked).toEqual(clusters.filter((c) => c.labels.region === region).map((c) => c.name));
      }),
    );
  });

  it('fails when a tenant names an unknown cluster', () => {
    expect(fleetErrors(P, withTenant('acme', (s) => ({ ...s, placement: { clusters: ['eu-west', 'ap-south'] } })))).toEqual([
      'tenants/acme.ts: placement.clusters.1 — unknown cluster, got "ap-south"; use one of: eu-west, gpu-pool, us-east',
    ]);
  });

  it('fails when a selector matches no cluster', () => {
    expect(fleetErrors(P, withTenant('acme', (s) => ({ ...s, placement: { selector: { region: 'mars' } } })))).toEqual([
      'tenants/acme.ts: placement.selector — matches no cluster, so tenant acme would run nowhere, got { region=mars }; use labels some cluster carries (eu-west: region=eu, pool=general; gpu-pool: region=eu, pool=gpu; us-east: region=us, pool=general)',
    ]);
  });

  it("fails when a team is placed outside its tenant's clusters", () => {
    const tenants = withTenant('acme', (s) => {
      const teams = s.teams as Record<string, unknown>[];
      return { ...s, teams: [teams[0], { ...teams[1], placement: { clusters: ['gpu-pool'] } }] };
    });
    expect(fleetErrors(P, tenants)).toEqual([
      "tenants/acme.ts: teams.1.placement — places team billing on gpu-pool, outside its tenant's clusters (eu-west, us-east); a team may only narrow its tenant's placement, so place it on some of eu-west, us-east or widen the tenant's placement",
    ]);
  });

  it('fails when a tenant is placed but the platform declares no clusters', () => {
    expect(fleetErrors({ ...P, clusters: undefined, placement: undefined })).toEqual([
      'tenants/acme.ts: placement — places the tenant, but platform.ts declares no clusters; remove placement or ask the platform team to declare clusters',
      'tenants/acme.ts: teams.1.placement — places team billing, but platform.ts declares no clusters; remove placement or ask the platform team to declare clusters',
      'tenants/globex.ts: placement — places the tenant, but platform.ts declares no clusters; remove placement or ask the platform team to declare clusters',
    ]);
  });

  it('fails when two clusters share a name', () => {
    expect(fleetErrors({ ...P, clusters: [...P.clusters, { name: 'eu-west' }] })).toEqual([
      'platform.ts: clusters.3.name — duplicate cluster name (also clusters.0.name), got "eu-west"; give each cluster its own name',
    ]);
  });

  it("fails when the platform's default placement matches no cluster", () => {
    expect(fleetErrors({ ...P, placement: { selector: { pool: 'tpu' } } })).toEqual([
      'platform.ts: placement.selector — matches no cluster, so the platform would run nowhere, got {"pool":"tpu"}; use labels some cluster carries (eu-west: region=eu, pool=general; us-east: region=us, pool=general; gpu-pool: region=eu, pool=gpu)',
    ]);
  });

  it('fails when a cluster names both a server and an Argo CD cluster', () => {
    expect(fleetErrors({ ...P, clusters: [...P.clusters, { name: 'x', server: 'https://x.example.com', argocdName: 'x' }] })).toEqual([
      'platform.ts: clusters.3.argocdName — expected server or argocdName, not both, got "x"',
    ]);
  });
});
