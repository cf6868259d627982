import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ResolvedTenant } from '../../lib/spec/resolve';
import { validateObject } from '../../lib/check/schema-validator';
import { newChart, synthesizeTenant } from '../../lib/synth/synth';
import { isClusterScoped, KUSTOMIZATION_FILE, type FolderOutput, type KubeObject } from '../../lib/synth/dist-layout';
import { Tenant } from '../../constructs/tenant';
import { arbTenantSet, PLATFORM, validProject, type TenantInput } from '../support/arbitraries';

/** One folder as a multi-document YAML, files in name order, each introduced by its path. */
function asGolden(folder: FolderOutput): string {
  return [...folder.files.keys()]
    .sort()
    .map((name) => `---\n# dist/${folder.folder}/${name}\n${folder.files.get(name)!}`)
    .join('');
}

function synthesize(spec: TenantInput): FolderOutput {
  const project = validProject([spec]);
  expect(project.tenants).toHaveLength(1);
  return synthesizeTenant(project.tenants[0]!, project.platform);
}

function objectsOf(folder: FolderOutput): KubeObject[] {
  return [...folder.files.entries()].filter(([name]) => name !== KUSTOMIZATION_FILE).map(([, text]) => parse(text) as KubeObject);
}

const tenant = (id: string, spec: Omit<TenantInput, 'id' | 'name' | 'owner'>): TenantInput => ({
  id,
  name: `${id[0]!.toUpperCase()}${id.slice(1)} Inc`,
  owner: `lead@${id}.example`,
  ...spec,
});

/** Small specs, one per scenario, each showing what its level or status switches on. */
const GOLDEN: Readonly<Record<string, TenantInput>> = {
  hard: tenant('globex', {
    isolation: 'hard',
    labels: { 'cost-center': 'cc-7' },
    quota: { cpu: '4', memory: '8Gi', storage: '40Gi', pods: 40, services: 20, persistentVolumeClaims: 20 },
    teams: [
      {
        id: 'payments',
        access: [{ group: 'globex-payments', role: 'admin' }],
        quota: { cpu: '4', memory: '8Gi', storage: '40Gi', pods: 40, services: 20, persistentVolumeClaims: 20 },
        network: { sharedServices: ['postgresql'], externalEgress: true, externalEgressPorts: [443] },
        agent: { cpu: '2', memory: '2Gi', requests: { cpu: '500m', memory: '1Gi' } },
      },
    ],
  }),
  soft: tenant('acme', {
    isolation: 'soft',
    labels: { 'cost-center': 'cc-42', 'acme.example/contact': 'lead' },
    teams: [{ id: 'web', access: [{ group: 'acme-web', role: 'edit' }], routing: { slackChannels: ['C0ACMEWEB01'], githubRepos: ['acme/web'] } }],
  }),
  'network-only': tenant('initech', {
    isolation: 'network-only',
    teams: [{ id: 'tps', access: [{ group: 'initech-tps', role: 'edit' }], network: { externalEgress: true } }],
  }),
  custom: tenant('umbrella', {
    isolation: { custom: { network: 'deny-all', quota: true, nodes: 'shared', storage: 'dedicated', agent: 'shared', podSecurity: 'restricted' } },
    teams: [{ id: 'lab', access: [{ user: 'alice@umbrella.example', role: 'admin' }], network: { sharedServices: ['redis'], allowMonitoring: false } }],
  }),
  'dedicated-agent': tenant('acme', {
    isolation: 'soft',
    teams: [
      {
        id: 'platform-sre',
        access: [{ group: 'acme-sre', role: 'edit' }],
        agent: {
          mode: 'dedicated',
          replicas: 2,
          cpu: '4',
          memory: '8Gi',
          requests: { cpu: '2', memory: '4Gi' },
          nodeSelector: { 'node-type': 'high-memory' },
          autoscaling: { minReplicas: 2, maxReplicas: 10, cpuPercent: 70 },
          env: { HF_TOKEN: { secretKeyRef: { name: 'acme-hf', key: 'token' } } },
        },
      },
    ],
  }),
  environments: tenant('acme', {
    isolation: 'soft',
    teams: [
      {
        id: 'payments',
        environments: ['dev', 'staging', 'production'],
        access: [
          { group: 'acme-payments', role: 'edit' },
          { user: 'ann@acme.example', role: 'view' },
        ],
        deploy: { repo: 'https://github.com/acme/payments-deploy.git', path: './k8s' },
      },
    ],
  }),
  suspended: tenant('hooli', {
    isolation: 'soft',
    status: 'suspended',
    teams: [
      {
        id: 'search',
        access: [
          { group: 'hooli-search', role: 'admin' },
          { user: 'gavin@hooli.example', role: 'view' },
        ],
        agent: { mode: 'dedicated', autoscaling: { minReplicas: 2, maxReplicas: 4, cpuPercent: 80 } },
      },
    ],
  }),
  pending: tenant('vandelay', {
    isolation: 'hard',
    status: 'pending',
    teams: [{ id: 'imports', access: [{ group: 'vandelay-imports', role: 'edit' }] }],
  }),
};

