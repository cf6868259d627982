import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkFiles } from '../../lib/check/check';
import { validateObject } from '../../lib/check/schema-validator';
import { validateProject, type SourceFile } from '../../lib/spec/loader';
import { synthesizeAll } from '../../lib/synth/folder-jobs';
import { KUSTOMIZATION_FILE, type FolderOutput } from '../../lib/synth/dist-layout';
import { fleetProject, FLEET_PLATFORM } from '../support/fleet';

/*
 * The Argo CD hub of a fleet, through the whole pipeline: golden files of the
 * three-cluster example, and for random fleets, each cluster gets exactly its tenants.
 */

const tree = (folders: readonly FolderOutput[]) => new Map(folders.flatMap((f) => [...f.files].map(([name, text]) => [`${f.folder}/${name}`, text] as [string, string])));
const concat = (folder: FolderOutput, only?: (name: string) => boolean) =>
  [...folder.files].filter(([name]) => !only || only(name)).map(([name, text]) => `# --- ${folder.folder}/${name}\n${text}`).join('');

describe('FleetHub', () => {
  const project = fleetProject();
  const folders = synthesizeAll(project);
  const byName = new Map(folders.map((f) => [f.folder, f]));

  it('writes the hub, per-cluster platform folders and a folder per (tenant, cluster)', () => {
    // GIVEN the three-cluster example
    // WHEN it is synthesized
    // THEN acme gets a folder on each region, billing only in eu-west's, globex on the GPU pool
    expect(folders.map((f) => f.folder).sort()).toEqual([
      '_platform',
      '_platform.eu-west',
      '_platform.gpu-pool',
      '_platform.us-east',
      'acme',
      'acme.eu-west',
      'acme.us-east',
      'globex',
      'globex.gpu-pool',
      'initech',
      'initech.eu-west',
    ]);
    const namespaces = (folder: string) => [...byName.get(folder)!.files.keys()].filter((n) => n.startsWith('Namespace.'));
    expect(namespaces('acme.eu-west')).toEqual(['Namespace.acme-billing.yaml', 'Namespace.acme-web.yaml']);
    expect(namespaces('acme.us-east')).toEqual(['Namespace.acme-web.yaml']);
    // The same tenant gets the same names on each cluster.
    expect(byName.get('acme.us-east')!.files.get('Namespace.acme-web.yaml')).toBe(byName.get('acme.eu-west')!.files.get('Namespace.acme-web.yaml'));
  });

  it('matches the golden hub folder', async () => {
    await expect(concat(byName.get('_platform')!)).toMatchFileSnapshot('__golden__/fleet-hub.yaml');
  });

  it("matches the golden tenant AppProject, listing each namespace on each cluster it is placed on", async () => {
    await expect(concat(byName.get('acme')!)).toMatchFileSnapshot('__golden__/fleet-hub.acme.yaml');
  });

  it('validates every object against its schema or CRD', () => {
    const issues = folders.flatMap((f) =>
      [...f.files].filter(([name]) => name !== KUSTOMIZATION_FILE).flatMap(([name, text]) => validateObject(parse(text)).map((i) => `${f.folder}/${name}: ${i.path} ${i.message}`)),
    );
    expect(issues).toEqual([]);
  });

  it('passes the gate', () => {
    const result = checkFiles({ files: tree(folders), project });
    expect(result.findings.filter((f) => f.severity !== 'warning')).toEqual([]);
  });

  it("gives each cluster exactly the tenants placed there, and the gate holds on each", () => {
    const clusterNames = ['a', 'b', 'c', 'd'];
    const arbitrary = fc.record({
      clusters: fc.subarray(clusterNames, { minLength: 1 }),
      tenants: fc.array(fc.record({ placed: fc.subarray(clusterNames, { minLength: 1 }), narrow: fc.boolean() }), { minLength: 1, maxLength: 4 }),
      engine: fc.constantFrom('argocd', 'flux', 'both'),
    });
    fc.assert(
      fc.property(arbitrary, ({ clusters, tenants, engine }) => {
        // GIVEN random clusters and tenants placed on some of them, with a second team sometimes narrowed to one cluster
        const platform = { ...FLEET_PLATFORM, gitops: { ...FLEET_PLATFORM.gitops!, engine }, placement: undefined, clusters: clusters.map((name) => ({ name, server: `https://${name}.example.com` })) };
        const sources: SourceFile[] = tenants.map((t, i) => {
          const placed = t.placed.filter((c) => clusters.includes(c));
          const placement = placed.length ? { clusters: placed } : undefined;
          const first = (placed.length ? placed : clusters)[0]!;
          return {
            file: `tenants/t${i}.ts`,
            value: {
              id: `t${i}`,
              name: `T${i}`,
              owner: `t${i}@example.com`,
              isolation: 'soft',
              placement,
              teams: [{ id: 'web' }, { id: 'api', ...(t.narrow ? { placement: { clusters: [first] } } : {}) }],
            },
          };
        });
        const result = validateProject({ file: 'platform.ts', value: platform }, sources);
        if (!result.ok) throw new Error(result.errors.join('\n'));
        // WHEN it is synthesized
        const output = synthesizeAll(result);
        const names = new Set(output.map((f) => f.folder));
        // THEN each cluster's folders are exactly its tenants', each holding only namespaces placed there
        for (const cluster of clusters) {
          const expected = result.tenants.filter((t) => t.clusters!.includes(cluster)).map((t) => `${t.id}.${cluster}`);
          expect([...names].filter((n) => n.endsWith(`.${cluster}`) && !n.startsWith('_'))).toEqual(expected);
          for (const tenant of result.tenants.filter((t) => t.clusters!.includes(cluster))) {
            const files = [...output.find((f) => f.folder === `${tenant.id}.${cluster}`)!.files.keys()].filter((n) => n.startsWith('Namespace.'));
            expect(files).toEqual(tenant.namespaces.filter((ns) => ns.clusters!.includes(cluster)).map((ns) => `Namespace.${ns.name}.yaml`).sort());
          }
        }
        // AND every invariant holds, per cluster
        const gate = checkFiles({ files: tree(output), project: result });
        expect(gate.findings.filter((f) => f.severity !== 'warning')).toEqual([]);
      }),
      { numRuns: 8 },
    );
  });
});
