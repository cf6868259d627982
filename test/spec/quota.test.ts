import { describe, expect, it } from 'vitest';
import { validateProject } from '../../lib/spec/loader';
import { foldQuota, quotaSide, spellOutQuota } from '../../lib/spec/quota';

const platform = { file: 'platform.ts', value: { ingress: { namespace: 'ingress-nginx', ports: [8000] } } };
const tenant = (spec: Record<string, unknown>) => ({ file: 'tenants/acme.ts', value: { id: 'acme', name: 'Acme', owner: 'lead@acme.example', isolation: 'soft', ...spec } });

function quotas(spec: Record<string, unknown>) {
  const result = validateProject(platform, [tenant(spec)]);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.tenants[0]!.namespaces.map((ns) => ns.quota);
}

describe('spellOutQuota', () => {
  it('turns the shorthand into both sides, with requests and limits winning over it', () => {
    // GIVEN a layer with cpu shorthand and an explicit memory request
    const layer = { cpu: '4', memory: '8Gi', requests: { memory: '4Gi' }, pods: 10 };

    // WHEN it is spelled out
    const spelled = spellOutQuota(layer);

    // THEN cpu is on both sides and the memory request is the explicit one
    expect(spelled).toEqual({ pods: 10, requests: { cpu: '4', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } });
  });
});

describe('foldQuota', () => {
  it('folds equal sides back into the shorthand, in a fixed key order', () => {
    // GIVEN a merged quota with equal cpu and different memory sides
    const merged = { pods: 10, requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '2', memory: '8Gi' }, storage: '20Gi' };

    // WHEN it is folded
    const folded = foldQuota(merged);

    // THEN cpu is shorthand, memory stays split, and the keys come in order
    expect(Object.keys(folded)).toEqual(['cpu', 'storage', 'pods', 'requests', 'limits']);
    expect(folded).toEqual({ cpu: '2', storage: '20Gi', pods: 10, requests: { memory: '4Gi' }, limits: { memory: '8Gi' } });
    expect(quotaSide(folded, 'requests', 'memory')).toBe('4Gi');
    expect(quotaSide(folded, 'limits', 'cpu')).toBe('2');
  });
});

describe('quota inheritance', () => {
  it('keeps the inherited limit when a team sets only its request', () => {
    // GIVEN platform defaults of 2 CPU and a team that requests 1
    // WHEN the tenant resolves
    const [quota] = quotas({ teams: [{ id: 'api', quota: { requests: { cpu: '1' } } }] });

    // THEN the request is 1 and the limit still 2
    expect(quotaSide(quota!, 'requests', 'cpu')).toBe('1');
    expect(quotaSide(quota!, 'limits', 'cpu')).toBe('2');
  });

  it('gives a single namespace without its own quota the tenant budget', () => {
    // GIVEN the AI-agents budget on a one-namespace tenant
    const budget = { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' }, storage: '20Gi', pods: 10 };

    // WHEN the tenant resolves
    const [quota] = quotas({ quota: budget, teams: [{ id: 'agents' }] });

    // THEN the namespace quota is the budget, other fields from the platform defaults
    expect(quota).toEqual({ storage: '20Gi', pods: 10, services: 10, persistentVolumeClaims: 10, requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } });
  });

  it('does not apply the budget when the tenant has two namespaces', () => {
    // GIVEN a budget that two teams share
    // WHEN the tenant resolves
    const all = quotas({ quota: { cpu: '4' }, teams: [{ id: 'api' }, { id: 'web' }] });

    // THEN each keeps the platform default
    expect(all.map((q) => q.cpu)).toEqual(['2', '2']);
  });
});
