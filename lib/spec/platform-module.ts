/*
 * Imports platform.ts (code the platform team owns), which is TypeScript: directly where a TypeScript loader runs (tsx, vitest),
 * else bundled by esbuild into node_modules/.cache/tenantry/modules/, kept while the files it imports are unchanged.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeAtomically } from './atomic-write';
import { announced, PROJECT_ROOT } from './code-fingerprint';
import { ROOT_FIELD } from './errors';

const MODULES = join(PROJECT_ROOT, 'node_modules', '.cache', 'tenantry', 'modules');

/** The module at `path` (absolute), run as code. */
export async function importTypeScript(path: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  }
  return (await import(pathToFileURL(await compiled(path)).href)) as Record<string, unknown>;
}

interface Manifest {
  /** Every file the bundle was made of (absolute path → content hash). */
  readonly inputs: Readonly<Record<string, string>>;
  readonly output: string;
  /** The zod the bundle imports, when not the package's own (vendoredZod). */
  readonly zod?: string;
}

/**
 * The launcher's own bundle of zod (bin/tenantry.mjs, vendor/), which Tenantry's modules use
 * there: platform.ts then imports the same one, so there is one zod and it loads as one file.
 */
function vendoredZod(): string | undefined {
  return announced('tenantry.zod');
}

const hashOf = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** Per module run from a bundle this process, the bundle (named by its code's hash). */
const identities = new Map<string, string>();

/**
 * The bundle `path` last ran from in this process, which names all the local code it is made of;
 * undefined where it was imported directly (tsx, vitest) and that is not known.
 */
export function moduleIdentity(path: string): string | undefined {
  return identities.get(path);
}

/** The bundle of `path` and the local files it imports (packages stay imports); rebuilt when any of them changed. */
async function compiled(path: string): Promise<string> {
  const manifestFile = join(MODULES, `${hashOf(path).slice(0, 16)}.json`);
  const previous = readManifest(manifestFile);
  const zod = vendoredZod();
  if (previous && previous.zod === zod && Object.entries(previous.inputs).every(([file, hash]) => hashOfFile(file) === hash)) {
    identities.set(path, previous.output);
    return previous.output;
  }
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
    absWorkingDir: PROJECT_ROOT,
    plugins: [sourceUrls, ...(zod ? [useZod(zod)] : [])],
  });
  const code = result.outputFiles[0]!.contents;
  const output = join(MODULES, `${hashOf(Buffer.from(code)).slice(0, 16)}.mjs`);
  mkdirSync(MODULES, { recursive: true });
  writeAtomically(output, code);
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((file) => join(PROJECT_ROOT, file)).map((file) => [file, hashOfFile(file) ?? ""]));
  writeAtomically(manifestFile, JSON.stringify({ inputs, output, ...(zod ? { zod } : {}) } satisfies Manifest));
  identities.set(path, output);
  return output;
}

function useZod(url: string): import('esbuild').Plugin {
  return { name: 'tenantry-vendored-zod', setup: (build) => build.onResolve({ filter: /^zod$/ }, () => ({ path: url, external: true })) };
}

/** `import.meta.url` keeps naming the source file, so paths the code builds from it resolve as under tsx. */
const sourceUrls = {
  name: 'tenantry-source-urls',
  setup(build: import('esbuild').PluginBuild) {
    // Node's ES module resolution wants the extension on a deep import into a CommonJS package.
    build.onResolve({ filter: /^(@[^/]+\/)?[^./@][^/]*\/[^.]+$/ }, (args) => (args.path.startsWith('node:') ? undefined : { path: `${args.path}.js`, external: true }));
    build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href)),
      loader: 'ts',
    }));
  },
};

function hashOfFile(file: string): string | undefined {
  try {
    return hashOf(readFileSync(file));
  } catch {
    return undefined;
  }
}

function readManifest(file: string): Manifest | undefined {
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    return manifest && typeof manifest.output === 'string' && typeof manifest.inputs === 'object' ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** The default export of `file` (relative to `root`), or undefined with one error line saying why not. */
export async function importDefault(root: string, file: string, errors: string[], fix: string): Promise<{ file: string; value: unknown } | undefined> {
  let module: Record<string, unknown>;
  try {
    module = await importTypeScript(join(root, file));
  } catch (error) {
    errors.push(`${file}: cannot be loaded — ${await describeLoadError(root, file, error)}`);
    return undefined;
  }
  if (module.default === undefined) {
    const named = Object.keys(module).filter((key) => key !== 'default' && key !== '__esModule').sort();
    const got = named.length ? `got only the named export${named.length === 1 ? '' : 's'} ${named.join(', ')}` : 'got a file that exports nothing';
    errors.push(`${file}: ${ROOT_FIELD} — missing, ${got}; end the file with ${fix}`);
    return undefined;
  }
  return { file, value: module.default };
}

/**
 * Why platform.ts could not be imported, the same whichever runner loaded it (tsx, vitest):
 * a syntax error with its position, an import that does not resolve, or the error the
 * file threw while running.
 */
async function describeLoadError(root: string, file: string, error: unknown): Promise<string> {
  let source: string | undefined;
  try {
    source = await readFile(join(root, file), 'utf8');
  } catch {
    return 'the file cannot be read; check that it exists and is readable';
  }
  const syntax = await syntaxError(file, source);
  if (syntax) return syntax;
  const missing = missingImport(root, file, source);
  if (missing) return `imports "${missing}", which does not exist; fix the import path`;
  const raw = error instanceof Error ? error.message : error && typeof error === 'object' && 'message' in error ? String(error.message) : String(error);
  const first = raw.split('\n').map((line) => line.trim()).find(Boolean) ?? 'unknown error';
  return `running it threw "${first.split(root + '/').join('')}"; fix the code so the file only builds and exports its spec`;
}

/** The first syntax error, found with TypeScript's parser (loaded only when a file fails). */
async function syntaxError(file: string, source: string): Promise<string | undefined> {
  const ts = (await import('typescript')).default;
  const output = ts.transpileModule(source, { fileName: file, reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
  const first = output.diagnostics?.find((d) => d.file && d.start !== undefined);
  if (!first) return undefined;
  const { line, character } = first.file!.getLineAndCharacterOfPosition(first.start!);
  const text = ts.flattenDiagnosticMessageText(first.messageText, ' ').replace(/\.$/, '');
  return `syntax error at line ${line + 1}, column ${character + 1}: ${text}; fix the TypeScript (npx tsc --noEmit lists every error)`;
}

/** A relative import whose target file does not exist. */
function missingImport(root: string, file: string, source: string): string | undefined {
  for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const specifier = match[1]!;
    const base = join(root, dirname(file), specifier);
    const candidates = [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts')].concat(/\.js$/.test(base) ? [base.replace(/\.js$/, '.ts')] : []);
    if (!candidates.some((candidate) => existsSync(candidate))) return specifier;
  }
  return undefined;
}
