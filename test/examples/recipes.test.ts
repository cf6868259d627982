import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { canI } from '../../lib/check/can-i';
import { checkFiles } from '../../lib/check/check';
import { formatPorts } from '../../lib/check/port-set';
import type { KubeDocument } from '../../lib/check/findings';
import { loadProject, type LoadedProject } from '../../lib/spec/loader';
import { showback } from '../../lib/review/cost-command';
import { snapshotOf } from '../../lib/review/snapshot';
import { synthesizePlatform, synthesizeTenant } from '../../lib/synth/synth';

/*
 * The recipes in examples/: each write-up's setup with its own names and numbers. Each is
 * synthesized, compared with its golden file, and passes the whole `npm run check` gate.
 */

const EXAMPLES = join(__dirname, '..', '..', 'examples');

async function recipe(name: string) {
  const project = await loadProject(join(EXAMPLES, name));
  if (!project.ok) throw new Error(project.errors.join('\n'));
  const folders = [synthesizePlatform(project.platform, project.tenants), ...project.tenants.map((t) => synthesizeTenant(t, project.platform))];
  const files = new Map(folders.flatMap((f) => [...f.files].map(([file, text]) => [`${f.folder}/${file}`, text] as const)));
  const objects = [...files]
    .filter(([path]) => !path.endsWith('kustomization.yaml'))
    .map(([, text]) => parseAllDocuments(text)[0]!.toJS() as KubeDocument);
  const golden = [...files].map(([path, text]) => `# dist/${path}\n${text}`).join('---\n');
  return { project: project as LoadedProject, files, objects, golden };
}

const find = (objects: readonly KubeDocument[], kind: string, name: string, namespace?: string) =>
  objects.find((o) => o.kind === kind && o.metadata?.name === name && (namespace === undefined || o.metadata?.namespace === namespace)) as Record<string, any> | undefined;

describe.each(['ai-agents', 'aim-engine', 'flyte', 'hivemind', 'incidentfox'])('the %s recipe', (name) => {
  it('synthesizes as in its golden file and passes the gate', async () => {
    // GIVEN the recipe's platform.ts and tenants/
    // WHEN it is synthesized and checked
    const { project, files, golden } = await recipe(name);
    const result = checkFiles({ files, project, drift: false });

    // THEN the output is the reviewed one and no invariant fails
    await expect(golden).toMatchFileSnapshot(`./__golden__/${name}.yaml`);
    expect(result.findings.filter((f) => f.severity !== 'warning')).toEqual([]);
    expect(result.matrix.paths).toEqual([]);
  });
});

describe('the ai-agents recipe', () => {
  it('reproduces the write-up: namespace, quota table and the can-i verification', async () => {
    // GIVEN the synthesized recipe
    const { objects } = await recipe('ai-agents');

    // WHEN the quota and the ServiceAccount's rights are read
    const quota = find(objects, 'ResourceQuota', 'quota', 'ai-agents-acme-corp')!;
    const sa = { kind: 'ServiceAccount' as const, name: 'sa-acme-corp', namespace: 'ai-agents-acme-corp' };

    // THEN requests 2 / 4Gi, limits 4 / 8Gi, 20Gi, 10 pods; list pods here: yes; in ai-agents-other-corp: no
    expect(quota.spec.hard).toMatchObject({ 'requests.cpu': '2', 'limits.cpu': '4', 'requests.memory': '4Gi', 'limits.memory': '8Gi', 'requests.storage': '20Gi', pods: '10' });
    expect(find(objects, 'Namespace', 'ai-agents-acme-corp')!.metadata.labels.app).toBe('ai-agents');
    expect(canI(objects, sa, { verb: 'list', resource: 'pods', namespace: 'ai-agents-acme-corp' })).toBe(true);
    expect(canI(objects, sa, { verb: 'list', resource: 'pods', namespace: 'ai-agents-other-corp' })).toBe(false);
  });
});

