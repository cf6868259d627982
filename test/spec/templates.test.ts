import { describe, expect, it } from 'vitest';
import { validateProject } from '../../lib/spec/loader';
import { applyTemplate } from '../../lib/spec/templates';

const TEMPLATES = {
  enterprise: { isolation: 'hard', quota: { cpu: '8', memory: '16Gi' }, environments: ['dev', 'production'], network: { externalEgress: true } },
};

describe('applyTemplate', () => {
  it('merges the tenant file over its template, lists replacing and objects merging', () => {
    // GIVEN an enterprise template and a tenant that overrides the quota's cpu
    const raw = { template: 'enterprise', id: 'acme', quota: { cpu: '4' }, teams: [{ id: 'api' }, { id: 'ops', environments: ['production'] }] };

    // WHEN the template is applied
    const result = applyTemplate('tenants/acme.ts', raw, TEMPLATES);

    // THEN isolation and memory come from the template, cpu from the tenant, environments only where a team lists none
    expect(result).toEqual({
      value: {
        id: 'acme',
        isolation: 'hard',
        quota: { cpu: '4', memory: '16Gi' },
        network: { externalEgress: true },
        teams: [{ id: 'api', environments: ['dev', 'production'] }, { id: 'ops', environments: ['production'] }],
      },
    });
  });

  it('leaves a tenant without template as it is', () => {
    // GIVEN a tenant that names no template
    const raw = { id: 'acme' };
    // WHEN the templates are applied
    // THEN it is unchanged
    expect(applyTemplate('tenants/acme.ts', raw, TEMPLATES)).toEqual({ value: raw });
  });

  it('fails when the template is unknown, listing the known ones', () => {
    // GIVEN a tenant naming a template that does not exist
    // WHEN it is applied
    // THEN the error names the field and the known templates
    expect(applyTemplate('tenants/acme.ts', { template: 'premium' }, TEMPLATES)).toEqual({ error: 'tenants/acme.ts: template — unknown tenant template, got "premium"; use one of: enterprise' });
  });
});

describe('tenant templates in a project', () => {
  it('sits between the platform defaults and the tenant', () => {
    // GIVEN platform defaults, an enterprise template and a tenant using it
    const platform = { file: 'platform.ts', value: { tenantTemplates: TEMPLATES, defaults: { quota: { pods: 30 } } } };
    const tenant = { file: 'tenants/acme.ts', value: { template: 'enterprise', id: 'acme', name: 'Acme', owner: 'lead@acme.example', teams: [{ id: 'api', quota: { cpu: '4', memory: '8Gi' } }] } };

    // WHEN the project is validated
    const result = validateProject(platform, [tenant]);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const [acme] = result.tenants;

    // THEN the template's isolation and environments apply, and the platform's pod default still reaches the team
    expect(acme!.isolation.level).toBe('hard');
    expect(acme!.namespaces.map((ns) => `${ns.name} ${ns.quota.cpu} ${ns.quota.pods} ${ns.network.externalEgressPorts.join(',')}`)).toEqual(['acme-api-dev 4 30 80,443', 'acme-api-production 4 30 80,443']);
  });
});
