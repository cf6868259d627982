import { describe, expect, it } from 'vitest';

import { isSupportedKind, validateObject } from '../../lib/check/schema-validator';
import { valid, VALID } from '../support/manifests';

describe('validateObject', () => {
  it.each(Object.entries(VALID))('accepts a valid %s', (_label, manifest) => {
    // GIVEN
    const obj = structuredClone(manifest);

    // WHEN
    const issues = validateObject(obj);

    // THEN
    expect(issues).toEqual([]);
  });

  it('fails when a resource quota spec.hard is a string', () => {
    // GIVEN
    const quota = valid('resource quota');
    quota.spec.hard = 'cpu=2';

    // WHEN
    const issues = validateObject(quota);

    // THEN
    expect(issues).toEqual([{ path: 'spec.hard', message: 'must be object' }]);
  });

  it('fails when a deployment replicas is a string', () => {
    // GIVEN
    const deployment = valid('deployment');
    deployment.spec.replicas = 'two';

    // WHEN
    const issues = validateObject(deployment);

    // THEN
    expect(issues).toEqual([{ path: 'spec.replicas', message: 'must be integer' }]);
  });

  it('fails when a deployment has no selector', () => {
    // GIVEN
    const deployment = valid('deployment');
    delete deployment.spec.selector;

    // WHEN
    const issues = validateObject(deployment);

    // THEN
    expect(issues).toEqual([{ path: 'spec.selector', message: 'is required' }]);
  });

  it('fails when a container image is not a string, pointing at the list index', () => {
    // GIVEN
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 2 }] } },
      },
    };

    // WHEN
    const issues = validateObject(deployment);

    // THEN
    expect(issues).toEqual([{ path: 'spec.template.spec.containers[1].image', message: 'must be string' }]);
  });

  it('fails when a quantity is malformed, quoting keys that are not identifiers', () => {
    // GIVEN
    const quota = valid('resource quota');
    quota.spec.hard = { 'requests.cpu': 'two cores', 'limits.memory': true };

    // WHEN
    const issues = validateObject(quota);

    // THEN
    expect(issues).toEqual([
      { path: 'spec.hard["requests.cpu"]', message: 'must match format "quantity"' },
      { path: 'spec.hard["limits.memory"]', message: 'must be number or string' },
    ]);
  });

  it('fails when an int-or-string field is neither an integer nor a string', () => {
    // GIVEN
    const pdb = valid('pod disruption budget');
    pdb.spec.minAvailable = 1.5;

    // WHEN
    const issues = validateObject(pdb);

    // THEN
    expect(issues).toEqual([{ path: 'spec.minAvailable', message: 'must be string or integer' }]);
  });

  it('fails when a label value is not a string', () => {
    // GIVEN
    const namespace = valid('namespace');
    namespace.metadata = { name: 'acme', labels: { 'tenantry.io/tier': 1 } };

    // WHEN
    const issues = validateObject(namespace);

    // THEN
    expect(issues).toEqual([{ path: 'metadata.labels["tenantry.io/tier"]', message: 'must be string' }]);
  });

  it('accepts unknown fields in core kinds because kubernetes-models does not reject them', () => {
    // GIVEN
    const deployment = valid('deployment');
    deployment.spec.replica = 3;
    deployment.bogus = true;

    // WHEN
    const issues = validateObject(deployment);

    // THEN
    expect(issues).toEqual([]);
  });

  it('fails when a kustomization has no source ref', () => {
    // GIVEN
    const kustomization = valid('flux kustomization');
    delete kustomization.spec.sourceRef;

    // WHEN
    const issues = validateObject(kustomization);

    // THEN
    expect(issues).toEqual([{ path: 'spec.sourceRef', message: 'is required' }]);
  });

  it('fails when a kustomization interval and source kind are invalid', () => {
    // GIVEN
    const kustomization = valid('flux kustomization');
    kustomization.spec.interval = '10 minutes';
    kustomization.spec.sourceRef = { kind: 'HelmRepository', name: 'acme' };

    // WHEN
    const issues = validateObject(kustomization);

    // THEN
    expect(issues).toEqual([
      { path: 'spec.interval', message: 'must match pattern "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$"' },
      { path: 'spec.sourceRef.kind', message: 'must be one of: "OCIRepository", "GitRepository", "Bucket", "ExternalArtifact"' },
    ]);
  });

  it('fails when a git repository has no url', () => {
    // GIVEN
    const repository = valid('flux git repository');
    delete repository.spec.url;

    // WHEN
    const issues = validateObject(repository);

    // THEN
    expect(issues).toEqual([{ path: 'spec.url', message: 'is required' }]);
  });

  it('fails when an app project destinations is not a list', () => {
    // GIVEN
    const project = valid('argo cd app project');
    project.spec.destinations = { server: 'https://kubernetes.default.svc', namespace: 'acme' };

    // WHEN
    const issues = validateObject(project);

    // THEN
    expect(issues).toEqual([{ path: 'spec.destinations', message: 'must be array' }]);
  });

  it('fails when an app project destination has a field of the wrong type', () => {
    // GIVEN
    const project = valid('argo cd app project');
    project.spec.destinations = [{ server: 'https://kubernetes.default.svc', namespace: ['acme'] }];

    // WHEN
    const issues = validateObject(project);

    // THEN
    expect(issues).toEqual([{ path: 'spec.destinations[0].namespace', message: 'must be string' }]);
  });

  it('fails when a crd object has a field its schema does not declare', () => {
    // GIVEN
    const application = valid('argo cd application');
    application.spec.syncPolicy = { automated: { prune: true, selfHeal: true, pruneLast: true } };
    application.spec.destinaton = { namespace: 'acme' };

    // WHEN
    const issues = validateObject(application);

    // THEN
    expect(issues).toEqual([
      { path: 'spec.destinaton', message: 'unknown field' },
      { path: 'spec.syncPolicy.automated.pruneLast', message: 'unknown field' },
    ]);
  });

  it('fails when a crd int-or-string field is neither an integer nor a string', () => {
    // GIVEN
    const application = valid('argo cd application');
    application.spec.source = {
      repoURL: 'https://github.com/acme/deploy.git',
      path: 'overlays/prod',
      kustomize: { replicas: [{ name: 'web', count: true }] },
    };

    // WHEN
    const issues = validateObject(application);

    // THEN
    expect(issues).toEqual([{ path: 'spec.source.kustomize.replicas[0].count', message: 'must be integer or string' }]);
  });

  it.each([
    ['a core kind', valid('config map')],
    ['a crd kind', valid('flux git repository')],
  ])('fails when metadata.name is missing from %s', (_label, obj) => {
    // GIVEN
    obj.metadata = { namespace: 'acme' };

    // WHEN
    const issues = validateObject(obj);

    // THEN
    expect(issues).toEqual([{ path: 'metadata.name', message: 'is required' }]);
  });

  it.each([
    ['a core kind', valid('config map'), [{ path: 'metadata.name', message: 'must be string' }]],
    ['a crd kind', valid('flux git repository'), [{ path: 'metadata.name', message: 'must be string' }]],
  ])('fails when metadata.name is not a string in %s', (_label, obj, expected) => {
    // GIVEN
    obj.metadata = { name: 42 };

    // WHEN
    const issues = validateObject(obj);

    // THEN
    expect(issues).toEqual(expected);
  });

  it.each([
    ['a core kind', valid('service account')],
    ['a crd kind whose schema requires it', valid('argo cd application')],
  ])('fails when metadata is missing from %s', (_label, obj) => {
    // GIVEN
    delete obj.metadata;

    // WHEN
    const issues = validateObject(obj);

    // THEN
    expect(issues).toEqual([{ path: 'metadata', message: 'is required' }]);
  });

  it('fails when the kind is unknown', () => {
    // GIVEN
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };

    // WHEN
    const issues = validateObject(widget);

    // THEN
    expect(issues).toEqual([{ path: '(root)', message: 'unsupported kind example.com/v1/Widget' }]);
  });

  it('fails when a known kind uses an api version without a schema', () => {
    // GIVEN
    const application = { ...valid('argo cd application'), apiVersion: 'argoproj.io/v1beta1' };

    // WHEN
    const issues = validateObject(application);

    // THEN
    expect(issues).toEqual([{ path: '(root)', message: 'unsupported kind argoproj.io/v1beta1/Application' }]);
  });

  it('accepts an unknown kind listed in allowed kinds without checking it', () => {
    // GIVEN
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', spec: 'anything' };

    // WHEN
    const issues = validateObject(widget, { allowedKinds: ['example.com/v1/Other', 'example.com/v1/Widget'] });

    // THEN
    expect(issues).toEqual([]);
  });

  it('still validates a supported kind listed in allowed kinds', () => {
    // GIVEN
    const deployment = valid('deployment');
    deployment.spec.replicas = 'two';

    // WHEN
    const issues = validateObject(deployment, { allowedKinds: ['apps/v1/Deployment'] });

    // THEN
    expect(issues).toEqual([{ path: 'spec.replicas', message: 'must be integer' }]);
  });

  it.each([
    ['a string', 'apiVersion: v1'],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['an array', [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'acme' } }]],
  ])('fails when the input is %s', (_label, input) => {
    // GIVEN
    const obj: unknown = input;

    // WHEN
    const issues = validateObject(obj);

    // THEN
    expect(issues).toEqual([{ path: '(root)', message: 'must be object' }]);
  });

  it('fails when api version and kind are missing or not strings', () => {
    // GIVEN
    const objects = [{ metadata: { name: 'x' } }, { apiVersion: 1, kind: ['Namespace'] }];

    // WHEN
    const issues = objects.map((obj) => validateObject(obj));

    // THEN
    expect(issues).toEqual([
      [
        { path: 'apiVersion', message: 'is required' },
        { path: 'kind', message: 'is required' },
      ],
      [
        { path: 'apiVersion', message: 'must be string' },
        { path: 'kind', message: 'must be string' },
      ],
    ]);
  });
});

describe('isSupportedKind', () => {
  it.each(Object.entries(VALID))('recognises the kind of a valid %s', (_label, manifest) => {
    // GIVEN
    const { apiVersion, kind } = manifest;

    // WHEN
    const supported = isSupportedKind(apiVersion, kind);

    // THEN
    expect(supported).toBe(true);
  });

  it.each([
    ['an unknown group', 'example.com/v1', 'Widget'],
    ['an argo cd version the crd does not serve', 'argoproj.io/v1beta1', 'Application'],
    ['a removed core api version', 'apps/v1beta1', 'Deployment'],
    ['a core kind without a model in the table', 'v1', 'Pod'],
  ])('rejects %s', (_label, apiVersion, kind) => {
    // GIVEN
    const gvk = { apiVersion, kind };

    // WHEN
    const supported = isSupportedKind(gvk.apiVersion, gvk.kind);

    // THEN
    expect(supported).toBe(false);
  });
});
