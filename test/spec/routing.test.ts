import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRoutingKinds, normaliseRoutingId, resolveRouting, routingClaims, routingKinds } from '../../lib/spec/routing';
import { BUILT_IN_ROUTING_KINDS } from '../../lib/spec/routing-schema';

const KINDS = routingKinds({ opsgenieTeams: { label: 'Opsgenie team', pattern: '^[a-z0-9-]+$', example: 'acme-sre' } });
const kind = (key: string) => KINDS[key]!;

describe('normaliseRoutingId', () => {
  it('treats a repository with and without .git, a URL and other case as one repository', () => {
    // GIVEN four spellings of one GitHub repository
    const spellings = ['acme/platform', 'acme/platform.git', 'Acme/Platform', 'https://github.com/acme/platform.git'];

    // WHEN they are normalised
    const normalised = spellings.map((id) => normaliseRoutingId(kind('githubRepos'), id));

    // THEN all are "acme/platform"
    expect(new Set(normalised)).toEqual(new Set(['acme/platform']));
  });

  it('drops a leading # and upper-cases Slack channel ids and PagerDuty service ids', () => {
    // GIVEN ids written loosely
    // WHEN they are normalised
    // THEN they are in the form Slack and PagerDuty send in their webhooks
    expect(normaliseRoutingId(kind('slackChannels'), '#c0a4967krbm')).toBe('C0A4967KRBM');
    expect(normaliseRoutingId(kind('pagerdutyServices'), 'pxxxxxx')).toBe('PXXXXXX');
  });

  it('keeps case for a platform kind that does not ignore it', () => {
    // GIVEN a case-sensitive platform kind
    const strict = routingKinds({ jiraProjects: { label: 'Jira project', pattern: '^[A-Za-z]+$', example: 'OPS', ignoreCase: false } }).jiraProjects!;

    // WHEN an id is normalised
    // THEN only surrounding space goes
    expect(normaliseRoutingId(strict, ' Ops ')).toBe('Ops');
  });

  it('is idempotent for every kind', () => {
    // GIVEN any kind and any string
    // WHEN it is normalised twice
    // THEN the second time changes nothing
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(KINDS)), fc.string(), (key, id) => {
        const once = normaliseRoutingId(kind(key), id);
        expect(normaliseRoutingId(kind(key), once)).toBe(once);
      }),
    );
  });
});

describe('resolveRouting', () => {
  it('always writes the Slack and GitHub lists, other kinds only when listed, all normalised and once', () => {
    // GIVEN a team with GitHub repositories written twice and PagerDuty services
    const routing = { githubRepos: ['acme/platform', 'acme/platform.git'], pagerdutyServices: ['pabc123'], opsgenieTeams: [] };

    // WHEN it is resolved
    const resolved = resolveRouting(routing, KINDS);

    // THEN it holds each identifier once, in normalised form, and no empty Opsgenie list
    expect(resolved).toEqual({ slackChannels: [], githubRepos: ['acme/platform'], pagerdutyServices: ['PABC123'] });
  });
});

describe('checkRoutingKinds', () => {
  const run = (routing: Record<string, string[]>) => {
    const errors: string[] = [];
    checkRoutingKinds([{ routing }], KINDS, (path, message) => errors.push(`${path.join('.')} — ${message}`));
    return errors;
  };

  it('accepts the built-in kinds and a declared kind', () => {
    // GIVEN identifiers of every kind the platform knows
    // WHEN they are checked
    // THEN there is nothing to report
    expect(run({ slackChannels: ['C0A4967KRBM'], githubRepos: ['acme/platform'], pagerdutyServices: ['PXXXXXX'], opsgenieTeams: ['acme-sre'] })).toEqual([]);
  });

  it('fails when a kind is not declared, listing the known ones', () => {
    // GIVEN a kind the platform does not declare
    // WHEN it is checked
    // THEN the message lists the known kinds and says where to declare more
    expect(run({ teamsChannels: ['x'] })).toEqual([
      'teams.0.routing.teamsChannels — unknown routing kind, got "teamsChannels"; use one of: githubRepos, opsgenieTeams, pagerdutyServices, slackChannels, or declare it under routingKinds in platform.ts',
    ]);
  });

  it('fails when an identifier does not match its declared pattern, ignoring case by default', () => {
    // GIVEN Opsgenie teams in upper case (allowed) and with a space (not)
    // WHEN they are checked
    // THEN only the one with a space is reported
    expect(run({ opsgenieTeams: ['ACME-SRE', 'acme sre'] })).toEqual(['teams.0.routing.opsgenieTeams.1 — expected an Opsgenie team such as "acme-sre", got "acme sre"']);
  });
});

