import { describe, expect, it } from 'vitest';
import { deriveTenancy, formatFinding, labelsOf, listing, objectRef, sortFindings, type Finding, type Manifest } from '../../lib/check/findings';

const namespace = (folder: string, name: string): Manifest => ({
  file: `dist/${folder}/Namespace.${name}.yaml`,
  folder,
  object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'tenantry.io/tenant': 'someone-else' } } },
});

describe('formatFinding', () => {
  it('names the file, the object and what is wrong', () => {
    // GIVEN a finding about an object and a warning about a file
    const error: Finding = { proof: 'rbac', invariant: 'rbac/no-cluster-admin', file: 'dist/acme/RoleBinding.acme-api.x.yaml', object: 'RoleBinding/acme-api/x', message: 'binds cluster-admin' };
    const warning: Finding = { proof: 'dist', invariant: 'dist/generated-only', file: 'dist/README.md', message: 'not generated', severity: 'warning' };

    // WHEN they are formatted
    const lines = [formatFinding(error), formatFinding(warning)];

    // THEN each is one line
    expect(lines).toEqual(['dist/acme/RoleBinding.acme-api.x.yaml: RoleBinding/acme-api/x — binds cluster-admin', 'warning: dist/README.md: not generated']);
  });
});

describe('objectRef', () => {
  it('writes Kind/namespace/name, or Kind/name without a namespace', () => {
    // GIVEN a namespaced and a cluster-scoped object
    const objects = [{ kind: 'Role', metadata: { name: 'r', namespace: 'acme-api' } }, { kind: 'ClusterRole', metadata: { name: 'c' } }, {}];

    // WHEN they are referenced
    const refs = objects.map(objectRef);

    // THEN the namespace appears only where there is one
    expect(refs).toEqual(['Role/acme-api/r', 'ClusterRole/c', '(no kind)/(no name)']);
  });
});

describe('deriveTenancy', () => {
  it('gives each namespace to the tenant whose folder holds it, whatever its labels say', () => {
    // GIVEN namespaces in two tenant folders and one in _platform
    const manifests = [namespace('acme', 'acme-web'), namespace('acme', 'acme-api'), namespace('globex', 'globex-pay'), namespace('_platform', 'tenantry-system')];

    // WHEN tenancy is derived
    const tenancy = deriveTenancy(manifests);

    // THEN folders decide; _platform owns no tenant namespace
    expect(Object.fromEntries(tenancy.namespaceOwner)).toEqual({ 'acme-web': 'acme', 'acme-api': 'acme', 'globex-pay': 'globex' });
    expect(Object.fromEntries(tenancy.tenantNamespaces)).toEqual({ acme: ['acme-api', 'acme-web'], globex: ['globex-pay'] });
    expect(tenancy.namespaceFile.get('tenantry-system')).toBe('dist/_platform/Namespace.tenantry-system.yaml');
  });
});

describe('sortFindings and listing', () => {
  it('orders findings by proof, then file', () => {
    // GIVEN findings out of order
    const findings: Finding[] = [
      { proof: 'workload', invariant: 'w', file: 'a', message: 'm' },
      { proof: 'drift', invariant: 'd', file: 'b', message: 'm' },
      { proof: 'drift', invariant: 'd', file: 'a', message: 'm' },
    ];

    // WHEN they are sorted
    const order = sortFindings(findings).map((f) => `${f.proof}:${f.file}`);

    // THEN drift comes before workload, and files are in order
    expect(order).toEqual(['drift:a', 'drift:b', 'workload:a']);
    expect([listing(['a']), listing(['a', 'b']), listing(['a', 'b', 'c'])]).toEqual(['a', 'a and b', 'a, b and c']);
  });
});

describe('labelsOf', () => {
  it('gives the string labels, leaving out values of other types and labels that are not a mapping', () => {
    // GIVEN objects with string labels, mixed labels, a list of labels and no labels
    const labels = { 'tenantry.io/tenant': 'acme', 'tenantry.io/team': 'api' };
    const read = (value: unknown) => labelsOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'acme-api', labels: value } });

    // WHEN their labels are read
    const strings = read(labels);
    const mixed = read({ 'tenantry.io/tenant': 'acme', replicas: 3, enabled: true, none: null });

    // THEN only string values are labels; string labels are the object's own, unchanged
    expect(strings).toEqual(labels);
    expect(strings).toBe(labels);
    expect(mixed).toEqual({ 'tenantry.io/tenant': 'acme' });
    expect(read(['acme'])).toEqual({ 0: 'acme' });
    expect(read(undefined)).toEqual({});
  });
});
