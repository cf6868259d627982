import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateProject } from '../../lib/spec/loader';
import { DEFAULT_NAMING, namespaceFor, placeholdersOf, render, serviceAccountFor, templateProblem } from '../../lib/spec/naming';

describe('render', () => {
  it('drops {env} and one "-" beside it for a team without environments', () => {
    // GIVEN the default template
    const template = DEFAULT_NAMING.namespace;

    // WHEN it is rendered with and without an environment
    const plain = render(template, { tenant: 'acme', team: 'api' });
    const withEnv = render(template, { tenant: 'acme', team: 'api', env: 'dev' });

    // THEN the names are Tenantry's names before templates existed
    expect(plain).toBe('acme-api');
    expect(withEnv).toBe('acme-api-dev');
  });

  it('drops a leading {env} with the "-" after it', () => {
    // GIVEN a template that starts with the environment
    // WHEN it is rendered without one
    // THEN the name starts with what followed
    expect(render('{env}-{tenant}', { tenant: 'acme', team: 'api' })).toBe('acme');
    expect(render('{env}-{tenant}', { tenant: 'acme', team: 'api', env: 'prod' })).toBe('prod-acme');
  });

  it('composes the AI-agents and Flyte names', () => {
    // GIVEN the write-ups' templates
    // WHEN they are rendered
    // THEN they give the write-ups' names
    expect(render('ai-agents-{tenant}', { tenant: 'acme-corp', team: 'agents' })).toBe('ai-agents-acme-corp');
    expect(render('sa-{tenant}', { tenant: 'acme-corp', team: 'agents' })).toBe('sa-acme-corp');
    expect(render('{tenant}-execution-{team}', { tenant: 'flyte', team: 'alpha' })).toBe('flyte-execution-alpha');
  });
});

describe('templateProblem', () => {
  it('accepts the defaults', () => {
    // GIVEN the default templates
    // WHEN they are checked
    // THEN there is no problem
    expect(templateProblem(DEFAULT_NAMING.namespace, ['tenant'])).toBeUndefined();
    expect(templateProblem(DEFAULT_NAMING.serviceAccount, [])).toBeUndefined();
  });

  it('fails when a placeholder is unknown', () => {
    // GIVEN a template with a typo in a placeholder
    // WHEN it is checked
    // THEN the problem names the placeholder and the known ones
    expect(templateProblem('{tennant}-{team}', ['tenant'])).toBe('unknown placeholder {tennant}; use only {tenant}, {team} and {env}');
  });

  it('fails when a required placeholder is missing', () => {
    // GIVEN a namespace template without {tenant}
    // WHEN it is checked
    // THEN the problem says why it must be there
    expect(templateProblem('ns-{team}', ['tenant'])).toBe('has no {tenant}, so two tenants would get the same name; add {tenant}');
  });

  it('fails when the template cannot compose a DNS label', () => {
    // GIVEN a template with an underscore
    // WHEN it is checked
    // THEN the problem shows a sample name
    expect(templateProblem('{tenant}_{team}', ['tenant'])).toBe('composes "a_b", which is not a DNS label; use lowercase letters, digits and "-", starting and ending with a letter or digit');
  });
});

describe('namespaceFor', () => {
  const naming = { namespace: 'ai-agents-{tenant}', serviceAccount: 'sa-{tenant}' };

  it('uses the team\'s own name over the template', () => {
    // GIVEN a team that names its namespace, with {env}, or per environment
    // WHEN the names are composed
    // THEN the team's choice wins
    expect(namespaceFor(naming, { tenant: 'acme', team: 'api' }, 'my-namespace')).toBe('my-namespace');
    expect(namespaceFor(naming, { tenant: 'acme', team: 'api', env: 'dev' }, 'payments-{env}')).toBe('payments-dev');
    expect(namespaceFor(naming, { tenant: 'acme', team: 'api', env: 'prod' }, { prod: 'payments' })).toBe('payments');
  });

  it('falls back to the template', () => {
    // GIVEN a team that names nothing
    // WHEN its names are composed
    // THEN the platform's templates apply
    expect(namespaceFor(naming, { tenant: 'acme', team: 'api' })).toBe('ai-agents-acme');
    expect(serviceAccountFor(naming, { tenant: 'acme', team: 'api' })).toBe('sa-acme');
  });
});

describe('placeholdersOf', () => {
  it('lists placeholders in order', () => {
    // GIVEN a template
    // WHEN its placeholders are listed
    // THEN they come in order, unknown ones included
    expect(placeholdersOf('{tenant}-{x}-{env}')).toEqual(['tenant', 'x', 'env']);
  });
});

const platformFile = (naming: { namespace: string; serviceAccount: string }) => ({
  file: 'platform.ts',
  value: { ingress: { namespace: 'ingress-nginx', ports: [8000] }, naming },
});

const tenantFile = (id: string, teams: { id: string; environments?: string[] }[]) => ({
  file: `tenants/${id}.ts`,
  value: { id, name: `${id} corp`, owner: `lead@${id}.example`, isolation: 'soft', teams },
});

describe('naming templates across a project', () => {
  it('keeps composed names unique, or refuses with a collision that names both files', () => {
    // GIVEN random namespace templates over short tenant, team and environment ids
    const segment = fc.constantFrom('a', 'b', 'a-b', 'x');
    const template = fc
      .array(fc.constantFrom('{tenant}', '{team}', '{env}', 'ns', 'x'), { minLength: 1, maxLength: 4 })
      .map((parts) => (parts.includes('{tenant}') ? parts : ['{tenant}', ...parts]).join('-'));
    const team = fc.record({ id: segment, environments: fc.option(fc.uniqueArray(fc.constantFrom('dev', 'prod'), { minLength: 1 }), { nil: undefined }) });
    const tenants = fc.uniqueArray(fc.record({ id: segment, teams: fc.uniqueArray(team, { minLength: 1, maxLength: 3, selector: (t) => t.id }) }), {
      minLength: 1,
      maxLength: 3,
      selector: (t) => t.id,
    });

    fc.assert(
      fc.property(template, tenants, (namespace, specs) => {
        // WHEN the project is validated
        const result = validateProject(
          platformFile({ namespace, serviceAccount: 'sa-{team}' }),
          specs.map((s) => tenantFile(s.id, s.teams.map((t) => (t.environments ? t : { id: t.id })))),
        );

        // THEN either every namespace name is unique, or a line reports the collision or the shared environments
        if (result.ok) {
          const names = result.tenants.flatMap((t) => t.namespaces.map((ns) => ns.name));
          expect(new Set(names).size).toBe(names.length);
        } else {
          for (const line of result.errors) {
            expect(line).toMatch(/namespace "[^"]+" is already claimed by tenants\/[a-z-]+\.ts \(teams\.\d+\.id\)|has no \{env\}, so these environments would share one namespace|is reserved|more than 63/);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
