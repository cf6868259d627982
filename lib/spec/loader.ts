// Loads platform.ts and tenants/*.ts and validates them together; every problem becomes one line naming file and field.
import { basename, dirname, join } from 'node:path';
import { capacityIssues } from './capacity';
import { checkRoutingKinds, routingClaims } from './routing';
import { applyExtensions, extensionOutputs } from './extensions';
import { fieldError, formatZodIssues, type FieldPath } from './errors';
import { tenantPlacementIssues } from './placement';
import { parseQuantity } from './quantity';
import {
  dedicatedAgentName,
  platformNamespaces,
  resolvePlatform,
  resolveTenant,
  type ResolvedNamespace,
  type ResolvedPlatform,
  type ResolvedTenant,
} from './resolve';
import { PlatformSchema, TenantSchema, type Settings, type TenantSpec } from './schema';
import { NAME_LIMIT, SYSTEM_ENV_NAMES, SYSTEM_LABEL_KEYS } from './defaults';
import { RESERVED_PROJECTS } from './gitops-names';
import { platformPolicy, reservedBy, type PlatformPolicy } from './platform-policy';
import { checkPlatformValues, checkTenantValues } from './kube-values';
import { scanSecrets, scanSecretsByFile } from './secret-scan';
import { hashValue, LoadCache, loadCacheFile, type FileEntry } from './load-cache';
import { readTenantSource, type ReadResult } from './tenant-reader';
import { timePhase } from './phase-log';
import { importDefault } from './platform-module';
import { parseTenantTexts } from './tenant-files';
import { PLATFORM_FIX, readProjectSources, type ProjectSources } from './project-sources';
import { applicationClaims, checkTenantPolicy, repoClaims } from './tenant-policy';
import { checkExemptions, checkHostnames, checkPlatformAdmission, checkTenantAdmission } from './admission-checks';
import { checkAccessEnvironments, checkProjectNames, checkServiceAccountOwners } from './access-checks';
import { checkDisplayNames } from './tenant-checks';
import { applyTemplate } from './templates';
import { checkQuotaBudget, checkQuotaLayer } from './quota';
import { checkServiceAccountName, checkTeamNaming, namespaceField } from './naming-checks';
import { checkEndpointSettings } from './endpoint-checks';

/** One module's default export, and the file it came from (relative to the project root). */
export interface SourceFile {
  readonly file: string;
  readonly value: unknown;
}

export interface LoadedProject {
  readonly platform: ResolvedPlatform;
  /** Tenants to synthesize, sorted by id; terminating tenants are left out so GitOps prunes them. */
  readonly tenants: readonly ResolvedTenant[];
  readonly terminating: readonly string[];
  /** The validated spec per tenant id, for cache keys. */
  readonly specs: ReadonlyMap<string, TenantSpec>;
}

export type ValidationResult = ({ readonly ok: true } & LoadedProject) | { readonly ok: false; readonly errors: readonly string[] };


export interface LoadOptions {
  /** Reuse what earlier runs learnt of unchanged files (load-cache.ts); `synth --force` turns it off. @default true */
  readonly cache?: boolean;
  /** platform.ts and the tenant files, already read (readProjectSources). @default - read here */
  readonly sources?: ProjectSources;
}

/**
 * Imports `platform.ts` (code the platform team owns), reads every `tenants/*.ts` as data
 * (never running it: see tenant-reader.ts), then validates them together. A tenant file
 * whose content is unchanged since the last run is neither parsed, scanned nor validated
 * again: the load cache holds its data, its secret-scan errors and its resolved tenant.
 */
