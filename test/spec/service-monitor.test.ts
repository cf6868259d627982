import { describe, expect, it } from 'vitest';
import { resolveServiceMonitor, ServiceMonitorSchema } from '../../lib/spec/service-monitor';

describe('ServiceMonitorSchema', () => {
  it.each([
    ['a name with capitals and an underscore', { port: 'Metrics_Port' }, 'port'],
    ['a name longer than 15 characters', { port: 'prometheus-metrics' }, 'port'],
    ['a port number instead of its name', { port: '9090' }, 'port'],
    ['a relative path', { port: 'metrics', path: 'metrics' }, 'path'],
    ['an interval in words', { port: 'metrics', interval: '30 seconds' }, 'interval'],
  ])('fails on %s', (_, input, field) => {
    // GIVEN a ServiceMonitor request with one mistake
    // WHEN it is parsed
    const result = ServiceMonitorSchema.safeParse(input);
    // THEN the field is named
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual([field]);
  });
});

describe('resolveServiceMonitor', () => {
  it('defaults the name to <team>-metrics and the path to /metrics, selectors sorted', () => {
    // GIVEN a team's request with only a port and a selector
    // WHEN it is resolved
    const monitor = resolveServiceMonitor({ port: 'metrics', selector: { tier: 'api', team: 'alpha' } }, 'alpha');
    // THEN the defaults fill in and no interval is set
    expect(monitor).toEqual({ name: 'alpha-metrics', port: 'metrics', path: '/metrics', selector: { team: 'alpha', tier: 'api' } });
    expect(resolveServiceMonitor(null, 'alpha')).toBeUndefined();
  });
});
