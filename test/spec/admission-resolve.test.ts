import { describe, expect, it } from 'vitest';
import { resolveAdmission } from '../../lib/spec/admission-resolve';
import { PlatformSchema } from '../../lib/spec/schema';

const GITOPS = { repoURL: 'https://github.com/example-org/fleet.git', revision: 'main', path: 'dist' };

describe('resolveAdmission', () => {
  it('leaves every dimension unrestricted without an admission block', () => {
    // GIVEN an empty platform
    // WHEN admission is resolved
    const admission = resolveAdmission(PlatformSchema.parse({}));
    // THEN no list restricts, no priority class is allowed and no controller is exempt
    expect(admission.allowedRegistries).toBeUndefined();
    expect(admission.storageClasses).toBeUndefined();
    expect(admission.ingressClasses).toBeUndefined();
    expect(admission.priorityClasses).toEqual([]);
    expect(admission.exempt.users).toEqual(['system:kube-controller-manager', 'system:kube-scheduler']);
  });

  it('sorts and deduplicates the lists', () => {
    // GIVEN lists out of order with repeats
    const spec = PlatformSchema.parse({ admission: { allowedRegistries: ['quay.io', 'ghcr.io/acme', 'quay.io'], storageClasses: ['gp3', 'gp2'], ingressClasses: ['nginx'], priorityClasses: ['low', 'high', 'low'] } });
    // WHEN admission is resolved
    const admission = resolveAdmission(spec);
    // THEN each list is sorted once
    expect(admission.allowedRegistries).toEqual(['ghcr.io/acme', 'quay.io']);
    expect(admission.storageClasses).toEqual(['gp2', 'gp3']);
    expect(admission.ingressClasses).toEqual(['nginx']);
    expect(admission.priorityClasses).toEqual(['high', 'low']);
  });

  it('exempts the controllers of the engine in use, in the default namespaces', () => {
    // GIVEN each engine without namespaces
    const users = (engine: string) => resolveAdmission(PlatformSchema.parse({ gitops: { engine, ...GITOPS } })).exempt.users.filter((u) => u.startsWith('system:serviceaccount:'));
    // WHEN admission is resolved
    // THEN only that engine's controllers are exempt
    expect(users('argocd')).toEqual(['system:serviceaccount:argocd:argocd-application-controller']);
    expect(users('flux')).toEqual(['system:serviceaccount:flux-system:kustomize-controller', 'system:serviceaccount:flux-system:source-controller']);
    expect(users('both')).toHaveLength(3);
  });

  it('uses the platform gitops namespaces and further exempt identities', () => {
    // GIVEN custom namespaces and extra identities
    const spec = PlatformSchema.parse({ gitops: { engine: 'both', ...GITOPS, argocdNamespace: 'cd', fluxNamespace: 'flux' }, admission: { exemptUsers: ['ci-bot'], exemptGroups: ['ops'] } });
    // WHEN admission is resolved
    const { exempt } = resolveAdmission(spec);
    // THEN the namespaces and extras appear
    expect(exempt.users).toEqual(['ci-bot', 'system:kube-controller-manager', 'system:kube-scheduler', 'system:serviceaccount:cd:argocd-application-controller', 'system:serviceaccount:flux:kustomize-controller', 'system:serviceaccount:flux:source-controller']);
    expect(exempt.groups).toEqual(['ops', 'system:masters', 'system:nodes']);
  });
});