describe('Tenant golden files', () => {
  it.each(Object.keys(GOLDEN))('synthesizes the %s scenario as in its golden file', async (name) => {
    // GIVEN a small tenant spec for the scenario
    const spec = GOLDEN[name]!;
    // WHEN it is validated and synthesized
    const folder = synthesize(spec);
    // THEN the YAML equals the reviewed golden file
    await expect(asGolden(folder)).toMatchFileSnapshot(`./__golden__/${name}.yaml`);
  });
});

describe('Tenant', () => {
  it('exposes its namespaces, agents and StorageClass', () => {
    // GIVEN a hard tenant with two teams, one opting out of the dedicated agent
    const project = validProject([tenant('globex', { isolation: 'hard', teams: [{ id: 'payments' }, { id: 'risk', agent: { mode: 'shared' } }] })]);
    // WHEN the construct is built
    const construct = new Tenant(newChart('globex'), 'Resource', { ...project.tenants[0]!, platform: project.platform });
    // THEN its public fields describe what it made
    expect(construct.id).toBe('globex');
    expect(construct.namespaces.map((ns) => ns.name)).toEqual(['globex-payments', 'globex-risk']);
    expect(construct.agents.map((a) => a.name)).toEqual(['agent-dedicated-globex-payments']);
    expect(construct.storageClassName).toBe('tenantry-globex');
  });

  it('fails when asked to synthesize a terminating tenant', () => {
    // GIVEN a resolved tenant marked terminating
    const project = validProject([tenant('wayne', { isolation: 'soft', teams: [{ id: 'rnd' }] })]);
    const terminating: ResolvedTenant = { ...project.tenants[0]!, status: 'terminating' };
    // WHEN the construct is built
    const build = () => new Tenant(newChart('wayne'), 'Resource', { ...terminating, platform: project.platform });
    // THEN it refuses with the reason and the fix
    expect(build).toThrow(new Error('Tenant wayne: a terminating tenant is not synthesized; leave it out so GitOps prunes its objects'));
  });

  it('leaves terminating tenants out of the project', () => {
    // GIVEN an active and a terminating tenant
    // WHEN the project is validated
    const project = validProject([
      tenant('acme', { isolation: 'soft', teams: [{ id: 'api' }] }),
      tenant('wayne', { isolation: 'soft', status: 'terminating', teams: [{ id: 'rnd' }] }),
    ]);
    // THEN only the active one is synthesized
    expect(project.tenants.map((t) => t.id)).toEqual(['acme']);
    expect(project.terminating).toEqual(['wayne']);
  });

  it('adds the tenant node selector and toleration to agents under dedicated nodes', () => {
    // GIVEN hard isolation and a team node selector
    const folder = synthesize(tenant('globex', { isolation: 'hard', teams: [{ id: 'payments', agent: { nodeSelector: { 'node-type': 'high-memory' } } }] }));
    // WHEN the Deployment is read
    const deployment = objectsOf(folder).find((o) => o.kind === 'Deployment') as any;
    // THEN it keeps the team selector and adds the tenant's taint toleration
    expect(deployment.spec.template.spec.nodeSelector).toEqual({ 'node-type': 'high-memory', 'tenantry.io/tenant': 'globex' });
    expect(deployment.spec.template.spec.tolerations).toEqual([{ effect: 'NoSchedule', key: 'tenantry.io/tenant', operator: 'Equal', value: 'globex' }]);
  });

  it('gives tenant-config agent_service_url for a dedicated agent and no such key for the shared one', () => {
    // GIVEN one team with a dedicated agent and one without
    const folder = synthesize(tenant('acme', { isolation: 'soft', teams: [{ id: 'api', agent: { mode: 'dedicated' } }, { id: 'web' }] }));
    // WHEN the ConfigMaps are read
    const configs = Object.fromEntries(
      objectsOf(folder)
        .filter((o) => o.kind === 'ConfigMap')
        .map((o) => [o.metadata.namespace, JSON.parse((o as any).data['config.json'])]),
    );
    // THEN the dedicated team's config names its Service URL, the shared team's has no such key, and both say schema version 2
    expect(configs['acme-api'].agent_service_url).toBe('http://agent-dedicated-acme-api.acme-api.svc.cluster.local:8080');
    expect(Object.keys(configs['acme-web'])).not.toContain('agent_service_url');
    expect([configs['acme-api'].schemaVersion, configs['acme-web'].schemaVersion]).toEqual([2, 2]);
    expect(JSON.stringify(configs)).not.toContain(PLATFORM.agent!.sharedUrl);
  });

  it.each([
    ['shared → dedicated', 'shared', 'dedicated'],
    ['dedicated → shared', 'dedicated', 'shared'],
  ] as const)('changes exactly agent_service_url and the agent objects when a team migrates %s', (_, from, to) => {
    // GIVEN the same team with its agent shared and dedicated
    const spec = (mode: 'shared' | 'dedicated') => tenant('acme', { isolation: 'soft', teams: [{ id: 'api', agent: { mode }, routing: { slackChannels: ['C0ACMEAPI01'] } }] });
    const before = synthesize(spec(from));
    const after = synthesize(spec(to));
    // WHEN the two folders are compared file by file
    const names = [...new Set([...before.files.keys(), ...after.files.keys()])].filter((n) => n !== KUSTOMIZATION_FILE);
    const changed = names.filter((n) => before.files.get(n) !== after.files.get(n)).sort();
    const config = (f: FolderOutput) => JSON.parse((parse(f.files.get('ConfigMap.acme-api.tenant-config.yaml')!) as any).data['config.json']);
    const keys = (c: Record<string, unknown>) => Object.keys(c).sort();
    const [shared, dedicated] = from === 'shared' ? [config(before), config(after)] : [config(after), config(before)];
    // THEN only the config and the agent's Deployment, Service, PodDisruptionBudget differ, and the config only by agent_service_url
    expect(changed).toEqual([
      'ConfigMap.acme-api.tenant-config.yaml',
      'Deployment.acme-api.agent-dedicated-acme-api.yaml',
      'PodDisruptionBudget.acme-api.agent-dedicated-acme-api.yaml',
      'Service.acme-api.agent-dedicated-acme-api.yaml',
    ]);
    expect(keys(dedicated)).toEqual([...keys(shared), 'agent_service_url'].sort());
    const { agent_service_url: url, ...rest } = dedicated;
    expect(rest).toEqual(shared);
    expect(url).toBe('http://agent-dedicated-acme-api.acme-api.svc.cluster.local:8080');
  });

  it('pins team pods and its agent with the team node selector and tolerations', () => {
    // GIVEN a soft tenant whose team asks for nodes labelled team=alpha and tolerates a gpu taint
    const gpu = { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' } as const;
    const folder = synthesize(tenant('acme', { isolation: 'soft', teams: [{ id: 'api', nodes: { nodeSelector: { team: 'alpha' }, tolerations: [gpu] }, agent: { mode: 'dedicated' } }] }));
    // WHEN the Namespace and the agent Deployment are read
    const objects = objectsOf(folder);
    const namespace = objects.find((o) => o.kind === 'Namespace') as any;
    const deployment = objects.find((o) => o.kind === 'Deployment') as any;
    // THEN the namespace carries the PodNodeSelector / PodTolerationRestriction annotations and the agent the same placement
    expect(namespace.metadata.annotations['scheduler.alpha.kubernetes.io/node-selector']).toBe('team=alpha');
    expect(JSON.parse(namespace.metadata.annotations['scheduler.alpha.kubernetes.io/defaultTolerations'])).toEqual([gpu]);
    expect(JSON.parse(namespace.metadata.annotations['scheduler.alpha.kubernetes.io/tolerationsWhitelist'])).toContainEqual(gpu);
    expect(deployment.spec.template.spec.nodeSelector).toEqual({ team: 'alpha' });
    expect(deployment.spec.template.spec.tolerations).toEqual([gpu]);
  });

  it('uses the dedicated-node label and taint key platform.ts chooses', async () => {
    // GIVEN a platform whose dedicated nodes carry example.com/dedicated, and a hard tenant
    const { validateProject } = await import('../../lib/spec/loader');
    const project = validateProject({ file: 'platform.ts', value: { ...PLATFORM, dedicatedNodes: { label: 'example.com/dedicated', taint: 'example.com/dedicated' } } }, [
      { file: 'tenants/globex.ts', value: tenant('globex', { isolation: 'hard', teams: [{ id: 'payments' }] }) },
    ]);
    if (!project.ok) throw new Error(project.errors.join('\n'));
    // WHEN it is synthesized
    const objects = objectsOf(synthesizeTenant(project.tenants[0]!, project.platform));
    const namespace = objects.find((o) => o.kind === 'Namespace') as any;
    const deployment = objects.find((o) => o.kind === 'Deployment') as any;
    // THEN the namespace and the agent use that key with the tenant id, and tenantry.io/tenant appears nowhere in their placement
    expect(namespace.metadata.annotations['scheduler.alpha.kubernetes.io/node-selector']).toBe('example.com/dedicated=globex');
    expect(deployment.spec.template.spec.nodeSelector).toEqual({ 'example.com/dedicated': 'globex' });
    expect(deployment.spec.template.spec.tolerations).toEqual([{ effect: 'NoSchedule', key: 'example.com/dedicated', operator: 'Equal', value: 'globex' }]);
  });

  it('creates a ServiceMonitor over the team\'s own Services in its own namespace', () => {
    // GIVEN a team that asks for a ServiceMonitor on its metrics port
    const folder = synthesize(tenant('acme', { isolation: 'soft', teams: [{ id: 'api', serviceMonitor: { port: 'metrics', interval: '30s', selector: { team: 'api' } } }] }));
    // WHEN the ServiceMonitor is read
    const monitor = objectsOf(folder).find((o) => o.kind === 'ServiceMonitor') as any;
    // THEN it is typed monitoring.coreos.com/v1, lives in acme-api, selects only acme-api and validates against the CRD
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor.metadata).toMatchObject({ name: 'api-metrics', namespace: 'acme-api' });
    expect(monitor.spec).toEqual({
      endpoints: [{ interval: '30s', path: '/metrics', port: 'metrics' }],
      namespaceSelector: { matchNames: ['acme-api'] },
      selector: { matchLabels: { team: 'api' } },
    });
    expect(validateObject(monitor)).toEqual([]);
  });
});

