// The workload proof: every Pod template meets Pod Security "restricted", sets requests and limits, and pins its images.
import { asArray, asString, finding, isRecord, labelsOf, listing, type Finding, type Invariant, type Manifest, type ProofContext, type ProofResult } from './findings';
import { parseQuantity } from '../spec/quantity';
import { FLUX_RECONCILER } from '../spec/gitops-names';
import { TENANT_ROLES } from '../spec/tenant-kinds';

/*
 * The workload proof: every Pod template in dist/ meets the Pod Security Standard
 * "restricted" (which includes "baseline"), sets requests and limits, and pins its images.
 */

export const WORKLOAD_INVARIANTS: readonly Invariant[] = [
  { id: 'workload/pod-security-restricted', proof: 'workload', statement: 'Every Pod template meets the Pod Security Standard "restricted".' },
  { id: 'workload/resources', proof: 'workload', statement: 'Every container sets cpu and memory requests and limits, with requests no more than limits.' },
  { id: 'workload/image-pinned', proof: 'workload', statement: 'Every image is pinned by a tag other than latest, or by digest.' },
  {
    id: 'workload/namespace-pod-security',
    proof: 'workload',
    statement: 'Every tenant Namespace enforces Pod Security "baseline" or "restricted", so pods the tenant creates itself are held to it too.',
  },
  {
    id: 'workload/no-bound-service-account',
    proof: 'workload',
    statement:
      'No Pod template runs as the Flux reconciler or as a ServiceAccount bound to admin or to a role outside the tenant roles; a team ServiceAccount bound to view or edit is the team\'s own workload identity.',
  },
];

const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
const ENFORCED_LEVELS = ['baseline', 'restricted'];

/** Where each kind keeps its Pod template spec. */
const TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};
const TEMPLATE_METADATA: Readonly<Record<string, readonly string[]>> = {
  Pod: ['metadata'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
};

const ALLOWED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
const SECCOMP_OK = ['RuntimeDefault', 'Localhost'];

function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) current = isRecord(current) ? current[key] : undefined;
  return current;
}

/** `repo:tag`, `repo@sha256:…`; a `:` before the last `/` is a registry port, not a tag. */
export function imagePinning(image: string): 'digest' | 'tag' | 'latest' | 'untagged' {
  if (/@sha256:[a-f0-9]{64}$/.test(image)) return 'digest';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return 'untagged';
  return lastSegment.slice(colon + 1) === 'latest' ? 'latest' : 'tag';
}

interface Container {
  readonly path: string;
  readonly spec: Record<string, unknown>;
}

export function proveWorkloads(context: ProofContext): ProofResult {
  const findings: Finding[] = [];
  let checks = 0;
  for (const m of context.manifests) {
    if (m.object.kind !== 'Namespace' || !context.tenancy.namespaceOwner.has(asString(m.object.metadata?.name) ?? '')) continue;
    checks++;
    const level = labelsOf(m.object)[ENFORCE_LABEL];
    if (!level || !ENFORCED_LEVELS.includes(level)) {
      findings.push(finding('workload', 'workload/namespace-pod-security', m, `label ${ENFORCE_LABEL} is ${level ? `"${level}"` : 'missing'}, so pods the tenant creates there skip Pod Security; set it to "restricted" or "baseline"`));
    }
  }
  const bound = boundServiceAccounts(context);
  for (const m of context.manifests) {
    const kind = typeof m.object.kind === 'string' ? m.object.kind : '';
    const path = TEMPLATE_PATHS[kind];
    if (!path) continue;
    const pod = at(m.object, path);
    if (!isRecord(pod)) continue;
    const base = path.join('.');
    const metadata = at(m.object, TEMPLATE_METADATA[kind] ?? ['spec', 'template', 'metadata']);
    const result = provePodSpec(m, pod, base, isRecord(metadata) ? metadata : {});
    findings.push(...result.findings);
    checks += result.checks + 1;
    const account = asString(pod.serviceAccountName) ?? asString(pod.serviceAccount) ?? 'default';
    const binding = bound.get(`${asString(m.object.metadata?.namespace) ?? ''}/${account}`);
    if (binding) {
      findings.push(finding('workload', 'workload/no-bound-service-account', m, `${base}.serviceAccountName is ${account}, which ${binding} binds; a pod running as it would act with those rights, so run it as the team's ServiceAccount`));
    }
  }
  return { findings, checks };
}

