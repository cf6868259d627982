import * as kplus from 'cdk8s-plus-28';
import { describe, expect, it } from 'vitest';
import { DedicatedAgent, type DedicatedAgentProps } from '../../constructs/dedicated-agent';
import { chartObjects, newChart } from '../../lib/synth/synth';
import { type KubeObject } from '../../lib/synth/dist-layout';
import { resolveComponents } from '../../lib/spec/components';

const labels = { 'tenantry.io/tenant': 'acme', 'tenantry.io/team': 'api' };

function synth(overrides: Partial<DedicatedAgentProps> = {}) {
  const chart = newChart('test');
  const construct = new DedicatedAgent(chart, 'Agent', {
    tenant: 'acme',
    team: 'api',
    namespace: 'acme-api',
    image: 'ghcr.io/tenantry/agent:1.4.2',
    replicas: 2,
    limits: { cpu: '4', memory: '8Gi' },
    requests: { cpu: '2', memory: '4Gi' },
    serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'ServiceAccount', 'sa-api'),
    labels,
    ...overrides,
  });
  const objects = chartObjects(chart);
  const find = (kind: string) => objects.filter((o) => o.kind === kind);
  const one = (kind: string): KubeObject & Record<string, any> => {
    const found = find(kind);
    expect(found, kind).toHaveLength(1);
    return found[0]!;
  };
  const pod = () => one('Deployment').spec.template.spec;
  const container = () => pod().containers[0];
  return { construct, objects, find, one, pod, container };
}

