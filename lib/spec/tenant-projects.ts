/* A tenant's Argo CD AppProjects: one per tenant, or one per environment once access differs per environment. */
import type { ResolvedNamespace, ResolvedTenant } from './resolve';

/** One of a tenant's Argo CD AppProjects: its name and the namespaces it may deploy to. */
export interface TenantProject {
  readonly name: string;
  /** The environment whose namespaces it holds, when access differs per environment. @default - every namespace */
  readonly environment?: string;
  readonly namespaces: readonly ResolvedNamespace[];
}

/**
 * A tenant's AppProjects. Argo CD lets a project role create and sync into any destination
 * of its project, so a group that may edit only some environments must not share a project
 * with the others: once any access entry lists environments, each environment gets its own
 * project `<tenant>-<env>` (namespaces without an environment stay in `<tenant>`). Otherwise
 * the tenant has one project named after it, as before.
 */
export function tenantProjects(tenant: ResolvedTenant): TenantProject[] {
  const perEnvironment = tenant.namespaces.some((ns) => (ns.access ?? []).some((entry) => entry.environments !== undefined));
  if (!perEnvironment) return [{ name: tenant.id, namespaces: tenant.namespaces }];
  const byName = new Map<string, TenantProject>();
  for (const ns of tenant.namespaces) {
    const name = ns.environment ? `${tenant.id}-${ns.environment}` : tenant.id;
    const project = byName.get(name) ?? { name, environment: ns.environment, namespaces: [] };
    byName.set(name, { ...project, namespaces: [...project.namespaces, ns] });
  }
  return [...byName.values()];
}

/** The AppProject that holds a namespace. */
export function projectOf(tenant: ResolvedTenant, namespace: string): string {
  return tenantProjects(tenant).find((p) => p.namespaces.some((ns) => ns.name === namespace))?.name ?? tenant.id;
}
