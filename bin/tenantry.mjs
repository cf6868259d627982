#!/usr/bin/env node
// Starts Tenantry's command line from a build of main.ts kept in node_modules/.cache/tenantry/build/,
// made with esbuild whenever the sources change (keyed by their hash), so no run transpiles TypeScript.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { enableCompileCache } from './compile-cache.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUILDS = join(ROOT, 'node_modules', '.cache', 'tenantry', 'build');
/** Builds kept besides the newest, for commands still running from an older one. */
const KEEP = 3;

/**
 * Hash of every source the build is made of, of the package manifest, the locked dependencies
 * (esbuild among them) and this file. It covers all that Tenantry's code fingerprint hashes
 * (lib/spec/code-fingerprint.ts), which takes it instead of reading the same files again.
 */
function sourceHash() {
  const hash = createHash('sha256');
  const files = ['main.ts', 'package.json', 'package-lock.json', 'tsconfig.json', 'bin/tenantry.mjs'];
  for (const dir of ['lib', 'constructs', 'imports']) {
    // The vendored CRDs (imports/crds/*.yaml) are read at run time and shape the checks, so they count too.
    const counted = (f) => f.endsWith('.ts') || (dir === 'imports' && /\.ya?ml$/.test(f));
    for (const file of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).filter(counted).sort()) files.push(join(dir, file));
  }
  for (const file of files) hash.update(file).update('\0').update(existsSync(join(ROOT, file)) ? readFileSync(join(ROOT, file)) : 'missing').update('\0');
  return hash.digest('hex');
}

/**
 * The sources bundled into one ES module (plus lazily loaded chunks); packages stay imports. Every
 * `import.meta.url` keeps naming its source file, so paths into the project (schemas, workers,
 * the project root) resolve exactly as under tsx.
 */
async function build(dir) {
  const esbuild = await import('esbuild');
  const staging = `${dir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  await esbuild.build({
    // The synthesis and schema workers are entries of their own, sharing chunks with main: workers start without tsx.
    entryPoints: { main: join(ROOT, 'main.ts'), 'synth-worker': join(ROOT, 'lib', 'synth', 'synth-worker.ts'), 'schema-worker': join(ROOT, 'lib', 'check', 'schema-worker.ts') },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
    plugins: [commonJsByRequire, ...(await vendor(esbuild, staging)), sourceUrls],
  });
  writeFileSync(join(staging, 'package.json'), '{ "type": "module" }\n');
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another run built the same sources first
  }
  prune(dir);
}

/**
 * ES module packages made of many small files (zod: 0.15–0.19 s to import; secretlint and its
 * rules: 0.12–0.16 s), bundled into the build's vendor/ folder so each loads as one file (about
 * 0.05 s). platform.ts' bundle takes zod from there too (lib/spec/platform-module.ts), so there
 * is one zod.
 */
const VENDORED = ['zod', '@secretlint/core', '@secretlint/secretlint-rule-pattern', '@secretlint/secretlint-rule-preset-recommend'];

const vendorFile = (name) => name.replace(/^@/, '').replace(/\//g, '-');

/** Builds vendor/ and returns the plugin that points the build's imports there; none when that fails (they stay package imports). */
async function vendor(esbuild, staging) {
  try {
    await esbuild.build({
      entryPoints: Object.fromEntries(VENDORED.map((name) => [vendorFile(name), name])),
      outdir: join(staging, 'vendor'),
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      absWorkingDir: ROOT,
      logLevel: 'silent',
      // CommonJS code bundled into an ES module still calls require() for Node's own modules.
      banner: { js: "import { createRequire as tenantryRequire } from 'node:module'; const require = tenantryRequire(import.meta.url);" },
    });
  } catch {
    return [];
  }
  const vendored = new RegExp(`^(${VENDORED.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);
  return [
    {
      name: 'tenantry-vendored',
      setup(build) {
        build.onResolve({ filter: vendored }, (args) => ({ path: `./vendor/${vendorFile(args.path)}.js`, external: true }));
      },
    },
  ];
}

const requireHere = createRequire(import.meta.url);

/** A CommonJS package: not `"type": "module"` and no `import` condition among its exports. */
function isCommonJs(specifier) {
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  try {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8'));
    return manifest.type !== 'module' && !JSON.stringify(manifest.exports ?? {}).includes('"import"');
  } catch {
    return false;
  }
}

/**
 * CommonJS packages (cdk8s, cdk8s-plus-28, constructs, ajv, yaml) loaded with require() instead of
 * `import`: Node then skips parsing each of their files for its export names, about half of the
 * start-up. The names are taken from the package at build time; `default` is module.exports, as
 * under `import`.
 */
const commonJsByRequire = {
  name: 'tenantry-commonjs-by-require',
  setup(build) {
    build.onResolve({ filter: /^(@[^/]+\/)?[^./@]/ }, (args) => {
      if (args.path.startsWith('node:') || args.namespace === 'commonjs-by-require' || !isCommonJs(args.path)) return undefined;
      return { path: args.path, namespace: 'commonjs-by-require' };
    });
    build.onLoad({ filter: /.*/, namespace: 'commonjs-by-require' }, (args) => {
      const names = Object.keys(requireHere(join(ROOT, 'node_modules', args.path))).filter((name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name));
      const lines = [
        "import { createRequire } from 'node:module';",
        `const m = createRequire(import.meta.url)(${JSON.stringify(args.path)});`,
        'export default m;',
        ...names.map((name, i) => `const n${i} = m[${JSON.stringify(name)}]; export { n${i} as ${name} };`),
      ];
      return { contents: lines.join('\n'), loader: 'js', resolveDir: ROOT };
    });
  },
};

const sourceUrls = {
  name: 'tenantry-source-urls',
  setup(build) {
    // Node's ES module resolution wants the extension on a deep import into a CommonJS package.
    build.onResolve({ filter: /^(@[^/]+\/)?[^./@][^/]*\/[^.]+$/ }, (args) => (args.path.startsWith('node:') ? undefined : { path: `${args.path}.js`, external: true }));
    build.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href)),
      loader: 'ts',
    }));
  },
};

