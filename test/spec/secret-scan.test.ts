import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../lib/spec/secret-scan';
import { readTenantFiles } from '../../lib/spec/tenant-files';

/* Literal secrets anywhere in a spec, found by secretlint's rules; never the secret itself in the message. */

const ROOT = join(__dirname, '..', '..');

describe('scanSecrets', () => {
  it('finds each realistic format and names its rule', async () => {
    // GIVEN one string per format, in env values and elsewhere
    const value = {
      env: {
        PG: 'postgres://app:S3cretPassw0rd@db.example.com:5432/app',
        GITHUB: `github_pat_${'A1b2C3d4E5f6G7h8I9j0K1'}_${'a'.repeat(30)}${'B'.repeat(29)}`,
        SLACK: 'xoxb-123456789012-1234567890123-abcdefghijABCDEFGHIJ1234',
        KEY: `-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7c3${'Qk9+'.repeat(40)}\n-----END RSA PRIVATE KEY-----`,
        REGION: 'eu-west-1',
      },
      name: 'AKIAZ2XYWVUTSRQPONML',
    };

    // WHEN they are scanned
    const errors = await scanSecrets([{ file: 'tenants/acme.ts', value }]);

    // THEN each secret is named by field and rule, the harmless value is not
    expect(errors.map((e) => e.replace(/ \(.*\), got/, ' (…), got'))).toEqual([
      'tenants/acme.ts: env.PG — looks like a literal secret (…), got "post…"; store it in a Secret and use { secretKeyRef: { name, key } }',
      'tenants/acme.ts: env.GITHUB — looks like a literal secret (…), got "gith…"; store it in a Secret and use { secretKeyRef: { name, key } }',
      'tenants/acme.ts: env.SLACK — looks like a literal secret (…), got "xoxb…"; store it in a Secret and use { secretKeyRef: { name, key } }',
      'tenants/acme.ts: env.KEY — looks like a literal secret (…), got "----…"; store it in a Secret and use { secretKeyRef: { name, key } }',
      'tenants/acme.ts: name — looks like a literal secret (…), got "AKIA…"; remove it: specs are committed to Git, so secrets belong in a Secret',
    ]);
    expect(errors.join('\n')).not.toContain('S3cretPassw0rd');
  });

  it('finds nothing in the example tenants', async () => {
    // GIVEN the repository's own tenant files
    const { sources, errors } = await readTenantFiles(ROOT);

    // WHEN they are scanned
    // THEN no string looks like a secret
    expect(errors).toEqual([]);
    expect(sources).toHaveLength(readdirSync(join(ROOT, 'tenants')).length);
    expect(await scanSecrets(sources)).toEqual([]);
  });
});
