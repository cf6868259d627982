import { describe, expect, it } from 'vitest';
import { BENCH_PLATFORM } from '../../lib/bench/generate';
import type { PlatformInput, TenantSpec } from '../../lib/spec/schema';
import { folderJobs, synthesizeAll, type SynthJob } from '../../lib/synth/folder-jobs';
import { synthesizeTenant } from '../../lib/synth/synth';
import { PLATFORM_FOLDER } from '../../lib/synth/dist-layout';
import { project, SMALL, withNewEnvironment, withPods } from '../support/project';

const keysOf = (jobs: readonly SynthJob[]) => new Map(jobs.map((job) => [job.folder, job.inputKey]));
const idOf = (index: number) => (SMALL[index]!.value as TenantSpec).id;
const changedKeys = (before: readonly SynthJob[], after: readonly SynthJob[]) => {
  const old = keysOf(before);
  return after.filter((job) => old.get(job.folder) !== job.inputKey).map((job) => job.folder);
};

describe('synthesizeAll', () => {
  it('puts the platform folder first and one folder per tenant after it', () => {
    // GIVEN
    const loaded = project(SMALL);

    // WHEN
    const folders = synthesizeAll(loaded).map((f) => f.folder);

    // THEN
    expect(folders).toEqual([PLATFORM_FOLDER, ...loaded.tenants.map((t) => t.id)]);
  });

  it('builds each tenant folder exactly as synthesizeTenant does', () => {
    // GIVEN
    const loaded = project(SMALL);

    // WHEN
    const folders = synthesizeAll(loaded).slice(1);

    // THEN
    expect(folders).toEqual(loaded.tenants.map((t) => synthesizeTenant(t, loaded.platform)));
  });
});

describe('folderJobs', () => {
  it('changes only the edited tenant\'s key when one tenant changes', () => {
    // GIVEN
    const before = folderJobs(project(SMALL));

    // WHEN
    const after = folderJobs(project(SMALL.map((s, i) => (i === 3 ? withPods(s, 6) : s))));

    // THEN without the platform folder's reads, its key covers every tenant
    expect(changedKeys(before, after)).toEqual([PLATFORM_FOLDER, idOf(3)]);
  });

  it('keeps the platform folder\'s key when the change is in nothing its last build read', () => {
    // GIVEN
    const loaded = project(SMALL);
    const platformJob = folderJobs(loaded)[0]!;
    const { reads, inputKey } = platformJob.trackedBuild!();
    const edited = project(SMALL.map((s, i) => (i === 3 ? withPods(s, 6) : s)));

    // WHEN
    const unchanged = folderJobs(loaded, reads);
    const after = folderJobs(edited, reads);

    // THEN the platform folder reads no quota, so only the tenant's key moves
    expect(unchanged[0]!.inputKey).toBe(inputKey);
    expect(changedKeys(unchanged, after)).toEqual([idOf(3)]);
  });

  it('changes the platform folder\'s key when a tenant gains a namespace', () => {
    // GIVEN
    const loaded = project(SMALL);
    const { reads } = folderJobs(loaded)[0]!.trackedBuild!();

    // WHEN
    const after = folderJobs(project(SMALL.map((s, i) => (i === 2 ? withNewEnvironment(s) : s))), reads);

    // THEN
    expect(changedKeys(folderJobs(loaded, reads), after)).toEqual([PLATFORM_FOLDER, idOf(2)]);
  });

  it('changes every key when a platform setting changes', () => {
    // GIVEN
    const before = folderJobs(project(SMALL));
    const platform: PlatformInput = { ...BENCH_PLATFORM, podSecurityVersion: 'v1.31' };

    // WHEN
    const after = folderJobs(project(SMALL, platform));

    // THEN
    expect(changedKeys(before, after)).toEqual(after.map((job) => job.folder));
  });

  it('gives the same keys for the same project', () => {
    // GIVEN
    const loaded = project(SMALL);

    // WHEN
    const [first, second] = [folderJobs(loaded), folderJobs(project(SMALL))];

    // THEN
    expect(keysOf(second)).toEqual(keysOf(first));
    expect(new Set(first.map((job) => job.inputKey)).size).toBe(first.length);
  });

  it('tracks the platform build without changing its output, and carries each tenant for the workers', () => {
    // GIVEN
    const loaded = project(SMALL);
    const [platformJob, ...tenantJobs] = folderJobs(loaded);

    // WHEN
    const tracked = platformJob!.trackedBuild!();

    // THEN
    expect(tracked.output).toEqual(platformJob!.build());
    expect(tracked.reads.fields).toBeDefined();
    expect(tenantJobs.map((job) => job.tenant)).toEqual(loaded.tenants);
    expect(tenantJobs.every((job) => job.trackedBuild === undefined)).toBe(true);
  });
});
