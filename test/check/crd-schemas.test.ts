import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRD_SOURCES, loadCrdSchema, validateCrd } from '../../lib/check/crd-schemas';
import { valid } from '../support/manifests';

const ROOT = join(import.meta.dirname, '..', '..');
const CRD_FIXTURES = ['argo cd app project', 'argo cd application', 'flux kustomization', 'flux git repository', 'prometheus service monitor'] as const;

/** Validates `obj` against the CRD of its apiVersion and kind. */
function check(obj: Record<string, unknown> & { apiVersion: string; kind: string }) {
  const key = `${obj.apiVersion}/${obj.kind}`;
  return validateCrd(key, CRD_SOURCES.get(key)!, obj);
}

describe('CRD_SOURCES', () => {
  it('knows the Argo CD, Flux and prometheus-operator kinds Tenantry writes, each from a vendored CRD file', () => {
    // GIVEN
    const sources = [...CRD_SOURCES];

    // WHEN
    const keys = sources.map(([key]) => key);

    // THEN
    expect(keys).toEqual([
      'argoproj.io/v1alpha1/AppProject',
      'argoproj.io/v1alpha1/Application',
      'kustomize.toolkit.fluxcd.io/v1/Kustomization',
      'source.toolkit.fluxcd.io/v1/GitRepository',
      'monitoring.coreos.com/v1/ServiceMonitor',
    ]);
    for (const [key, source] of sources) {
      expect(key).toBe(`${source.group}/${source.version}/${source.kind}`);
      expect(existsSync(join(ROOT, 'imports', 'crds', source.file))).toBe(true);
      expect(source.text).toContain('kind: CustomResourceDefinition');
    }
  });
});

describe('validateCrd', () => {
  it('fails when a ServiceMonitor interval is not a prometheus duration', () => {
    // GIVEN a ServiceMonitor scraping every "30 seconds"
    const monitor = valid('prometheus service monitor');
    (monitor.spec.endpoints as Record<string, unknown>[])[0]!.interval = '30 seconds';

    // WHEN it is validated against the vendored CRD
    const issues = check(monitor);

    // THEN the CRD's pattern refuses it
    expect(issues.map((i) => i.path)).toEqual(['spec.endpoints[0].interval']);
  });

  it.each(CRD_FIXTURES)('accepts a valid %s', (label) => {
    // GIVEN
    const obj = valid(label);

    // WHEN
    const issues = check(obj);

    // THEN
    expect(issues).toEqual([]);
  });

  it('fails when a field its object schema does not declare is set, as the api server prunes it', () => {
    // GIVEN
    const repository = valid('flux git repository');
    repository.spec.branch = 'main';
    (repository.spec.ref as Record<string, unknown>).branchh = 'main';

    // WHEN
    const issues = check(repository);

    // THEN
    expect(issues).toEqual([
      { path: 'spec.branch', message: 'unknown field' },
      { path: 'spec.ref.branchh', message: 'unknown field' },
    ]);
  });

  it('accepts anything under x-kubernetes-preserve-unknown-fields', () => {
    // GIVEN helm values, which Argo CD keeps as they are
    const application = valid('argo cd application');
    (application.spec.source as { helm: Record<string, unknown> }).helm.valuesObject = { anything: { goes: [1, 'two', { three: true }] } };

    // WHEN
    const issues = check(application);

    // THEN
    expect(issues).toEqual([]);
  });

  it('fails when an int-or-string field is a boolean', () => {
    // GIVEN
    const application = valid('argo cd application');
    application.spec.source = { repoURL: 'https://github.com/acme/deploy.git', path: '.', kustomize: { replicas: [{ name: 'web', count: false }] } };

    // WHEN
    const issues = check(application);

    // THEN
    expect(issues).toEqual([{ path: 'spec.source.kustomize.replicas[0].count', message: 'must be integer or string' }]);
  });

  it('fails when a required field is missing and an enum value is unknown, naming both', () => {
    // GIVEN
    const kustomization = valid('flux kustomization');
    delete kustomization.spec.interval;
    kustomization.spec.sourceRef = { kind: 'HelmRepository', name: 'acme' };

    // WHEN
    const issues = check(kustomization);

    // THEN
    expect(issues).toEqual([
      { path: 'spec.interval', message: 'is required' },
      { path: 'spec.sourceRef.kind', message: 'must be one of: "OCIRepository", "GitRepository", "Bucket", "ExternalArtifact"' },
    ]);
  });

  it('gives the same answer on every call', () => {
    // GIVEN
    const broken = valid('argo cd app project');
    broken.spec.destinations = 'everywhere';

    // WHEN
    const [first, second] = [check(broken), check(structuredClone(broken))];

    // THEN
    expect(second).toEqual(first);
    expect(first).toEqual([{ path: 'spec.destinations', message: 'must be array' }]);
  });

  it.each([
    ['2026-12-01T11:05:38Z', []],
    ['2026-12-01 11:05:38.5+01:00', []],
    ['yesterday', [{ path: 'status.reconciledAt', message: 'must match format "date-time"' }]],
    ['2026-13-01T11:05:38Z', [{ path: 'status.reconciledAt', message: 'must match format "date-time"' }]],
  ])('checks the date-time %s as the api server does', (time, expected) => {
    // GIVEN
    const application = { ...valid('argo cd application'), status: { reconciledAt: time } };

    // WHEN
    const issues = check(application);

    // THEN
    expect(issues).toEqual(expected);
  });
});

describe('loadCrdSchema', () => {
  it('gives the served storage version\'s schema, storable as JSON unless a YAML alias shares a node', () => {
    // GIVEN the vendored AppProject CRD, and a CRD whose spec and status share one schema through an alias
    const vendored = CRD_SOURCES.get('argoproj.io/v1alpha1/AppProject')!;
    const text = [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'spec:',
      '  group: example.com',
      '  names: { kind: Widget }',
      '  versions:',
      '    - name: v1',
      '      served: true',
      '      storage: true',
      '      schema:',
      '        openAPIV3Schema:',
      '          type: object',
      '          properties:',
      '            spec: &shared { type: object, properties: { size: { type: integer } } }',
      '            status: *shared',
      '',
    ].join('\n');

    // WHEN each is loaded
    const plain = loadCrdSchema(vendored);
    const aliased = loadCrdSchema({ group: 'example.com', version: 'v1', kind: 'Widget', file: 'example/widget.yaml', text });

    // THEN both give their schema; only the one without an alias may be stored
    expect(plain).toMatchObject({ schema: { type: 'object' }, storable: true });
    expect(aliased.schema).toEqual({ type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } }, status: { type: 'object', properties: { size: { type: 'integer' } } } } });
    expect(aliased.storable).toBe(false);
  });
});
