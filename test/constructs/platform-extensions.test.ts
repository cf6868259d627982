import { describe, expect, it } from 'vitest';
import { PlatformExtensions } from '../../constructs/platform-extensions';
import type { ExtensionObject } from '../../lib/spec/extension-schema';
import { chartObjects, newChart } from '../../lib/synth/synth';

const CONFIG: ExtensionObject = {
  apiVersion: 'aim.eai.amd.com/v1alpha1',
  kind: 'AIMRuntimeConfig',
  metadata: { name: 'default', namespace: 'acme-api', labels: { 'tenantry.io/extension': 'aim-runtime-config', 'tenantry.io/tenant': 'acme' } },
  spec: { routing: { pathTemplate: '/api/{.metadata.name}' } },
};

function synth(objects: readonly ExtensionObject[], namespace = 'acme-api') {
  const chart = newChart('acme');
  new PlatformExtensions(chart, 'Extensions', { namespace, objects });
  return chartObjects(chart);
}

describe('PlatformExtensions', () => {
  it('writes each object as given, without an annotations field it does not have', () => {
    // GIVEN an AIMRuntimeConfig placed in acme-api
    // WHEN it is synthesized
    const objects = synth([CONFIG]);

    // THEN the manifest is the object itself
    expect(objects).toEqual([CONFIG]);
  });

  it('keeps annotations when the object has them', () => {
    // GIVEN an object with an annotation
    const annotated = { ...CONFIG, metadata: { ...CONFIG.metadata, annotations: { 'example.com/owner': 'platform' } } };

    // WHEN it is synthesized
    // THEN the annotation is there
    expect(synth([annotated])[0]!.metadata.annotations).toEqual({ 'example.com/owner': 'platform' });
  });

  it('fails when an object is in another namespace', () => {
    // GIVEN the object for acme-api given to globex-api
    // WHEN it is synthesized
    // THEN it is refused at once
    expect(() => synth([CONFIG], 'globex-api')).toThrow('PlatformExtensions globex-api: AIMRuntimeConfig "default" is in namespace "acme-api"; every extension object goes to globex-api');
  });

  it('fails when an object is given twice', () => {
    // GIVEN the same object twice
    // WHEN it is synthesized
    // THEN it is refused
    expect(() => synth([CONFIG, CONFIG])).toThrow('PlatformExtensions acme-api: AIMRuntimeConfig "default" is given twice; give each object its own name');
  });
});
