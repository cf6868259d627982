import { describe, expect, it } from 'vitest';
import { ADMISSION_POLICIES, exemptIdentities, imageAllowed, joinList } from '../../lib/spec/admission-names';

describe('ADMISSION_POLICIES', () => {
  it('names every policy distinctly with the tenantry- prefix', () => {
    // GIVEN the policy names
    const names = Object.values(ADMISSION_POLICIES);
    // WHEN they are compared
    // THEN none repeats and each is prefixed
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^tenantry-[a-z-]+$/);
  });
});

describe('exemptIdentities', () => {
  it('exempts only kubernetes itself without gitops namespaces', () => {
    // GIVEN no options
    // WHEN the identities are resolved
    const exempt = exemptIdentities({});
    // THEN they are the control plane, masters, nodes and kube-system controllers
    expect(exempt).toEqual({
      users: ['system:kube-controller-manager', 'system:kube-scheduler'],
      groups: ['system:masters', 'system:nodes'],
      userPrefixes: ['system:serviceaccount:kube-system:'],
    });
  });

  it('adds the argo cd controller and both flux controllers of their namespaces', () => {
    // GIVEN both engines in their namespaces
    // WHEN the identities are resolved
    const exempt = exemptIdentities({ argocdNamespace: 'argocd', fluxNamespace: 'flux-system' });
    // THEN the controllers that apply dist/ and set finalizers are exempt, sorted
    expect(exempt.users).toEqual([
      'system:kube-controller-manager',
      'system:kube-scheduler',
      'system:serviceaccount:argocd:argocd-application-controller',
      'system:serviceaccount:flux-system:kustomize-controller',
      'system:serviceaccount:flux-system:source-controller',
    ]);
  });

  it('sorts and deduplicates further users and groups', () => {
    // GIVEN repeated extra identities, one already exempt
    // WHEN the identities are resolved
    const exempt = exemptIdentities({ users: ['ci-bot', 'ci-bot', 'system:kube-scheduler'], groups: ['system:nodes', 'platform-admins'] });
    // THEN each appears once, in order
    expect(exempt.users).toEqual(['ci-bot', 'system:kube-controller-manager', 'system:kube-scheduler']);
    expect(exempt.groups).toEqual(['platform-admins', 'system:masters', 'system:nodes']);
  });
});

describe('joinList', () => {
  it('joins with commas and keeps the order', () => {
    // GIVEN a list out of order, and an empty one
    // WHEN joined
    // THEN the values are comma-separated as given
    expect(joinList(['b', 'a'])).toBe('b,a');
    expect(joinList([])).toBe('');
  });
});

describe('imageAllowed', () => {
  it('allows an image under a registry path only up to a "/"', () => {
    // GIVEN one allowed registry path
    const registries = ['ghcr.io/acme'];
    // WHEN images are checked
    // THEN only images below the path pass, not lookalike prefixes
    expect(imageAllowed('ghcr.io/acme/web:1.0', registries)).toBe(true);
    expect(imageAllowed('ghcr.io/acme-evil/web:1.0', registries)).toBe(false);
    expect(imageAllowed('ghcr.io/acme', registries)).toBe(false);
    expect(imageAllowed('docker.io/library/nginx', registries)).toBe(false);
  });

  it('allows nothing with no registries', () => {
    // GIVEN an empty list
    // WHEN an image is checked
    // THEN it is refused
    expect(imageAllowed('ghcr.io/acme/web', [])).toBe(false);
  });
});
