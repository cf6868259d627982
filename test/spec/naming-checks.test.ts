import { describe, expect, it } from 'vitest';
import { validateProject } from '../../lib/spec/loader';

const platform = (naming?: Record<string, string>) => ({ file: 'platform.ts', value: { ingress: { namespace: 'ingress-nginx', ports: [8000] }, naming } });
const tenant = (id: string, teams: unknown[]) => ({ file: `tenants/${id}.ts`, value: { id, name: `${id} corp`, owner: `lead@${id}.example`, isolation: 'soft', teams } });

function namespaces(result: ReturnType<typeof validateProject>) {
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.tenants.flatMap((t) => t.namespaces.map((ns) => `${ns.name} ${ns.serviceAccount}`));
}

describe('naming checks', () => {
  it('keeps today\'s names when platform.ts sets no naming', () => {
    // GIVEN a platform without naming and a team with environments
    const result = validateProject(platform(), [tenant('acme', [{ id: 'api', environments: ['dev', 'prod'] }, { id: 'web' }])]);

    // WHEN the names are read
    // THEN they are <tenant>-<team>[-<env>] and sa-<team>
    expect(namespaces(result)).toEqual(['acme-api-dev sa-api', 'acme-api-prod sa-api', 'acme-web sa-web']);
  });

  it('follows the AI-agents templates', () => {
    // GIVEN one namespace per tenant and a ServiceAccount per tenant
    const result = validateProject(platform({ namespace: 'ai-agents-{tenant}', serviceAccount: 'sa-{tenant}' }), [tenant('acme-corp', [{ id: 'agents' }])]);

    // WHEN the names are read
    // THEN they are the write-up's
    expect(namespaces(result)).toEqual(['ai-agents-acme-corp sa-acme-corp']);
  });

  it('lets a team name its namespaces outright, one per environment', () => {
    // GIVEN a team naming its dev namespace with a template and prod by a record
    const result = validateProject(platform(), [
      tenant('hivemind', [
        { id: 'core', namespace: 'my-namespace' },
        { id: 'pay', environments: ['dev', 'prod'], namespace: { dev: 'payments-dev', prod: 'payments' } },
      ]),
    ]);

    // WHEN the names are read
    // THEN the team's names win over the template
    expect(namespaces(result)).toEqual(['my-namespace sa-core', 'payments-dev sa-pay', 'payments sa-pay']);
  });

  it('fails when an own namespace is longer than 63 characters, pointing at the field', () => {
    // GIVEN a team naming a 64-character namespace
    const long = 'n'.repeat(64);
    const result = validateProject(platform(), [tenant('acme', [{ id: 'api', namespace: long }])]);

    // WHEN it is validated
    // THEN the error names teams.0.namespace and says to shorten the name
    expect(result.ok ? [] : result.errors).toEqual([`tenants/acme.ts: teams.0.namespace — namespace "${long}" is 64 characters, more than 63; shorten the name`]);
  });
});
