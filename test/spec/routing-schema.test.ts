import { describe, expect, it } from 'vitest';
import { RoutingKindsSchema, RoutingSchema } from '../../lib/spec/routing-schema';

const messages = (result: { success: boolean; error?: { issues: readonly { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((i) => `${i.path.join('.')} — ${i.message}`);

describe('RoutingSchema', () => {
  it('accepts loose spellings of the built-in kinds and any other kind as a list of strings', () => {
    // GIVEN a # Slack id, a .git repository URL, a lower-case PagerDuty id and a platform kind
    const routing = { slackChannels: ['#C0A4967KRBM'], githubRepos: ['https://github.com/acme/platform.git'], pagerdutyServices: ['pxxxxxx'], opsgenieTeams: ['acme-sre'] };

    // WHEN it is parsed
    // THEN it passes (platform kinds are checked against platform.ts later)
    expect(RoutingSchema.safeParse(routing).success).toBe(true);
  });

  it('fails when a Slack channel is given by name or a PagerDuty service by name', () => {
    // GIVEN names instead of ids
    // WHEN they are parsed
    // THEN each says what an id looks like
    expect(messages(RoutingSchema.safeParse({ slackChannels: ['#acme-api'], pagerdutyServices: ['acme pager'] }))).toEqual([
      'slackChannels.0 — expected a Slack channel id such as "C0A4967KRBM"',
      'pagerdutyServices.0 — expected a PagerDuty service id such as "PXXXXXX"',
    ]);
  });

  it('fails when a platform kind is not a list of strings', () => {
    // GIVEN a kind given one id instead of a list
    // WHEN it is parsed
    // THEN it asks for a list
    expect(messages(RoutingSchema.safeParse({ opsgenieTeams: 'acme-sre' }))).toEqual(['opsgenieTeams — expected a list of identifiers such as ["acme-sre"]']);
  });
});

describe('RoutingKindsSchema', () => {
  it('accepts a kind with an anchored pattern its example matches', () => {
    // GIVEN an Opsgenie kind
    // WHEN it is parsed
    // THEN it passes
    expect(RoutingKindsSchema.safeParse({ opsgenieTeams: { label: 'Opsgenie team', pattern: '^[a-z0-9-]+$', example: 'acme-sre' } }).success).toBe(true);
  });

  it('fails when the pattern is unanchored, does not compile, or misses its example', () => {
    // GIVEN three broken kinds
    const kinds = {
      loose: { label: 'Loose', pattern: '[a-z]+', example: 'a' },
      broken: { label: 'Broken', pattern: '^[a-z$', example: 'a' },
      missed: { label: 'Missed', pattern: '^[a-z]+$', example: 'A-1' },
    };

    // WHEN they are parsed
    // THEN each is reported at its own field
    expect(messages(RoutingKindsSchema.safeParse(kinds))).toEqual([
      'loose.pattern — must match the whole identifier; start it with "^" and end it with "$"',
      'broken.pattern — not a regular expression (Invalid regular expression: /^[a-z$/: Unterminated character class); write a JavaScript regular expression source such as "^[a-z0-9-]+$"',
      'missed.example — does not match pattern ^[a-z]+$; give an identifier a team would write',
    ]);
  });

  it('fails when a kind redeclares a built-in kind', () => {
    // GIVEN the built-in GitHub kind declared again
    const kinds = { githubRepos: { label: 'x', pattern: '^x$', example: 'x' } };

    // WHEN it is parsed
    // THEN it is refused
    expect(messages(RoutingKindsSchema.safeParse(kinds))).toEqual(['githubRepos — is a built-in routing kind (GitHub repository); declare only new kinds here']);
  });

  it('fails when a kind is not camelCase', () => {
    // GIVEN a kebab-case key
    const result = RoutingKindsSchema.safeParse({ 'opsgenie-teams': { label: 'x', pattern: '^x$', example: 'x' } });

    // WHEN it is parsed
    // THEN the key's own issue asks for a camelCase name
    const issue = result.error?.issues[0] as { issues?: { message: string }[] } | undefined;
    expect(issue?.issues?.map((i) => i.message)).toEqual(['expected a camelCase field name such as "opsgenieTeams"']);
  });
});