describe('the flyte recipe', () => {
  it('keeps alpha-developer out of production, in Kubernetes and in Argo CD', async () => {
    // GIVEN the synthesized recipe
    const { objects } = await recipe('flyte');
    const developers = { kind: 'Group' as const, name: 'team-alpha-developers' };
    const deploy = { verb: 'create', resource: 'deployments', apiGroup: 'apps' };

    // WHEN their rights and the production AppProject are read
    const production = find(objects, 'AppProject', 'flyte-production')!;

    // THEN they edit development and staging, not production, and production's project lists only the seniors and bob
    expect(canI(objects, developers, { ...deploy, namespace: 'flyte-execution-alpha-development' })).toBe(true);
    expect(canI(objects, developers, { ...deploy, namespace: 'flyte-execution-alpha-staging' })).toBe(true);
    expect(canI(objects, developers, { ...deploy, namespace: 'flyte-execution-alpha-production' })).toBe(false);
    expect(JSON.stringify(production.spec.roles)).not.toContain('team-alpha-developers');
    expect(production.spec.roles.find((r: { name: string }) => r.name === 'admin').groups).toEqual(expect.arrayContaining(['bob@company.com', 'team-alpha-seniors']));
  });

  it('gives each team the write-up quota and isolates the teams from one another', async () => {
    // GIVEN the synthesized and checked recipe
    const { project, files, objects } = await recipe('flyte');
    const { matrix } = checkFiles({ files, project, drift: false });
    const edge = (from: string, to: string) => matrix.edges.some((e) => e.from === from && e.to === to);

    // WHEN the beta quota and the matrix are read
    const quota = find(objects, 'ResourceQuota', 'quota', 'flyte-execution-beta-production')!;

    // THEN beta's numbers are the write-up's, and alpha reaches only alpha
    expect(quota.spec.hard).toMatchObject({ 'requests.cpu': '8', 'limits.cpu': '16', 'requests.memory': '16Gi', 'limits.memory': '32Gi', pods: '40', persistentvolumeclaims: '8' });
    expect(edge('flyte-execution-alpha-development', 'flyte-execution-alpha-production')).toBe(true);
    expect(edge('flyte-execution-alpha-development', 'flyte-execution-beta-development')).toBe(false);
  });
});

