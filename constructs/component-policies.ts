// ComponentPolicies (L1): the NetworkPolicies that let platform components and a namespace's pods talk, one per component.
import { IntOrString, KubeNetworkPolicy, type NetworkPolicyEgressRule, type NetworkPolicyIngressRule, type NetworkPolicyPeer, type NetworkPolicyPort } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import type { ComponentPorts, ResolvedComponent } from '../lib/spec/components';

export interface ComponentPoliciesProps {
  /** The namespace the policies go into. */
  readonly namespace: string;
  /** The components the namespace gets (required ones and the optional ones it kept). */
  readonly components: readonly ResolvedComponent[];
  /** Whether the namespace denies egress, so that reaching a component needs an egress rule. */
  readonly denyEgress: boolean;
  /**
   * The pods of a dedicated agent: when given, only the components that reach dedicated agents
   * get a policy (`allow-<name>-to-agent`) selecting these pods.
   * @default - every other direction, for all pods of the namespace
   */
  readonly agentPods?: Readonly<Record<string, string>>;
  /** Labels for every policy. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

const NAME_LABEL = 'kubernetes.io/metadata.name';

interface PolicyParts {
  ingress: NetworkPolicyIngressRule[];
  egress: NetworkPolicyEgressRule[];
}

/**
 * One NetworkPolicy per platform component (shared services share `allow-shared-services`),
 * in the component's policy name: ingress from the component when it reaches tenant pods,
 * egress to it when tenant pods reach it and the namespace denies egress.
 */
export class ComponentPolicies extends Construct {
  /** The policy names, sorted. */
  public readonly names: readonly string[];

  constructor(scope: Construct, id: string, props: ComponentPoliciesProps) {
    super(scope, id);
    const byPolicy = new Map<string, PolicyParts>();
    const parts = (name: string) => byPolicy.get(name) ?? byPolicy.set(name, { ingress: [], egress: [] }).get(name)!;
    for (const component of props.components) {
      const from = [peer(component)];
      if (props.agentPods) {
        if (component.reaches?.agentsOnly) parts(`${component.policy}-to-agent`).ingress.push(rule('from', from, component.reaches.ports));
        continue;
      }
      if (component.reaches && !component.reaches.agentsOnly) parts(component.policy).ingress.push(rule('from', from, component.reaches.ports));
      if (component.reachedBy && props.denyEgress) parts(component.policy).egress.push(rule('to', from, component.reachedBy.ports));
    }
    const podSelector = props.agentPods ? { matchLabels: { ...props.agentPods } } : {};
    for (const [name, { ingress, egress }] of byPolicy) {
      const policyTypes = [...(ingress.length ? ['Ingress'] : []), ...(egress.length ? ['Egress'] : [])];
      new KubeNetworkPolicy(this, name, {
        metadata: { name, namespace: props.namespace, labels: { ...props.labels } },
        spec: { podSelector, policyTypes, ...(ingress.length ? { ingress } : {}), ...(egress.length ? { egress } : {}) },
      });
    }
    this.names = [...byPolicy.keys()].sort();
  }
}

/** By the immutable kubernetes.io/metadata.name, with the component's pod labels. */
function peer(component: ResolvedComponent): NetworkPolicyPeer {
  const namespaceSelector = { matchLabels: { [NAME_LABEL]: component.namespace } };
  return Object.keys(component.podSelector).length ? { namespaceSelector, podSelector: { matchLabels: { ...component.podSelector } } } : { namespaceSelector };
}

function rule<K extends 'from' | 'to'>(key: K, peers: NetworkPolicyPeer[], ports: ComponentPorts): { [P in K]: NetworkPolicyPeer[] } & { ports?: NetworkPolicyPort[] } {
  // A rule without ports allows every port and protocol.
  const listed = ports === 'all' ? {} : { ports: ports.map((p) => ({ protocol: p.protocol, port: IntOrString.fromNumber(p.port) })) };
  return { [key]: peers, ...listed } as { [P in K]: NetworkPolicyPeer[] } & { ports?: NetworkPolicyPort[] };
}