const PINNED_IMAGE = /(@sha256:[a-f0-9]{64}$|:(?!latest$)[\w][\w.-]{0,127}$)/;

/** The Pod Security "restricted" checks Tenantry's own workloads must pass. */
function restrictedViolations(deployment: any): string[] {
  const pod = deployment.spec.template.spec;
  const problems: string[] = [];
  const podContext = pod.securityContext ?? {};
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) if (pod[key] === true) problems.push(`${key} is true`);
  for (const volume of pod.volumes ?? []) if (volume.hostPath) problems.push(`hostPath volume ${volume.name}`);
  for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
    const context = container.securityContext ?? {};
    const where = `container ${container.name}`;
    if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true) problems.push(`${where}: runAsNonRoot is not true`);
    if ((context.runAsUser ?? podContext.runAsUser) === 0) problems.push(`${where}: runs as uid 0`);
    if (context.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
    if (context.privileged === true) problems.push(`${where}: privileged`);
    if (!(context.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where}: capabilities not dropped`);
    for (const cap of context.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') problems.push(`${where}: adds ${cap}`);
    if ((context.seccompProfile ?? podContext.seccompProfile)?.type !== 'RuntimeDefault') problems.push(`${where}: seccomp is not RuntimeDefault`);
    for (const port of container.ports ?? []) if (port.hostPort) problems.push(`${where}: hostPort ${port.hostPort}`);
    for (const kind of ['requests', 'limits']) {
      for (const resource of ['cpu', 'memory']) if (!container.resources?.[kind]?.[resource]) problems.push(`${where}: no ${kind}.${resource}`);
    }
    if (!PINNED_IMAGE.test(container.image)) problems.push(`${where}: image ${container.image} is not pinned`);
  }
  return problems;
}

// One seed for every invariant, so they all check the same projects and each is synthesized once.
const SEED = Number(process.env.TENANTRY_FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = { numRuns: 50, seed: SEED };
const synthesized = new Map<string, { tenant: ResolvedTenant; objects: KubeObject[] }[]>();

/** Every synthesized tenant of a generated project, with its objects parsed back from the YAML. */
function synthesizeSet(specs: TenantInput[]) {
  const key = JSON.stringify(specs);
  let result = synthesized.get(key);
  if (!result) {
    const project = validProject(specs);
    result = project.tenants.map((t) => ({ tenant: t, objects: objectsOf(synthesizeTenant(t, project.platform)) }));
    synthesized.set(key, result);
  }
  return result;
}

// Generous timeout: the first invariant pays for synthesizing all generated projects.
describe('Tenant invariants over generated valid projects', { timeout: 60_000 }, () => {

  it('validates every generated project', () => {
    // GIVEN generated tenant sets (seed in TENANTRY_FC_SEED reproduces a run)
    fc.assert(
      fc.property(arbTenantSet, (specs) => {
        // WHEN they are validated
        const project = validProject(specs);
        // THEN they are valid and only terminating tenants are left out
        expect(project.tenants.length + project.terminating.length).toBe(specs.length);
      }),
      { numRuns: 200 },
    );
  });

  it('gives every tenant namespace a default-deny NetworkPolicy', () => {
    fc.assert(
      fc.property(arbTenantSet, (specs) => {
        // GIVEN a generated project
        // WHEN every tenant is synthesized
        for (const { tenant: t, objects } of synthesizeSet(specs)) {
          // THEN each namespace has a default deny for ingress, and egress too under deny-all
          const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
          expect(namespaces).toEqual(t.namespaces.map((ns) => ns.name).sort());
          for (const ns of namespaces) {
            const deny = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === ns && o.metadata.name === 'default-deny') as any;
            expect(deny, `default-deny in ${ns}`).toBeDefined();
            expect(deny.spec.podSelector).toEqual({});
            expect(deny.spec.policyTypes).toContain('Ingress');
            expect(deny.spec.ingress).toBeUndefined();
            expect(deny.spec.egress).toBeUndefined();
            if (t.isolation.network === 'deny-all') expect(deny.spec.policyTypes).toContain('Egress');
          }
        }
      }),
      RUNS,
    );
  });

  it('gives every namespace a quota that closes NodePorts, LoadBalancers and the system priority classes', () => {
    fc.assert(
      fc.property(arbTenantSet, (specs) => {
        // GIVEN a generated project
        // WHEN every tenant is synthesized
        for (const { tenant: t, objects } of synthesizeSet(specs)) {
          // THEN every namespace has both quotas whatever the isolation; the resource caps only under quota isolation
          for (const ns of t.namespaces) {
            const quota = objects.find((o) => o.kind === 'ResourceQuota' && o.metadata.namespace === ns.name && o.metadata.name === 'quota') as any;
            const system = objects.find((o) => o.kind === 'ResourceQuota' && o.metadata.namespace === ns.name && o.metadata.name === 'system-priority') as any;
            expect(quota.spec.hard, `quota in ${ns.name}`).toMatchObject({ 'services.nodeports': '0', 'services.loadbalancers': '0' });
            if (!t.isolation.quota) expect(Object.keys(quota.spec.hard).filter((k) => k.startsWith('requests.'))).toEqual([]);
            expect(system.spec.hard).toEqual({ pods: '0' });
            if (t.status === 'suspended') expect(quota.spec.hard.pods).toBe('0');
          }
        }
      }),
      RUNS,
    );
  });

  it('binds no one to cluster-admin and grants no wildcard', () => {
    fc.assert(
      fc.property(arbTenantSet, (specs) => {
        // GIVEN a generated project
        // WHEN every tenant is synthesized
        for (const { objects } of synthesizeSet(specs)) {
          // THEN bindings only point at tenantry tenant roles and roles hold no "*"
          for (const object of objects as any[]) {
            if (object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding') {
              expect(object.roleRef.name).not.toBe('cluster-admin');
              if (object.kind === 'RoleBinding' && object.metadata.name.startsWith('team-')) expect(object.roleRef.name).toMatch(/^tenantry-tenant-(admin|edit|view)$/);
            }
            if (object.kind === 'Role' || object.kind === 'ClusterRole') {
              for (const rule of object.rules ?? []) {
                for (const field of ['apiGroups', 'resources', 'verbs', 'resourceNames']) expect(rule[field] ?? []).not.toContain('*');
              }
            }
          }
        }
      }),
      RUNS,
    );
  });

  it('runs every dedicated agent under Pod Security restricted with requests, limits and a pinned image', () => {
    fc.assert(
      fc.property(arbTenantSet, (specs) => {
        // GIVEN a generated project
        // WHEN every tenant is synthesized
        for (const { tenant: t, objects } of synthesizeSet(specs)) {
          const deployments = objects.filter((o) => o.kind === 'Deployment');
          // THEN there is one per dedicated namespace (none when pending), each passing the restricted checks
          const dedicated = t.status === 'pending' ? [] : t.namespaces.filter((ns) => ns.agent.mode === 'dedicated');
          expect(deployments.map((d) => d.metadata.namespace).sort()).toEqual(dedicated.map((ns) => ns.name).sort());
          for (const deployment of deployments) expect(restrictedViolations(deployment), deployment.metadata.namespace).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it('parks suspended agents and runs no workloads for pending tenants', () => {
    fc.assert(
      fc.property(arbTenantSet, (specs) => {
        // GIVEN a generated project
        // WHEN every tenant is synthesized
        for (const { tenant: t, objects } of synthesizeSet(specs)) {
          const kinds = objects.map((o) => o.kind);
          // THEN suspended agents have 0 replicas and no HPA; pending tenants have no workloads or config
          if (t.status === 'suspended') {
            expect(kinds).not.toContain('HorizontalPodAutoscaler');
            for (const d of objects.filter((o) => o.kind === 'Deployment') as any[]) expect(d.spec.replicas).toBe(0);
            const teamBindings = objects.filter((o) => o.kind === 'RoleBinding' && o.metadata.name.startsWith('team-')) as any[];
            for (const b of teamBindings) expect(b.roleRef.name).toBe('tenantry-tenant-view');
          }
          if (t.status === 'pending') {
            for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ConfigMap']) expect(kinds).not.toContain(kind);
          }
        }
      }),
      RUNS,
    );
  });

  it('validates every synthesized object against the Kubernetes and CRD schemas', () => {
    fc.assert(
      fc.property(arbTenantSet, (specs) => {
        // GIVEN a generated project
        // WHEN every tenant is synthesized and each object validated
        const issues = synthesizeSet(specs).flatMap(({ objects }) =>
          objects.flatMap((o) => validateObject(o).map((i) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}: ${i.path} ${i.message}`)),
        );
        // THEN no schema reports an issue
        expect(issues).toEqual([]);
      }),
      RUNS,
    );
  });

  it('keeps cluster-scoped objects free of metadata.namespace and never references a literal secret', () => {
    fc.assert(
      fc.property(arbTenantSet, (specs) => {
        // GIVEN a generated project
        // WHEN every tenant is synthesized
        for (const { objects } of synthesizeSet(specs)) {
          for (const object of objects as any[]) {
            // THEN cluster-scoped objects have no namespace and namespaced ones have one
            if (isClusterScoped(object.kind)) expect(object.metadata.namespace).toBeUndefined();
            else expect(object.metadata.namespace).toBeTruthy();
            // AND secret-looking variables only come by reference
            if (object.kind !== 'Deployment') continue;
            for (const env of object.spec.template.spec.containers.flatMap((c: any) => c.env ?? [])) {
              if (/TOKEN|PASSWORD|API_KEY/.test(env.name)) {
                expect(env.value).toBeUndefined();
                expect(env.valueFrom.secretKeyRef).toBeDefined();
              }
            }
          }
        }
      }),
      RUNS,
    );
  });
});
