import { describe, expect, it } from 'vitest';
import { diffFields, diffObjects, showValue } from '../../lib/review/objects';
import { sideOf, tenant } from '../support/review-sides';

describe('diffFields', () => {
  it('names changed leaves by path, quoting keys with dots', () => {
    // GIVEN two quotas
    // WHEN compared
    // THEN each changed leaf is one entry
    expect(diffFields({ spec: { hard: { 'limits.cpu': '2', pods: '10' } } }, { spec: { hard: { 'limits.cpu': '3', pods: '10' } } })).toEqual([
      { path: 'spec.hard["limits.cpu"]', before: '2', after: '3' },
    ]);
  });

  it('names the items a list lost and gained when its length changes', () => {
    // GIVEN a list that loses one item and gains two
    // WHEN compared
    // THEN the removed and added items are listed, not the whole list
    expect(diffFields({ groups: ['a', 'b'] }, { groups: ['a', 'c', 'd'] })).toEqual([
      { path: 'groups[-]', before: 'b' },
      { path: 'groups[+]', after: 'c' },
      { path: 'groups[+]', after: 'd' },
    ]);
  });

  it('steps into a JSON document held in a string', () => {
    // GIVEN a ConfigMap's config.json before and after
    const config = (cpu: string) => ({ data: { 'config.json': JSON.stringify({ quota: { cpu } }, null, 2) } });

    // WHEN compared
    // THEN the changed field inside the JSON is named
    expect(diffFields(config('2'), config('3'))).toEqual([{ path: 'data["config.json"](json).quota.cpu', before: '2', after: '3' }]);
  });

  it('reports fields that appear or disappear', () => {
    // GIVEN a field removed and one added
    // WHEN compared
    // THEN before or after is missing
    expect(diffFields({ a: 1 }, { b: 2 })).toEqual([{ path: 'a', before: 1 }, { path: 'b', after: 2 }]);
  });
});

describe('showValue', () => {
  it('shortens long values and names missing ones', () => {
    // GIVEN a long string and nothing
    // WHEN shown
    // THEN at most 80 characters, and "(none)"
    expect(showValue('x'.repeat(100))).toBe(`"${'x'.repeat(76)}...`);
    expect(showValue(undefined)).toBe('(none)');
  });
});

describe('diffObjects', () => {
  it("files the platform's Application of a new tenant under that tenant", () => {
    // GIVEN a platform with Argo CD and a tenant added
    const platform = { gitops: { engine: 'argocd', repoURL: 'https://github.com/example/fleet.git', revision: 'main', path: 'dist' } };
    const before = sideOf('base', platform, [tenant('acme', 'soft', [{ id: 'web' }])]);
    const after = sideOf('head', platform, [tenant('acme', 'soft', [{ id: 'web' }]), tenant('bolt', 'soft', [{ id: 'api' }])]);

    // WHEN the objects are compared
    const diff = diffObjects(before, after);

    // THEN bolt has its folder's objects and its Application; the platform AppProject's new destination is the platform's
    expect([...diff.keys()]).toEqual(['_platform', 'bolt']);
    expect(diff.get('bolt')!.objects.filter((o) => o.kind === 'Application').map((o) => o.name)).toEqual(['tenant-bolt']);
    expect(diff.get('bolt')!.removed + diff.get('bolt')!.changed).toBe(0);
    expect(diff.get('_platform')!.objects.map((o) => `${o.change} ${o.kind} ${o.name}`)).toEqual(['changed AppProject tenantry-platform']);
  });
});