export async function loadProject(root: string, tenantsDir = 'tenants', platformFile = 'platform.ts', options: LoadOptions = {}): Promise<ValidationResult> {
  const sources = options.sources ?? (await readProjectSources(root, tenantsDir, platformFile));
  const errors: string[] = [...sources.platformErrors];
  const cache = new LoadCache(options.cache === false ? undefined : loadCacheFile(root), root);
  const platform = sources.platform;
  const fresh = new Map<string, { hash: string; read: ReadResult }>();
  const hits = new Map<string, FileEntry>();
  const tenants = await timePhase('read tenants', () =>
    parseTenantTexts(sources.tenants.texts, sources.tenants.errors, (file, text) => {
      const hash = cache.hashOf(file, text);
      const hit = cache.hit(file, hash);
      if (hit) {
        hits.set(file, hit);
        return hit.read;
      }
      const read = readTenantSource(root, file, text);
      fresh.set(file, { hash, read });
      return read;
    }),
  );
  errors.push(...tenants.errors);
  const platformKey = platform ? cache.hashOf(platform.file, hashValue(platform.value)) : undefined;
  const secrets = await timePhase('secrets', async () => {
    const known = platformKey ? cache.platformSecrets(platformKey) : undefined;
    const scan = [...(platform && !known ? [platform] : []), ...tenants.sources.filter((source) => fresh.has(source.file))];
    const found = await scanSecretsByFile(scan);
    if (platform && platformKey && !known) cache.storePlatformSecrets(platformKey, found.get(platform.file) ?? []);
    for (const [file, { hash, read }] of fresh) cache.store(file, { hash, read, secrets: found.get(file) ?? [] });
    return [...(known ?? []), ...[...found.values()].flat(), ...[...hits.values()].flatMap((hit) => hit.secrets)];
  });
  if (!platform || !platformKey) {
    cache.save();
    return { ok: false, errors: byFile([...errors, ...secrets]) };
  }
  const result = await timePhase('validate', () =>
    validateProject(platform, tenants.sources, {
      reuse: (file) => {
        const validated = hits.get(file)?.validated;
        return validated?.platformKey === platformKey ? validated : undefined;
      },
      onValidated: (file, spec, tenant) => cache.storeValidated(file, { platformKey, spec, tenant }),
    }),
  );
  cache.save();
  // Extensions are platform.ts functions, run afresh on every load, so what they return is scanned every time.
  const outputs = result.ok ? extensionOutputs(platformFile, result.tenants) : undefined;
  if (outputs) secrets.push(...(await scanSecrets([outputs])));
  const all = byFile([...errors, ...(result.ok ? [] : result.errors), ...secrets]);
  return result.ok && !all.length ? result : { ok: false, errors: all };
}

/** Errors grouped by the file they name, platform.ts first, keeping their order within a file. */
function byFile(errors: readonly string[]): string[] {
  const fileOf = (line: string) => line.split(/[: ]/, 1)[0]!;
  const rank = (line: string) => (fileOf(line) === 'platform.ts' ? '' : fileOf(line));
  return errors.map((line, index) => ({ line, index })).sort((a, b) => (rank(a.line) < rank(b.line) ? -1 : rank(a.line) > rank(b.line) ? 1 : a.index - b.index)).map((e) => e.line);
}

/** platform.ts alone, resolved; undefined when it does not load or validate (loadProject says why). */
export async function loadPlatform(root: string, platformFile = 'platform.ts'): Promise<ResolvedPlatform | undefined> {
  const source = await importDefault(root, platformFile, [], PLATFORM_FIX);
  const parsed = source && PlatformSchema.safeParse(source.value);
  return parsed?.success ? resolvePlatform(parsed.data) : undefined;
}

/** Per-file validation results kept from an earlier run (the load cache). */
export interface ValidationReuse {
  /** The spec and tenant validated earlier for this file's current content and this platform, if any. */
  readonly reuse?: (file: string) => { readonly spec: TenantSpec; readonly tenant: ResolvedTenant } | undefined;
  /** Called for each tenant that passed its own checks in this run. */
  readonly onValidated?: (file: string, spec: TenantSpec, tenant: ResolvedTenant) => void;
}

