// PlatformExtensions (L2): the objects platform.ts extensions add to one team namespace, as they were checked in lib/spec/extensions.ts.
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ExtensionObject } from '../lib/spec/extension-schema';

export interface PlatformExtensionsProps {
  /** The team namespace every object goes to. */
  readonly namespace: string;
  /** The objects, with metadata.namespace and labels already set by applyExtensions. */
  readonly objects: readonly ExtensionObject[];
}

/**
 * The objects platform extensions add to one team namespace (L2), such as AIM Engine's
 * AIMRuntimeConfig. What they may be was checked when the project loaded; this refuses
 * only what could not come from there: an object outside the namespace, or one twice.
 */
export class PlatformExtensions extends Construct {
  public readonly namespace: string;
  public readonly objects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: PlatformExtensionsProps) {
    super(scope, id);
    this.namespace = props.namespace;
    const seen = new Set<string>();
    this.objects = props.objects.map((object) => {
      const key = `${object.apiVersion}/${object.kind}/${object.metadata.name}`;
      if (object.metadata.namespace !== this.namespace) {
        throw new Error(`PlatformExtensions ${this.namespace}: ${object.kind} "${object.metadata.name}" is in namespace "${object.metadata.namespace ?? '(none)'}"; every extension object goes to ${this.namespace}`);
      }
      if (seen.has(key)) throw new Error(`PlatformExtensions ${this.namespace}: ${object.kind} "${object.metadata.name}" is given twice; give each object its own name`);
      seen.add(key);
      const { apiVersion, kind, metadata, ...rest } = object;
      return new ApiObject(this, key, { apiVersion, kind, metadata: { ...metadata, labels: { ...metadata.labels }, annotations: metadata.annotations && { ...metadata.annotations } }, ...rest });
    });
  }
}
