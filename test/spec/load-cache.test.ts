import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { changedTenantFile, createProject } from '../../lib/bench/e2e-project';
import { LOAD_CACHE_VERSION, LoadCache, loadCacheFile, type FileEntry } from '../../lib/spec/load-cache';
import { loadProject, type LoadedProject } from '../../lib/spec/loader';
import { synthesizeProject } from '../../lib/synth/synthesize-project';
import { tempDirs } from '../support/temp';
import { readTree } from '../support/tree';

const tempDir = tempDirs('tenantry-load-cache-test-');
const ROOT = join(import.meta.dirname, '..', '..');
const ENTRY: FileEntry = { hash: '', read: { ok: true, value: { id: 'acme' } }, secrets: ['tenants/acme.ts: env.X — looks like a secret'] };

/** The tenants loadProject gives in a fresh process, as JSON. */
function loadInChild(dir: string, cache: boolean): string {
  const loader = pathToFileURL(join(ROOT, 'lib', 'spec', 'loader.ts')).href;
  const script = `const { loadProject } = await import(${JSON.stringify(loader)}); const r = await loadProject(${JSON.stringify(dir)}, 'tenants', 'platform.ts', { cache: ${cache} }); console.log(JSON.stringify(r.ok ? r.tenants : r.errors));`;
  return execFileSync(process.execPath, ['--import', join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs'), '--input-type=module', '-e', script], { encoding: 'utf8' });
}

function loaded(result: Awaited<ReturnType<typeof loadProject>>): LoadedProject {
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result;
}

describe('LoadCache', () => {
  it('serves a file whose hash is unchanged in the next run', () => {
    // GIVEN a run that stored an entry
    const file = join(tempDir(), 'load-cache.json');
    const first = new LoadCache(file, '/repo', 'code-1');
    const hash = first.hashOf('tenants/acme.ts', 'text');
    first.store('tenants/acme.ts', { ...ENTRY, hash });
    first.save();

    // WHEN the next run looks the same file up
    const next = new LoadCache(file, '/repo', 'code-1');

    // THEN
    expect(next.hit('tenants/acme.ts', next.hashOf('tenants/acme.ts', 'text'))).toEqual({ ...ENTRY, hash });
  });

  it.each([
    ['a changed tenant file', 'code-1', '/repo', 'new text'],
    ['another Tenantry version', 'code-2', '/repo', 'text'],
    ['another project root', 'code-1', '/other', 'text'],
  ])('misses after %s', (_, code, root, text) => {
    // GIVEN
    const file = join(tempDir(), 'load-cache.json');
    const first = new LoadCache(file, '/repo', 'code-1');
    first.store('tenants/acme.ts', { ...ENTRY, hash: first.hashOf('tenants/acme.ts', 'text') });
    first.save();

    // WHEN
    const next = new LoadCache(file, root, code);

    // THEN
    expect(next.hit('tenants/acme.ts', next.hashOf('tenants/acme.ts', text))).toBeUndefined();
  });

  it('writes the entries of unchanged files back exactly as it read them', () => {
    // GIVEN a cache of two files
    const file = join(tempDir(), 'load-cache.json');
    const first = new LoadCache(file, '/repo', 'code-1');
    first.store('tenants/acme.ts', { ...ENTRY, hash: 'a1' });
    first.store('tenants/globex.ts', { ...ENTRY, hash: 'g1' });
    first.save();
    const before = readFileSync(file, 'utf8').split('\n');

    // WHEN the next run finds acme unchanged and globex changed
    const next = new LoadCache(file, '/repo', 'code-1');
    next.hit('tenants/acme.ts', 'a1');
    next.store('tenants/globex.ts', { ...ENTRY, hash: 'g2', secrets: ['tenants/globex.ts: a secret'] });
    next.save();
    const after = readFileSync(file, 'utf8').split('\n');

    // THEN
    expect(after[1]).toBe(before[1]);
    expect(after[2]).not.toBe(before[2]);
    expect(new LoadCache(file, '/repo', 'code-1').hit('tenants/globex.ts', 'g2')?.secrets).toEqual(['tenants/globex.ts: a secret']);
  });

  it("parses a cached file's data only when it is used, and fails when damaged data is used", () => {
    // GIVEN a cache whose data part of an entry was damaged
    const file = join(tempDir(), 'load-cache.json');
    const first = new LoadCache(file, '/repo', 'code-1');
    first.store('tenants/acme.ts', { ...ENTRY, hash: 'a1' });
    first.save();
    const [header, line] = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, `${header}\n${line!.slice(0, line!.lastIndexOf('\t'))}\t{"ok":tru\n`);

    // WHEN
    const entry = new LoadCache(file, '/repo', 'code-1').hit('tenants/acme.ts', 'a1');

    // THEN
    expect(entry?.secrets).toEqual(ENTRY.secrets);
    expect(entry?.read.ok).toBe(true);
    expect(() => (entry!.read as { value: unknown }).value).toThrow(
      'the load cache (node_modules/.cache/tenantry/load-cache.json) is damaged; delete it and run the command again',
    );
  });

  it('keeps the platform scan only for the same platform key', () => {
    // GIVEN
    const file = join(tempDir(), 'load-cache.json');
    const first = new LoadCache(file, '/repo', 'code-1');
    first.storePlatformSecrets('k1', ['platform.ts: x']);
    first.save();

    // WHEN
    const next = new LoadCache(file, '/repo', 'code-1');

    // THEN
    expect(next.platformSecrets('k1')).toEqual(['platform.ts: x']);
    expect(next.platformSecrets('k2')).toBeUndefined();
  });

  it('drops files that are gone and never writes without a file', () => {
    // GIVEN a cache holding acme
    const file = join(tempDir(), 'load-cache.json');
    const first = new LoadCache(file, '/repo', 'code-1');
    first.store('tenants/acme.ts', { ...ENTRY, hash: 'h' });
    first.save();

    // WHEN a run sees no acme, and a run without a file stores one
    new LoadCache(file, '/repo', 'code-1').save();
    const none = new LoadCache(undefined, '/repo', 'code-1');
    none.store('tenants/acme.ts', { ...ENTRY, hash: 'h' });
    none.save();

    // THEN
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify({ version: LOAD_CACHE_VERSION })}\n`);
    expect(none.hit('tenants/acme.ts', 'h')).toBeUndefined();
  });
});

describe('loadCacheFile', () => {
  it('keeps the cache under the project\'s node_modules/.cache, and nowhere for a project without node_modules', () => {
    // GIVEN
    const project = join(tempDir(), 'project');
    createProject(ROOT, project, { tenants: 1 });

    // WHEN
    const file = loadCacheFile(project);

    // THEN
    expect(file).toBe(join(project, 'node_modules', '.cache', 'tenantry', 'load-cache.json'));
    expect(loadCacheFile(tempDir())).toBeUndefined();
  });
});

describe('loadProject with the load cache', { timeout: 30_000 }, () => {
  const setup = () => {
    const dir = join(tempDir(), 'project');
    const sources = createProject(ROOT, dir, { tenants: 4, teams: 2 });
    return { dir, sources };
  };

  it('loads the same project from the cache as without it', async () => {
    // GIVEN a project loaded once, which fills the cache
    const { dir } = setup();
    const fresh = loaded(await loadProject(dir));

    // WHEN it is loaded again
    const cached = loaded(await loadProject(dir));

    // THEN
    expect(JSON.stringify(cached.tenants)).toBe(JSON.stringify(fresh.tenants));
    expect(JSON.stringify(cached.platform)).toBe(JSON.stringify(fresh.platform));
    expect(JSON.stringify([...cached.specs])).toBe(JSON.stringify([...fresh.specs]));
  });

  it('reads a changed tenant file again', async () => {
    // GIVEN
    const { dir, sources } = setup();
    await loadProject(dir);
    const changed = sources[1]!;

    // WHEN one tenant file changes
    writeFileSync(join(dir, changed.file), changedTenantFile(changed.value, 3));
    const after = loaded(await loadProject(dir));

    // THEN it is read anew, and the result is what a load without the cache gives
    const id = (changed.value as { id: string }).id;
    expect(after.specs.get(id)!.teams[0]!.quota!.pods).toBe(3);
    expect(JSON.stringify(after.tenants)).toBe(JSON.stringify(loaded(await loadProject(dir, undefined, undefined, { cache: false })).tenants));
  });

  it('validates every tenant again when platform.ts changes', async () => {
    // GIVEN a project loaded once (platform.ts is code: each load runs in its own process, as synth does)
    const { dir } = setup();
    const before = loadInChild(dir, true);

    // WHEN the platform's default environment changes
    const platform = join(dir, 'platform.ts');
    writeFileSync(platform, readFileSync(platform, 'utf8').replace("LOG_LEVEL: 'info'", "LOG_LEVEL: 'debug'"));
    const after = loadInChild(dir, true);

    // THEN every tenant inherits the new value, as without the cache
    expect(before).toContain('"LOG_LEVEL":"info"');
    expect(after).not.toContain('"LOG_LEVEL":"info"');
    expect(after).toBe(loadInChild(dir, false));
  });

  it('runs an edited extension function on tenants served from the cache', async () => {
    // GIVEN a project whose platform.ts adds a ConfigMap to every namespace, loaded once (filling the cache)
    const { dir } = setup();
    const platform = join(dir, 'platform.ts');
    const extension = "extensions: { settings: { everyNamespace: true, objects: () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'team-settings' }, data: { colour: 'blue' } }) } }, ";
    writeFileSync(platform, readFileSync(platform, 'utf8').replace('definePlatform({', `definePlatform({ ${extension}`));
    const before = loadInChild(dir, true);

    // WHEN only the function's body changes (JSON of platform.ts, the cache key, stays the same)
    writeFileSync(platform, readFileSync(platform, 'utf8').replace("colour: 'blue'", "colour: 'green'"));
    const after = loadInChild(dir, true);

    // THEN the cached tenants carry the new object, as without the cache
    expect(before).toContain('"colour":"blue"');
    expect(after).not.toContain('"colour":"blue"');
    expect(after).toContain('"colour":"green"');
    expect(after).toBe(loadInChild(dir, false));
  });

  it('is not read when the cache is turned off (synth --force)', async () => {
    // GIVEN a cache whose entry for one tenant was tampered with
    const { dir, sources } = setup();
    await loadProject(dir);
    const file = loadCacheFile(dir)!;
    const name = (sources[0]!.value as { name: string }).name;
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((line) => line.startsWith(`${JSON.stringify(sources[0]!.file)}\t`));
    const [path, hash, meta, read] = lines[at]!.split('\t');
    lines[at] = [path, hash, meta!.replace(`"tenant":{"id":"${(sources[0]!.value as { id: string }).id}","name":${JSON.stringify(name)}`, `"tenant":{"id":"${(sources[0]!.value as { id: string }).id}","name":"From the cache"`), read].join('\t');
    expect(lines[at]).toContain('"name":"From the cache"');
    writeFileSync(file, lines.join('\n'));

    // WHEN the project is loaded with and without the cache
    const withCache = loaded(await loadProject(dir));
    const without = loaded(await loadProject(dir, undefined, undefined, { cache: false }));

    // THEN only the cached load sees the tampered entry
    const id = (sources[0]!.value as { id: string }).id;
    expect(withCache.tenants.find((t) => t.id === id)!.name).toBe('From the cache');
    expect(without.tenants.find((t) => t.id === id)!.name).toBe((sources[0]!.value as { name: string }).name);
  });

  it('gives the same dist/ through the caches after an edit as a full synth without them', async () => {
    // GIVEN a project synthesized once, filling the load and synth caches
    const { dir, sources } = setup();
    const cacheFile = join(dir, 'node_modules', '.cache', 'tenantry', 'synth-cache.json');
    synthesizeProject(loaded(await loadProject(dir)), { distDir: join(dir, 'dist'), cacheFile });

    // WHEN one tenant file changes and the project is synthesized again through both caches, and once from scratch
    writeFileSync(join(dir, sources[2]!.file), changedTenantFile(sources[2]!.value, 4));
    const incremental = synthesizeProject(loaded(await loadProject(dir)), { distDir: join(dir, 'dist'), cacheFile });
    synthesizeProject(loaded(await loadProject(dir, undefined, undefined, { cache: false })), { distDir: join(dir, 'full'), cacheFile: null, force: true });

    // THEN only that tenant was rebuilt, and the trees are identical
    expect(incremental.rebuilt).toBe(1);
    expect(readTree(join(dir, 'dist'))).toEqual(readTree(join(dir, 'full')));
  });

  it('still reports a literal secret in an unchanged file', async () => {
    // GIVEN a tenant file holding a secret, loaded once
    const { dir, sources } = setup();
    const file = join(dir, sources[0]!.file);
    writeFileSync(file, readFileSync(file, 'utf8').replace("REGION: '", "DB_PASSWORD: 'hunter2-hunter2',\n    REGION: '"));
    const first = await loadProject(dir);

    // WHEN it is loaded again, from the cache
    const second = await loadProject(dir);

    // THEN
    expect(first.ok).toBe(false);
    expect(second).toEqual(first);
  });
});
