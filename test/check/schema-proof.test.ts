import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../lib/check/findings';
import { proveSchemas } from '../../lib/check/schema-proof';

const manifest = (object: Record<string, unknown>): Manifest => ({ file: 'dist/acme/object.yaml', folder: 'acme', object });
const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'acme-api' } };
const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'acme-api' } };

describe('proveSchemas', () => {
  it('passes valid objects, three checks each, and a kind the platform allows without a schema', () => {
    // GIVEN a Namespace and a Widget the platform lists under allowedKinds
    const manifests = [manifest(namespace), manifest(widget)];

    // WHEN their schemas are proved
    const result = proveSchemas(manifests, ['example.com/v1/Widget']);

    // THEN nothing is found
    expect(result).toEqual({ findings: [], checks: 6 });
  });

  it.each([
    ['a kind has no schema', widget, 'schema/known-kind', 'kind example.com/v1/Widget has no schema Tenantry knows; if it belongs in dist/, list "example.com/v1/Widget" under allowedKinds in platform.ts'],
    ['a cluster-scoped object carries a namespace', { ...namespace, metadata: { name: 'acme-api', namespace: 'acme-api' } }, 'schema/scope', 'is cluster-scoped but carries metadata.namespace "acme-api"; remove it'],
    ['a namespaced object has no namespace', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }, 'schema/scope', 'is namespaced but has no metadata.namespace, so it would land wherever the sync points; set the namespace'],
  ])('fails when %s', (_, object, invariant, message) => {
    // GIVEN the object
    // WHEN its schema is proved
    const { findings } = proveSchemas([manifest(object)], []);

    // THEN the one finding names the invariant and the fix
    expect(findings.map((f) => [f.invariant, f.message])).toEqual([[invariant, message]]);
  });
});
