import { describe, expect, it } from 'vitest';
import { resolveComponents } from '../../lib/spec/components';
import { checkEndpointSettings } from '../../lib/spec/endpoint-checks';
import type { FieldPath } from '../../lib/spec/errors';

const platform = {
  components: resolveComponents({ monitoring: { namespace: 'monitoring', ports: [9090] } }),
  dedicatedNodes: { label: 'tenantry.io/tenant', taint: 'tenantry.io/tenant' },
};

function check(settings: Parameters<typeof checkEndpointSettings>[1]) {
  const errors: string[] = [];
  checkEndpointSettings(['teams', 0], settings, platform, (path: FieldPath, message: string) => errors.push(`${path.join('.')}: ${message}`));
  return errors;
}

describe('checkEndpointSettings', () => {
  it('accepts leaving out an optional component', () => {
    // GIVEN a team that leaves out monitoring
    // WHEN its layer is checked
    // THEN nothing is wrong
    expect(check({ network: { components: { monitoring: false } } })).toEqual([]);
  });

  it('fails when a layer leaves out DNS, names an unknown component, or pins its agent to the dedicated-node label', () => {
    // GIVEN three mistakes in one layer
    // WHEN it is checked
    const errors = check({ network: { components: { dns: false, flyte: true } }, agent: { nodeSelector: { 'tenantry.io/tenant': 'globex' } } });
    // THEN each is reported at its field
    expect(errors).toEqual([
      'teams.0.network.components.dns: component "dns" is required by platform.ts, got false; only optional components can be left out (monitoring)',
      'teams.0.network.components.flyte: unknown platform component, got "flyte"; use one of: monitoring, dns',
      'teams.0.agent.nodeSelector.tenantry.io/tenant: reserved node label, got "tenantry.io/tenant"; under dedicated nodes Tenantry sets it to the tenant id, so remove it',
    ]);
  });
});
