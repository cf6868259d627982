import { describe, expect, it } from 'vitest';
import { ComponentPolicies, type ComponentPoliciesProps } from '../../constructs/component-policies';
import { resolveComponents } from '../../lib/spec/components';
import { chartObjects, newChart } from '../../lib/synth/synth';

type Loose = Record<string, any>;

const COMPONENTS = resolveComponents({
  ingress: { namespace: 'ingress-nginx', ports: [8000] },
  sharedServices: { postgresql: { namespace: 'shared-data', port: 5432 } },
  components: {
    'flyte-system': { namespace: 'flyte-system', podSelector: { app: 'flyteadmin' }, reaches: { ports: 'all' }, reachedBy: { ports: 'all' } },
    orchestrator: { namespace: 'incidentfox', reaches: { ports: [8080], pods: 'agents' } },
  },
});

function synth(props: Partial<ComponentPoliciesProps> = {}) {
  const chart = newChart('test');
  const construct = new ComponentPolicies(chart, 'components', { namespace: 'acme-api', components: COMPONENTS, denyEgress: true, ...props });
  const policies = chartObjects(chart) as Loose[];
  return { construct, policies, spec: (name: string) => policies.find((p) => p.metadata.name === name)?.spec };
}

describe('ComponentPolicies', () => {
  it('writes one policy per component, shared services together, and none for agent-only reach', () => {
    // GIVEN the ingress controller, a shared service, DNS, flyte-system and the orchestrator under deny-all
    // WHEN the namespace's policies are synthesized
    const { construct, policies } = synth();
    // THEN the orchestrator is left to the dedicated agents
    expect(construct.names).toEqual(['allow-dns', 'allow-flyte-system', 'allow-ingress-controller', 'allow-shared-services']);
    expect(policies.every((p) => p.metadata.namespace === 'acme-api')).toBe(true);
  });

  it('opens a component both ways on all ports with rules that list no ports', () => {
    // GIVEN flyte-system with reaches and reachedBy on all ports
    // WHEN its policy is read
    const { spec } = synth();
    // THEN ingress from it and egress to it, by the immutable namespace name and its pod labels
    const peer = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'flyte-system' } }, podSelector: { matchLabels: { app: 'flyteadmin' } } };
    expect(spec('allow-flyte-system')).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [peer] }], egress: [{ to: [peer] }] });
  });

  it('drops the egress half where egress is open', () => {
    // GIVEN deny-ingress isolation
    // WHEN the policies are synthesized
    const { construct, spec } = synth({ denyEgress: false });
    // THEN flyte-system keeps only its ingress rule and DNS and shared services need none
    expect(construct.names).toEqual(['allow-flyte-system', 'allow-ingress-controller']);
    expect(spec('allow-flyte-system').policyTypes).toEqual(['Ingress']);
  });

  it('selects only the agent pods for a component that reaches dedicated agents', () => {
    // GIVEN a dedicated agent's pod labels
    // WHEN the agent's component policies are synthesized
    const { construct, spec } = synth({ agentPods: { 'app.kubernetes.io/instance': 'agent-dedicated-acme-api' } });
    // THEN only the orchestrator gets one, on 8080, for those pods only
    expect(construct.names).toEqual(['allow-orchestrator-to-agent']);
    expect(spec('allow-orchestrator-to-agent')).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'agent-dedicated-acme-api' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'incidentfox' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
  });
});
