/*
 * Values as Kubernetes and Git read them, checked at synth time rather than by the API
 * server later: memory in whole bytes, cpu in cores, label keys and values, names and
 * repository paths within their limits.
 */
import { renderValue, type FieldPath } from './errors';
import { parseQuantity, QUANTITY_PATTERN } from './quantity';
import type { PlatformSpec, Settings, TenantSpec } from './schema';

type ErrorSink = (path: FieldPath, message: string) => void;

/** A display name longer than this is a mistake (it is written into every namespace's config). */
export const DISPLAY_NAME_LIMIT = 100;
/** RBAC subject and Secret key names: a DNS subdomain's length. */
const SUBJECT_LIMIT = 253;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

export function checkTenantValues(spec: TenantSpec, error: ErrorSink): void {
  if (spec.name.length > DISPLAY_NAME_LIMIT || CONTROL.test(spec.name)) {
    error(['name'], `expected a display name of at most ${DISPLAY_NAME_LIMIT} characters on one line, got ${spec.name.length} characters ${renderValue(spec.name)}; shorten it`);
  }
  if (spec.owner.length > 254) error(['owner'], `expected an e-mail address of at most 254 characters, got ${spec.owner.length}; shorten it`);
  if (spec.quota) checkQuota(['quota'], spec.quota, error);
  checkSettings([], spec, error);
  for (const [unit, settings] of Object.entries(spec.units ?? {})) checkSettings(['units', unit], settings, error);
  spec.teams.forEach((team, index) => {
    const path: FieldPath = ['teams', index];
    checkSettings(path, team as Settings, error);
    (team.access ?? []).forEach((entry, i) => {
      const [field, subject] = 'group' in entry ? ['group', entry.group] : 'user' in entry ? ['user', entry.user] : ['serviceAccount', entry.serviceAccount];
      if (subject.length > SUBJECT_LIMIT || CONTROL.test(subject)) {
        error([...path, 'access', i, field], `expected a ${field} name of at most ${SUBJECT_LIMIT} characters on one line, got ${renderValue(subject)}; shorten it`);
      }
    });
    if (team.deploy) {
      if (team.deploy.path !== undefined) checkGitPath([...path, 'deploy', 'path'], team.deploy.path, error);
      if (team.deploy.branch !== undefined) checkGitRef([...path, 'deploy', 'branch'], team.deploy.branch, error);
    }
  });
}

export function checkPlatformValues(spec: PlatformSpec, error: ErrorSink): void {
  if (spec.defaults) checkSettings(['defaults'], spec.defaults, error);
  if (spec.gitops) {
    checkGitPath(['gitops', 'path'], spec.gitops.path, error);
    checkGitRef(['gitops', 'revision'], spec.gitops.revision, error);
  }
  const selectors: [FieldPath, Record<string, string> | undefined][] = [
    [['ingress', 'podSelector'], spec.ingress?.podSelector],
    [['monitoring', 'podSelector'], spec.monitoring?.podSelector],
    [['dns', 'podSelector'], spec.dns?.podSelector],
    ...Object.entries(spec.sharedServices ?? {}).map(([name, s]): [FieldPath, Record<string, string> | undefined] => [['sharedServices', name, 'podSelector'], s.podSelector]),
    ...Object.entries(spec.components ?? {}).map(([name, c]): [FieldPath, Record<string, string> | undefined] => [['components', name, 'podSelector'], c.podSelector]),
  ];
  for (const [path, selector] of selectors) checkLabels(path, selector, error);
}

function checkSettings(path: FieldPath, settings: Settings, error: ErrorSink): void {
  if (settings.quota) checkQuota([...path, 'quota'], settings.quota, error);
  for (const part of ['defaultRequest', 'default', 'max'] as const) {
    const pair = settings.limitRange?.[part];
    quantity([...path, 'limitRange', part, 'cpu'], pair?.cpu, 'cpu', error);
    quantity([...path, 'limitRange', part, 'memory'], pair?.memory, 'bytes', error);
  }
  const agent = settings.agent;
  quantity([...path, 'agent', 'cpu'], agent?.cpu, 'cpu', error);
  quantity([...path, 'agent', 'memory'], agent?.memory, 'bytes', error);
  quantity([...path, 'agent', 'requests', 'cpu'], agent?.requests?.cpu, 'cpu', error);
  quantity([...path, 'agent', 'requests', 'memory'], agent?.requests?.memory, 'bytes', error);
  checkLabels([...path, 'labels'], settings.labels, error);
  checkLabels([...path, 'agent', 'nodeSelector'], agent?.nodeSelector, error);
  for (const [where, tolerations] of [[[...path, 'agent', 'tolerations'], agent?.tolerations], [[...path, 'nodes', 'tolerations'], settings.nodes?.tolerations]] as const) {
    (tolerations ?? []).forEach((toleration, i) => {
      labelKey([...where, i, 'key'], toleration.key, error);
      if (toleration.value) labelValue([...where, i, 'value'], toleration.value, error);
    });
  }
  checkLabels([...path, 'nodes', 'nodeSelector'], settings.nodes?.nodeSelector, error);
  checkLabels([...path, 'serviceMonitor', 'selector'], settings.serviceMonitor?.selector, error);
  for (const [envPath, env] of [[[...path, 'env'], settings.env], [[...path, 'agent', 'env'], agent?.env]] as const) {
    for (const [name, value] of Object.entries(env ?? {})) {
      if (!value || typeof value === 'string') continue;
      const ref = 'secretKeyRef' in value ? ['secretKeyRef', value.secretKeyRef.key] : ['configMapKeyRef', value.configMapKeyRef.key];
      if (!CONFIG_KEY.test(ref[1]!) || ref[1]!.length > SUBJECT_LIMIT) {
        error([...envPath, name, ref[0]!, 'key'], `expected a key of letters, digits, "-", "_" or "." (at most ${SUBJECT_LIMIT}), got ${renderValue(ref[1])}; use the key's name in the ${ref[0] === 'secretKeyRef' ? 'Secret' : 'ConfigMap'}`);
      }
    }
  }
}

