// Routing identifiers resolved and claimed: each identifier, in its normalised form, belongs to one team of the project.
import { fieldError, type FieldPath } from './errors';
import { BUILT_IN_ROUTING_KINDS, type RoutingKind, type RoutingSpec } from './routing-schema';

/** Per kind, the team's identifiers in normalised form; `slackChannels` and `githubRepos` are always present. */
export type ResolvedRouting = Readonly<Record<string, readonly string[]>> & { readonly slackChannels: readonly string[]; readonly githubRepos: readonly string[] };

/** A kind declared in platform.ts, as parsed. */
interface DeclaredKind {
  readonly label: string;
  readonly pattern: string;
  readonly example: string;
  readonly ignoreCase?: boolean;
}

/** The built-in kinds and the platform's, by field name. */
export function routingKinds(declared: Readonly<Record<string, DeclaredKind>> | undefined): Readonly<Record<string, RoutingKind>> {
  const own = Object.entries(declared ?? {}).map(([key, k]) => [key, { label: k.label, pattern: k.pattern, example: k.example, ignoreCase: k.ignoreCase ?? true }] as const);
  return { ...BUILT_IN_ROUTING_KINDS, ...Object.fromEntries(own) };
}

/** The form identifiers are compared in: `#C0A4967KRBM` → `C0A4967KRBM`, `Acme/Platform.git` → `acme/platform`. */
export function normaliseRoutingId(kind: RoutingKind, id: string): string {
  let out = id.trim();
  const folded = (s: string) => (kind.ignoreCase ? s.toLowerCase() : s);
  for (const prefix of kind.strip?.prefixes ?? []) if (folded(out).startsWith(folded(prefix))) out = out.slice(prefix.length);
  for (const suffix of kind.strip?.suffixes ?? []) if (folded(out).endsWith(folded(suffix))) out = out.slice(0, -suffix.length);
  if (!kind.ignoreCase) return out;
  return kind.canonicalCase === 'upper' ? out.toUpperCase() : out.toLowerCase();
}

/**
 * A team's routing, normalised. The built-in Slack and GitHub lists are always written
 * (the `tenant-config` contract); any other kind only when the team lists identifiers of it.
 */
export function resolveRouting(routing: RoutingSpec | undefined, kinds: Readonly<Record<string, RoutingKind>>): ResolvedRouting {
  const out: Record<string, readonly string[]> = { slackChannels: [], githubRepos: [] };
  for (const [key, ids] of Object.entries(routing ?? {})) {
    const kind = kinds[key];
    if (!kind || !ids) continue;
    if (ids.length || key === 'slackChannels' || key === 'githubRepos') out[key] = [...new Set(ids.map((id) => normaliseRoutingId(kind, id)))];
  }
  return out as ResolvedRouting;
}

type ErrorSink = (path: FieldPath, message: string) => void;

/** Kinds a team names that the platform does not declare, and identifiers that do not match their kind's pattern. */
export function checkRoutingKinds(teams: readonly { readonly routing?: RoutingSpec }[], kinds: Readonly<Record<string, RoutingKind>>, error: ErrorSink): void {
  teams.forEach((team, index) => {
    for (const [key, ids] of Object.entries(team.routing ?? {})) {
      const path: FieldPath = ['teams', index, 'routing', key];
      if (!Object.hasOwn(kinds, key)) {
        error(path, `unknown routing kind, got "${key}"; use one of: ${Object.keys(kinds).sort().join(', ')}, or declare it under routingKinds in platform.ts`);
        continue;
      }
      if (Object.hasOwn(BUILT_IN_ROUTING_KINDS, key)) continue; // checked by the schema
      const kind = kinds[key]!;
      const pattern = new RegExp(kind.pattern, kind.ignoreCase ? 'i' : '');
      (ids ?? []).forEach((id, i) => {
        if (!pattern.test(id)) error([...path, i], `expected a${/^[aeiou]/i.test(kind.label) ? 'n' : ''} ${kind.label} such as "${kind.example}", got ${JSON.stringify(id)}`);
      });
    }
  });
}

/** One tenant as the cross-tenant claim check sees it. */
export interface RoutingClaimant {
  readonly file: string;
  readonly spec: { readonly teams: readonly { readonly routing?: RoutingSpec }[] };
}

/**
 * Every routing identifier, in normalised form, claimed by one team only across the
 * project: the second claim names both files and fields (and the normalised form when
 * the two were written differently).
 */
export function routingClaims(tenants: readonly RoutingClaimant[], kinds: Readonly<Record<string, RoutingKind>>): string[] {
  const errors: string[] = [];
  const claims = new Map<string, { where: string; written: string }>();
  for (const { file, spec } of tenants) {
    spec.teams.forEach((team, index) => {
      for (const [key, ids] of Object.entries(team.routing ?? {})) {
        const kind = kinds[key];
        if (!kind) continue;
        (ids ?? []).forEach((id, i) => {
          const path: FieldPath = ['teams', index, 'routing', key, i];
          const normalised = normaliseRoutingId(kind, id);
          const first = claims.get(`${key}:${normalised}`);
          if (!first) {
            claims.set(`${key}:${normalised}`, { where: `${file} (${path.join('.')})`, written: id });
            return;
          }
          const same = first.written === id ? '' : ` (normalised "${normalised}")`;
          errors.push(fieldError(file, path, `${kind.label} "${id}"${same} is already claimed by ${first.where}; each ${kind.label} routes to one team only`));
        });
      }
    });
  }
  return errors;
}
