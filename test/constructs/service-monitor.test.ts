import { describe, expect, it } from 'vitest';
import { TeamServiceMonitor, type TeamServiceMonitorProps } from '../../constructs/service-monitor';
import { validateObject } from '../../lib/check/schema-validator';
import { chartObjects, newChart } from '../../lib/synth/synth';

type Loose = Record<string, any>;

function synth(props: Partial<TeamServiceMonitorProps> = {}) {
  const chart = newChart('test');
  const construct = new TeamServiceMonitor(chart, 'monitor', { namespace: 'acme-api', name: 'api-metrics', port: 'metrics', ...props });
  return { construct, object: chartObjects(chart)[0] as Loose };
}

describe('TeamServiceMonitor', () => {
  it('scrapes the named port of its own namespace only, valid against the prometheus-operator CRD', () => {
    // GIVEN a request for port metrics every 30s over Services labelled team=api
    // WHEN it is synthesized
    const { construct, object } = synth({ interval: '30s', selector: { team: 'api' }, labels: { 'tenantry.io/team': 'api' } });
    // THEN the namespace selector names its own namespace and the object passes the CRD schema
    expect(construct.path).toBe('/metrics');
    expect(object).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'api-metrics', namespace: 'acme-api', labels: { 'tenantry.io/team': 'api' } },
      spec: {
        selector: { matchLabels: { team: 'api' } },
        namespaceSelector: { matchNames: ['acme-api'] },
        endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
      },
    });
    expect(validateObject(object)).toEqual([]);
  });

  it('selects every Service of the namespace without a selector', () => {
    // GIVEN no selector
    // WHEN it is synthesized
    const { object } = synth();
    // THEN the label selector is empty, still within the namespace
    expect(object.spec.selector).toEqual({ matchLabels: {} });
    expect(object.spec.namespaceSelector).toEqual({ matchNames: ['acme-api'] });
  });

  it('fails when the port is not a Service port name', () => {
    // GIVEN a port number as text
    // WHEN it is synthesized
    // THEN the construct throws with the fix
    expect(() => synth({ port: '9090' })).toThrow('TeamServiceMonitor acme-api/api-metrics: port must name a Service port (a DNS label of at most 15 characters with a letter), got "9090"; use the port\'s name, such as "metrics"');
  });
});
