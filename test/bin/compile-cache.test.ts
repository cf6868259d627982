import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../support/temp';

const COMPILE_CACHE = pathToFileURL(join(import.meta.dirname, '..', '..', 'bin', 'compile-cache.mjs')).href;
const tempDir = tempDirs('tenantry-compile-cache-test-');
/** Node 22 and later keep the cache themselves; these cases test the Node 20 hook. */
const builtIn = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** A project with node_modules/<name>/index.js holding `body` padded past the size worth caching. */
function project(modules: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, body] of Object.entries(modules)) {
    mkdirSync(join(dir, 'node_modules', name), { recursive: true });
    writeFileSync(join(dir, 'node_modules', name, 'index.js'), `${body}\n// ${'padding '.repeat(10_000)}\n`);
  }
  return dir;
}

/** A fresh Node process that enables the cache in <dir>/cache and prints what requiring `name` gave. */
function run(dir: string, name: string): string {
  const script = `
    const { enableCompileCache } = await import(${JSON.stringify(COMPILE_CACHE)});
    enableCompileCache(${JSON.stringify(join(dir, 'cache'))});
    const { createRequire } = await import('node:module');
    try { console.log(JSON.stringify(createRequire(${JSON.stringify(join(dir, 'x.js'))})(${JSON.stringify(name)}))); }
    catch (error) { console.log(error.name + ': ' + error.message.split('\\n')[0]); }`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }).trim();
}

describe('enableCompileCache', () => {
  it.skipIf(builtIn)('leaves a cache for a large package file and takes it, unrejected, in the next process', () => {
    // GIVEN
    const dir = project({ big: "const path = require('node:path'); module.exports = { dir: path.basename(__dirname), file: path.basename(__filename), self: path.basename(require.resolve('big/index.js')) };" });

    // WHEN it is required in two processes
    const first = run(dir, 'big');
    const cached = readdirSync(join(dir, 'cache'));
    const written = statSync(join(dir, 'cache', cached[0]!)).mtimeMs;
    const second = run(dir, 'big');

    // THEN both load it the same, and the second leaves the cache as it was
    expect(first).toBe('{"dir":"big","file":"index.js","self":"index.js"}');
    expect(second).toBe(first);
    expect(cached).toHaveLength(1);
    expect(statSync(join(dir, 'cache', cached[0]!)).mtimeMs).toBe(written);
  });

  it.skipIf(builtIn)('caches nothing for small files, which compile faster than a cache is read', () => {
    // GIVEN
    const dir = tempDir();
    mkdirSync(join(dir, 'node_modules', 'small'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'small', 'index.js'), 'module.exports = 42;\n');

    // WHEN
    const output = run(dir, 'small');

    // THEN
    expect(output).toBe('42');
    expect(() => readdirSync(join(dir, 'cache'))).toThrow();
  });

  it('reports a package with a syntax error as Node does', () => {
    // GIVEN
    const dir = project({ broken: 'module.exports = {' });

    // WHEN
    const output = run(dir, 'broken');

    // THEN
    expect(output).toMatch(/^SyntaxError: /);
  });
});
