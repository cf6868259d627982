/*
 * The platform's rules a tenant cannot bend: reserved namespaces, guardrails that `null`
 * cannot remove and a tenant cannot loosen, and repositories that belong to one tenant.
 */
import { fieldError, renderValue, type FieldPath } from './errors';
import { normaliseRepo, reservedBy, type PlatformPolicy } from './platform-policy';
import { parseQuantity } from './quantity';
import type { ResolvedPlatform, ResolvedTenant } from './resolve';
import { KUBERNETES_NAMESPACES, type TenantSpec } from './schema';

type ErrorSink = (path: FieldPath, message: string) => void;

/** Reserved namespaces and guardrails, for one resolved tenant. */
export function checkTenantPolicy(spec: TenantSpec, tenant: ResolvedTenant, platform: ResolvedPlatform, policy: PlatformPolicy, error: ErrorSink): void {
  for (const ns of tenant.namespaces) {
    const glob = reservedBy(policy, ns.name);
    if (glob) {
      const owner = KUBERNETES_NAMESPACES.includes(glob) ? "Kubernetes' own" : 'reservedNamespaces in platform.ts';
      error(['teams', ns.teamIndex, 'id'], `namespace "${ns.name}" is reserved ("${glob}", ${owner}); choose another tenant or team id`);
    }
  }
  const { guardrails } = policy;
  const order = ['baseline', 'restricted'];
  if (order.indexOf(tenant.isolation.podSecurity) < order.indexOf(guardrails.podSecurity)) {
    error(['isolation'], `Pod Security "${tenant.isolation.podSecurity}" is looser than the platform's minimum "${guardrails.podSecurity}" (guardrails.podSecurity in platform.ts); choose "hard" or a custom isolation with podSecurity: "${guardrails.podSecurity}"`);
  }
  if (guardrails.network === 'deny-all' && tenant.isolation.network !== 'deny-all') {
    error(['isolation'], `network "${tenant.isolation.network}" is looser than the platform's minimum "deny-all" (guardrails.network in platform.ts); choose "hard", "network-only" or a custom isolation with network: "deny-all"`);
  }
  if (!tenant.isolation.quota) return;
  const layers = settingLayers(spec);
  const reported = new Set<string>();
  const removed = (leaf: FieldPath, guardrail: string, what: string, whole: string) => {
    const at = nulledAt(layers, leaf);
    if (!at || reported.has(at.join('.'))) return;
    reported.add(at.join('.'));
    const target = at.at(-1) === leaf[0] ? whole : what;
    error(at, `null would remove ${target}, a guardrail of platform.ts (guardrails.${guardrail}); give the values you need instead`);
  };
  const defaults = platform.defaults;
  for (const ns of tenant.namespaces) {
    if (guardrails.quota) {
      for (const [key, value] of Object.entries(defaults.quota ?? {})) {
        if (value !== null && value !== undefined && ns.quota[key as keyof typeof ns.quota] === undefined) {
          removed(['quota', key], 'quota', `the ResourceQuota's ${key} (platform default ${renderValue(value)})`, 'the ResourceQuota');
        }
      }
    }
    if (!guardrails.limitRange) continue;
    for (const part of ['defaultRequest', 'default', 'max'] as const) {
      for (const resource of ['cpu', 'memory'] as const) {
        const base = defaults.limitRange?.[part]?.[resource];
        if (!base) continue;
        const value = ns.limitRange?.[part]?.[resource];
        if (!value) removed(['limitRange', part, resource], 'limitRange', `the LimitRange's ${part}.${resource} (platform default "${base}")`, 'the LimitRange');
        else if (part === 'max' && parseQuantity(value) > parseQuantity(base)) {
          const at = setAt(layers, ['limitRange', 'max', resource]) ?? ['teams', ns.teamIndex, 'limitRange', 'max', resource];
          if (reported.has(at.join('.'))) continue;
          reported.add(at.join('.'));
          error(at, `is more than the platform's limitRange.max.${resource} "${base}", got "${value}"; the platform's max is a guardrail (guardrails.limitRange in platform.ts), so stay within it`);
        }
      }
    }
  }
}

/** The tenant-wide settings, each unit and each team, with where they sit in the file. */
function settingLayers(spec: TenantSpec): { path: FieldPath; value: unknown }[] {
  return [
    // The tenant's own quota is its budget, not an inherited setting.
    { path: [], value: { ...spec, quota: undefined } },
    ...Object.entries(spec.units ?? {}).map(([unit, value]) => ({ path: ['units', unit] as FieldPath, value })),
    ...spec.teams.map((team, index) => ({ path: ['teams', index] as FieldPath, value: team })),
  ];
}

/** The first place in the file where `leaf`, or a parent of it, is null. */
function nulledAt(layers: readonly { path: FieldPath; value: unknown }[], leaf: FieldPath): FieldPath | undefined {
  for (const { path, value } of layers) {
    let current = value;
    for (let i = 0; i < leaf.length && current && typeof current === 'object'; i++) {
      const key = String(leaf[i]);
      if (!Object.hasOwn(current, key)) break;
      current = (current as Record<string, unknown>)[key];
      if (current === null) return [...path, ...leaf.slice(0, i + 1)];
    }
  }
  return undefined;
}

/** The last (most specific) place in the file that sets `leaf`. */
function setAt(layers: readonly { path: FieldPath; value: unknown }[], leaf: FieldPath): FieldPath | undefined {
  let found: FieldPath | undefined;
  for (const { path, value } of layers) {
    let current = value;
    for (const key of leaf) current = current && typeof current === 'object' && Object.hasOwn(current, key) ? (current as Record<string, unknown>)[String(key)] : undefined;
    if (typeof current === 'string') found = [...path, ...leaf];
  }
  return found;
}

/** Every repository (repos, deploy.repo) belongs to one tenant, compared in normalised form; the fleet repository to none. */
export function repoClaims(resolved: readonly { file: string; spec: TenantSpec }[], policy: PlatformPolicy): string[] {
  const errors: string[] = [];
  const owners = new Map<string, { tenant: string; where: string }>();
  for (const { file, spec } of resolved) {
    const repos: [FieldPath, string][] = [
      ...(spec.repos ?? []).map((repo, i): [FieldPath, string] => [['repos', i], repo]),
      ...spec.teams.flatMap((team, i): [FieldPath, string][] => (team.deploy ? [[['teams', i, 'deploy', 'repo'], team.deploy.repo]] : [])),
    ];
    for (const [path, repo] of repos) {
      const key = normaliseRepo(repo);
      if (key === policy.fleetRepo) {
        errors.push(fieldError(file, path, `is the platform's fleet repository (gitops.repoURL in platform.ts), got ${renderValue(repo)}; list only the tenant's own repositories`));
        continue;
      }
      const owner = owners.get(key);
      if (!owner) owners.set(key, { tenant: spec.id, where: `${file} (${path.join('.')})` });
      else if (owner.tenant !== spec.id) {
        errors.push(fieldError(file, path, `repository ${renderValue(repo)} is already claimed by ${owner.where}; a repository belongs to one tenant, so use your own or ask the platform team to move it`));
      }
    }
  }
  return errors;
}
