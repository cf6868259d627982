import { execFileSync } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createProject } from '../../lib/bench/e2e-project';
import type { ProjectSources } from '../../lib/spec/project-sources';
import { projectKey } from '../../lib/synth/project-memo';
import { tempDirs } from '../support/temp';

const ROOT = join(import.meta.dirname, '..', '..');
const tempDir = tempDirs('tenantry-memo-test-');

function sources(overrides: Partial<ProjectSources> = {}, texts = [{ file: 'tenants/acme.ts', text: "export default defineTenant({ id: 'acme' });\n" }]): ProjectSources {
  return {
    platformFile: 'platform.ts',
    platform: { file: 'platform.ts', value: { clusterName: 'prod' } },
    platformCode: '/cache/modules/0123456789abcdef.mjs',
    platformErrors: [],
    tenants: { texts, errors: [] },
    ...overrides,
  };
}

/** projectKey from a fresh copy of the modules, run as if the launcher announced `fingerprint` as its code's. */
async function keyUnderCode(fingerprint: string): Promise<string | undefined> {
  vi.resetModules();
  const mark = Symbol.for('tenantry.codeFingerprint');
  (globalThis as Record<symbol, unknown>)[mark] = fingerprint;
  try {
    const fresh = await import('../../lib/synth/project-memo');
    return fresh.projectKey(sources(), '/repo', '/repo/dist');
  } finally {
    delete (globalThis as Record<symbol, unknown>)[mark];
  }
}

describe('projectKey', () => {
  it('changes with Tenantry\'s code, so another version never takes the memo of this one', async () => {
    // GIVEN the same project
    // WHEN it is keyed by two versions of Tenantry, and by the first again
    const [first, second, again] = [await keyUnderCode('sources:aaa'), await keyUnderCode('sources:bbb'), await keyUnderCode('sources:aaa')];

    // THEN only the same code gives the same key
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).not.toBe(first);
    expect(again).toBe(first);
  });

  it('is the same for the same input and another for any change to it', () => {
    // GIVEN
    const base = projectKey(sources(), '/repo', '/repo/dist');

    // WHEN each input changes on its own
    const changed = [
      projectKey(sources({ platform: { file: 'platform.ts', value: { clusterName: 'staging' } } }), '/repo', '/repo/dist'),
      projectKey(sources({ platformCode: '/cache/modules/fedcba9876543210.mjs' }), '/repo', '/repo/dist'),
      projectKey(sources({}, [{ file: 'tenants/acme.ts', text: "export default defineTenant({ id: 'acme' }); \n" }]), '/repo', '/repo/dist'),
      projectKey(sources({}, [{ file: 'tenants/acmf.ts', text: "export default defineTenant({ id: 'acme' });\n" }]), '/repo', '/repo/dist'),
      projectKey(sources({}, []), '/repo', '/repo/dist'),
      projectKey(sources(), '/other', '/repo/dist'),
      projectKey(sources(), '/repo', '/repo/out'),
    ];

    // THEN
    expect(projectKey(sources(), '/repo', '/repo/dist')).toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set([base, ...changed]).size).toBe(changed.length + 1);
  });

  it('never gives two tenant sets the same key by moving text from one file into another', () => {
    // GIVEN a.ts and b.ts, and one a.ts holding both texts with the separator between them
    const two = [
      { file: 'tenants/a.ts', text: 'A' },
      { file: 'tenants/b.ts', text: 'B' },
    ];
    const one = [{ file: 'tenants/a.ts', text: 'A\0tenants/b.ts\0B' }];

    // WHEN / THEN
    expect(projectKey(sources({}, one), '/r', '/r/dist')).not.toBe(projectKey(sources({}, two), '/r', '/r/dist'));
  });

  it('changes whenever one tenant file changes, and never for the same files', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), fc.nat(), fc.string({ minLength: 1 }), (texts, at, extra) => {
        // GIVEN
        const files = texts.map((text, i) => ({ file: `tenants/t${i}.ts`, text }));
        const edited = files.map((f, i) => (i === at % files.length ? { ...f, text: f.text + extra } : f));

        // WHEN / THEN
        expect(projectKey(sources({}, files), '/r', '/r/dist')).toBe(projectKey(sources({}, [...files]), '/r', '/r/dist'));
        expect(projectKey(sources({}, edited), '/r', '/r/dist')).not.toBe(projectKey(sources({}, files), '/r', '/r/dist'));
      }),
    );
  });

  it.each([
    ['platform.ts ran without a bundle', sources({ platformCode: undefined })],
    ['platform.ts did not load', sources({ platform: undefined, platformErrors: ['platform.ts: cannot be loaded — …'] })],
    ['a tenant file could not be read', sources({ tenants: { texts: [], errors: ['tenants/acme.ts: cannot be read — …'] } })],
    ['the platform holds a BigInt', sources({ platform: { file: 'platform.ts', value: { size: 1n } } })],
    ['the platform has extensions, functions that run on every load', sources({ platform: { file: 'platform.ts', value: { extensions: { team: { objects: () => [] } } } } })],
  ])('is unknown when %s', (_, input) => {
    // WHEN / THEN
    expect(projectKey(input, '/repo', '/repo/dist')).toBeUndefined();
  });
});

