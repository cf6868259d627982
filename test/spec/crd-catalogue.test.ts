import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCrd, readCatalogue } from '../../lib/spec/crd-catalogue';

const CRD = (scope: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: aimclustermodels.aim.eai.amd.com
spec:
  group: aim.eai.amd.com
  names:
    kind: AIMClusterModel
    plural: aimclustermodels
  scope: ${scope}
  versions:
  - name: v1alpha1
    schema:
      openAPIV3Schema:
        type: object
        properties:
          name:
            type: string
    served: true
    storage: true
  - name: v1alpha0
    served: true
    storage: false
`;

describe('findCrd', () => {
  it('finds the vendored Argo CD and Flux CRDs with plural, scope and served version', () => {
    // GIVEN imports/crds/
    // WHEN the AppProject and Kustomization CRDs are looked up
    // THEN their names, scope and versions are those of the files
    expect(findCrd('argoproj.io', 'AppProject')).toMatchObject({ plural: 'appprojects', scope: 'Namespaced', versions: ['v1alpha1'], file: 'argo-cd/appproject-crd.yaml' });
    expect(findCrd('kustomize.toolkit.fluxcd.io', 'Kustomization')).toMatchObject({ plural: 'kustomizations', scope: 'Namespaced', versions: ['v1'] });
    expect(findCrd('aim.eai.amd.com', 'AIMService')).toBeUndefined();
  });
});

describe('readCatalogue', () => {
  it('reads a cluster-scoped CRD and only its served and stored versions', () => {
    // GIVEN a folder with a cluster-scoped CRD in a subfolder, next to a file that is no CRD
    const folder = mkdtempSync(join(tmpdir(), 'tenantry-crds-'));
    try {
      mkdirSync(join(folder, 'aim'));
      writeFileSync(join(folder, 'aim', 'aimclustermodels.yaml'), CRD('Cluster'));
      writeFileSync(join(folder, 'README.yaml'), 'title: not a CRD\n');

      // WHEN the catalogue is read
      const catalogue = readCatalogue(folder);

      // THEN the CRD is there, cluster-scoped, with v1alpha1 only
      expect([...catalogue.keys()]).toEqual(['aim.eai.amd.com/AIMClusterModel']);
      expect(catalogue.get('aim.eai.amd.com/AIMClusterModel')).toMatchObject({ scope: 'Cluster', plural: 'aimclustermodels', versions: ['v1alpha1'], file: 'aim/aimclustermodels.yaml' });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