describe('DedicatedAgent', () => {
  it('creates a Deployment, Service, HPA and PDB named agent-dedicated-<tenant>-<team>', () => {
    // GIVEN an autoscaled agent
    // WHEN it is synthesized
    const { objects, construct } = synth({ autoscaling: { minReplicas: 2, maxReplicas: 10, cpuPercent: 70 } });
    // THEN each object has the readable name, the namespace and the labels
    expect(objects.map((o) => [o.apiVersion, o.kind, o.metadata.name]).sort()).toEqual([
      ['apps/v1', 'Deployment', 'agent-dedicated-acme-api'],
      ['autoscaling/v2', 'HorizontalPodAutoscaler', 'agent-dedicated-acme-api'],
      ['policy/v1', 'PodDisruptionBudget', 'agent-dedicated-acme-api'],
      ['v1', 'Service', 'agent-dedicated-acme-api'],
    ]);
    for (const object of objects) {
      expect(object.metadata.namespace).toBe('acme-api');
      expect(object.metadata.labels).toEqual(labels);
    }
    expect(construct.name).toBe('agent-dedicated-acme-api');
    expect(construct.url).toBe('http://agent-dedicated-acme-api.acme-api.svc.cluster.local:8080');
  });

  it('exposes its defaults', () => {
    // GIVEN no port and no replicas
    // WHEN the agent is synthesized
    const { construct, one } = synth({ port: undefined, replicas: undefined });
    // THEN port 8080 and one replica apply
    expect(construct.port).toBe(8080);
    expect(construct.replicas).toBe(1);
    expect(one('Deployment').spec.replicas).toBe(1);
  });

  it('meets the Pod Security restricted profile', () => {
    // GIVEN an agent
    // WHEN it is synthesized
    const { pod, container } = synth();
    // THEN pod and container run non-root, without privilege escalation or capabilities, with RuntimeDefault seccomp
    expect(pod().securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container().securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 65532,
      runAsNonRoot: true,
      runAsUser: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod().hostNetwork ?? false).toBe(false);
    expect(pod()).not.toHaveProperty('hostPID');
    expect(pod()).not.toHaveProperty('hostIPC');
    expect(pod().volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(container().ports).toEqual([{ containerPort: 8080 }]);
  });

  it('runs as the team ServiceAccount without a token', () => {
    // GIVEN the team ServiceAccount
    // WHEN the agent is synthesized
    const { pod } = synth();
    // THEN the pod uses it and mounts no token
    expect(pod().serviceAccountName).toBe('sa-api');
    expect(pod().automountServiceAccountToken).toBe(false);
  });

  it('sets requests and limits exactly as written', () => {
    // GIVEN quantities in Gi, Ki and millicores
    // WHEN the agents are synthesized
    const big = synth().container();
    const small = synth({ limits: { cpu: '1500m', memory: '512Ki' }, requests: { cpu: '250m', memory: '100Ki' } }).container();
    // THEN the quantities are not rounded or rewritten
    expect(big.resources).toEqual({ limits: { cpu: '4', memory: '8Gi' }, requests: { cpu: '2', memory: '4Gi' } });
    expect(small.resources).toEqual({ limits: { cpu: '1500m', memory: '512Ki' }, requests: { cpu: '250m', memory: '100Ki' } });
  });

  it('runs the pinned image', () => {
    // GIVEN an image pinned by digest
    const image = `ghcr.io/tenantry/agent@sha256:${'a'.repeat(64)}`;
    // WHEN the agent is synthesized
    const { container } = synth({ image });
    // THEN the image is used as given, pulled every time so the registry checks this tenant's credentials
    expect(container().image).toBe(image);
    expect(container().imagePullPolicy).toBe('Always');
  });

  it('sets TENANT_ID, TEAM_ID and TEAM_ENV, then sorted literals and references', () => {
    // GIVEN literal, Secret and ConfigMap variables in no particular order
    // WHEN the agent is synthesized
    const { container } = synth({
      environment: 'dev',
      env: {
        LOG_LEVEL: 'debug',
        HF_TOKEN: { secretKeyRef: { name: 'acme-hf', key: 'token' } },
        SETTINGS: { configMapKeyRef: { name: 'acme-settings', key: 'settings.json' } },
      },
    });
    // THEN the system variables come first and secrets stay references
    expect(container().env).toEqual([
      { name: 'TENANT_ID', value: 'acme' },
      { name: 'TEAM_ID', value: 'api' },
      { name: 'TEAM_ENV', value: 'dev' },
      { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'acme-hf', key: 'token' } } },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'SETTINGS', valueFrom: { configMapKeyRef: { name: 'acme-settings', key: 'settings.json' } } },
    ]);
  });

  it('lets in only the components that reach dedicated agents, selecting its own pods', () => {
    // GIVEN the platform's components: an orchestrator for agents, and flyte-system for every pod
    const components = resolveComponents({
      components: {
        orchestrator: { namespace: 'incidentfox', reaches: { ports: [8080], pods: 'agents' } },
        'flyte-system': { namespace: 'flyte-system', reaches: { ports: 'all' } },
      },
    });
    // WHEN the agent is synthesized with them
    const { one } = synth({ components });
    // THEN only the orchestrator gets a policy, on the agent's pods (the namespace's own policies carry flyte-system)
    const policy = one('NetworkPolicy');
    expect(policy.metadata).toMatchObject({ name: 'allow-orchestrator-to-agent', namespace: 'acme-api' });
    expect(policy.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'agent-dedicated-acme-api' } });
  });

  it('schedules onto selected nodes with tolerations', () => {
    // GIVEN a node selector and a toleration (as hard isolation passes them)
    // WHEN the agent is synthesized
    const { pod } = synth({
      nodeSelector: { 'node-type': 'high-memory', 'tenantry.io/tenant': 'acme' },
      tolerations: [{ key: 'tenantry.io/tenant', operator: 'Equal', value: 'acme', effect: 'NoSchedule' }],
    });
    // THEN the pod template carries both
    expect(pod().nodeSelector).toEqual({ 'node-type': 'high-memory', 'tenantry.io/tenant': 'acme' });
    expect(pod().tolerations).toEqual([{ key: 'tenantry.io/tenant', operator: 'Equal', value: 'acme', effect: 'NoSchedule' }]);
  });

  it('leaves node selector and tolerations out when there are none', () => {
    // GIVEN no scheduling constraints
    // WHEN the agent is synthesized
    const { pod } = synth();
    // THEN neither appears
    expect(pod()).not.toHaveProperty('nodeSelector');
    expect(pod()).not.toHaveProperty('tolerations');
  });

  it('selects its pods by readable labels only', () => {
    // GIVEN an agent
    // WHEN it is synthesized
    const { one } = synth();
    // THEN the Deployment, Service and PDB select the instance label, without cdk8s hashes
    const deployment = one('Deployment');
    const selector = { 'app.kubernetes.io/instance': 'agent-dedicated-acme-api' };
    expect(deployment.spec.selector).toEqual({ matchLabels: selector });
    expect(deployment.spec.template.metadata.labels).toEqual({ ...labels, ...selector, 'app.kubernetes.io/name': 'tenantry-agent' });
    expect(one('Service').spec).toMatchObject({ type: 'ClusterIP', selector, ports: [{ name: 'http', port: 8080, targetPort: 8080 }] });
    expect(one('PodDisruptionBudget').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: selector } });
    expect(JSON.stringify(deployment)).not.toContain('cdk8s.io');
  });

  it('scales with a v2 HorizontalPodAutoscaler and leaves replicas to it', () => {
    // GIVEN autoscaling 2–10 at 70 % CPU
    // WHEN the agent is synthesized
    const { one } = synth({ autoscaling: { minReplicas: 2, maxReplicas: 10, cpuPercent: 70 } });
    // THEN the HPA targets the Deployment and the Deployment sets no replicas
    const hpa = one('HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 10,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'agent-dedicated-acme-api' },
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(one('Deployment').spec).not.toHaveProperty('replicas');
  });

  it('parks at 0 replicas without an HPA (as a suspended tenant passes it)', () => {
    // GIVEN 0 replicas and no autoscaling
    // WHEN the agent is synthesized
    const { one, find } = synth({ replicas: 0, autoscaling: undefined });
    // THEN the Deployment has 0 replicas and no HPA exists
    expect(one('Deployment').spec.replicas).toBe(0);
    expect(find('HorizontalPodAutoscaler')).toEqual([]);
  });

  it('fails when autoscaling minReplicas is more than maxReplicas', () => {
    // GIVEN minReplicas 5 and maxReplicas 2
    // WHEN the agent is built
    const build = () => synth({ autoscaling: { minReplicas: 5, maxReplicas: 2, cpuPercent: 70 } });
    // THEN it throws at once, saying what is wrong, the values and the fix
    expect(build).toThrow(new Error('DedicatedAgent acme/api: autoscaling.minReplicas (5) is more than maxReplicas (2); lower minReplicas or raise maxReplicas'));
  });

  it('fails when a request is more than its limit', () => {
    // GIVEN a memory request above the memory limit
    // WHEN the agent is built
    const build = () => synth({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '2Gi' } });
    // THEN it throws at once, saying what is wrong, the values and the fix
    expect(build).toThrow(new Error('DedicatedAgent acme/api: requests.memory (2Gi) is more than limits.memory (1Gi); lower the request or raise the limit'));
  });

  it('fails when env sets a variable Tenantry sets itself', () => {
    // GIVEN env overriding TEAM_ID
    // WHEN the agent is built
    const build = () => synth({ env: { TEAM_ID: 'other' } });
    // THEN it throws at once, naming the variable and the fix
    expect(build).toThrow(new Error('DedicatedAgent acme/api: env.TEAM_ID is set by Tenantry itself (TENANT_ID, TEAM_ID, TEAM_ENV); remove it'));
  });
});
