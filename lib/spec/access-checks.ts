// Checks on access entries: environments the team has, and ServiceAccounts only from the tenant's own namespaces.
import { fieldError, type FieldPath } from './errors';
import type { ResolvedTenant } from './resolve';
import type { TenantSpec } from './schema';

type ErrorSink = (path: FieldPath, message: string) => void;

/** Within one tenant file: an entry's `environments` are environments of its team. */
export function checkAccessEnvironments(spec: TenantSpec, error: ErrorSink): void {
  spec.teams.forEach((team, index) => {
    const environments = team.environments ?? [];
    (team.access ?? []).forEach((entry, e) => {
      (entry.environments ?? []).forEach((env, k) => {
        const path: FieldPath = ['teams', index, 'access', e, 'environments', k];
        if (!environments.length) error(path, `names environment "${env}", but the team has no environments; remove environments or give the team environments`);
        else if (!environments.includes(env)) error(path, `names environment "${env}", which the team does not have; use one of: ${environments.join(', ')}`);
      });
    });
  });
}

/**
 * Across the project: an access entry's `<namespace>/<name>` ServiceAccount lives in one of the
 * tenant's own namespaces. Binding another tenant's ServiceAccount would let that tenant's pods
 * act in this one's namespaces.
 */
export function checkServiceAccountOwners(resolved: readonly { file: string; spec: TenantSpec; tenant: ResolvedTenant }[]): string[] {
  const owner = new Map(resolved.flatMap(({ file, tenant }) => tenant.namespaces.map((ns) => [ns.name, { file, id: tenant.id }] as const)));
  const errors: string[] = [];
  for (const { file, spec, tenant } of resolved) {
    const own = tenant.namespaces.map((ns) => ns.name);
    spec.teams.forEach((team, index) => {
      (team.access ?? []).forEach((entry, e) => {
        if (!('serviceAccount' in entry) || !entry.serviceAccount.includes('/')) return;
        const namespace = entry.serviceAccount.split('/')[0]!;
        if (own.includes(namespace)) return;
        const other = owner.get(namespace);
        const path: FieldPath = ['teams', index, 'access', e, 'serviceAccount'];
        errors.push(
          fieldError(
            file,
            path,
            other
              ? `is a ServiceAccount of tenant ${other.id} (${other.file}), got "${entry.serviceAccount}"; a tenant may only bind ServiceAccounts of its own namespaces (${own.join(', ')})`
              : `is not in one of the tenant's namespaces, got "${entry.serviceAccount}"; use one of: ${own.join(', ')}`,
          ),
        );
      });
    });
  }
  return errors;
}
