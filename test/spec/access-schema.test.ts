import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { access, namingIssues, namingSchema, serviceAccountRole, teamNamespace } from '../../lib/spec/access-schema';

function problems(schema: z.ZodType, input: unknown): string[] {
  return (schema.safeParse(input).error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('access', () => {
  it('accepts groups, users and serviceaccounts of this or another namespace', () => {
    // GIVEN one entry of each kind
    // WHEN parsed
    // THEN each passes
    for (const entry of [{ group: 'devs', role: 'admin' }, { user: 'ann', role: 'view', environments: ['dev'] }, { serviceAccount: 'ci', role: 'edit' }, { serviceAccount: 'acme-api/ci', role: 'view' }]) expect(problems(access, entry)).toEqual([]);
  });

  it('fails when a serviceaccount would get admin', () => {
    // GIVEN a ServiceAccount with admin
    // WHEN parsed
    // THEN it is rejected
    expect(problems(access, { serviceAccount: 'ci', role: 'admin' })).toEqual([': expected { group, role }, { user, role } or { serviceAccount, role } with role "admin", "edit" or "view"']);
    expect(problems(serviceAccountRole, 'admin')).toEqual([': expected "edit" or "view" (a ServiceAccount never gets admin)']);
  });

  it('fails when an entry lists no environments', () => {
    // GIVEN an empty environment list
    // WHEN parsed
    // THEN it is rejected
    expect(access.safeParse({ group: 'devs', role: 'edit', environments: [] }).success).toBe(false);
  });
});

describe('teamNamespace', () => {
  it('accepts a name or a record of names per environment', () => {
    // GIVEN both forms
    // WHEN parsed
    // THEN both pass
    expect(problems(teamNamespace, 'payments-{env}')).toEqual([]);
    expect(problems(teamNamespace, { production: 'payments-prod' })).toEqual([]);
  });

  it('fails when it is neither', () => {
    // GIVEN a number
    // WHEN parsed
    // THEN the union message explains both forms
    expect(problems(teamNamespace, 3)).toEqual([': expected a namespace name such as "payments" ("payments-{env}" with environments) or { <env>: <name> }']);
  });
});

describe('namingIssues', () => {
  it('reports nothing without naming or with good templates', () => {
    // GIVEN no naming, and valid templates
    // WHEN checked
    // THEN nothing is reported
    expect(namingIssues(undefined)).toEqual([]);
    expect(namingIssues(namingSchema.parse({ namespace: '{tenant}-{team}-{env}', serviceAccount: 'sa-{team}' }))).toEqual([]);
  });

  it('fails when the namespace template leaves out {tenant}', () => {
    // GIVEN a template without the tenant
    // WHEN checked
    const issues = namingIssues({ namespace: '{team}-{env}' });
    // THEN the issue is on naming.namespace
    expect(issues).toEqual([{ path: ['naming', 'namespace'], message: 'has no {tenant}, so two tenants would get the same name; add {tenant}' }]);
  });
});
