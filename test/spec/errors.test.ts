import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldError, formatPath, formatZodIssues, renderValue, valueAt } from '../../lib/spec/errors';
import { PlatformSchema, TenantSchema } from '../../lib/spec/schema';

const VALID = { id: 'acme', name: 'Acme Corp', owner: 'lead@acme.example', isolation: 'soft', teams: [{ id: 'api' }] };

/** The error lines for a tenant spec as `tenants/acme.ts`. */
function tenantErrors(value: unknown): string[] {
  const parsed = TenantSchema.safeParse(value);
  return parsed.success ? [] : formatZodIssues('tenants/acme.ts', value, TenantSchema, parsed.error.issues);
}

describe('formatPath', () => {
  it('joins plain keys and indices with dots', () => {
    // GIVEN a path through a list and objects
    const path = ['teams', 0, 'quota', 'cpu'];

    // WHEN it is formatted
    const text = formatPath(path);

    // THEN it reads as a dotted path
    expect(text).toBe('teams.0.quota.cpu');
  });

  it('quotes keys that contain dots or slashes', () => {
    // GIVEN a label key with a prefix
    const path = ['teams', 1, 'labels', 'example.com/tier'];

    // WHEN it is formatted
    const text = formatPath(path);

    // THEN the key stays one segment
    expect(text).toBe('teams.1.labels["example.com/tier"]');
  });
});

describe('renderValue', () => {
  it('shows short values as JSON and shortens long ones', () => {
    // GIVEN values of every kind
    const long = 'x'.repeat(100);

    // WHEN they are rendered
    const rendered = [renderValue('lots'), renderValue(42), renderValue(undefined), renderValue(() => 1), renderValue(long)];

    // THEN each is one short line
    expect(rendered).toEqual(['"lots"', '42', 'nothing', 'a function', `"${'x'.repeat(56)}...`]);
  });
});

describe('fieldError and valueAt', () => {
  it('formats a file, a path and a message', () => {
    // GIVEN a nested value
    const value = { teams: [{ quota: { cpu: 'lots' } }] };

    // WHEN the value at a path is read and reported
    const line = fieldError('tenants/acme.ts', ['teams', 0, 'quota', 'cpu'], `expected a quantity, got ${renderValue(valueAt(value, ['teams', 0, 'quota', 'cpu']))}`);

    // THEN the line names the file, the path and the value
    expect(line).toBe('tenants/acme.ts: teams.0.quota.cpu — expected a quantity, got "lots"');
  });
});

describe('formatZodIssues', () => {
  it('suggests the closest field for a typo and does not also report the field as missing', () => {
    // GIVEN a spec whose teams field is misspelt
    const { teams, ...rest } = VALID;

    // WHEN it is validated
    const lines = tenantErrors({ ...rest, teems: teams });

    // THEN one line says what was meant
    expect(lines).toEqual(['tenants/acme.ts: teems — unknown field "teems"; did you mean "teams"?']);
  });

  it('lists the allowed fields when nothing is close', () => {
    // GIVEN a spec with a field that resembles none
    const value = { ...VALID, teams: [{ id: 'api', colour: 'blue' }] };

    // WHEN it is validated
    const lines = tenantErrors(value);

    // THEN the line lists what is allowed there
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tenants\/acme\.ts: teams\.0\.colour — unknown field "colour"; remove it \(allowed here: id, unit, environments, /);
  });

  it('reports inside the union branch the user meant', () => {
    // GIVEN custom isolation with one aspect of the wrong value
    const value = { ...VALID, isolation: { custom: { network: 'open', quota: true, nodes: 'shared', storage: 'shared', agent: 'shared', podSecurity: 'restricted' } } };

    // WHEN it is validated
    const lines = tenantErrors(value);

    // THEN the error points at the aspect, not at the union
    expect(lines).toEqual(['tenants/acme.ts: isolation.custom.network — expected "deny-all" or "deny-ingress", got "open"']);
  });

  it('falls back to the union message when no branch fits the shape', () => {
    // GIVEN an access entry keyed by neither group nor user
    const value = { ...VALID, teams: [{ id: 'api', access: [{ team: 'devs', role: 'edit' }] }] };

    // WHEN it is validated
    const lines = tenantErrors(value);

    // THEN the line lists every accepted form
    expect(lines).toEqual([
      'tenants/acme.ts: teams.0.access.0 — expected { group, role }, { user, role } or { serviceAccount, role } with role "admin", "edit" or "view", got {"team":"devs","role":"edit"}',
    ]);
  });

  it('puts the bad value between what is wrong and the fix', () => {
    // GIVEN a memory quota written in GB
    const value = { ...VALID, quota: { memory: '4GB' } };

    // WHEN it is validated
    const lines = tenantErrors(value);

    // THEN the line reads wrong, got, fix
    expect(lines).toEqual(['tenants/acme.ts: quota.memory — not a Kubernetes quantity, got "4GB"; write "4Gi" (binary) or "4G" (decimal), without "B"']);
  });

  it('names the default export when the whole value is wrong', () => {
    // GIVEN a module that exports a number
    const value = 7;

    // WHEN it is validated
    const lines = tenantErrors(value);

    // THEN the line names the export and the fix
    expect(lines).toEqual([
      'tenants/acme.ts: default export — expected a tenant object, got 7; end the file with export default defineTenant({ id, name, owner, isolation, teams })',
    ]);
  });

  it('says what a missing field should be, without zod jargon', () => {
    // GIVEN a schema whose field has no message of its own
    const schema = z.strictObject({ limits: z.strictObject({ cpu: z.string() }) });

    // WHEN a value leaves the field out
    const parsed = schema.safeParse({});
    const lines = parsed.success ? [] : formatZodIssues('platform.ts', {}, schema, parsed.error.issues);

    // THEN the line says missing and the expected type
    expect(lines).toEqual(['platform.ts: limits — missing, expected an object']);
  });

  it('reports every error of a platform at once', () => {
    // GIVEN a platform with a bad port and a typo
    const value = { ingress: { namespace: 'ingress-nginx', ports: ['8000'] }, sharedServcies: {} };

    // WHEN it is validated
    const parsed = PlatformSchema.safeParse(value);
    const lines = parsed.success ? [] : formatZodIssues('platform.ts', value, PlatformSchema, parsed.error.issues);

    // THEN both lines are there
    expect(lines).toEqual([
      'platform.ts: ingress.ports.0 — expected a port number such as 8080, got "8000"',
      'platform.ts: sharedServcies — unknown field "sharedServcies"; did you mean "sharedServices"?',
    ]);
  });
});
