import { describe, expect, it } from 'vitest';
import { clusterLoads } from '../../lib/spec/capacity';
import { fleetErrors, fleetProject, FLEET_PLATFORM } from '../support/fleet';

const P = FLEET_PLATFORM as { clusters: Record<string, unknown>[] };
const withCapacity = (index: number, capacity: Record<string, unknown>) => ({ ...P, clusters: P.clusters.map((c, i) => (i === index ? { ...c, capacity } : c)) });

describe('capacity', () => {
  it("sums each cluster's quota requests and dedicated agents at max replicas", () => {
    // GIVEN the three-cluster example (default quota 2 cpu / 4Gi; globex's ml agent requests 1 cpu × max 4 replicas)
    const project = fleetProject();
    // WHEN the loads are computed
    const loads = clusterLoads(project.tenants).map((l) => [l.cluster, l.resource, l.quota, l.agents, l.tenants.map((t) => t.id)]);
    // THEN each cluster counts only what is placed on it
    expect(loads).toEqual([
      ['eu-west', 'cpu', 6, 0, ['acme', 'initech']],
      ['eu-west', 'memory', 12 * 2 ** 30, 0, ['acme', 'initech']],
      ['us-east', 'cpu', 2, 0, ['acme']],
      ['us-east', 'memory', 4 * 2 ** 30, 0, ['acme']],
      ['gpu-pool', 'cpu', 2, 4, ['globex']],
      ['gpu-pool', 'memory', 4 * 2 ** 30, 8 * 2 ** 30, ['globex']],
    ]);
  });

  it('fits when the overcommit factor makes room', () => {
    // GIVEN eu-west with 4 cpu, overcommit 1.5 (6 cpu of requests placed)
    // WHEN it is validated
    // THEN it passes
    expect(fleetErrors(withCapacity(0, { cpu: '4', memory: '64Gi', overcommit: 1.5 }))).toEqual([]);
  });

  it('fails when a placement is over capacity, naming the cluster, the total, the capacity and the largest tenants', () => {
    expect(fleetErrors(withCapacity(0, { cpu: '4', memory: '64Gi' }))).toEqual([
      'platform.ts: clusters.0.capacity.cpu — cluster eu-west is over capacity: the tenants placed there request 6 cpu (quotas 6, dedicated agents at max replicas 0), more than its capacity 4 × overcommit 1 = 4; largest there: acme 4, initech 2; place tenants elsewhere, lower their quotas or raise the capacity',
    ]);
  });

  it("fails when dedicated agents' max replicas overflow a cluster's memory", () => {
    expect(fleetErrors(withCapacity(2, { cpu: '32', memory: '8Gi' }))).toEqual([
      'platform.ts: clusters.2.capacity.memory — cluster gpu-pool is over capacity: the tenants placed there request 12Gi memory (quotas 4Gi, dedicated agents at max replicas 8Gi), more than its capacity 8Gi × overcommit 1 = 8Gi; largest there: globex 12Gi; place tenants elsewhere, lower their quotas or raise the capacity',
    ]);
  });
});
