import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STRICT_SCHEMAS, strictErrors } from '../../lib/check/strict-schemas';

describe('STRICT_SCHEMAS', () => {
  it('names a schema file that exists for every kind', () => {
    // GIVEN the kind → file map
    // WHEN each file is looked up in imports/
    // THEN it is there
    for (const file of STRICT_SCHEMAS.values()) expect(existsSync(new URL(`../../imports/schemas/k8s-v1.32.0-standalone-strict/${file}`, import.meta.url)), file).toBe(true);
  });
});

describe('strictErrors', () => {
  it('gives undefined for a kind without a strict schema', () => {
    // GIVEN a CRD kind
    // WHEN it is validated
    // THEN there is no answer
    expect(strictErrors('argoproj.io/v1alpha1/AppProject', {})).toBeUndefined();
  });

  it('gives no errors for a valid configmap', () => {
    // GIVEN a ConfigMap
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'b' }, data: { k: 'v' } };
    // WHEN it is validated
    // THEN it passes
    expect(strictErrors('v1/ConfigMap', obj)).toEqual([]);
  });

  it('fails when an object has an unknown field', () => {
    // GIVEN a ConfigMap with a misspelt field
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, dta: { k: 'v' } };
    // WHEN it is validated
    const errors = strictErrors('v1/ConfigMap', obj) ?? [];
    // THEN the unknown field is reported
    expect(errors.map((e) => [e.keyword, e.params])).toEqual([['additionalProperties', { additionalProperty: 'dta' }]]);
  });

  it('fails when a field has the wrong type, on every call', () => {
    // GIVEN a Namespace whose labels are a list
    const obj = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', labels: ['x'] } };
    // WHEN it is validated twice (the second time from the compiled cache)
    const first = strictErrors('v1/Namespace', obj) ?? [];
    const second = strictErrors('v1/Namespace', obj) ?? [];
    // THEN both report the labels
    expect(first.map((e) => e.instancePath)).toContain('/metadata/labels');
    expect(second.map((e) => e.instancePath)).toEqual(first.map((e) => e.instancePath));
  });
});
