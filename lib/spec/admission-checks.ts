/*
 * Synth-time checks behind the admission policies: what Tenantry itself writes must pass
 * them, a tenant may only narrow the platform's lists, and each hostname has one owner.
 */
import type { FieldPath } from './errors';
import { imageAllowed } from './admission-names';
import type { ResolvedPlatform, ResolvedTenant } from './resolve';
import type { TenantSpec } from './schema';

type ErrorSink = (path: FieldPath, message: string) => void;

/** The platform's own agent image must pass the pod policy it ships. */
export function checkPlatformAdmission(platform: ResolvedPlatform, error: ErrorSink): void {
  const registries = platform.admission.allowedRegistries;
  if (registries && !imageAllowed(platform.agent.image, registries)) {
    error(['agent', 'image'], `"${platform.agent.image}" is not from admission.allowedRegistries (${registries.join(', ')}); add its registry or use an allowed image`);
  }
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
