/*
 * Platform extensions (platform.ts `extensions`): typed functions of a resolved team namespace
 * that add objects to it, such as AIM Engine's AIMRuntimeConfig. Only platform.ts defines them;
 * a tenant file, which is data, can only name them.
 */
import { z } from 'zod';
import { dnsLabel } from './dns-label';

/** An environment value as resolved: a literal, or a reference to a Secret or ConfigMap key. */
export type ExtensionEnvValue = string | { readonly secretKeyRef: { readonly name: string; readonly key: string } } | { readonly configMapKeyRef: { readonly name: string; readonly key: string } };

/** What an extension function is given: one resolved team namespace of one tenant. */
export interface ExtensionNamespace {
  readonly tenant: string;
  readonly tenantName: string;
  readonly team: string;
  /** @default - none */
  readonly environment?: string;
  /** The namespace the objects go to. */
  readonly name: string;
  /** The team's ServiceAccount in it. */
  readonly serviceAccount: string;
  readonly isolation: string;
  /** The team's effective environment variables (platform → tenant → unit → team). */
  readonly env: Readonly<Record<string, ExtensionEnvValue>>;
  /** The team's routing identifiers, normalised, by kind. */
  readonly routing: Readonly<Record<string, readonly string[]>>;
  /** The labels Tenantry puts on every object of the namespace. */
  readonly labels: Readonly<Record<string, string>>;
}

/** An object an extension returns: Tenantry sets metadata.namespace and adds its labels. */
export interface ExtensionObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
  readonly [field: string]: unknown;
}

export type ExtensionFunction = (namespace: ExtensionNamespace) => ExtensionObject | readonly ExtensionObject[];

export const ExtensionSchema = z.strictObject({
  /** Add the objects to every team namespace; otherwise only to teams that list the extension. @default false */
  everyNamespace: z.boolean({ error: 'expected true or false' }).optional(),
  /** What the extension adds, for reviewers. */
  description: z.string().optional(),
  objects: z.custom<ExtensionFunction>((value) => typeof value === 'function', { error: 'expected a function (namespace) => objects' }),
});

export const ExtensionsSchema = z.record(dnsLabel('aim-runtime-config'), ExtensionSchema, { error: 'expected an object of extension names to { objects, everyNamespace }' });
export type ExtensionsSpec = z.infer<typeof ExtensionsSchema>;

/** The names of the platform extensions a team asks for. */
export const TeamExtensionsSchema = z.array(dnsLabel('aim-runtime-config'), { error: 'expected a list of extension names from platform.ts such as ["aim-runtime-config"]' });

/** One entry of a Kubernetes `env` list. */
export type KubeEnvVar =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } } | { readonly configMapKeyRef: { readonly name: string; readonly key: string } } };

/** A namespace's env as a Kubernetes `env` list (name, value or valueFrom), sorted by name: for extension authors. */
export function kubeEnv(env: Readonly<Record<string, ExtensionEnvValue>>): KubeEnvVar[] {
  return Object.keys(env)
    .sort()
    .map((name) => {
      const value = env[name]!;
      if (typeof value === 'string') return { name, value };
      return 'secretKeyRef' in value ? { name, valueFrom: { secretKeyRef: { ...value.secretKeyRef } } } : { name, valueFrom: { configMapKeyRef: { ...value.configMapKeyRef } } };
    });
}
