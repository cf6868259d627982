// A namespace's access entries: those covering its environment, ServiceAccounts made explicit, the team ServiceAccount bound.
import type { AccessEntry, TeamSpec } from './schema';

/**
 * The access entries that cover this namespace (all, or those listing its environment), with
 * ServiceAccounts written `<namespace>/<name>`, and the team ServiceAccount bound to its role.
 */
export function namespaceAccess(team: TeamSpec, environment: string | undefined, namespace: string, serviceAccount: string, platformRole: 'edit' | 'view' | undefined): AccessEntry[] {
  const covers = (entry: AccessEntry) => !entry.environments || (environment !== undefined && entry.environments.includes(environment));
  const entries = (team.access ?? []).filter(covers).map((entry): AccessEntry => {
    if (!('serviceAccount' in entry) || entry.serviceAccount.includes('/')) return entry;
    return { ...entry, serviceAccount: `${namespace}/${entry.serviceAccount}` };
  });
  const role = team.serviceAccountRole === null ? undefined : (team.serviceAccountRole ?? platformRole);
  return role ? [...entries, { serviceAccount: `${namespace}/${serviceAccount}`, role }] : entries;
}

