/*
 * The platform's rules a tenant cannot bend: reserved namespaces, guardrails that `null`
 * cannot remove and a tenant cannot loosen, and repositories that belong to one tenant.
 */
import { fieldError, renderValue, type FieldPath } from './errors';
import { deployApplicationName, gitOpsRoles, PLATFORM_ROOT, platformApplicationName } from './gitops-names';
import { namespaceField } from './naming-checks';
import { normaliseRepo, reservedBy, type PlatformPolicy } from './platform-policy';
import { parseQuantity } from './quantity';
import type { ResolvedPlatform, ResolvedTenant } from './resolve';
import { type TenantSpec } from './schema';
import { KUBERNETES_NAMESPACES } from './defaults';

type ErrorSink = (path: FieldPath, message: string) => void;

/** Reserved namespaces and guardrails, for one resolved tenant. */
export function checkTenantPolicy(spec: TenantSpec, tenant: ResolvedTenant, platform: ResolvedPlatform, policy: PlatformPolicy, error: ErrorSink): void {
  for (const ns of tenant.namespaces) {
    const glob = reservedBy(policy, ns.name);
    if (glob) {
      const owner = KUBERNETES_NAMESPACES.includes(glob) ? "Kubernetes' own" : 'reservedNamespaces in platform.ts';
      error(namespaceField(spec, ns), `namespace "${ns.name}" is reserved ("${glob}", ${owner}); ${ns.ownName ? 'choose another name' : 'choose another tenant or team id'}`);
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
  const reported = new Set<string>();
  let layers: { path: FieldPath; value: unknown }[] = [];
  const removed = (leaf: FieldPath, guardrail: string, what: string, whole: string) => {
    const at = nulledAt(layers, leaf);
    if (!at || reported.has(at.join('.'))) return;
    reported.add(at.join('.'));
    const target = at.at(-1) === leaf[0] ? whole : what;
    error(at, `null would remove ${target}, a guardrail of platform.ts (guardrails.${guardrail}); give the values you need instead`);
  };
  const defaults = platform.defaults;
  for (const ns of tenant.namespaces) {
    layers = settingLayers(spec, ns.teamIndex);
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

/** What a team's namespaces inherit, least specific first, with where each layer sits in the file. */
function settingLayers(spec: TenantSpec, teamIndex: number): { path: FieldPath; value: unknown }[] {
  const team = spec.teams[teamIndex]!;
  const unit = team.unit && spec.units && Object.hasOwn(spec.units, team.unit) ? spec.units[team.unit] : undefined;
  return [
    // The tenant's own quota is its budget, not an inherited setting.
    { path: [], value: { ...spec, quota: undefined } },
    ...(unit ? [{ path: ['units', team.unit!] as FieldPath, value: unit }] : []),
    { path: ['teams', teamIndex], value: team },
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

/**
 * Every repository (repos, deploy.repo) belongs to one tenant, compared in normalised form;
 * the fleet repository to none. Which tenant owns a shared one is not Tenantry's to guess,
 * so every tenant that lists it is told, naming the others.
 */
export function repoClaims(resolved: readonly { file: string; spec: TenantSpec }[], policy: PlatformPolicy): string[] {
  const errors: string[] = [];
  const listings = new Map<string, { tenant: string; file: string; path: FieldPath; repo: string }[]>();
  for (const { file, spec } of resolved) {
    const repos: [FieldPath, string][] = [
      ...(spec.repos ?? []).map((repo, i): [FieldPath, string] => [['repos', i], repo]),
      ...spec.teams.flatMap((team, i): [FieldPath, string][] => (team.deploy ? [[['teams', i, 'deploy', 'repo'], team.deploy.repo]] : [])),
    ];
    for (const [path, repo] of repos) {
      const key = normaliseRepo(repo);
      if (key === policy.fleetRepo) {
        errors.push(fieldError(file, path, `is the platform's fleet repository (gitops.repoURL in platform.ts), got ${renderValue(repo)}; list only the tenant's own repositories`));
      } else {
        listings.set(key, [...(listings.get(key) ?? []), { tenant: spec.id, file, path, repo }]);
      }
    }
  }
  for (const entries of listings.values()) {
    const tenants = new Set(entries.map((e) => e.tenant));
    if (tenants.size < 2) continue;
    for (const entry of entries) {
      const others = entries.filter((e) => e.tenant !== entry.tenant).map((e) => `${e.file} (${e.path.join('.')})`);
      errors.push(fieldError(entry.file, entry.path, `repository ${renderValue(entry.repo)} is also listed by ${[...new Set(others)].join(', ')}; a repository belongs to one tenant, so remove it where it is not the tenant's own`));
    }
  }
  return errors;
}

/**
 * Argo CD Application names share one namespace: the platform's `tenant-<id>` per tenant
 * and, under engine argocd, one per deploying namespace. A tenant "tenant" with a team
 * "acme" would otherwise take tenant acme's Application.
 */
export function applicationClaims(resolved: readonly { file: string; tenant: ResolvedTenant }[], platform: ResolvedPlatform): string[] {
  if (!platform.gitops) return [];
  const roles = gitOpsRoles(platform.gitops.engine);
  if (!roles.argocdPlatform) return [];
  const owners = new Map<string, string>([[PLATFORM_ROOT, "the platform's root Application"]]);
  for (const { tenant } of resolved) if (tenant.status !== 'terminating') owners.set(platformApplicationName(tenant.id), `the platform Application of tenant ${tenant.id}`);
  if (!roles.argocdDeploy) return [];
  const errors: string[] = [];
  for (const { file, tenant } of resolved) {
    for (const ns of tenant.namespaces) {
      if (!ns.deploy || tenant.status === 'terminating') continue;
      const name = deployApplicationName(ns.name);
      const owner = owners.get(name);
      if (owner) errors.push(fieldError(file, ['teams', ns.teamIndex, 'deploy'], `the Argo CD Application "${name}" of namespace ${ns.name} would clash with ${owner}; rename the tenant or the team`));
      else owners.set(name, `the deploy Application of namespace ${ns.name} (${file})`);
    }
  }
  return errors;
}
