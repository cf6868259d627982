import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryProblem, readTenantFiles } from '../../lib/spec/tenant-files';

/* tenants/ holds tenant files only: anything else is named, never skipped. */

describe('entryProblem', () => {
  it('accepts lowercase <id>.ts files', () => {
    // GIVEN tenant file names
    // WHEN they are judged
    // THEN none has a problem
    expect(['acme.ts', 'a-b-c.ts', '9lives.ts'].map((name) => entryProblem(name, true, false))).toEqual([undefined, undefined, undefined]);
  });

  it('fails when a name is not <id>.ts, suggesting the tenant file name', () => {
    // GIVEN a backup, an upper-case extension, an .mts file, a declaration file and a dotfile
    const names = ['globex.ts.bak', 'Globex.ts', 'globex.mts', 'globex.d.ts', '.globex.ts'];

    // WHEN they are judged
    const problems = names.map((name) => entryProblem(name, true, false));

    // THEN each says so and suggests tenants/globex.ts
    const expected = 'not a tenant file (a tenant file is named <id>.ts, in lowercase), so its tenant would be pruned; rename it to tenants/globex.ts to keep the tenant, or move it out of tenants/';
    expect(problems).toEqual(names.map(() => expected));
  });

  it('fails when an entry is a folder or not a regular file', () => {
    // GIVEN a folder and a link
    // WHEN they are judged
    // THEN each gets its own fix
    expect(entryProblem('old', false, true)).toBe('a folder in tenants/; tenant files live directly in tenants/ as <id>.ts, so move its files up or out of tenants/');
    expect(entryProblem('acme.ts', false, false)).toBe('not a regular file (a link or a device); replace it with the tenant file itself');
  });
});

describe('readTenantFiles', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tenantry-files-'));
    mkdirSync(join(root, 'tenants'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('fails when a tenant file is a link, even to a valid tenant file', async () => {
    // GIVEN acme.ts and a link globex.ts pointing at it
    writeFileSync(join(root, 'tenants', 'acme.ts'), "export default { id: 'acme' };\n");
    symlinkSync(join(root, 'tenants', 'acme.ts'), join(root, 'tenants', 'globex.ts'));

    // WHEN tenants/ is read
    const result = await readTenantFiles(root);

    // THEN acme is read and the link is refused
    expect(result.sources).toEqual([{ file: 'tenants/acme.ts', value: { id: 'acme' } }]);
    expect(result.errors).toEqual(['tenants/globex.ts: not a regular file (a link or a device); replace it with the tenant file itself']);
  });

  it('fails when a tenant file cannot be read, naming the path and the operation', async () => {
    // GIVEN a tenant file nobody may read (skipped as root, who may read anything)
    if (process.getuid?.() === 0) return;
    writeFileSync(join(root, 'tenants', 'acme.ts'), 'export default {};\n', { mode: 0o000 });

    // WHEN tenants/ is read
    const result = await readTenantFiles(root);

    // THEN the error names the file and what failed
    expect(result.errors).toEqual(['tenants/acme.ts: cannot read (open) — permission denied; check the owner and mode (EACCES)']);
  });
});