describe('routingClaims', () => {
  const tenant = (file: string, ...teams: Record<string, string[]>[]) => ({ file, spec: { teams: teams.map((routing) => ({ routing })) } });

  it('accepts distinct identifiers, and one id under two kinds', () => {
    // GIVEN two tenants with different repositories, and the same text as a Slack id and a PagerDuty id
    const tenants = [tenant('tenants/acme.ts', { githubRepos: ['acme/api'], slackChannels: ['C0A4967KRBM'] }), tenant('tenants/globex.ts', { githubRepos: ['globex/api'], pagerdutyServices: ['C0A4967KRBM'] })];

    // WHEN claims are compared
    // THEN nothing collides: identifiers of different kinds never do
    expect(routingClaims(tenants, KINDS)).toEqual([]);
  });

  it('fails when one team lists a repository twice in two spellings, naming both fields', () => {
    // GIVEN one team listing acme/platform and ACME/platform.git
    const tenants = [tenant('tenants/acme.ts', { githubRepos: ['acme/platform', 'ACME/platform.git'] })];

    // WHEN claims are compared
    // THEN the second is reported against the first
    expect(routingClaims(tenants, KINDS)).toEqual([
      'tenants/acme.ts: teams.0.routing.githubRepos.1 — GitHub repository "ACME/platform.git" (normalised "acme/platform") is already claimed by tenants/acme.ts (teams.0.routing.githubRepos.0); each GitHub repository routes to one team only',
    ]);
  });

  it('fails for a platform kind claimed twice, without a normalised form when spelt the same', () => {
    // GIVEN two tenants claiming one Opsgenie team
    const tenants = [tenant('tenants/acme.ts', { opsgenieTeams: ['sre'] }), tenant('tenants/globex.ts', {}, { opsgenieTeams: ['sre'] })];

    // WHEN claims are compared
    // THEN the message names both files and fields
    expect(routingClaims(tenants, KINDS)).toEqual([
      'tenants/globex.ts: teams.1.routing.opsgenieTeams.0 — Opsgenie team "sre" is already claimed by tenants/acme.ts (teams.0.routing.opsgenieTeams.0); each Opsgenie team routes to one team only',
    ]);
  });

  it('reports every second claim of a normalised id, for any spellings', () => {
    // GIVEN random case and .git spellings of a few repositories spread over two tenants
    const spelling = fc.record({ repo: fc.constantFrom('acme/a', 'acme/b', 'globex/c'), upper: fc.boolean(), git: fc.boolean() }).map(({ repo, upper, git }) => `${upper ? repo.toUpperCase() : repo}${git ? '.git' : ''}`);
    fc.assert(
      fc.property(fc.array(spelling, { maxLength: 6 }), fc.array(spelling, { maxLength: 6 }), (a, b) => {
        // WHEN claims are compared
        const errors = routingClaims([tenant('tenants/acme.ts', { githubRepos: a }), tenant('tenants/globex.ts', { githubRepos: b })], KINDS);

        // THEN there is one error per claim beyond the first of each repository
        const distinct = new Set([...a, ...b].map((id) => normaliseRoutingId(BUILT_IN_ROUTING_KINDS.githubRepos!, id))).size;
        expect(errors).toHaveLength(a.length + b.length - distinct);
      }),
    );
  });
});