describe('the flyte recipe, platform side', () => {
  it('opens flyte-system both ways on all ports, and gives each team its ServiceMonitor and node selector', async () => {
    // GIVEN the synthesized and checked recipe
    const { project, files, objects } = await recipe('flyte');
    const { matrix } = checkFiles({ files, project, drift: false });
    const ports = (from: string, to: string) => matrix.edges.find((e) => e.from === from && e.to === to)?.ports.all;
    const alpha = 'flyte-execution-alpha-development';

    // WHEN the matrix, the ServiceMonitors, the Namespace and the agent are read
    const monitors = objects.filter((o) => o.kind === 'ServiceMonitor').map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`);
    const namespace = find(objects, 'Namespace', alpha)!;
    const agent = find(objects, 'Deployment', 'agent-dedicated-flyte-alpha', alpha)!;

    // THEN flyte-system reaches alpha and alpha reaches flyte-system on every port, as the write-up's policy says
    expect([ports('flyte-system', alpha), ports(alpha, 'flyte-system')]).toEqual([true, true]);
    expect(matrix.nodes.find((n) => n.id === 'flyte-system')!.roles).toEqual(['component flyte-system: reaches tenant pods on all ports and is reached by them on all ports']);
    // AND every namespace has its team's ServiceMonitor over its own Services, pinned to team nodes like its agent
    expect(monitors).toHaveLength(7);
    expect(monitors).toContain(`${alpha}/flyte-team-alpha-metrics`);
    expect(find(objects, 'ServiceMonitor', 'flyte-team-alpha-metrics', alpha)!.spec).toMatchObject({ selector: { matchLabels: { team: 'alpha' } }, namespaceSelector: { matchNames: [alpha] } });
    expect(namespace.metadata.annotations['scheduler.alpha.kubernetes.io/node-selector']).toBe('team=alpha,tenantry.io/tenant=flyte');
    expect(agent.spec.template.spec.nodeSelector).toEqual({ team: 'alpha', 'tenantry.io/tenant': 'flyte' });
  });
});

describe('the hivemind recipe', () => {
  it('names the namespace as the tenant lists it and takes the quota from the template', async () => {
    // GIVEN the synthesized recipe
    const { project, objects } = await recipe('hivemind');

    // WHEN the example tenant is read
    const tenant = project.tenants.find((t) => t.id === 'tenant-id')!;
    const quota = find(objects, 'ResourceQuota', 'quota', 'my-namespace')!;

    // THEN it is My Tenant in my-namespace with cpu 4, 8Gi, 100Gi, 10 containers and 5 services
    expect(tenant).toMatchObject({ name: 'My Tenant', owner: 'user-id', description: 'My tenant description' });
    expect(tenant.isolation.level).toBe('soft');
    expect(quota.spec.hard).toMatchObject({ 'limits.cpu': '4', 'limits.memory': '8Gi', 'requests.storage': '100Gi', pods: '10', services: '5' });
    expect(project.tenants.find((t) => t.id === 'big-corp')!.isolation.level).toBe('hard');
  });
});

describe('the aim-engine recipe', () => {
  it('gives each team group editor rights in its own ml-team namespace only, with cluster defaults overridden per namespace', async () => {
    // GIVEN the synthesized recipe
    const { objects } = await recipe('aim-engine');
    const teamA = { kind: 'Group' as const, name: 'team-a' };
    const create = { verb: 'create', resource: 'deployments', apiGroup: 'apps' };

    // WHEN team-a's rights, its namespace and its effective config are read
    const namespace = find(objects, 'Namespace', 'ml-team-a')!;
    const config = JSON.parse(find(objects, 'ConfigMap', 'tenant-config', 'ml-team-a')!.data['config.json']);

    // THEN team-a edits ml-team-a and not ml-team-b, labels matching the globs propagate, and the namespace layer wins
    expect(canI(objects, teamA, { ...create, namespace: 'ml-team-a' })).toBe(true);
    expect(canI(objects, teamA, { ...create, namespace: 'ml-team-b' })).toBe(false);
    expect(namespace.metadata.labels).toMatchObject({ 'aim.eai.amd.com/team': 'team-a', 'aim.eai.amd.com/managed': 'true', 'team-name': 'team-a', 'cost-center': 'ml-research' });
    expect(config.env).toMatchObject({ AIM_STORAGE_CLASS: 'fast-nvme', AIM_ROUTING_ENABLED: 'true' });
    expect(JSON.stringify(objects)).not.toMatch(/hf_[A-Za-z0-9]{20}/);
  });
});

describe('the incidentfox recipe', () => {
  it('runs the write-up dedicated agent for platform-sre and sends customer-success to the shared pool', async () => {
    // GIVEN the synthesized recipe
    const { objects } = await recipe('incidentfox');

    // WHEN the dedicated Deployment, its autoscaler and both teams' configs are read
    const deployment = find(objects, 'Deployment', 'agent-dedicated-acme-platform-sre', 'acme-platform-sre')!;
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'agent-dedicated-acme-platform-sre', 'acme-platform-sre')!;
    const config = (namespace: string) => JSON.parse(find(objects, 'ConfigMap', 'tenant-config', namespace)!.data['config.json']);
    const container = deployment.spec.template.spec.containers[0];

    // THEN 2 replicas, limits 4 / 8Gi, requests 2 / 4Gi, high-memory nodes, HPA 2–10 at 70 %; org → unit → team config
    expect(deployment.spec.template.spec.nodeSelector).toEqual({ 'node-type': 'high-memory' });
    expect(container.resources).toEqual({ limits: { cpu: '4', memory: '8Gi' }, requests: { cpu: '2', memory: '4Gi' } });
    expect(container.image).toBe('103002841599.dkr.ecr.us-west-2.amazonaws.com/incidentfox-agent:1.12.0');
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 10 });
    expect(config('acme-platform-sre').env).toEqual({ AGENT_PROMPT: 'sre', AGENT_TOOLS: 'kubernetes,grafana,github,aws' });
    expect(config('acme-customer-success').env).toEqual({ AGENT_PROMPT: 'default', AGENT_TOOLS: 'kubernetes,grafana,github' });
    // The orchestrator's routing contract: agent_service_url for a dedicated team, no such key for the shared pool.
    expect(config('acme-platform-sre').agent_service_url).toBe('http://agent-dedicated-acme-platform-sre.acme-platform-sre.svc.cluster.local:8080');
    expect(config('acme-customer-success')).not.toHaveProperty('agent_service_url');
    expect(find(objects, 'Deployment', 'agent-dedicated-acme-customer-success')).toBeUndefined();
  });

  it('lets the orchestrator reach each dedicated agent on 8080 and nothing else of the teams', async () => {
    // GIVEN the synthesized and checked recipe
    const { project, files, objects } = await recipe('incidentfox');
    const { matrix } = checkFiles({ files, project, drift: false });

    // WHEN the edges from and to the orchestrator's namespace, and its policies, are read
    const tenantNamespaces = new Set(matrix.nodes.filter((n) => n.kind === 'tenant').map((n) => n.id));
    const edges = matrix.edges.filter((e) => (e.from === 'incidentfox' && tenantNamespaces.has(e.to)) || (e.to === 'incidentfox' && tenantNamespaces.has(e.from)));
    const policy = find(objects, 'NetworkPolicy', 'allow-orchestrator-to-agent', 'acme-platform-sre')!;

    // THEN it reaches exactly the two dedicated teams on 8080/TCP, no team reaches it, and the policy selects only the agent's pods
    expect(edges.map((e) => `${e.from} → ${e.to} on ${formatPorts(e.ports)}`)).toEqual(['incidentfox → acme-enterprise-team on 8080/TCP', 'incidentfox → acme-platform-sre on 8080/TCP']);
    expect(matrix.paths).toEqual([]);
    expect(policy.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'agent-dedicated-acme-platform-sre' } });
    expect(find(objects, 'NetworkPolicy', 'allow-orchestrator-to-agent', 'acme-customer-success')).toBeUndefined();
    expect(matrix.nodes.find((n) => n.id === 'incidentfox')!.roles).toEqual(['component orchestrator: reaches dedicated agents on 8080/TCP']);
  });

  it('prices the shared pool as the write-up does and each dedicated team by what its agent requests', async () => {
    // GIVEN the synthesized recipe as a snapshot of dist/
    const { project, files } = await recipe('incidentfox');

    // WHEN the showback is computed
    const costs = showback(snapshotOf({ label: 'head', files, project }));
    const team = (id: string) => costs.teams.find((t) => t.team === id)!;

    // THEN the pool is 2 × 4 CPU × $0.031 × 720 h + 2 × 8 GiB × $0.0035 × 720 h = $218.88, all on the one shared team
    expect(costs.sharedPool).toEqual({ teams: 1, perTeam: 218.88, monthly: 218.88 });
    expect(team('customer-success')).toMatchObject({ agent: 'shared', shared: 218.88 });
    // 2 replicas × (2 CPU, 4Gi requested): $89.28 + $20.16
    expect(team('platform-sre')).toMatchObject({ agent: 'dedicated', committed: 109.44, shared: 0 });
    expect(team('enterprise-team')).toMatchObject({ agent: 'dedicated', committed: 109.44 });
  });
});
