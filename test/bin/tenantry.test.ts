import { execFileSync } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createProject } from '../../lib/bench/e2e-project';
import { SCHEMA_THREAD_FOLDERS } from '../../lib/check/schema-thread';
import { tempDirs } from '../support/temp';

const ROOT = join(import.meta.dirname, '..', '..');
const tempDir = tempDirs('tenantry-launcher-test-');

/** `node bin/tenantry.mjs ...args` in `dir`, with no TypeScript loader. */
function launch(dir: string, args: readonly string[], env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, [join(dir, 'bin', 'tenantry.mjs'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', ...env } });
}

/** The one build the launcher made in the project `dir`. */
function theBuild(dir: string): string {
  const builds = join(dir, 'node_modules', '.cache', 'tenantry', 'build');
  return join(builds, readdirSync(builds)[0]!);
}

/** What `launch` printed on stderr when the command failed; '' when it succeeded. */
function failureOf(dir: string, args: readonly string[], env: Record<string, string> = {}): string {
  try {
    launch(dir, args, env);
    return '';
  } catch (error) {
    return String((error as { stderr: unknown }).stderr);
  }
}

describe('bin/tenantry.mjs', () => {
  it('runs the command from a build of the sources, made once and rebuilt when a source changes', () => {
    // GIVEN a project with the launcher
    const dir = join(tempDir(), 'project');
    createProject(ROOT, dir, { tenants: 2, teams: 1 });
    const builds = () => readdirSync(join(dir, 'node_modules', '.cache', 'tenantry', 'build')).filter((name) => !name.endsWith('.tmp'));

    // WHEN it runs twice, then once after a source file changed
    const first = launch(dir, ['synth']);
    const afterFirst = builds();
    launch(dir, ['synth']);
    const afterSecond = builds();
    appendFileSync(join(dir, 'lib', 'spec', 'defaults.ts'), '\n// a change\n');
    launch(dir, ['synth']);

    // THEN
    expect(first).toMatch(/^tenants: 2; namespaces: \d+; objects: \d+$/m);
    expect(afterFirst).toHaveLength(1);
    expect(afterSecond).toEqual(afterFirst);
    expect(builds()).toHaveLength(2);
  }, 120_000);

  it('falls back to the sources through tsx when told not to build', () => {
    // GIVEN
    const dir = join(tempDir(), 'project');
    createProject(ROOT, dir, { tenants: 1, teams: 1 });

    // WHEN
    const output = launch(dir, ['synth'], { TENANTRY_NO_BUILD: '1' });

    // THEN
    expect(output).toMatch(/^tenants: 1; /m);
    expect(() => readdirSync(join(dir, 'node_modules', '.cache', 'tenantry', 'build'))).toThrow();
  }, 120_000);

  it('loads the CommonJS packages with require(), never through import', () => {
    // GIVEN a project whose launcher made a build
    const dir = join(tempDir(), 'project');
    createProject(ROOT, dir, { tenants: 1, teams: 1 });
    launch(dir, ['synth']);
    const build = theBuild(dir);

    // WHEN its modules are read
    const code = readdirSync(build)
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(build, file), 'utf8'))
      .join('\n');

    // THEN cdk8s, cdk8s-plus-28, constructs, ajv and yaml come through require(); zod (an ES module) from its bundle in vendor/
    for (const name of ['cdk8s', 'cdk8s-plus-28', 'cdk8s-plus-28/lib/imports/k8s', 'constructs', 'ajv', 'yaml']) {
      const quoted = JSON.stringify(name).replace(/[/.]/g, '\\$&');
      expect(code).toMatch(new RegExp(`createRequire\\d*\\(import\\.meta\\.url\\)\\(${quoted}\\)`));
      expect(code).not.toMatch(new RegExp(`from ${quoted}`));
    }
    expect(code).toMatch(/from "\.\/vendor\/zod\.js"/);
    expect(code).not.toMatch(/from "zod"/);
  }, 120_000);

  it('loads secretlint from its own bundle in vendor/, and finds the same secrets as through tsx', () => {
    // GIVEN a project whose one tenant file holds a password
    const dir = join(tempDir(), 'project');
    const [source] = createProject(ROOT, dir, { tenants: 1, teams: 1 });
    const file = join(dir, source!.file);
    writeFileSync(file, readFileSync(file, 'utf8').replace("REGION: '", "DB_PASSWORD: 'hunter2-hunter2',\n    REGION: '"));

    // WHEN it is synthesized from the build and through tsx
    // --force: no load cache, so each run scans the file itself
    const bundled = failureOf(dir, ['synth', '--force'], { TENANTRY_PHASES: '' });
    const sources = failureOf(dir, ['synth', '--force'], { TENANTRY_NO_BUILD: '1', TENANTRY_PHASES: '' });

    // THEN
    expect(readdirSync(join(theBuild(dir), 'vendor'))).toContain('secretlint-core.js');
    expect(bundled).toMatch(/env\.DB_PASSWORD/);
    expect(bundled).toBe(sources);
  }, 120_000);

  it("builds platform.ts against the build's own zod, so one zod is loaded", () => {
    // GIVEN
    const dir = join(tempDir(), 'project');
    createProject(ROOT, dir, { tenants: 1, teams: 1 });

    // WHEN
    launch(dir, ['synth']);

    // THEN platform.ts' bundle imports vendor/zod.js of the build the command ran from
    const zod = join(theBuild(dir), 'vendor', 'zod.js');
    const modules = join(dir, 'node_modules', '.cache', 'tenantry', 'modules');
    const bundle = readdirSync(modules).filter((name) => name.endsWith('.mjs')).map((name) => readFileSync(join(modules, name), 'utf8'))[0]!;
    expect(bundle).toContain(JSON.stringify(pathToFileURL(zod).href));
    expect(bundle).not.toMatch(/from "zod"/);
  }, 120_000);

  it("validates schemas on the build's schema worker when dist/ is big, and reports what it finds", () => {
    // GIVEN a synthesized project of more folders than the schema thread needs, one object given a field no schema has
    const dir = join(tempDir(), 'project');
    createProject(ROOT, dir, { tenants: SCHEMA_THREAD_FOLDERS, teams: 1 });
    launch(dir, ['synth']);
    const folder = readdirSync(join(dir, 'dist')).find((name) => name.startsWith('t0'))!;
    const file = readdirSync(join(dir, 'dist', folder)).find((name) => name.startsWith('ConfigMap.'))!;
    const path = join(dir, 'dist', folder, file);
    writeFileSync(path, readFileSync(path, 'utf8').replace('metadata:\n', 'metadata:\n  colour: red\n'));

    // WHEN it is checked, its phases written down
    const phases = join(dir, 'phases.json');
    const stderr = failureOf(dir, ['check'], { TENANTRY_PHASES: phases });

    // THEN the build has the worker, check waited for it (given a spare core), and fails on the field (and on the drift the edit made)
    expect(readdirSync(theBuild(dir))).toContain('schema-worker.js');
    expect(Object.keys(JSON.parse(readFileSync(phases, 'utf8')) as object).includes('schema thread')).toBe(availableParallelism() > 1);
    expect(stderr).not.toContain('warning: check\'s schema thread failed');
    expect(stderr).toContain(`dist/${folder}/${file}: ConfigMap/`);
    expect(stderr).toContain('does not match the ConfigMap schema: metadata.colour unknown field');
    expect(stderr).toMatch(/^check failed: 2 findings \(drift 1, schema 1\);/m);
  }, 240_000);
});
