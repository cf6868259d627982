/*
 * Synth-time checks behind the admission policies: what Tenantry itself writes must pass
 * them, a tenant may only narrow the platform's lists, and each hostname has one owner.
 */
import type { FieldPath } from './errors';
import { imageAllowed } from './admission-names';
import type { ResolvedPlatform, ResolvedTenant } from './resolve';
import type { AdmissionSpec } from './admission-schema';
import type { TenantSpec } from './schema';

type ErrorSink = (path: FieldPath, message: string) => void;

/** The platform's own agent image must pass the pod policy it ships. */
export function checkPlatformAdmission(platform: ResolvedPlatform, error: ErrorSink): void {
  const registries = platform.admission.allowedRegistries;
  if (registries && !imageAllowed(platform.agent.image, registries)) {
    error(['agent', 'image'], `"${platform.agent.image}" is not from admission.allowedRegistries (${registries.join(', ')}); add its registry or use an allowed image`);
  }
}

/** Groups that hold every user or every ServiceAccount: exempting one switches the policies off. */
const EVERYONE = new Map([
  ['system:authenticated', 'every signed-in user'],
  ['system:unauthenticated', 'every anonymous request'],
  ['system:serviceaccounts', 'every ServiceAccount, tenants\' included'],
]);

/**
 * Exempt identities must be the platform's: a ServiceAccount (or the ServiceAccounts group) of a
 * namespace a tenant could own would let that tenant change its own guardrails at run time.
 */
export function checkExemptions(admission: AdmissionSpec | undefined, isPlatformNamespace: (namespace: string) => boolean, error: ErrorSink): void {
  const tenantNamespace = (namespace: string) => `a ServiceAccount of namespace "${namespace}", which is neither a platform namespace nor reserved, so a tenant could own it; exempt only identities of platform or reserved namespaces`;
  (admission?.exemptUsers ?? []).forEach((user, index) => {
    const namespace = /^system:serviceaccount:([^:]+):[^:]+$/.exec(user)?.[1];
    if (user === 'system:anonymous') error(['admission', 'exemptUsers', index], `"${user}" is every anonymous request; exempting it switches the admission policies off; remove it`);
    else if (namespace && !isPlatformNamespace(namespace)) error(['admission', 'exemptUsers', index], `"${user}" is ${tenantNamespace(namespace)}`);
  });
  (admission?.exemptGroups ?? []).forEach((group, index) => {
    const namespace = /^system:serviceaccounts:([^:]+)$/.exec(group)?.[1];
    const everyone = EVERYONE.get(group);
    if (everyone) error(['admission', 'exemptGroups', index], `"${group}" is ${everyone}; exempting it switches the admission policies off; remove it`);
    else if (namespace && !isPlatformNamespace(namespace)) error(['admission', 'exemptGroups', index], `"${group}" is every ${tenantNamespace(namespace).slice(2)}`);
  });
}

/** A tenant's registries stay within the platform's, and its dedicated agents use them. */
export function checkTenantAdmission(spec: TenantSpec, tenant: ResolvedTenant, platform: ResolvedPlatform, error: ErrorSink): void {
  const platformList = platform.admission.allowedRegistries;
  (spec.registries ?? []).forEach((registry, index) => {
    if (platformList && !platformList.some((allowed) => registry === allowed || registry.startsWith(`${allowed}/`))) {
      error(['registries', index], `"${registry}" is outside the platform's admission.allowedRegistries (${platformList.join(', ')}); a tenant may only narrow that list`);
    }
  });
  const effective = tenant.registries ?? platformList;
  if (!effective || tenant.status === 'pending') return;
  const reported = new Set<number>();
  for (const ns of tenant.namespaces) {
    if (ns.agent.mode !== 'dedicated' || reported.has(ns.teamIndex) || imageAllowed(ns.agent.image, effective)) continue;
    reported.add(ns.teamIndex);
    error(['teams', ns.teamIndex, 'agent', 'image'], `"${ns.agent.image}" is not from the allowed registries (${effective.join(', ')}), so admission would refuse its pods; use an image from one of them`);
  }
}

/**
 * Hostnames across tenants: each host has one owner, and a wildcard `*.d` of one tenant
 * may not cover another tenant's `<label>.d`.
 */
export function checkHostnames(resolved: readonly { file: string; spec: TenantSpec }[]): string[] {
  const owners = new Map<string, { file: string; index: number; tenant: string }>();
  const errors: string[] = [];
  const at = (file: string, index: number) => `${file}: hostnames.${index}`;
  for (const { file, spec } of resolved) {
    (spec.hostnames ?? []).forEach((host, index) => {
      const first = owners.get(host);
      if (first && first.tenant !== spec.id) errors.push(`${at(file, index)} — "${host}" is already claimed by ${first.file} (hostnames.${first.index}); each host name belongs to one tenant only`);
      else if (!first) owners.set(host, { file, index, tenant: spec.id });
    });
  }
  for (const [host, owner] of owners) {
    const parent = host.startsWith('*.') ? undefined : `*.${host.slice(host.indexOf('.') + 1)}`;
    const wildcard = parent ? owners.get(parent) : undefined;
    if (wildcard && wildcard.tenant !== owner.tenant) {
      errors.push(`${at(owner.file, owner.index)} — "${host}" falls under "${parent}", which ${wildcard.file} (hostnames.${wildcard.index}) claims; each host name belongs to one tenant only`);
    }
  }
  return errors;
}
