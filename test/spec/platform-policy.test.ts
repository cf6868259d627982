import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseRepo, platformPolicy, reservedBy } from '../../lib/spec/platform-policy';
import { PlatformSchema } from '../../lib/spec/schema';

/* What the platform keeps for itself: reserved namespace globs, guardrails, one key per repository. */

describe('normaliseRepo', () => {
  it('gives one key to the spellings of one repository', () => {
    // GIVEN one repository spelt six ways
    const spellings = [
      'https://github.com/acme/apps.git',
      'https://GitHub.com/Acme/Apps',
      'https://github.com/acme/apps/',
      'https://github.com/acme/apps.git/',
      'ssh://git@github.com/acme/apps.git',
      'ssh://git@github.com:22/acme/apps',
    ];

    // WHEN they are normalised
    // THEN all give the same key
    expect(new Set(spellings.map(normaliseRepo))).toEqual(new Set(['github.com/acme/apps']));
  });

  it('keeps different repositories, hosts and ports apart', () => {
    // GIVEN repositories that differ in path, host or a non-default port
    const urls = ['https://github.com/acme/apps', 'https://github.com/acme/apps-2', 'https://gitlab.com/acme/apps', 'https://git.example.com:8443/acme/apps'];

    // WHEN they are normalised
    // THEN the keys differ
    expect(new Set(urls.map(normaliseRepo)).size).toBe(urls.length);
  });

  it('is unchanged by case, a user, a trailing slash or .git (property)', () => {
    // GIVEN any owner and name
    const part = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/);
    fc.assert(
      fc.property(part, part, fc.boolean(), fc.boolean(), fc.boolean(), (owner, name, upper, dotGit, slash) => {
        // WHEN a spelling varies case, scheme, .git and a trailing slash
        let url = `${upper ? 'ssh://git@GITHUB.com' : 'https://github.com'}/${owner}/${name}${dotGit ? '.git' : ''}${slash ? '/' : ''}`;
        if (upper) url = url.toUpperCase().replace('SSH://GIT@', 'ssh://git@');

        // THEN it normalises to the plain form
        expect(normaliseRepo(url)).toBe(`github.com/${owner}/${name}`);
      }),
    );
  });
});

describe('platformPolicy', () => {
  it('reserves the system namespaces by default, and Kubernetes\' own always', () => {
    // GIVEN a platform without reservedNamespaces, and one that replaces them
    const defaults = platformPolicy(PlatformSchema.parse({}));
    const custom = platformPolicy(PlatformSchema.parse({ reservedNamespaces: ['vault'] }));

    // WHEN names are looked up
    // THEN the defaults cover cert-manager and istio-*, and kube-* and default stay reserved
    expect(['cert-manager', 'istio-system', 'kube-public', 'default', 'acme-api'].map((ns) => reservedBy(defaults, ns))).toEqual(['cert-manager', 'istio-*', 'kube-*', 'default', undefined]);
    expect(['cert-manager', 'vault', 'kube-system'].map((ns) => reservedBy(custom, ns))).toEqual([undefined, 'vault', 'kube-*']);
  });

  it('fills the guardrails from the defaults and keeps the fleet repository', () => {
    // GIVEN a platform that raises one guardrail and names a fleet repository
    const policy = platformPolicy(
      PlatformSchema.parse({ guardrails: { podSecurity: 'restricted' }, gitops: { engine: 'flux', repoURL: 'https://github.com/org/fleet.git', revision: 'main', path: 'dist' } }),
    );

    // WHEN its policy is read
    // THEN the other guardrails keep their defaults
    expect(policy.guardrails).toEqual({ quota: true, limitRange: true, podSecurity: 'restricted', network: 'deny-ingress' });
    expect(policy.fleetRepo).toBe('github.com/org/fleet');
  });
});
