import { describe, expect, it } from 'vitest';
import { ALL_PORTS, formatPorts, intersectPorts, rulePorts } from '../../lib/check/port-set';

describe('ports', () => {
  it('treats a rule without ports as every port', () => {
    // GIVEN no ports list
    const ports = rulePorts(undefined);

    // WHEN it is intersected with one port
    const both = intersectPorts(ports, rulePorts([{ protocol: 'TCP', port: 5432 }]));

    // THEN only that port remains
    expect(ports).toEqual(ALL_PORTS);
    expect(formatPorts(both)).toBe('5432/TCP');
  });

  it('intersects ranges per protocol and keeps named ports of the same protocol', () => {
    // GIVEN a range, a UDP port and a named port
    const left = rulePorts([{ protocol: 'TCP', port: 8000, endPort: 8100 }, { protocol: 'UDP', port: 53 }, { port: 'http' }]);

    // WHEN intersected with TCP 8080 and TCP 53
    const both = intersectPorts(left, rulePorts([{ port: 8080 }, { port: 53 }]));

    // THEN TCP 8080 remains, and the named port, which may resolve to 53; UDP 53 never meets TCP
    expect(formatPorts(both)).toBe('8080/TCP, http/TCP');
  });
});
