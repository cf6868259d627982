// Who may work in a team's namespaces (groups, users, ServiceAccounts, per environment) and what the namespaces are called.
import { z } from 'zod';
import { DNS_LABEL, dnsLabel } from './dns-label';
import { templateProblem } from './naming';

const teamRole = z.enum(['admin', 'edit', 'view'], { error: 'expected "admin", "edit" or "view"' });
/** A pod's identity holds at most edit: admin could rewrite the namespace's RoleBindings. */
export const serviceAccountRole = z.enum(['edit', 'view'], { error: 'expected "edit" or "view" (a ServiceAccount never gets admin)' });
/** The environments an access entry covers; all of the team's when left out. */
const accessEnvironments = z.array(dnsLabel('production'), { error: 'expected a list of the team\'s environments such as ["dev"]' }).min(1, { error: 'expected at least one environment; leave the field out for all' }).optional();
const SERVICE_ACCOUNT_REF = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const access = z.union(
  [
    z.strictObject({ group: z.string().min(1), role: teamRole, environments: accessEnvironments }),
    z.strictObject({ user: z.string().min(1), role: teamRole, environments: accessEnvironments }),
    z.strictObject({
      serviceAccount: z.string().regex(SERVICE_ACCOUNT_REF, { error: 'expected a ServiceAccount "<name>" of the same namespace or "<namespace>/<name>" of another of the tenant\'s namespaces' }),
      role: serviceAccountRole,
      environments: accessEnvironments,
    }),
  ],
  { error: 'expected { group, role }, { user, role } or { serviceAccount, role } with role "admin", "edit" or "view"' },
);

/** A team's own namespace name: one name (may use {env}), or one per environment. */
export const teamNamespace = z.union(
  [
    z.string().min(1),
    z.record(z.string().regex(DNS_LABEL, { error: 'expected an environment name such as "production"' }), dnsLabel('payments-prod')),
  ],
  { error: 'expected a namespace name such as "payments" ("payments-{env}" with environments) or { <env>: <name> }' },
);


/** platform.ts `naming`: templates over {tenant}, {team} and {env}. */
export const namingSchema = z.strictObject({
  namespace: z.string({ error: 'expected a template such as "{tenant}-{team}-{env}"' }).optional(),
  serviceAccount: z.string({ error: 'expected a template such as "sa-{team}"' }).optional(),
});

/** A namespace template must name {tenant}; both must compose DNS labels. */
export function namingIssues(naming: z.infer<typeof namingSchema> | undefined): { path: string[]; message: string }[] {
  return (['namespace', 'serviceAccount'] as const).flatMap((field) => {
    const template = naming?.[field];
    const problem = template === undefined ? undefined : templateProblem(template, field === 'namespace' ? ['tenant'] : []);
    return problem ? [{ path: ['naming', field], message: problem }] : [];
  });
}