/** Validates every spec, runs the cross-tenant checks and reports all errors at once. */
export function validateProject(platformSource: SourceFile, tenantSources: readonly SourceFile[], reuse: ValidationReuse = {}): ValidationResult {
  const errors: string[] = [];
  const parsedPlatform = PlatformSchema.safeParse(platformSource.value);
  if (!parsedPlatform.success) {
    errors.push(...formatZodIssues(platformSource.file, platformSource.value, PlatformSchema, parsedPlatform.error.issues));
  }
  if (parsedPlatform.success) checkPlatformValues(parsedPlatform.data, (path, message) => errors.push(fieldError(platformSource.file, path, message)));
  const platform = parsedPlatform.success && !errors.length ? resolvePlatform(parsedPlatform.data) : undefined;
  const policy = parsedPlatform.success ? platformPolicy(parsedPlatform.data) : undefined;

  const valid: { file: string; spec: TenantSpec; tenant?: ResolvedTenant }[] = [];
  const templates = (parsedPlatform.success ? parsedPlatform.data.tenantTemplates : undefined) ?? {};
  for (const raw of tenantSources) {
    const known = platform ? reuse.reuse?.(raw.file) : undefined;
    if (known) {
      valid.push({ file: raw.file, ...known });
      continue;
    }
    const templated = applyTemplate(raw.file, raw.value, templates as Record<string, Record<string, unknown>>);
    if ('error' in templated) {
      errors.push(templated.error);
      continue;
    }
    const source = { file: raw.file, value: templated.value };
    const parsed = TenantSchema.safeParse(source.value);
    if (!parsed.success) errors.push(...formatZodIssues(source.file, source.value, TenantSchema, parsed.error.issues));
    else valid.push({ file: source.file, spec: parsed.data });
  }
  if (!platform || !policy) return { ok: false, errors };
  checkPlatformAdmission(platform, (path, message) => errors.push(fieldError(platformSource.file, path, message)));

  const resolved: { file: string; spec: TenantSpec; tenant: ResolvedTenant }[] = [];
  const fileIds = new Map(tenantSources.map((source) => [basename(source.file, '.ts'), source.file]));
  const reserved = platformNamespaces(platform);
  checkExemptions(parsedPlatform.data!.admission, (ns) => reserved.has(ns) || reservedBy(policy, ns) !== undefined, (path, message) => errors.push(fieldError(platformSource.file, path, message)));
  const extensions = parsedPlatform.data!.extensions ?? {};
  for (const { file, spec, tenant: cached } of valid) {
    let tenant = cached;
    if (!tenant) {
      const checked = checkTenant(file, spec, platform, policy, reserved, fileIds);
      errors.push(...checked.errors);
      if (!checked.tenant) continue;
      tenant = checked.tenant;
      // Cached before the extensions: their functions are not in the cache key, so they always run.
      reuse.onValidated?.(file, spec, tenant);
    }
    const extended = applyExtensions(file, spec, tenant, extensions, platform.allowedKinds, platformSource.file);
    errors.push(...extended.errors);
    if (extended.tenant) resolved.push({ file, spec, tenant: extended.tenant });
  }

  errors.push(...checkAcrossTenants(resolved), ...routingClaims(resolved, platform.routingKinds), ...repoClaims(resolved, policy), ...applicationClaims(resolved, platform), ...checkHostnames(resolved));
  errors.push(...checkServiceAccountOwners(resolved), ...checkProjectNames(resolved), ...checkDisplayNames(resolved));
  if (!errors.length) {
    const placed = resolved.filter((r) => r.tenant.status !== 'terminating').map((r) => r.tenant);
    errors.push(...capacityIssues(parsedPlatform.data!, placed).map((issue) => fieldError(platformSource.file, issue.path, issue.message)));
  }
  if (errors.length) return { ok: false, errors };

  const active = resolved.filter((r) => r.tenant.status !== 'terminating');
  return {
    ok: true,
    platform,
    tenants: active.map((r) => r.tenant).sort((a, b) => (a.id < b.id ? -1 : 1)),
    terminating: resolved.filter((r) => r.tenant.status === 'terminating').map((r) => r.tenant.id).sort(),
    specs: new Map(resolved.map((r) => [r.spec.id, r.spec])),
  };
}

