/*
 * What platform.ts reserves for itself and what no tenant may loosen: reserved namespace
 * globs, guardrails, and the fleet repository. Resolved once per project from the platform spec.
 */
import { globToRegExp } from './resolve';
import { type PlatformSpec } from './schema';
import { DEFAULT_RESERVED_NAMESPACES, DEFAULTS, KUBERNETES_NAMESPACES } from './defaults';

export interface Guardrails {
  readonly quota: boolean;
  readonly limitRange: boolean;
  readonly podSecurity: 'restricted' | 'baseline';
  readonly network: 'deny-all' | 'deny-ingress';
}

export interface PlatformPolicy {
  /** Globs in the order given, Kubernetes' own first. */
  readonly reserved: readonly { readonly glob: string; readonly pattern: RegExp }[];
  readonly guardrails: Guardrails;
  /** The fleet repository (gitops.repoURL), normalised; no tenant may list it. */
  readonly fleetRepo?: string;
}

export function platformPolicy(spec: PlatformSpec): PlatformPolicy {
  const globs = [...new Set([...KUBERNETES_NAMESPACES, ...(spec.reservedNamespaces ?? DEFAULT_RESERVED_NAMESPACES)])];
  return {
    reserved: globs.map((glob) => ({ glob, pattern: globToRegExp(glob) })),
    guardrails: { ...DEFAULTS.guardrails, ...spec.guardrails },
    fleetRepo: spec.gitops ? normaliseRepo(spec.gitops.repoURL) : undefined,
  };
}

/** The first reserved glob `namespace` matches, if any. */
export function reservedBy(policy: PlatformPolicy, namespace: string): string | undefined {
  return policy.reserved.find((r) => r.pattern.test(namespace))?.glob;
}

/**
 * One key per repository whatever the spelling: scheme (https, ssh), user, default port,
 * case, a trailing ".git" or "/" are ignored, so `ssh://git@GitHub.com/acme/apps.git` and
 * `https://github.com/Acme/apps/` are the same repository. Paths compare case-insensitively,
 * as GitHub and GitLab do: a false clash is a rename, a missed one a leak.
 */
export function normaliseRepo(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/:]+)(?::(\d+))?(\/.*)?$/i.exec(url.trim());
  if (!match) return url.trim().toLowerCase();
  const host = match[1]!.toLowerCase();
  const port = match[2] && match[2] !== '22' && match[2] !== '443' ? `:${match[2]}` : '';
  const path = (match[3] ?? '')
    .toLowerCase()
    .replace(/\/+/g, '/')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  return `${host}${port}${path}`;
}
