import { describe, expect, it } from 'vitest';
import { validateProject } from '../../lib/spec/loader';

/* The platform's rules across tenant files; the bad-input and hostile corpora hold the end-to-end cases. */

const PLATFORM = { file: 'platform.ts', value: { ingress: { namespace: 'ingress-nginx', ports: [8000] } } };
const tenant = (id: string, extra: Record<string, unknown> = {}) => ({
  file: `tenants/${id}.ts`,
  value: { id, name: id, owner: `lead@${id}.example`, isolation: 'soft', teams: [{ id: 'api' }], ...extra },
});
const errorsOf = (result: ReturnType<typeof validateProject>) => (result.ok ? [] : result.errors);

describe('tenant policy', () => {
  it('lets one tenant list its repository twice, in repos and in a deploy', () => {
    // GIVEN a tenant whose deploy uses a repository it lists, spelt another way
    const acme = tenant('acme', { repos: ['https://github.com/acme/apps.git'], teams: [{ id: 'api', deploy: { repo: 'ssh://git@github.com/acme/apps' } }] });

    // WHEN the project is validated
    // THEN that is no clash
    expect(errorsOf(validateProject(PLATFORM, [acme]))).toEqual([]);
  });

  it('lets tenants null the quota and LimitRange when the platform turns those guardrails off', () => {
    // GIVEN a platform without the quota and LimitRange guardrails, and a tenant nulling both
    const platform = { ...PLATFORM, value: { ...PLATFORM.value, guardrails: { quota: false, limitRange: false } } };
    const acme = tenant('acme', { limitRange: null, teams: [{ id: 'api', quota: null }] });

    // WHEN the project is validated
    // THEN it is valid
    expect(errorsOf(validateProject(platform, [acme]))).toEqual([]);
  });

  it('fails when a deploy Application takes the name of the root Application', () => {
    // GIVEN engine argocd and tenant "tenantry" with team "platform": namespace tenantry-platform
    const platform = { ...PLATFORM, value: { ...PLATFORM.value, reservedNamespaces: [], gitops: { engine: 'argocd', repoURL: 'https://github.com/org/fleet.git', revision: 'main', path: 'dist' } } };
    const spec = tenant('tenantry', { repos: ['https://github.com/t/apps.git'], teams: [{ id: 'platform', deploy: { repo: 'https://github.com/t/apps.git' } }] });

    // WHEN the project is validated
    // THEN the clash names the file, field and both Applications
    expect(errorsOf(validateProject(platform, [spec]))).toEqual([
      `tenants/tenantry.ts: teams.0.deploy — the Argo CD Application "tenantry-platform" of namespace tenantry-platform would clash with the platform's root Application; rename the tenant or the team`,
    ]);
  });
});
