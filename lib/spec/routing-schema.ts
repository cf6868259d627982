// Routing identifiers as zod schemas: the built-in kinds (Slack, GitHub, PagerDuty) and the kinds platform.ts declares.
import { z } from 'zod';

/** How one kind of routing identifier is written, shown and compared. */
export interface RoutingKind {
  /** What one identifier is, for messages: "Slack channel". */
  readonly label: string;
  /** The identifiers a team may write, as a regular expression source. */
  readonly pattern: string;
  /** A valid identifier, for messages. */
  readonly example: string;
  /** Whether case is ignored when identifiers are compared (and dropped from the resolved form). */
  readonly ignoreCase: boolean;
  /** Prefixes and suffixes that do not change which identifier it is, such as "#" or ".git". */
  readonly strip?: { readonly prefixes?: readonly string[]; readonly suffixes?: readonly string[] };
  /** The canonical case when `ignoreCase`. @default 'lower' */
  readonly canonicalCase?: 'lower' | 'upper';
}

const SLACK = /^#?[CGcg][A-Za-z0-9]{8,}$/;
const GITHUB = /^(https:\/\/github\.com\/)?[\w.-]+\/[\w.-]+$/;
const PAGERDUTY = /^[A-Za-z0-9]{7,14}$/;

/**
 * The routing kinds every platform has, with the field a team lists them under. Slack
 * channel ids are compared without a leading `#` and in upper case; GitHub repositories
 * without `https://github.com/`, a trailing `.git` and case (GitHub ignores case); PagerDuty
 * service ids in upper case.
 */
export const BUILT_IN_ROUTING_KINDS: Readonly<Record<string, RoutingKind>> = {
  slackChannels: { label: 'Slack channel', pattern: SLACK.source, example: 'C0A4967KRBM', ignoreCase: true, canonicalCase: 'upper', strip: { prefixes: ['#'] } },
  githubRepos: { label: 'GitHub repository', pattern: GITHUB.source, example: 'acme/platform', ignoreCase: true, strip: { prefixes: ['https://github.com/'], suffixes: ['.git'] } },
  pagerdutyServices: { label: 'PagerDuty service', pattern: PAGERDUTY.source, example: 'PXXXXXX', ignoreCase: true, canonicalCase: 'upper' },
};

/** The field name of a routing kind: camelCase, as the built-in ones. */
export const ROUTING_KIND_KEY = /^[a-z][A-Za-z0-9]*$/;

/** A team's routing identifiers: the built-in kinds are checked here, platform kinds by routing.ts. */
export const RoutingSchema = z
  .object({
    slackChannels: z.array(z.string().regex(SLACK, { error: 'expected a Slack channel id such as "C0A4967KRBM"' })).optional(),
    githubRepos: z.array(z.string().regex(GITHUB, { error: 'expected a GitHub repository such as "acme/platform"' })).optional(),
    pagerdutyServices: z.array(z.string().regex(PAGERDUTY, { error: 'expected a PagerDuty service id such as "PXXXXXX"' })).optional(),
  })
  .catchall(z.array(z.string({ error: 'expected an identifier string' }), { error: 'expected a list of identifiers such as ["acme-sre"]' }));
export type RoutingSpec = z.infer<typeof RoutingSchema>;

/** A routing kind a platform declares: `routingKinds: { opsgenieTeams: { label, pattern, example } }`. */
export const PlatformRoutingKindSchema = z
  .strictObject({
    label: z.string({ error: 'expected what one identifier is, such as "Opsgenie team"' }).min(1, { error: 'expected a non-empty label' }),
    pattern: z.string({ error: 'expected a regular expression source such as "^[a-z0-9-]+$"' }),
    example: z.string({ error: 'expected an identifier that matches the pattern' }),
    /** @default true */
    ignoreCase: z.boolean({ error: 'expected true or false' }).optional(),
  })
  .superRefine((kind, ctx) => {
    let pattern: RegExp;
    try {
      pattern = new RegExp(kind.pattern);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: `not a regular expression (${(error as Error).message}); write a JavaScript regular expression source such as "^[a-z0-9-]+$"` });
      return;
    }
    if (!kind.pattern.startsWith('^') || !kind.pattern.endsWith('$')) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'must match the whole identifier; start it with "^" and end it with "$"' });
    } else if (!pattern.test(kind.example)) {
      ctx.addIssue({ code: 'custom', path: ['example'], message: `does not match pattern ${kind.pattern}; give an identifier a team would write` });
    }
  });

export const RoutingKindsSchema = z
  .record(z.string().regex(ROUTING_KIND_KEY, { error: 'expected a camelCase field name such as "opsgenieTeams"' }), PlatformRoutingKindSchema)
  .superRefine((kinds, ctx) => {
    for (const key of Object.keys(kinds)) {
      if (Object.hasOwn(BUILT_IN_ROUTING_KINDS, key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `is a built-in routing kind (${BUILT_IN_ROUTING_KINDS[key]!.label}); declare only new kinds here` });
      }
    }
  });
