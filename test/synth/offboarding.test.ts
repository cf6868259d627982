import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoadedProject } from '../../lib/spec/loader';
import type { ResolvedTenant } from '../../lib/spec/resolve';
import { planRemovals } from '../../lib/synth/offboarding';
import { GENERATED_MARKER } from '../../lib/synth/dist-layout';

/* No silent offboarding: which dist/ folders synth may remove, and the message for the others. */

const project = (active: string[], terminating: string[] = []): LoadedProject =>
  ({ tenants: active.map((id) => ({ id }) as ResolvedTenant), terminating }) as unknown as LoadedProject;

describe('planRemovals', () => {
  let dist: string;
  beforeEach(() => {
    dist = join(mkdtempSync(join(tmpdir(), 'tenantry-offboard-')), 'dist');
    for (const folder of ['_platform', 'acme', 'globex', 'wayne']) {
      mkdirSync(join(dist, folder), { recursive: true });
      writeFileSync(join(dist, folder, 'kustomization.yaml'), `${GENERATED_MARKER} from tenants/${folder}.ts.\n`);
    }
    mkdirSync(join(dist, 'notes'));
    writeFileSync(join(dist, 'notes', 'kustomization.yaml'), 'resources: []\n');
  });
  afterEach(() => rmSync(join(dist, '..'), { recursive: true, force: true }));

  it("removes a terminating tenant's folder and leaves folders Tenantry did not write alone", () => {
    // GIVEN acme and globex active, wayne terminating, and a hand-made notes/ folder
    // WHEN removals are planned
    const plan = planRemovals(dist, project(['acme', 'globex'], ['wayne']));

    // THEN only wayne goes, without error
    expect(plan).toEqual({ removing: ['wayne'], errors: [] });
  });

  it('fails when a tenant folder has no tenant file and was not allowed to go', () => {
    // GIVEN globex's and wayne's files gone
    // WHEN removals are planned without flags
    const plan = planRemovals(dist, project(['acme']));

    // THEN each folder is named with the ways to offboard on purpose
    expect(plan.removing).toEqual([]);
    expect(plan.errors).toEqual(
      ['globex', 'wayne'].map(
        (id) =>
          `dist/${id}/: tenant "${id}" has no file tenants/${id}.ts, so synth would delete this folder and GitOps would prune its namespaces and volumes; restore the file, or offboard on purpose: set status: 'terminating' in it and synthesize first, or run synth with --allow-remove ${id}`,
      ),
    );
  });

  it('removes exactly the folders --allow-remove names, or all of them with --prune', () => {
    // GIVEN globex's and wayne's files gone
    // WHEN removals are planned with --allow-remove globex, then with --prune
    const allowed = planRemovals(dist, project(['acme']), { allow: ['globex'] });
    const pruned = planRemovals(dist, project(['acme']), { prune: true });

    // THEN the first removes globex and refuses wayne; the second removes both
    expect(allowed.removing).toEqual(['globex']);
    expect(allowed.errors).toHaveLength(1);
    expect(pruned).toEqual({ removing: ['globex', 'wayne'], errors: [] });
  });
});
