import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { drift } from '../../lib/check/drift';
import { loadProject, type LoadedProject } from '../../lib/spec/loader';
import { synthesizeAll } from '../../lib/synth/folder-jobs';

const FIXTURE = join(__dirname, 'fixtures', 'check-project');
let project: LoadedProject;
let fresh: Map<string, string>;

beforeAll(async () => {
  const loaded = await loadProject(FIXTURE);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  project = loaded;
  fresh = new Map(synthesizeAll(project).flatMap((o) => [...o.files].map(([name, text]) => [`${o.folder}/${name}`, text] as [string, string])));
});

const lines = (files: Map<string, string>, generated = new Set(files.keys())) =>
  drift(project, files, generated, [], 'dist').findings.map((f) => `${f.file}: ${f.message}`);

describe('drift', () => {
  it('finds nothing when dist/ equals a fresh synthesis', () => {
    // GIVEN the files a fresh synthesis writes
    const files = new Map(fresh);

    // WHEN they are compared
    const result = drift(project, files, new Set(files.keys()), [], 'dist');

    // THEN every file was checked and none differs
    expect(result.findings).toEqual([]);
    expect(result.checks).toBe(fresh.size * 2);
  });

  it('fails when a file was edited by hand, naming the first differing line', () => {
    // GIVEN a quota file with a changed line
    const path = [...fresh.keys()].find((p) => p.includes('ResourceQuota') && p.endsWith('.quota.yaml'))!;
    const files = new Map(fresh);
    const text = fresh.get(path)!.split('\n');
    const index = text.findIndex((line) => line.includes('pods:'));
    text[index] = '    pods: "999"';
    files.set(path, text.join('\n'));

    // WHEN they are compared
    const found = lines(files);

    // THEN the file, the line and the fix are named
    const source = `tenants/${path.split('/')[0]!.split('.')[0]}.ts`;
    expect(found).toEqual([
      `dist/${path}: changed: line ${index + 1} is "    pods: \\"999\\"", but ${source} produces ${JSON.stringify(fresh.get(path)!.split('\n')[index])}; run \`npm run synth\` and commit dist/ (edit ${source}, never dist/)`,
    ]);
  });

  it('fails when a generated file is missing or stale', () => {
    // GIVEN one file removed and one generated file no tenant produces
    const [missing] = [...fresh.keys()].filter((p) => p.startsWith('_platform/') && p !== '_platform/kustomization.yaml');
    const files = new Map(fresh);
    files.delete(missing!);
    files.set('_platform/Namespace.gone.yaml', 'kind: Namespace\n');

    // WHEN they are compared
    const found = lines(files);

    // THEN both are reported with their fix
    expect(found).toEqual([
      `dist/${missing}: missing: platform.ts produces it; run \`npm run synth\` and commit dist/`,
      'dist/_platform/Namespace.gone.yaml: stale: no tenant file produces it any more; run `npm run synth` (which removes it) and commit dist/',
    ]);
  });
});
