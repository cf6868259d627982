import { describe, expect, it } from 'vitest';
import { deriveTenancy, formatFinding, type Manifest } from '../../lib/check/findings';
import { imagePinning, proveWorkloads } from '../../lib/check/workload-proof';

const RESTRICTED = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};
const RESOURCES = { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } };

function container(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'agent', image: 'ghcr.io/tenantry/agent:1.4.2', resources: RESOURCES, securityContext: RESTRICTED, ...overrides };
}

function deployment(pod: Record<string, unknown>): Manifest {
  return {
    file: 'dist/acme/Deployment.acme-api.agent.yaml',
    folder: 'acme',
    object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'agent', namespace: 'acme-api' }, spec: { template: { metadata: {}, spec: pod } } },
  };
}

function prove(manifests: Manifest[]): string[] {
  return proveWorkloads({ manifests, tenancy: deriveTenancy(manifests) }).findings.map(formatFinding);
}

const PREFIX = 'dist/acme/Deployment.acme-api.agent.yaml: Deployment/acme-api/agent — ';

describe('imagePinning', () => {
  it('tells tags, digests, latest and untagged images apart, registry ports included', () => {
    // GIVEN images of every form
    const images = ['ghcr.io/a/b:1.2', 'registry:5000/a/b', 'registry:5000/a/b:2', 'b', `b@sha256:${'a'.repeat(64)}`, 'ghcr.io/a/b:latest'];

    // WHEN each is classified
    const pinning = images.map(imagePinning);

    // THEN the registry port is not a tag
    expect(pinning).toEqual(['tag', 'untagged', 'tag', 'untagged', 'digest', 'latest']);
  });
});

describe('proveWorkloads', () => {
  it('accepts a restricted pod with requests, limits and a pinned image', () => {
    // GIVEN a pod the way DedicatedAgent writes it
    const manifests = [deployment({ containers: [container()], volumes: [{ name: 'tmp', emptyDir: {} }] })];

    // WHEN workloads are proven
    const result = prove(manifests);

    // THEN nothing is found
    expect(result).toEqual([]);
  });

  it('fails when a container loses runAsNonRoot and seccomp', () => {
    // GIVEN a container without runAsNonRoot and seccomp, and nothing at the pod level
    const manifests = [deployment({ containers: [container({ securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } })] })];

    // WHEN workloads are proven
    const result = prove(manifests);

    // THEN both are named
    expect(result).toEqual([
      `${PREFIX}spec.template.spec.containers[0] (agent) may run as root: set runAsNonRoot: true on it or the pod; Pod Security "restricted" forbids it`,
      `${PREFIX}spec.template.spec.containers[0] (agent) has seccompProfile unset: set type RuntimeDefault on it or the pod; Pod Security "restricted" forbids it`,
    ]);
  });

  it('takes runAsNonRoot and seccomp from the pod when the container leaves them out', () => {
    // GIVEN pod-level runAsNonRoot and seccomp
    const manifests = [
      deployment({
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [container({ securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } })],
      }),
    ];

    // WHEN workloads are proven
    const result = prove(manifests);

    // THEN nothing is found
    expect(result).toEqual([]);
  });

  it('fails on every baseline violation at once', () => {
    // GIVEN a pod with host namespaces, a hostPath volume, a privileged container and more
    const manifests = [
      deployment({
        hostNetwork: true,
        volumes: [{ name: 'root', hostPath: { path: '/' } }],
        containers: [container({ securityContext: { ...RESTRICTED, privileged: true, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN', 'NET_BIND_SERVICE'] } }, ports: [{ containerPort: 80, hostPort: 80 }] })],
      }),
    ];

    // WHEN workloads are proven
    const result = prove(manifests);

    // THEN each violation is its own line, pod first, then each container
    expect(result).toEqual([
      `${PREFIX}spec.template.spec.hostNetwork is true, sharing the node's namespaces; Pod Security "restricted" forbids it`,
      `${PREFIX}spec.template.spec.volumes[0] (root) is a hostPath volume; Pod Security "restricted" forbids it`,
      `${PREFIX}spec.template.spec.containers[0] (agent) is privileged; Pod Security "restricted" forbids it`,
      `${PREFIX}spec.template.spec.containers[0] (agent) adds capabilities SYS_ADMIN; Pod Security "restricted" forbids it`,
      `${PREFIX}spec.template.spec.containers[0].ports[0] uses hostPort 80; Pod Security "restricted" forbids it`,
    ]);
  });

  it('fails when a container misses limits or requests more than its limit', () => {
    // GIVEN one container without limits and one requesting more memory than its limit
    const manifests = [
      deployment({
        containers: [
          container({ name: 'a', resources: { requests: RESOURCES.requests } }),
          container({ name: 'b', resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '1Gi' } } }),
        ],
      }),
    ];

    // WHEN workloads are proven
    const result = prove(manifests);

    // THEN both are named
    expect(result).toEqual([
      `${PREFIX}spec.template.spec.containers[0] (a) has no resources.limits.cpu and limits.memory; set cpu and memory requests and limits so the quota and scheduler can account for it`,
      `${PREFIX}spec.template.spec.containers[1] (b) requests memory 2Gi, more than its limit 1Gi; lower the request or raise the limit`,
    ]);
  });

  it('fails when an image is latest or untagged, init containers included', () => {
    // GIVEN an init container on latest and a container without a tag
    const manifests = [deployment({ initContainers: [container({ name: 'init', image: 'busybox:latest' })], containers: [container({ image: 'ghcr.io/tenantry/agent' })] })];

    // WHEN workloads are proven
    const result = prove(manifests);

    // THEN both images are named
    expect(result).toEqual([
      `${PREFIX}spec.template.spec.initContainers[0] (init) image "busybox:latest" uses the moving tag latest; pin it by version tag or @sha256 digest, such as "ghcr.io/tenantry/agent:1.4.2"`,
      `${PREFIX}spec.template.spec.containers[0] (agent) image "ghcr.io/tenantry/agent" has no tag or digest; pin it by version tag or @sha256 digest, such as "ghcr.io/tenantry/agent:1.4.2"`,
    ]);
  });

  it('finds the pod template of a CronJob', () => {
    // GIVEN a CronJob whose container runs as root
    const cron: Manifest = {
      file: 'dist/acme/CronJob.acme-api.nightly.yaml',
      folder: 'acme',
      object: {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'nightly', namespace: 'acme-api' },
        spec: { schedule: '0 0 * * *', jobTemplate: { spec: { template: { spec: { containers: [container({ securityContext: { ...RESTRICTED, runAsUser: 0 } })] } } } } },
      },
    };

    // WHEN workloads are proven
    const result = prove([cron]);

    // THEN the container is named by its full path
    expect(result).toEqual([
      'dist/acme/CronJob.acme-api.nightly.yaml: CronJob/acme-api/nightly — spec.jobTemplate.spec.template.spec.containers[0] (agent) sets securityContext.runAsUser: 0 (root); Pod Security "restricted" forbids it',
    ]);
  });
});
