// Settings `serviceMonitor`: a team asks Prometheus to scrape its own Services (prometheus-operator ServiceMonitor).
import { z } from 'zod';
import { dnsLabel } from './dns-label';

/** A Service port name (IANA_SVC_NAME): a DNS label of at most 15 characters with a letter. */
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** prometheus-operator's Duration pattern, e.g. "30s", "1m30s". */
const DURATION = /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

export const ServiceMonitorSchema = z.strictObject({
  /** The ServiceMonitor's name. @default '<team>-metrics' */
  name: dnsLabel('alpha-metrics').optional(),
  /** The name of the Service port to scrape. */
  port: z
    .string({ error: 'expected a Service port name such as "metrics"' })
    .max(15, { error: 'expected a Service port name (a DNS label of at most 15 characters) such as "metrics"' })
    .regex(PORT_NAME, { error: 'expected a Service port name (a DNS label of at most 15 characters) such as "metrics"' }),
  /** The HTTP path of the metrics. @default '/metrics' */
  path: z.string().regex(/^\/\S*$/, { error: 'expected an HTTP path such as "/metrics"' }).optional(),
  /** How often to scrape. @default - Prometheus' global scrape interval */
  interval: z.string().regex(DURATION, { error: 'expected a duration such as "30s" or "1m"' }).optional(),
  /** Labels of the team's Services to scrape, within its own namespace. @default - every Service of the namespace */
  selector: z.record(z.string(), z.string().regex(LABEL_VALUE, { error: 'expected a label value' }), { error: 'expected an object of label keys to values, such as { team: "alpha" }' }).optional(),
});
export type ServiceMonitorSpec = z.infer<typeof ServiceMonitorSchema>;

export interface ResolvedServiceMonitor {
  readonly name: string;
  readonly port: string;
  readonly path: string;
  readonly interval?: string;
  readonly selector: Readonly<Record<string, string>>;
}

export function resolveServiceMonitor(spec: ServiceMonitorSpec | null | undefined, team: string): ResolvedServiceMonitor | undefined {
  if (!spec) return undefined;
  return {
    name: spec.name ?? `${team}-metrics`,
    port: spec.port,
    path: spec.path ?? '/metrics',
    ...(spec.interval ? { interval: spec.interval } : {}),
    selector: Object.fromEntries(Object.entries(spec.selector ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}
