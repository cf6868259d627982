import { describe, expect, it } from 'vitest';
import { NESTING_LIMIT, readTenantSource, TENANT_FILE_LIMIT } from '../../lib/spec/tenant-reader';

/* Tenant files as data: literals become values, everything else is refused with file:line:column. */

const read = (text: string) => readTenantSource('/project', 'tenants/acme.ts', text);

describe('readTenantSource', () => {
  it('reads every allowed literal form into plain data', () => {
    // GIVEN a file using the defineTenant import, quoted keys, templates, negatives, null and as const
    const text = [
      "import { defineTenant } from '../lib/spec/schema';",
      '// a comment',
      'export default defineTenant({',
      "  id: 'acme', 'quoted-key': `plain template`, n: -1.5, hex: 0x10, big: 1_000, yes: true, no: false, gone: null,",
      "  list: ['a', { b: [1, 2] }] as const,",
      '});',
    ].join('\n');

    // WHEN it is read
    const result = read(text);

    // THEN the value is the literal, as JSON data
    expect(result).toEqual({
      ok: true,
      value: { id: 'acme', 'quoted-key': 'plain template', n: -1.5, hex: 16, big: 1000, yes: true, no: false, gone: null, list: ['a', { b: [1, 2] }] },
    });
  });

  it('reads a plain export default object without the import', () => {
    // GIVEN a file with only an exported object
    // WHEN it is read
    // THEN the object is the value
    expect(read("export default { id: 'acme' };\n")).toEqual({ ok: true, value: { id: 'acme' } });
  });

  it('never gives an object a prototype through a __proto__ key', () => {
    // GIVEN a __proto__ key, quoted
    // WHEN it is read
    const result = read("export default { '__proto__': { polluted: true } };\n");

    // THEN it is refused, and nothing was polluted
    expect(result).toEqual({ ok: false, errors: [`tenants/acme.ts:1:18: the key __proto__ is not allowed in a tenant file; remove it (it would set the object's prototype, not a field)`] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  const REFUSED: readonly [string, string, string][] = [
    ['an import of another module', "import x from './globex';\nexport default {};\n", `tenants/acme.ts:1:1: import from "./globex" is not allowed in a tenant file; the only import allowed is import { defineTenant } from '../lib/spec/schema'`],
    ['defineTenant imported under another name', "import { defineTenant as d } from '../lib/spec/schema';\nexport default {};\n", `tenants/acme.ts:1:1: import from "../lib/spec/schema" is not allowed in a tenant file; the only import allowed is import { defineTenant } from '../lib/spec/schema'`],
    ['defineTenant without its import', 'export default defineTenant({});\n', `tenants/acme.ts:1:16: defineTenant without its import is not allowed in a tenant file; add import { defineTenant } from '../lib/spec/schema'`],
    ['a name', 'export default { id: acme };\n', 'tenants/acme.ts:1:22: id — the name acme is not allowed in a tenant file; a tenant file is data, so write the value itself as a literal'],
    ['a call', "export default { id: String('acme') };\n", "tenants/acme.ts:1:22: id — a call (String('acme')) is not allowed in a tenant file; a tenant file is data, so write the value itself as a literal"],
    ['a type assertion other than as const', "export default { id: 'acme' as string };\n", 'tenants/acme.ts:1:22: id — a type assertion (as string) is not allowed in a tenant file; remove it (only as const is allowed)'],
    ['a duplicate key', "export default { id: 'a', id: 'b' };\n", 'tenants/acme.ts:1:27: id — a second "id" key is not allowed in a tenant file; give each key once'],
    ['a second default export', 'export default {};\nexport default {};\n', 'tenants/acme.ts:2:1: a second export default is not allowed in a tenant file; export one tenant per file'],
    ['a setter', 'export default { set id(v) {} };\n', 'tenants/acme.ts:1:18: a setter (id) is not allowed in a tenant file; write key: value with a literal value'],
    ['a shorthand property', 'export default { teams };\n', 'tenants/acme.ts:1:18: a shorthand property (teams) is not allowed in a tenant file; write key: value with a literal value'],
    ['a numeric key', 'export default { 1: 2 };\n', 'tenants/acme.ts:1:18: the key 1 is not allowed in a tenant file; write a plain or quoted key'],
    ['a number out of range', 'export default { n: 1e999 };\n', 'tenants/acme.ts:1:21: n — a number out of range (1e999) is not allowed in a tenant file; write a smaller number'],
  ];
  for (const [what, text, error] of REFUSED) {
    it(`fails when a tenant file holds ${what}`, () => {
      // GIVEN the file
      // WHEN it is read
      // THEN the one error names the line, column, field and construct
      expect(read(text)).toEqual({ ok: false, errors: [error] });
    });
  }

  it('fails when a file has more than ten refused constructs, counting the rest', () => {
    // GIVEN twelve names
    const text = `export default [${Array.from({ length: 12 }, (_, i) => `x${i}`).join(', ')}];\n`;

    // WHEN it is read
    const result = read(text);

    // THEN ten are listed and the last line counts the other two
    expect(result.ok ? [] : result.errors).toHaveLength(11);
    expect(result.ok ? '' : result.errors.at(-1)).toBe('tenants/acme.ts: … and 2 more constructs that are not allowed');
  });

  it('fails when the file is larger than the limit, before parsing it', () => {
    // GIVEN a file one byte over the limit
    const text = `export default '${'a'.repeat(TENANT_FILE_LIMIT)}';`;

    // WHEN it is read
    // THEN it is refused by size
    expect(read(text)).toEqual({ ok: false, errors: [`tenants/acme.ts: cannot be read — the file is 257 KiB, more than the 256 KiB a tenant file may have; split the tenant or shorten the file`] });
  });

  it('fails when brackets nest deeper than the limit, before parsing it', () => {
    // GIVEN one bracket too many
    const text = `export default ${'['.repeat(NESTING_LIMIT + 1)}${']'.repeat(NESTING_LIMIT + 1)};`;

    // WHEN it is read
    // THEN the error points at the bracket past the limit
    expect(read(text)).toEqual({ ok: false, errors: [`tenants/acme.ts:1:${16 + NESTING_LIMIT}: cannot be read — brackets nested more than ${NESTING_LIMIT} levels deep; flatten the value`] });
  });
});
