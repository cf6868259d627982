/*
 * A throw-away Tenantry project for the end-to-end bench: this repository's code, a platform.ts
 * and N generated `tenants/<id>.ts` files, as a user's clone would hold them.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceFile } from '../spec/loader';
import { BENCH_PLATFORM, generateTenants, type GenerateOptions } from './generate';

/** What a clone holds besides tenants/ and dist/: the code `npm run synth` and `npm run check` run. */
const PROJECT_ENTRIES = ['main.ts', 'bin', 'lib', 'constructs', 'imports', 'package.json', 'package-lock.json', 'tsconfig.json'];

/**
 * Writes the project into `dir` (which must not exist yet). node_modules/ is a real folder of
 * links to this repository's packages, so the project's own cache (node_modules/.cache/) is
 * its own and never this repository's.
 */
export function createProject(root: string, dir: string, options: GenerateOptions): readonly SourceFile[] {
  mkdirSync(join(dir, 'tenants'), { recursive: true });
  for (const entry of PROJECT_ENTRIES) if (existsSync(join(root, entry))) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry !== '.cache') symlinkSync(join(root, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
  writeFileSync(join(dir, 'platform.ts'), platformFile());
  const sources = generateTenants(options);
  for (const source of sources) writeFileSync(join(dir, source.file), tenantFile(source.value));
  return sources;
}

export function platformFile(): string {
  return `import { definePlatform } from './lib/spec/schema';\n\nexport default definePlatform(${literal(BENCH_PLATFORM, '')});\n`;
}

/** A tenant file as a tenant lead writes it: the defineTenant import and one object literal. */
export function tenantFile(value: unknown): string {
  return `import { defineTenant } from '../lib/spec/schema';\n\nexport default defineTenant(${literal(value, '')});\n`;
}

/** A value as a TypeScript literal: plain keys unquoted, strings in single quotes, two-space indents. */
export function literal(value: unknown, indent: string): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) return value.length ? `[\n${value.map((item) => `${inner}${literal(item, inner)},\n`).join('')}${indent}]` : '[]';
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (!entries.length) return '{}';
  const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : literal(name, inner));
  return `{\n${entries.map(([name, item]) => `${inner}${key(name)}: ${literal(item, inner)},\n`).join('')}${indent}}`;
}

/** Edits one tenant file the way a one-line pull request does: a lower pod quota on its first team. */
export function changedTenantFile(value: unknown, pods: number): string {
  const spec = value as { teams: { quota?: Record<string, unknown> }[] };
  const [first, ...rest] = spec.teams;
  return tenantFile({ ...spec, teams: [{ ...first!, quota: { ...first!.quota, pods } }, ...rest] });
}
