// TeamServiceMonitor (L2): a prometheus-operator ServiceMonitor over a team's own Services, in its own namespace only.
import { Construct } from 'constructs';
import { ServiceMonitor } from '../imports/servicemonitor-monitoring.coreos.com';
import { DNS_LABEL } from '../lib/spec/dns-label';

export interface TeamServiceMonitorProps {
  /** The team namespace; the ServiceMonitor lives there and selects Services there only. */
  readonly namespace: string;
  /** The ServiceMonitor's name. */
  readonly name: string;
  /** The name of the Service port to scrape. */
  readonly port: string;
  /** The HTTP path of the metrics. @default '/metrics' */
  readonly path?: string;
  /** Scrape interval, such as "30s". @default - Prometheus' global interval */
  readonly interval?: string;
  /** Labels of the Services to scrape. @default - every Service of the namespace */
  readonly selector?: Readonly<Record<string, string>>;
  /** Labels for the ServiceMonitor. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A ServiceMonitor (monitoring.coreos.com/v1) pinned to its own namespace with
 * `namespaceSelector.matchNames`, so a team can never make Prometheus scrape another
 * tenant's Services, whatever labels they carry.
 */
export class TeamServiceMonitor extends Construct {
  public readonly name: string;
  public readonly path: string;
  public readonly resource: ServiceMonitor;

  constructor(scope: Construct, id: string, props: TeamServiceMonitorProps) {
    super(scope, id);
    if (props.port.length > 15 || !DNS_LABEL.test(props.port) || !/[a-z]/.test(props.port)) {
      throw new Error(`TeamServiceMonitor ${props.namespace}/${props.name}: port must name a Service port (a DNS label of at most 15 characters with a letter), got "${props.port}"; use the port's name, such as "metrics"`);
    }
    this.name = props.name;
    this.path = props.path ?? '/metrics';
    this.resource = new ServiceMonitor(this, 'Resource', {
      metadata: { name: this.name, namespace: props.namespace, labels: { ...props.labels } },
      spec: {
        selector: { matchLabels: { ...props.selector } },
        namespaceSelector: { matchNames: [props.namespace] },
        endpoints: [{ port: props.port, path: this.path, ...(props.interval ? { interval: props.interval } : {}) }],
      },
    });
  }
}
