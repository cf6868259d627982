import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedTenantFile, createProject, literal, tenantFile } from '../../lib/bench/e2e-project';
import { readTenantSource } from '../../lib/spec/tenant-reader';
import { tempDirs } from '../support/temp';

const temporaryDir = tempDirs('tenantry-e2e-project-');

const ROOT = join(import.meta.dirname, '..', '..');

describe('createProject', () => {
  it('writes one tenant file per generated tenant that reads back as the same spec', () => {
    // GIVEN
    const dir = join(temporaryDir(), 'project');

    // WHEN
    const sources = createProject(ROOT, dir, { tenants: 5, teams: 2 });

    // THEN
    expect(readdirSync(join(dir, 'tenants')).sort()).toEqual(sources.map((s) => s.file.replace('tenants/', '')).sort());
    for (const source of sources) {
      const read = readTenantSource(dir, source.file, readFileSync(join(dir, source.file), 'utf8'));
      expect(read).toEqual({ ok: true, value: JSON.parse(JSON.stringify(source.value)) });
    }
  });

  it('gives the project a node_modules of its own, so its cache is never this repository\'s', () => {
    // GIVEN
    const dir = join(temporaryDir(), 'project');

    // WHEN
    createProject(ROOT, dir, { tenants: 1 });

    // THEN
    expect(readdirSync(join(dir, 'node_modules'))).not.toContain('.cache');
    expect(readdirSync(join(dir, 'node_modules'))).toContain('tsx');
  });
});

describe('literal', () => {
  it('quotes keys only where they are not plain names and escapes quotes', () => {
    // GIVEN
    const value = { id: "o'neil", 'cost-center': 'cc', list: [1, true, null] };

    // WHEN
    const text = literal(value, '');

    // THEN
    expect(text).toBe("{\n  id: 'o\\'neil',\n  'cost-center': 'cc',\n  list: [\n    1,\n    true,\n    null,\n  ],\n}");
  });
});

describe('changedTenantFile', () => {
  it('changes only the first team\'s pod quota', () => {
    // GIVEN
    const spec = { id: 'a', teams: [{ id: 'x', quota: { cpu: '1' } }, { id: 'y' }] };

    // WHEN
    const text = changedTenantFile(spec, 7);

    // THEN
    expect(text).toBe(tenantFile({ id: 'a', teams: [{ id: 'x', quota: { cpu: '1', pods: 7 } }, { id: 'y' }] }));
  });
});