function provePodSpec(m: Manifest, pod: Record<string, unknown>, base: string, metadata: Record<string, unknown>): ProofResult {
  const findings: Finding[] = [];
  let checks = 0;
  const pss = (message: string) => findings.push(finding('workload', 'workload/pod-security-restricted', m, `${message}; Pod Security "restricted" forbids it`));
  const podSecurity = isRecord(pod.securityContext) ? pod.securityContext : {};

  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    checks++;
    if (pod[field] === true) pss(`${base}.${field} is true, sharing the node's namespaces`);
  }
  asArray(pod.volumes).forEach((raw, index) => {
    checks++;
    const volume = isRecord(raw) ? raw : {};
    const types = Object.keys(volume).filter((k) => k !== 'name');
    const bad = types.filter((t) => !ALLOWED_VOLUMES.includes(t));
    if (bad.length) pss(`${base}.volumes[${index}] (${asString(volume.name) ?? 'unnamed'}) is a ${listing(bad)} volume`);
  });
  checks++;
  for (const sysctl of asArray(podSecurity.sysctls)) {
    const name = isRecord(sysctl) ? asString(sysctl.name) : undefined;
    if (name && !SAFE_SYSCTLS.includes(name)) pss(`${base}.securityContext.sysctls sets ${name}, which is not a safe sysctl`);
  }
  checks++;
  if (podSecurity.runAsUser === 0) pss(`${base}.securityContext.runAsUser is 0 (root)`);
  const podSeccomp = asString(at(podSecurity, ['seccompProfile', 'type']));
  if (podSeccomp !== undefined && !SECCOMP_OK.includes(podSeccomp)) pss(`${base}.securityContext.seccompProfile.type is ${podSeccomp}`);
  seLinux(podSecurity, `${base}.securityContext`, pss);
  if (at(podSecurity, ['windowsOptions', 'hostProcess']) === true) pss(`${base}.securityContext.windowsOptions.hostProcess is true`);
  const podAppArmor = asString(at(podSecurity, ['appArmorProfile', 'type']));
  if (podAppArmor === 'Unconfined') pss(`${base}.securityContext.appArmorProfile.type is Unconfined`);
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value === 'unconfined') pss(`template annotation ${key} is unconfined`);
  }

  const containers: Container[] = (['initContainers', 'containers', 'ephemeralContainers'] as const).flatMap((field) =>
    asArray(pod[field])
      .filter(isRecord)
      .map((spec, index) => ({ path: `${base}.${field}[${index}]`, spec })),
  );
  for (const { path, spec } of containers) {
    const name = asString(spec.name) ?? path;
    const sc = isRecord(spec.securityContext) ? spec.securityContext : {};
    const where = `${path} (${name})`;
    checks += 9;
    if (sc.privileged === true) pss(`${where} is privileged`);
    if (sc.allowPrivilegeEscalation !== false) pss(`${where} does not set securityContext.allowPrivilegeEscalation: false`);
    const runAsNonRoot = sc.runAsNonRoot ?? podSecurity.runAsNonRoot;
    if (runAsNonRoot !== true) pss(`${where} may run as root: set runAsNonRoot: true on it or the pod`);
    if (sc.runAsUser === 0) pss(`${where} sets securityContext.runAsUser: 0 (root)`);
    const seccomp = asString(at(sc, ['seccompProfile', 'type'])) ?? podSeccomp;
    if (!seccomp || !SECCOMP_OK.includes(seccomp)) pss(`${where} has seccompProfile ${seccomp ?? 'unset'}: set type RuntimeDefault on it or the pod`);
    const drop = asArray(at(sc, ['capabilities', 'drop'])).map(String);
    if (!drop.includes('ALL')) pss(`${where} does not drop ALL capabilities`);
    const added = asArray(at(sc, ['capabilities', 'add'])).map(String).filter((c) => c !== 'NET_BIND_SERVICE');
    if (added.length) pss(`${where} adds capabilities ${listing(added)}`);
    if (sc.procMount !== undefined && sc.procMount !== 'Default') pss(`${where} sets procMount ${String(sc.procMount)}`);
    seLinux(sc, `${path}.securityContext`, pss);
    if (asString(at(sc, ['appArmorProfile', 'type'])) === 'Unconfined') pss(`${where} has appArmorProfile Unconfined`);
    if (at(sc, ['windowsOptions', 'hostProcess']) === true) pss(`${where} sets windowsOptions.hostProcess: true`);
    asArray(spec.ports).forEach((port, index) => {
      if (isRecord(port) && typeof port.hostPort === 'number' && port.hostPort !== 0) pss(`${path}.ports[${index}] uses hostPort ${port.hostPort}`);
    });

    if (!path.includes('ephemeralContainers')) {
      checks += 2;
      const resources = isRecord(spec.resources) ? spec.resources : {};
      const missing: string[] = [];
      for (const kind of ['requests', 'limits'] as const) {
        for (const resource of ['cpu', 'memory'] as const) {
          if (at(resources, [kind, resource]) === undefined) missing.push(`${kind}.${resource}`);
        }
      }
      if (missing.length) {
        findings.push(finding('workload', 'workload/resources', m, `${where} has no resources.${listing(missing)}; set cpu and memory requests and limits so the quota and scheduler can account for it`));
      } else {
        for (const resource of ['cpu', 'memory'] as const) {
          const request = String(at(resources, ['requests', resource]));
          const limit = String(at(resources, ['limits', resource]));
          try {
            if (parseQuantity(request) > parseQuantity(limit)) {
              findings.push(finding('workload', 'workload/resources', m, `${where} requests ${resource} ${request}, more than its limit ${limit}; lower the request or raise the limit`));
            }
          } catch {
            // not a quantity: the schema proof reports it
          }
        }
      }
    }

    checks++;
    const image = asString(spec.image);
    const pinning = image ? imagePinning(image) : 'untagged';
    if (pinning === 'latest' || pinning === 'untagged') {
      findings.push(
        finding(
          'workload',
          'workload/image-pinned',
          m,
          `${where} image ${image ? `"${image}"` : 'is missing and'} ${pinning === 'latest' ? 'uses the moving tag latest' : 'has no tag or digest'}; pin it by version tag or @sha256 digest, such as "ghcr.io/tenantry/agent:1.4.2"`,
        ),
      );
    }
  }
  return { findings, checks };
}

