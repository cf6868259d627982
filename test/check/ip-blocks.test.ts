import { describe, expect, it } from 'vitest';
import { ipBlockReach } from '../../lib/check/ip-blocks';

describe('ipBlockReach', () => {
  it('sees external egress that excludes the pod ranges as the outside world only', () => {
    // GIVEN Tenantry's external egress block
    const block = { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'] };

    // WHEN its reach is computed
    const reach = ipBlockReach(block);

    // THEN it reaches outside but no pod
    expect(reach).toEqual({ pods: false, external: true });
  });

  it('sees blocks over private ranges, and IPv6 blocks, as reaching pods', () => {
    // GIVEN a private block, an unrestricted block and an IPv6 block
    const blocks = [{ cidr: '10.1.0.0/16' }, { cidr: '0.0.0.0/0' }, { cidr: '::/0' }];

    // WHEN their reach is computed
    const reach = blocks.map(ipBlockReach);

    // THEN each may reach pod IPs
    expect(reach).toEqual([
      { pods: true, external: false },
      { pods: true, external: true },
      { pods: true, external: true },
    ]);
  });
});
