// Naming templates: how platform.ts composes namespace and team ServiceAccount names from {tenant}, {team} and {env}.

/*
 * A template is literal text with the placeholders {tenant}, {team} and {env}. For a team
 * without environments, `{env}` is dropped together with one "-" next to it, so the default
 * "{tenant}-{team}-{env}" gives "acme-api" and "acme-api-dev" — Tenantry's names before
 * templates existed.
 */

export const PLACEHOLDERS = ['tenant', 'team', 'env'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export interface Naming {
  /** Namespace names. @default '{tenant}-{team}-{env}' */
  readonly namespace: string;
  /** The team ServiceAccount in each of its namespaces. @default 'sa-{team}' */
  readonly serviceAccount: string;
}

export const DEFAULT_NAMING: Naming = { namespace: '{tenant}-{team}-{env}', serviceAccount: 'sa-{team}' };

/** ServiceAccount names a team's may not take: Kubernetes' own and Tenantry's Flux reconciler. */
export const RESERVED_SERVICE_ACCOUNTS: readonly string[] = ['default', 'flux-reconciler'];

export interface NameParts {
  readonly tenant: string;
  readonly team: string;
  readonly env?: string;
}

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
}

export function render(template: string, parts: NameParts): string {
  const withoutEnv = parts.env === undefined ? dropEnv(template) : template;
  return withoutEnv.replace(/\{(tenant|team|env)\}/g, (_, key: Placeholder) => parts[key] ?? '');
}

function dropEnv(template: string): string {
  for (const form of ['-{env}', '{env}-', '{env}']) if (template.includes(form)) return dropEnv(template.replace(form, ''));
  return template;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * What is wrong with a template, or undefined. `required` placeholders must appear;
 * a sample rendering must be a DNS label with and without an environment.
 */
export function templateProblem(template: string, required: readonly Placeholder[]): string | undefined {
  const unknown = placeholdersOf(template).filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p));
  if (unknown.length) return `unknown placeholder {${unknown[0]}}; use only {tenant}, {team} and {env}`;
  const missing = required.filter((p) => !template.includes(`{${p}}`));
  if (missing.length) return `has no {${missing[0]}}, so two ${missing[0]}s would get the same name; add {${missing[0]}}`;
  for (const sample of [render(template, { tenant: 'a', team: 'b', env: 'c' }), render(template, { tenant: 'a', team: 'b' })]) {
    if (!DNS_LABEL.test(sample)) return `composes "${sample}", which is not a DNS label; use lowercase letters, digits and "-", starting and ending with a letter or digit`;
  }
  return undefined;
}

/** A team's own `namespace`: one name, a template over the placeholders, or a name per environment. */
export type TeamNamespaceSpec = string | Readonly<Record<string, string>>;

/** The namespace of a team (and environment): the team's own name if it gives one, else the platform template. */
export function namespaceFor(naming: Naming, parts: NameParts, own?: TeamNamespaceSpec): string {
  if (own === undefined) return render(naming.namespace, parts);
  if (typeof own === 'string') return render(own, parts);
  return parts.env !== undefined ? (own[parts.env] ?? render(naming.namespace, parts)) : render(naming.namespace, parts);
}

export function serviceAccountFor(naming: Naming, parts: NameParts): string {
  return render(naming.serviceAccount, parts);
}
