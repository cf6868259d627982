import { describe, expect, it } from 'vitest';
import { namespaceExtensionValues, resolvePlatformExtensions } from '../../lib/spec/resolve-extensions';
import { PlatformSchema, TeamSchema } from '../../lib/spec/schema';

describe('resolvePlatformExtensions', () => {
  it('gives the built-in routing kinds and no platform kinds by default', () => {
    // GIVEN a platform without routingKinds or tenantResources
    // WHEN it is resolved
    const resolved = resolvePlatformExtensions(PlatformSchema.parse({}));

    // THEN Slack, GitHub and PagerDuty are the kinds, and the roles get nothing extra
    expect(Object.keys(resolved.routingKinds).sort()).toEqual(['githubRepos', 'pagerdutyServices', 'slackChannels']);
    expect(resolved.tenantResources).toEqual([]);
  });

  it("adds the platform's routing kinds and CRD kinds", () => {
    // GIVEN an Opsgenie kind and AIM's AIMService
    const spec = PlatformSchema.parse({
      routingKinds: { opsgenieTeams: { label: 'Opsgenie team', pattern: '^[a-z-]+$', example: 'sre' } },
      tenantResources: [{ group: 'aim.eai.amd.com', kinds: ['AIMService'] }],
    });

    // WHEN it is resolved
    const resolved = resolvePlatformExtensions(spec);

    // THEN both are there, the kind with its plural
    expect(resolved.routingKinds.opsgenieTeams).toEqual({ label: 'Opsgenie team', pattern: '^[a-z-]+$', example: 'sre', ignoreCase: true });
    expect(resolved.tenantResources).toEqual([{ group: 'aim.eai.amd.com', kind: 'AIMService', resource: 'aimservices', readOnly: false }]);
  });
});

describe('namespaceExtensionValues', () => {
  it("normalises the team's routing and leaves extension objects to applyExtensions", () => {
    // GIVEN a team routing a repository with .git
    const platform = resolvePlatformExtensions(PlatformSchema.parse({}));
    const team = TeamSchema.parse({ id: 'api', routing: { githubRepos: ['Acme/Platform.git'] } });

    // WHEN its namespace values are taken
    // THEN the repository is normalised, the Slack list is there, and there are no extension objects yet
    expect(namespaceExtensionValues(team, platform)).toEqual({ routing: { slackChannels: [], githubRepos: ['acme/platform'] } });
  });
});
