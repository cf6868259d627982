import { describe, expect, it } from 'vitest';
import { namespaceLabel, objectKey, snapshotOf, tenantFolders, tenantOf } from '../../lib/review/snapshot';

const yaml = (kind: string, name: string, extra = '') => `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${extra}`;

describe('snapshotOf', () => {
  it('keys objects by folder and reference, skipping kustomization.yaml and other files', () => {
    // GIVEN a dist/ with a namespace, a kustomization, a README and a platform object naming a tenant
    const files = new Map([
      ['acme/Namespace.acme-web.yaml', yaml('Namespace', 'acme-web')],
      ['acme/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n'],
      ['acme/README.md', '# notes'],
      ['_platform/Application.argocd.tenant-acme.yaml', yaml('Application', 'tenant-acme', '  namespace: argocd\n  labels:\n    tenantry.io/tenant: acme\n')],
    ]);

    // WHEN read
    const side = snapshotOf({ label: 'head', files });

    // THEN two objects, the Application belonging to acme, and acme the only tenant folder
    expect([...side.objects.keys()]).toEqual([objectKey('_platform', 'Application/argocd/tenant-acme'), objectKey('acme', 'Namespace/acme-web')]);
    expect([...side.objects.values()].map(tenantOf)).toEqual(['acme', 'acme']);
    expect(tenantFolders(side)).toEqual(['acme']);
    expect(side.tenancy.tenantNamespaces.get('acme')).toEqual(['acme-web']);
  });

  it('skips a file that is not valid YAML', () => {
    // GIVEN a broken file
    // WHEN read
    // THEN it holds no object (npm run check reports it)
    expect(snapshotOf({ label: 'head', files: new Map([['acme/x.yaml', 'kind: [']]) }).objects.size).toBe(0);
  });

  it('reads a fleet: cluster folders belong to their tenant, namespaces are named with their cluster', () => {
    // GIVEN the same namespace on two clusters of tenant acme
    const files = new Map([
      ['acme.eu-west/Namespace.acme-web.yaml', yaml('Namespace', 'acme-web')],
      ['acme.us-east/Namespace.acme-web.yaml', yaml('Namespace', 'acme-web')],
    ]);

    // WHEN read
    const side = snapshotOf({ label: 'head', files });
    const entries = [...side.objects.values()];

    // THEN one tenant, two objects, told apart by cluster
    expect(tenantFolders(side)).toEqual(['acme']);
    expect(entries.map((e) => [tenantOf(e), namespaceLabel(e, e.name)])).toEqual([
      ['acme', 'acme-web (eu-west)'],
      ['acme', 'acme-web (us-east)'],
    ]);
  });
});
