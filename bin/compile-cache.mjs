// V8 code caches for the CommonJS packages Tenantry requires (TypeScript, cdk8s, cdk8s-plus-28, ...),
// so a run does not compile them again: compiling TypeScript's 9 MB file is most of loading it.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join, sep } from 'node:path';
import { cachedDataVersionTag } from 'node:v8';
import vm from 'node:vm';

/** Smaller files compile faster than their cache is read. */
const MIN_SIZE = 64 * 1024;

/**
 * Keeps code caches in `dir` (safe to delete). Node 22 and later do it themselves
 * (module.enableCompileCache). On Node 20 each package file over MIN_SIZE is compiled with the
 * cache it left last time, and a file compiled without one leaves its cache once it has run,
 * so the cache holds every function its loading compiled (v8-compile-cache takes it right
 * after compiling, which holds only the top level: TypeScript loaded in 0.19 s with that).
 */
export function enableCompileCache(dir) {
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache(dir);
    return;
  }
  const dynamicImport = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  const startTag = cachedDataVersionTag();
  const compile = Module.prototype._compile;
  // Source maps and policies are Node's own business in _compile: leave such runs alone.
  if (process.sourceMapsEnabled || process.execArgv.some((arg) => arg.startsWith('--experimental-policy'))) return;
  Module.prototype._compile = function (content, filename, format) {
    const eligible = filename.includes(`${sep}node_modules${sep}`) && content.length >= MIN_SIZE && !content.startsWith('#!') && (format === undefined || format === 'commonjs');
    if (!eligible || (!dynamicImport && /\bimport\s*\(/.test(content))) return compile.call(this, content, filename, format);
    // V8 checks a cache against the source's length only: the key names the file's exact version
    // (ctime and inode change with every write, even one that keeps the size and the mtime).
    const stat = statSync(filename);
    const version = [process.version, process.arch, filename, stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino].join('\0');
    const file = join(dir, `${createHash('sha256').update(version).digest('hex').slice(0, 32)}.bin`);
    let cachedData;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    let script;
    try {
      script = new vm.Script(Module.wrap(content), { filename, cachedData, ...(dynamicImport ? { importModuleDynamically: dynamicImport } : {}) });
    } catch {
      return compile.call(this, content, filename, format); // let Node report the syntax error its own way
    }
    const exports = script.runInThisContext({ displayErrors: true }).call(this.exports, this.exports, requireOf(this), this, filename, dirname(filename));
    // Under flags changed since start-up, the next run would reject the cache.
    if ((!cachedData || script.cachedDataRejected) && cachedDataVersionTag() === startTag) save(file, script);
    return exports;
  };
}

/**
 * The cache is taken once the module has run, so it holds what its loading compiled. Not at
 * exit: by then Tenantry may have changed V8's flags (--expose-gc in heap.ts), and V8 rejects
 * a cache made under other flags.
 */
function save(file, script) {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, file);
  } catch {
    // a read-only node_modules: the next run compiles again
  }
}

/** The `require` a module's code gets, as Node builds it. */
function requireOf(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}
