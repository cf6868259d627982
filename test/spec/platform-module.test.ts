import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTypeScript } from '../../lib/spec/platform-module';
import { tempDirs } from '../support/temp';

const ROOT = join(import.meta.dirname, '..', '..');
const tempDir = tempDirs('tenantry-platform-module-test-');

/** Bundles lib/spec/platform-module.ts with esbuild and runs it in plain Node (no TypeScript loader) on `entry`. */
function importInPlainNode(entry: string): string {
  // Inside node_modules/, so the bundle's package imports (esbuild) resolve.
  const out = join(ROOT, 'node_modules', '.cache', 'tenantry', `platform-module-test-${process.pid}.mjs`);
  mkdirSync(dirname(out), { recursive: true });
  execFileSync(process.execPath, ['-e', `require('esbuild').buildSync({ entryPoints: [${JSON.stringify(join(ROOT, 'lib', 'spec', 'platform-module.ts'))}], bundle: true, format: 'esm', platform: 'node', packages: 'external', outfile: ${JSON.stringify(out)}, define: { 'import.meta.url': ${JSON.stringify(JSON.stringify(`file://${join(ROOT, 'lib', 'spec', 'platform-module.ts')}`))} } })`], { cwd: ROOT });
  const script = `const { importTypeScript } = await import(${JSON.stringify(`file://${out}`)}); console.log(JSON.stringify((await importTypeScript(${JSON.stringify(entry)})).default));`;
  try {
    return execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }).trim();
  } finally {
    rmSync(out, { force: true });
  }
}

describe('importTypeScript', () => {
  it('imports a TypeScript module directly under a TypeScript loader', async () => {
    // GIVEN
    const dir = tempDir();
    writeFileSync(join(dir, 'platform.ts'), 'const size: number = 3;\nexport default { size };\n');

    // WHEN
    const module = await importTypeScript(join(dir, 'platform.ts'));

    // THEN
    expect(module.default).toEqual({ size: 3 });
  });

  it('bundles it without a loader, and again when a file it imports changes', () => {
    // GIVEN a platform.ts that imports a local helper
    const dir = join(tempDir(), 'project');
    mkdirSync(dir);
    writeFileSync(join(dir, 'platform.ts'), "import { size } from './size';\nexport default { size, twice: size * 2 as number };\n");
    writeFileSync(join(dir, 'size.ts'), 'export const size: number = 3;\n');
    const first = importInPlainNode(join(dir, 'platform.ts'));

    // WHEN the helper changes
    writeFileSync(join(dir, 'size.ts'), 'export const size: number = 5;\n');
    const second = importInPlainNode(join(dir, 'platform.ts'));

    // THEN
    expect(first).toBe('{"size":3,"twice":6}');
    expect(second).toBe('{"size":5,"twice":10}');
  }, 60_000);
});
