import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthesizeAll } from '../../lib/synth/folder-jobs';
import { synthesizeProject } from '../../lib/synth/synthesize-project';
import { project, SMALL, withPods } from '../support/project';
import { tempDirs } from '../support/temp';
import { readTree } from '../support/tree';

const tempDir = tempDirs('tenantry-synthesize-project-test-');

describe('synthesizeProject', () => {
  it('writes every folder synthesizeAll builds, then serves an unchanged project from its cache', () => {
    // GIVEN
    const loaded = project(SMALL);
    const dir = tempDir();
    const distDir = join(dir, 'dist');
    const cacheFile = join(dir, 'cache.json');

    // WHEN it runs twice on the same project
    const first = synthesizeProject(loaded, { distDir, cacheFile });
    const second = synthesizeProject(loaded, { distDir, cacheFile });

    // THEN
    const expected = new Map(synthesizeAll(loaded).flatMap((f) => [...f.files].map(([name, text]) => [`${f.folder}/${name}`, text] as [string, string])));
    expect(readTree(distDir)).toEqual(new Map([...expected].sort(([a], [b]) => (a < b ? -1 : 1))));
    expect(first).toMatchObject({ rebuilt: 13, reused: 0 });
    expect(second).toMatchObject({ rebuilt: 0, reused: 13, written: 0 });
  });

  it('rebuilds only the changed tenant, whose quota is all the platform folder does not read', () => {
    // GIVEN a synthesized project
    const dir = tempDir();
    const distDir = join(dir, 'dist');
    const cacheFile = join(dir, 'cache.json');
    synthesizeProject(project(SMALL), { distDir, cacheFile });

    // WHEN one tenant's pod quota changes
    const summary = synthesizeProject(project([withPods(SMALL[0]!, 3), ...SMALL.slice(1)]), { distDir, cacheFile });

    // THEN
    expect(summary).toMatchObject({ rebuilt: 1, reused: 12, replaced: [SMALL[0]!.file.replace(/^tenants\/(.*)\.ts$/, '$1')] });
  });
});