function checkQuota(path: FieldPath, quota: NonNullable<Settings['quota']>, error: ErrorSink): void {
  quantity([...path, 'cpu'], quota.cpu, 'cpu', error);
  quantity([...path, 'memory'], quota.memory, 'bytes', error);
  quantity([...path, 'storage'], quota.storage, 'bytes', error);
}

/** Memory and storage are whole bytes ("512m" is half a byte); cpu is cores, to a precision of 1m ("4Gi" is four billion cores). */
export function quantity(path: FieldPath, value: string | null | undefined, kind: 'cpu' | 'bytes', error: ErrorSink): void {
  if (typeof value !== 'string' || !QUANTITY_PATTERN.test(value)) return;
  const suffix = QUANTITY_PATTERN.exec(value)![3] ?? '';
  const number = value.slice(0, value.length - suffix.length);
  if (kind === 'bytes') {
    if (suffix === 'm') {
      error(path, `"m" means thousandths, so ${renderValue(value)} is ${Number(number) / 1000} bytes; write "${number}Mi" (mebibytes) or "${number}M" (megabytes)`);
    } else if (!Number.isInteger(Math.round(parseQuantity(value) * 1e6) / 1e6)) {
      error(path, `is not a whole number of bytes, got ${renderValue(value)}; use a larger unit, such as "${number}Mi" instead of "${number}"`);
    }
    return;
  }
  if (suffix !== '' && suffix !== 'm') {
    error(path, `cpu is counted in cores, so ${renderValue(value)} is ${parseQuantity(value).toExponential(2)} cores; write "${number}" (cores) or "${number}m" (thousandths of a core)`);
  } else if (parseQuantity(value) > 0 && parseQuantity(value) < 0.001) {
    error(path, `is less than the smallest cpu Kubernetes counts (1m), got ${renderValue(value)}; write "1m" or more`);
  } else if (suffix === 'm' && !Number.isInteger(Number(number))) {
    error(path, `cpu has a precision of 1m, got ${renderValue(value)}; write a whole number of millicores such as "${Math.ceil(Number(number))}m"`);
  }
}

function checkLabels(path: FieldPath, labels: Readonly<Record<string, string | null>> | null | undefined, error: ErrorSink): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    labelKey([...path, key], key, error);
    if (typeof value === 'string') labelValue([...path, key], value, error);
  }
}

/** `[prefix/]name`: a DNS subdomain of at most 253 characters, and a name of at most 63. */
function labelKey(path: FieldPath, key: string, error: ErrorSink): void {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !LABEL_PREFIX.test(prefix))) {
    error(path, `the label key's prefix must be a DNS subdomain of at most 253 characters, got ${prefix.length} characters ${renderValue(prefix)}; use a domain you own such as "example.com/"`);
  } else if (name.length > 63 || !LABEL_NAME.test(name)) {
    error(path, `expected a label key name of at most 63 letters, digits, "-", "_" or ".", got ${renderValue(name)}; shorten or rename it`);
  }
}

function labelValue(path: FieldPath, value: string, error: ErrorSink): void {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    error(path, `expected a label value of at most 63 letters, digits, "-", "_" or ".", got ${renderValue(value)}; shorten it`);
  }
}

/** A folder inside the repository: relative, no "..", no backslashes or control characters. */
function checkGitPath(path: FieldPath, value: string, error: ErrorSink): void {
  const segments = value.split('/');
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value)) {
    error(path, `expected a folder inside the repository, got the absolute path ${renderValue(value)}; write it relative to the repository root, such as "./clusters"`);
  } else if (segments.includes('..')) {
    error(path, `expected a folder inside the repository, got ${renderValue(value)}, which leaves it through ".."; write it relative to the repository root without ".."`);
  } else if (value.includes('\\') || CONTROL.test(value) || value.length > 255) {
    error(path, `expected a folder path of at most 255 characters with "/" between folders, got ${renderValue(value)}; write it such as "./clusters"`);
  }
}

/** A branch or ref name as `git check-ref-format` accepts it. */
function checkGitRef(path: FieldPath, value: string, error: ErrorSink): void {
  const bad =
    value.length > 255 ||
    CONTROL.test(value) ||
    /[\s~^:?*[\\]|\.\.|@\{|\/\/|^[-/.]|[/.]$|\.lock$|\/\./.test(value) ||
    value === '@';
  if (bad) error(path, `expected a Git branch or ref such as "main" or "release/1.2", got ${renderValue(value)}; git check-ref-format lists the rules`);
}
