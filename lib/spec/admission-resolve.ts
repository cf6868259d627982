/* The platform's admission settings, resolved: sorted lists and the identities the policies exempt. */
import { exemptIdentities, type ExemptIdentities } from './admission-names';
import { type PlatformSpec } from './schema';
import { DEFAULTS } from './defaults';

/** What the admission policies allow; an absent list means that dimension is not restricted. */
export interface ResolvedAdmission {
  readonly allowedRegistries?: readonly string[];
  readonly storageClasses?: readonly string[];
  readonly ingressClasses?: readonly string[];
  readonly priorityClasses: readonly string[];
  readonly exempt: ExemptIdentities;
}

export function resolveAdmission(spec: PlatformSpec): ResolvedAdmission {
  const admission = spec.admission ?? {};
  const sorted = (list: readonly string[] | undefined) => list && [...new Set(list)].sort();
  const engine = spec.gitops?.engine;
  return {
    allowedRegistries: sorted(admission.allowedRegistries),
    storageClasses: sorted(admission.storageClasses),
    ingressClasses: sorted(admission.ingressClasses),
    priorityClasses: sorted(admission.priorityClasses) ?? [],
    exempt: exemptIdentities({
      argocdNamespace: engine && engine !== 'flux' ? (spec.gitops?.argocdNamespace ?? DEFAULTS.gitops.argocdNamespace) : undefined,
      fluxNamespace: engine && engine !== 'argocd' ? (spec.gitops?.fluxNamespace ?? DEFAULTS.gitops.fluxNamespace) : undefined,
      users: admission.exemptUsers,
      groups: admission.exemptGroups,
    }),
  };
}