/** `node bin/tenantry.mjs synth` in `dir`, and the phases it timed. */
function synth(dir: string): { output: string; phases: Record<string, number> } {
  const phasesFile = join(dir, 'phases.json');
  const output = execFileSync(process.execPath, [join(dir, 'bin', 'tenantry.mjs'), 'synth'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', TENANTRY_PHASES: phasesFile } });
  return { output, phases: JSON.parse(readFileSync(phasesFile, 'utf8')) as Record<string, number> };
}

describe('a synth of an unchanged project', () => {
  it('loads and builds nothing, reports what the last synth wrote, and still repairs an edited dist/ file', () => {
    // GIVEN a synthesized project
    const dir = join(tempDir(), 'project');
    createProject(ROOT, dir, { tenants: 3, teams: 1 });
    const first = synth(dir);
    const folders = readdirSync(join(dir, 'dist'));
    const kustomization = join(dir, 'dist', folders.find((name) => !name.startsWith('_'))!, 'kustomization.yaml');
    const written = readFileSync(kustomization, 'utf8');

    // WHEN it runs again unchanged, then after a hand edit in dist/, then after a tenant file changed
    const unchanged = synth(dir);
    appendFileSync(kustomization, '# edited by hand\n');
    const repaired = synth(dir);
    const tenantFile = join(dir, 'tenants', `${folders.at(-1)}.ts`);
    writeFileSync(tenantFile, readFileSync(tenantFile, 'utf8').replace("'cost-center': 'cc-", "'cost-center': 'cc-x"));
    const edited = synth(dir);

    // THEN
    const counts = (output: string) => output.split('\n')[0];
    expect(counts(unchanged.output)).toBe(counts(first.output));
    const all = folders.length;
    expect(unchanged.output).toMatch(new RegExp(`^dist/: 0 written, \\d+ unchanged, 0 removed \\(${all}/${all} folders from cache\\) in \\d+ ms$`, 'm'));
    expect(unchanged.phases.validate).toBeUndefined();
    expect(repaired.output).toMatch(new RegExp(`^dist/: 1 written, \\d+ unchanged, 0 removed \\(${all - 1}/${all} folders from cache\\)`, 'm'));
    expect(readFileSync(kustomization, 'utf8')).toBe(written);
    expect(repaired.phases.validate).toBeGreaterThan(0);
    expect(edited.output).toMatch(new RegExp(`^dist/: [1-9]\\d* written, \\d+ unchanged, 0 removed \\(${all - 1}/${all} folders from cache\\)`, 'm'));
  }, 120_000);
});
