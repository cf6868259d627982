// Checks on composed names: a team's own namespace names, environments a template cannot tell apart, ServiceAccount names.
import type { FieldPath } from './errors';
import { placeholdersOf, RESERVED_SERVICE_ACCOUNTS, templateProblem } from './naming';
import type { ResolvedNamespace, ResolvedPlatform } from './resolve';
import { type TenantSpec } from './schema';
import { NAME_LIMIT } from './defaults';

type ErrorSink = (path: FieldPath, message: string) => void;

/** The field an error about a namespace's name points at: the team's `namespace` if it set one, else its id. */
export function namespaceField(spec: TenantSpec, ns: ResolvedNamespace): FieldPath {
  const own = spec.teams[ns.teamIndex]?.namespace;
  if (!ns.ownName) return ['teams', ns.teamIndex, 'id'];
  return typeof own === 'string' || ns.environment === undefined ? ['teams', ns.teamIndex, 'namespace'] : ['teams', ns.teamIndex, 'namespace', ns.environment];
}

/** Before resolving: every team's own namespace fits its environments, and the template can tell environments apart. */
export function checkTeamNaming(spec: TenantSpec, platform: ResolvedPlatform, error: ErrorSink): void {
  spec.teams.forEach((team, index) => {
    const path: FieldPath = ['teams', index, 'namespace'];
    const environments = team.environments ?? [];
    const own = team.namespace;
    if (typeof own === 'string') {
      const problem = templateProblem(own, environments.length > 1 ? ['env'] : []);
      if (problem) error(path, problem.replace('two envs would', 'the environments would').replace(/; add \{env\}$/, `; add {env} or give a name per environment: { ${environments[0]}: "<name>", … }`));
    } else if (own !== undefined) {
      if (!environments.length) {
        error(path, 'names a namespace per environment, but the team has no environments; give one name such as "payments"');
        return;
      }
      for (const env of Object.keys(own)) {
        if (!environments.includes(env)) error([...path, env], `names unknown environment "${env}"; use one of the team's environments: ${environments.join(', ')}`);
      }
      const missing = environments.filter((env) => own[env] === undefined);
      if (missing.length) error(path, `has no name for environment ${missing.map((e) => `"${e}"`).join(', ')}; add ${missing[0]}: "<namespace>" or use one name with {env}`);
    } else if (environments.length > 1 && !placeholdersOf(platform.naming.namespace).includes('env')) {
      error(
        ['teams', index, 'environments'],
        `platform.ts naming.namespace "${platform.naming.namespace}" has no {env}, so these environments would share one namespace; give the team namespace: { ${environments[0]}: "<name>", … } or add {env} to naming.namespace`,
      );
    }
  });
}

/** After resolving: the team ServiceAccount's name is usable in every namespace. */
export function checkServiceAccountName(ns: ResolvedNamespace, error: ErrorSink): void {
  const name = ns.serviceAccount;
  if (name.length > NAME_LIMIT) {
    error(['teams', ns.teamIndex, 'id'], `ServiceAccount "${name}" (platform.ts naming.serviceAccount) is ${name.length} characters, more than ${NAME_LIMIT}; shorten the team id or the template`);
  } else if (RESERVED_SERVICE_ACCOUNTS.includes(name)) {
    error(['teams', ns.teamIndex, 'id'], `ServiceAccount "${name}" (platform.ts naming.serviceAccount) is reserved (${RESERVED_SERVICE_ACCOUNTS.join(', ')}); change the template or the team id`);
  }
}
