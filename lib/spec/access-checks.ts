// Checks on access entries: environments the team has, and ServiceAccounts only from the tenant's own namespaces.
import { fieldError, type FieldPath } from './errors';
import { RESERVED_PROJECTS } from './gitops-names';
import { tenantProjects } from './tenant-projects';
import type { ResolvedTenant } from './resolve';
import { type TenantSpec } from './schema';
import { NAME_LIMIT } from './defaults';

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

/** Across the project: every AppProject name (one per environment where access differs) belongs to one tenant. */
export function checkProjectNames(resolved: readonly { file: string; tenant: ResolvedTenant }[]): string[] {
  const claims = new Map<string, string>();
  const errors: string[] = [];
  for (const { file, tenant } of resolved) {
    for (const project of tenantProjects(tenant)) {
      const path: FieldPath = project.environment ? ['teams', project.namespaces[0]!.teamIndex, 'environments'] : ['id'];
      const first = claims.get(project.name);
      if (first && first !== file) errors.push(fieldError(file, path, `Argo CD AppProject "${project.name}" is already ${first}'s; rename the environment or the tenant`));
      else if (RESERVED_PROJECTS.includes(project.name)) errors.push(fieldError(file, path, `Argo CD AppProject "${project.name}" is reserved for the platform; rename the environment`));
      else if (project.name.length > NAME_LIMIT) errors.push(fieldError(file, path, `Argo CD AppProject "${project.name}" is ${project.name.length} characters, more than ${NAME_LIMIT}; shorten the tenant id or environment`));
      claims.set(project.name, first ?? file);
    }
  }
  return errors;
}
