import { describe, expect, it } from 'vitest';
import { validateProject } from '../../lib/spec/loader';
import { PLATFORM } from '../support/arbitraries';

/* Synth-time checks behind the admission policies, through the loader that runs them. */

const tenant = (id: string, extra: Record<string, unknown> = {}) => ({
  file: `tenants/${id}.ts`,
  value: { id, name: id, owner: `lead@${id}.example`, isolation: 'soft', teams: [{ id: 'web' }], ...extra },
});
const platform = (admission?: Record<string, unknown>) => ({ file: 'platform.ts', value: { ...PLATFORM, ...(admission ? { admission } : {}) } });
const errors = (result: ReturnType<typeof validateProject>) => (result.ok ? [] : result.errors);

describe('admission checks', () => {
  it('accepts distinct hostnames and registries within the platform list', () => {
    // GIVEN two tenants with their own hosts, one narrowing the registries
    const result = validateProject(platform({ allowedRegistries: ['ghcr.io/acme', 'ghcr.io/tenantry'] }), [
      tenant('acme', { hostnames: ['shop.acme.example'], registries: ['ghcr.io/acme'] }),
      tenant('globex', { hostnames: ['*.globex.example'] }),
    ]);
    // WHEN the project is validated
    // THEN it loads
    expect(errors(result)).toEqual([]);
  });

  it('fails when two tenants claim one hostname, or one falls under the other\'s wildcard', () => {
    // GIVEN acme and globex both claiming shop.example, and globex's *.acme.example over acme's api.acme.example
    const result = validateProject(platform(), [
      tenant('acme', { hostnames: ['shop.example', 'api.acme.example'] }),
      tenant('globex', { hostnames: ['shop.example', '*.acme.example'] }),
    ]);
    // WHEN the project is validated
    // THEN each clash is one line naming both files
    expect(errors(result)).toEqual([
      'tenants/globex.ts: hostnames.0 — "shop.example" is already claimed by tenants/acme.ts (hostnames.0); each host name belongs to one tenant only',
      'tenants/acme.ts: hostnames.1 — "api.acme.example" falls under "*.acme.example", which tenants/globex.ts (hostnames.1) claims; each host name belongs to one tenant only',
    ]);
  });

  it('fails when a tenant widens the platform\'s registries or its agent image is outside them', () => {
    // GIVEN a platform allowing ghcr.io/tenantry only, a tenant listing docker.io, and one whose dedicated agent comes from elsewhere
    const result = validateProject(platform({ allowedRegistries: ['ghcr.io/tenantry'] }), [
      tenant('acme', { registries: ['docker.io/acme'] }),
      tenant('globex', { teams: [{ id: 'web', agent: { mode: 'dedicated', image: 'quay.io/globex/agent:1.0.0' } }] }),
    ]);
    // WHEN the project is validated
    // THEN both are named with the fix
    expect(errors(result)).toEqual([
      'tenants/acme.ts: registries.0 — "docker.io/acme" is outside the platform\'s admission.allowedRegistries (ghcr.io/tenantry); a tenant may only narrow that list',
      'tenants/globex.ts: teams.0.agent.image — "quay.io/globex/agent:1.0.0" is not from the allowed registries (ghcr.io/tenantry), so admission would refuse its pods; use an image from one of them',
    ]);
  });

  it('fails when the platform allows a system priority class or its own agent image is not allowed', () => {
    // GIVEN system-node-critical allowed, then a registry list without the agent's registry
    const system = validateProject(platform({ priorityClasses: ['system-node-critical'] }), [tenant('acme')]);
    const image = validateProject(platform({ allowedRegistries: ['registry.example.com'] }), [tenant('acme')]);
    // WHEN each is validated
    // THEN each problem is named
    expect(errors(system)).toEqual(['platform.ts: admission.priorityClasses.0 — the system priority classes preempt every tenant, got "system-node-critical"; remove it']);
    expect(errors(image)[0]).toMatch(/^platform\.ts: agent\.image — ".*" is not from admission\.allowedRegistries \(registry\.example\.com\); add its registry or use an allowed image$/);
  });

  it('accepts exempt identities of platform and reserved namespaces and named users', () => {
    // GIVEN the ingress controller's ServiceAccount, kube-system's group, a reserved namespace and a person
    const result = validateProject(
      platform({ exemptUsers: ['system:serviceaccount:ingress-nginx:ingress-nginx', 'system:serviceaccount:cert-manager:cert-manager', 'ops@platform.example'], exemptGroups: ['system:serviceaccounts:kube-system', 'platform-admins'] }),
      [tenant('acme')],
    );
    // WHEN the project is validated
    // THEN it loads
    expect(errors(result)).toEqual([]);
  });

  it('fails when an exempt identity is in a namespace a tenant could own', () => {
    // GIVEN acme-web's deployer exempted, though acme-web is acme's
    const result = validateProject(platform({ exemptUsers: ['system:serviceaccount:acme-web:deployer'] }), [tenant('acme')]);
    // WHEN the project is validated
    // THEN the platform's field is named with the fix
    expect(errors(result)).toEqual([
      'platform.ts: admission.exemptUsers.0 — "system:serviceaccount:acme-web:deployer" is a ServiceAccount of namespace "acme-web", which is neither a platform namespace nor reserved, so a tenant could own it; exempt only identities of platform or reserved namespaces',
    ]);
  });
});