function prune(current) {
  const others = readdirSync(BUILDS)
    .map((name) => join(BUILDS, name))
    .filter((path) => path !== current)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const path of others.slice(KEEP)) rmSync(path, { recursive: true, force: true });
}

async function start() {
  const args = process.argv.slice(2);
  enableCompileCache(join(ROOT, 'node_modules', '.cache', 'tenantry', 'v8'));
  if (process.env.TENANTRY_NO_BUILD !== '1') {
    const sources = sourceHash();
    const dir = join(BUILDS, sources.slice(0, 16));
    const entry = join(dir, 'main.js');
    try {
      statSync(entry);
    } catch {
      try {
        mkdirSync(BUILDS, { recursive: true });
        await build(dir);
      } catch (error) {
        if (process.env.TENANTRY_DEBUG === '1') console.error(error);
      }
    }
    try {
      statSync(entry);
      globalThis[Symbol.for('tenantry.synthWorker')] = pathToFileURL(join(dir, 'synth-worker.js')).href;
      if (existsSync(join(dir, 'schema-worker.js'))) globalThis[Symbol.for('tenantry.schemaWorker')] = pathToFileURL(join(dir, 'schema-worker.js')).href;
      if (existsSync(join(dir, 'vendor', 'zod.js'))) globalThis[Symbol.for('tenantry.zod')] = pathToFileURL(join(dir, 'vendor', 'zod.js')).href;
      globalThis[Symbol.for('tenantry.codeFingerprint')] = `sources:${sources}`;
      return (await import(pathToFileURL(entry).href)).run(args);
    } catch (error) {
      if (process.env.TENANTRY_DEBUG === '1') console.error(error);
    }
  }
  // No build (esbuild missing, a read-only node_modules, TENANTRY_NO_BUILD=1): the sources through tsx, as before.
  const { register } = await import('tsx/esm/api');
  register();
  (await import(pathToFileURL(join(ROOT, 'main.ts')).href)).run(args);
}

await start();