/** Checks within one tenant file that zod cannot express field by field; resolves the tenant when they pass. */
function checkTenant(
  file: string,
  spec: TenantSpec,
  platform: ResolvedPlatform,
  policy: PlatformPolicy,
  reserved: ReadonlyMap<string, string>,
  fileIds: ReadonlyMap<string, string>,
): { errors: string[]; tenant?: ResolvedTenant } {
  const errors: string[] = [];
  const error = (path: FieldPath, message: string) => errors.push(fieldError(file, path, message));

  const expectedId = basename(file, '.ts');
  if (spec.id !== expectedId) {
    const owner = fileIds.get(spec.id);
    error(
      ['id'],
      owner
        ? `does not match the file name, got "${spec.id}", which ${owner} already uses; set id: "${expectedId}"`
        : `does not match the file name, got "${spec.id}"; set id: "${expectedId}" or rename the file to ${join(dirname(file), `${spec.id}.ts`).split('\\').join('/')}`,
    );
  }

  if (RESERVED_PROJECTS.includes(spec.id)) {
    error(['id'], `reserved, got "${spec.id}"; the Argo CD projects ${RESERVED_PROJECTS.join(' and ')} belong to the platform, so choose another id and rename the file`);
  }

  const layers: { path: FieldPath; settings: Settings }[] = [
    { path: [], settings: spec },
    ...Object.entries(spec.units ?? {}).map(([unit, settings]) => ({ path: ['units', unit], settings })),
    ...spec.teams.map((team, index) => ({ path: ['teams', index] as FieldPath, settings: team as Settings })),
  ];
  for (const { path, settings } of layers) {
    checkSettingsLayer(path, settings, platform, error);
    checkEndpointSettings(path, settings, platform, error);
    checkQuotaLayer(path, settings.quota, error);
  }
  checkTenantValues(spec, error);

  const teamIds = new Map<string, number>();
  spec.teams.forEach((team, index) => {
    const first = teamIds.get(team.id);
    if (first !== undefined) error(['teams', index, 'id'], `duplicate team id, got "${team.id}" (also teams.${first}.id); give each team its own id`);
    else teamIds.set(team.id, index);
    if (team.unit && !(spec.units && Object.hasOwn(spec.units, team.unit))) {
      const known = Object.keys(spec.units ?? {});
      error(['teams', index, 'unit'], `unknown unit, got "${team.unit}"; declare it under units or use one of: ${known.join(', ') || '(none declared)'}`);
    }
    const environments = team.environments ?? [];
    environments.forEach((env, envIndex) => {
      if (environments.indexOf(env) !== envIndex) error(['teams', index, 'environments', envIndex], `duplicate environment, got "${env}"; list each environment once`);
    });
  });
  checkTeamNaming(spec, platform, error);
  checkAccessEnvironments(spec, error);
  checkRoutingKinds(spec.teams, platform.routingKinds, error);
  for (const issue of tenantPlacementIssues(spec, platform)) error(issue.path, issue.message);
  if (errors.length) return { errors };

  const tenant = resolveTenant(spec, platform);
  for (const ns of tenant.namespaces) {
    checkNamespace(spec, ns, policy, reserved, error);
    checkServiceAccountName(ns, error);
  }
  checkTenantPolicy(spec, tenant, platform, policy, error);
  if (tenant.isolation.quota && spec.quota) checkQuotaBudget(spec.quota, tenant, error);
  checkTenantAdmission(spec, tenant, platform, error);
  return errors.length ? { errors } : { errors, tenant };
}

type ErrorSink = (path: FieldPath, message: string) => void;

function checkSettingsLayer(path: FieldPath, settings: Settings, platform: ResolvedPlatform, error: ErrorSink): void {
  for (const key of Object.keys(settings.labels ?? {})) {
    if (SYSTEM_LABEL_KEYS.includes(key) || /(^|\.)kubernetes\.io\/|(^|\.)k8s\.io\//.test(key)) {
      error([...path, 'labels', key], `reserved label key, got "${key}"; Tenantry and Kubernetes set it, so remove it or use your own prefix such as "example.com/"`);
    }
  }
  const envs: [FieldPath, Record<string, unknown> | null | undefined][] = [
    [[...path, 'env'], settings.env],
    [[...path, 'agent', 'env'], settings.agent?.env],
  ];
  for (const [envPath, env] of envs) {
    for (const name of Object.keys(env ?? {})) {
      if (SYSTEM_ENV_NAMES.includes(name)) {
        error([...envPath, name], `reserved variable, got "${name}"; Tenantry sets ${SYSTEM_ENV_NAMES.join(', ')} itself, so remove it`);
      }
    }
  }
  (settings.network?.sharedServices ?? []).forEach((service, index) => {
    if (!Object.hasOwn(platform.sharedServices, service)) {
      const known = Object.keys(platform.sharedServices);
      error([...path, 'network', 'sharedServices', index], `unknown shared service, got "${service}"; use one of: ${known.join(', ') || '(none declared in platform.ts)'}`);
    }
  });
  const scaling = settings.agent?.autoscaling;
  if (scaling && scaling.minReplicas > scaling.maxReplicas) {
    error([...path, 'agent', 'autoscaling', 'minReplicas'], `is more than maxReplicas (${scaling.maxReplicas}), got ${scaling.minReplicas}; lower minReplicas or raise maxReplicas`);
  }
}

