import { describe, expect, it } from 'vitest';
import { validateProject } from '../../lib/spec/loader';
import { checkDisplayNames } from '../../lib/spec/tenant-checks';
import { TenantSchema } from '../../lib/spec/schema';

const platform = { file: 'platform.ts', value: {} };
const tenant = (id: string, extra: Record<string, unknown> = {}) => ({
  file: `tenants/${id}.ts`,
  value: { id, name: `${id} corp`, owner: `lead@${id}.example`, isolation: 'soft', teams: [{ id: 'api' }], ...extra },
});

describe('the tenant model', () => {
  it('keeps a Hivemind description and accepts a group as owner', () => {
    // GIVEN a tenant with a description, owned by a group
    const result = validateProject(platform, [tenant('my-tenant', { name: 'My Tenant', owner: 'my-tenant-owners', description: 'My tenant description' })]);

    // WHEN it is validated
    // THEN it resolves with both
    expect(result.ok && result.tenants[0]).toMatchObject({ owner: 'my-tenant-owners', description: 'My tenant description' });
  });

  it('fails when the description is empty', () => {
    // GIVEN an empty description
    // WHEN it is parsed
    const parsed = TenantSchema.safeParse({ ...tenant('acme').value, description: '' });

    // THEN it is refused
    expect(parsed.success).toBe(false);
  });
});

describe('checkDisplayNames', () => {
  it('fails when two tenants share a display name, naming both files', () => {
    // GIVEN two specs whose names differ only in case
    const specs = [tenant('a', { name: 'Acme' }), tenant('b', { name: 'ACME' })].map((t) => ({ file: t.file, spec: TenantSchema.parse(t.value) }));

    // WHEN they are checked
    // THEN the second is refused
    expect(checkDisplayNames(specs)).toEqual(['tenants/b.ts: name — display name "ACME" is already used by tenants/a.ts; give each tenant its own name']);
  });
});