/** `namespace/name` of every ServiceAccount a RoleBinding or ClusterRoleBinding names → that binding. */
function boundServiceAccounts(context: ProofContext): Map<string, string> {
  const bound = new Map<string, string>();
  for (const m of context.manifests) {
    if ((m.object.kind !== 'RoleBinding' && m.object.kind !== 'ClusterRoleBinding') || m.object.apiVersion !== 'rbac.authorization.k8s.io/v1') continue;
    const namespace = asString(m.object.metadata?.namespace);
    for (const subject of asArray(m.object.subjects).filter(isRecord)) {
      if (subject.kind !== 'ServiceAccount') continue;
      // The team's workload identity (serviceAccountRole) holds no more than the team's own users.
      const role = isRecord(m.object.roleRef) ? asString(m.object.roleRef.name) : undefined;
      if (subject.name !== FLUX_RECONCILER && (role === TENANT_ROLES.view || role === TENANT_ROLES.edit)) continue;
      const key = `${asString(subject.namespace) ?? namespace ?? ''}/${asString(subject.name) ?? ''}`;
      if (!bound.has(key)) bound.set(key, `${m.object.kind} ${namespace ? `${namespace}/` : ''}${asString(m.object.metadata?.name) ?? ''}`);
    }
  }
  return bound;
}

function seLinux(sc: Record<string, unknown>, path: string, pss: (message: string) => void): void {
  const options = isRecord(sc.seLinuxOptions) ? sc.seLinuxOptions : undefined;
  if (!options) return;
  const type = asString(options.type) ?? '';
  if (!SELINUX_TYPES.includes(type)) pss(`${path}.seLinuxOptions.type is ${type}`);
  if (options.user !== undefined || options.role !== undefined) pss(`${path}.seLinuxOptions sets user or role`);
}