function checkNamespace(spec: TenantSpec, ns: ResolvedNamespace, policy: PlatformPolicy, platformOwned: ReadonlyMap<string, string>, error: ErrorSink): void {
  const teamPath: FieldPath = ['teams', ns.teamIndex];
  const nameField = namespaceField(spec, ns);
  const names: [string, string, FieldPath][] = [['namespace', ns.name, nameField]];
  if (ns.agent.mode === 'dedicated') names.push(['dedicated agent name', dedicatedAgentName(spec.id, ns.team), [...teamPath, 'id']]);
  for (const [what, name, path] of names) {
    if (name.length > NAME_LIMIT) {
      const fix = path === nameField && ns.ownName ? 'shorten the name' : `shorten the tenant or team id${ns.environment ? ' or environment' : ''}`;
      error(path, `${what} "${name}" is ${name.length} characters, more than ${NAME_LIMIT}; ${fix}`);
    }
  }
  // Reserved globs are reported by checkTenantPolicy; a platform namespace they miss is reported here.
  if (!reservedBy(policy, ns.name) && platformOwned.has(ns.name)) {
    error(nameField, `namespace "${ns.name}" is a platform namespace (${platformOwned.get(ns.name)}); ${ns.ownName ? 'choose another name' : 'choose another tenant or team id'}`);
  }
  const agent = ns.agent;
  if (agent.mode === 'dedicated') {
    for (const resource of ['cpu', 'memory'] as const) {
      if (parseQuantity(agent.requests[resource]) > parseQuantity(agent.limits[resource])) {
        error([...teamPath, 'agent', 'requests', resource], `request is more than the limit agent.${resource} "${agent.limits[resource]}", got "${agent.requests[resource]}"; lower the request or raise the limit`);
      }
    }
  }
  const limitRange = ns.limitRange;
  for (const resource of ['cpu', 'memory'] as const) {
    const request = limitRange?.defaultRequest?.[resource];
    const limit = limitRange?.default?.[resource];
    const max = limitRange?.max?.[resource];
    if (request && limit && parseQuantity(request) > parseQuantity(limit)) {
      error([...teamPath, 'limitRange', 'defaultRequest', resource], `default request is more than the default limit "${limit}", got "${request}"; lower the request or raise limitRange.default.${resource}`);
    }
    if (limit && max && parseQuantity(limit) > parseQuantity(max)) {
      error([...teamPath, 'limitRange', 'default', resource], `default limit is more than limitRange.max.${resource} "${max}", got "${limit}"; lower the default or raise the max`);
    }
  }
}

/** Namespaces and ids must each belong to exactly one place (routing identifiers: routing.ts). */
function checkAcrossTenants(resolved: readonly { file: string; spec: TenantSpec; tenant: ResolvedTenant }[]): string[] {
  const errors: string[] = [];
  const claims = new Map<string, string>();
  const claim = (key: string, file: string, path: FieldPath, what: string, fix: string) => {
    const first = claims.get(key);
    if (first) errors.push(fieldError(file, path, `${what} is already claimed by ${first}; ${fix}`));
    else claims.set(key, `${file} (${path.join('.')})`);
  };
  for (const { file, spec, tenant } of resolved) {
    claim(`id:${spec.id}`, file, ['id'], `tenant id "${spec.id}"`, 'choose a unique id');
    for (const ns of tenant.namespaces) {
      const fix = ns.ownName ? 'choose another namespace name' : 'rename the team or the tenant so the composed names differ';
      claim(`ns:${ns.name}`, file, namespaceField(spec, ns), `namespace "${ns.name}"`, fix);
    }
  }
  return errors;
}
