// DedicatedAgent (L2): a team's own agent — Deployment, Service, HPA and PDB under Pod Security "restricted".
import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IntOrString, KubePodDisruptionBudget, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { parseQuantity } from '../lib/spec/quantity';
import { compare, dedicatedAgentName, dedicatedAgentUrl } from '../lib/spec/resolve';
import type { Toleration } from '../lib/spec/node-placement';
import { type EnvValue } from '../lib/spec/schema';
import { SYSTEM_ENV_NAMES } from '../lib/spec/defaults';
import type { ResolvedComponent } from '../lib/spec/components';
import { ComponentPolicies } from './component-policies';

export interface DedicatedAgentProps {
  /** Tenant id; part of the name and the `TENANT_ID` variable. */
  readonly tenant: string;
  /** Team id; part of the name and the `TEAM_ID` variable. */
  readonly team: string;
  /** Environment, exported as `TEAM_ENV`. @default - none */
  readonly environment?: string;
  /** The namespace the agent runs in. */
  readonly namespace: string;
  /** Image pinned by tag or digest. */
  readonly image: string;
  /** Container and Service port. @default 8080 */
  readonly port?: number;
  /** Replicas when not autoscaled; 0 parks the agent. @default 1 */
  readonly replicas?: number;
  /** CPU and memory limits. */
  readonly limits: { readonly cpu: string; readonly memory: string };
  /** CPU and memory requests. */
  readonly requests: { readonly cpu: string; readonly memory: string };
  /** Node labels the pods must land on. @default {} */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Taints the pods tolerate. @default [] */
  readonly tolerations?: readonly Toleration[];
  /** HorizontalPodAutoscaler bounds; absent means a fixed replica count. @default - no HPA */
  readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number; readonly cpuPercent: number };
  /** Extra variables: literals or references to Secrets and ConfigMaps. @default {} */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /** The ServiceAccount the pods run as (its token is not mounted). */
  readonly serviceAccount: kplus.IServiceAccount;
  /** Labels for every object. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Platform components that reach dedicated agents (the IncidentFox orchestrator): each gets `allow-<name>-to-agent` selecting this agent's pods. @default [] */
  readonly components?: readonly ResolvedComponent[];
}

const NON_ROOT_UID = 65532;

/**
 * A team's own agent (L2): Deployment and Service `agent-dedicated-<tenant>-<team>`, a
 * HorizontalPodAutoscaler (v2) and a PodDisruptionBudget, running under Pod Security
 * "restricted" with requests, limits and secrets by reference only.
 */
export class DedicatedAgent extends Construct {
  public readonly name: string;
  public readonly port: number;
  public readonly replicas: number;
  /** The in-cluster URL the shared runtime uses to reach this agent. */
  public readonly url: string;
  public readonly resource: kplus.Deployment;

  constructor(scope: Construct, id: string, props: DedicatedAgentProps) {
    super(scope, id);
    if (props.autoscaling && props.autoscaling.minReplicas > props.autoscaling.maxReplicas) {
      throw new Error(
        `DedicatedAgent ${props.tenant}/${props.team}: autoscaling.minReplicas (${props.autoscaling.minReplicas}) is more than maxReplicas (${props.autoscaling.maxReplicas}); lower minReplicas or raise maxReplicas`,
      );
    }
    const reserved = Object.keys(props.env ?? {}).find((name) => SYSTEM_ENV_NAMES.includes(name));
    if (reserved) {
      throw new Error(`DedicatedAgent ${props.tenant}/${props.team}: env.${reserved} is set by Tenantry itself (${SYSTEM_ENV_NAMES.join(', ')}); remove it`);
    }
    for (const resource of ['cpu', 'memory'] as const) {
      if (parseQuantity(props.requests[resource]) > parseQuantity(props.limits[resource])) {
        throw new Error(
          `DedicatedAgent ${props.tenant}/${props.team}: requests.${resource} (${props.requests[resource]}) is more than limits.${resource} (${props.limits[resource]}); lower the request or raise the limit`,
        );
      }
    }
    this.name = dedicatedAgentName(props.tenant, props.team);
    this.port = props.port ?? 8080;
    this.replicas = props.replicas ?? 1;
    this.url = dedicatedAgentUrl(props.tenant, props.team, props.namespace, this.port);
    const labels = props.labels ?? {};
    const podLabels = { ...labels, 'app.kubernetes.io/name': 'tenantry-agent', 'app.kubernetes.io/instance': this.name };
    const selector = { 'app.kubernetes.io/instance': this.name };
    const metadata = { name: this.name, namespace: props.namespace, labels: { ...labels } };

    this.resource = new kplus.Deployment(this, 'Resource', {
      metadata,
      select: false,
      replicas: props.autoscaling ? undefined : this.replicas,
      serviceAccount: props.serviceAccount,
      automountServiceAccountToken: false,
      podMetadata: { labels: podLabels },
      securityContext: {
        ensureNonRoot: true,
        user: NON_ROOT_UID,
        group: NON_ROOT_UID,
      },
      isolate: false,
      containers: [
        {
          name: 'agent',
          image: props.image,
          // Always: the registry checks this tenant's credentials, so a private image another tenant pulled onto a shared node stays private (MTB DI-1).
          imagePullPolicy: kplus.ImagePullPolicy.ALWAYS,
          portNumber: this.port,
          resources: {}, // set below, as written
          securityContext: {
            ensureNonRoot: true,
            user: NON_ROOT_UID,
            group: NON_ROOT_UID,
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: [kplus.Capability.ALL] },
            seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
          },
          envVariables: this.envVariables(props),
          volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp') }],
        },
      ],
    });
    this.resource.select(kplus.LabelSelector.of({ labels: selector }));
    const deployment = ApiObject.of(this.resource);
    // cdk8s-plus labels pods with a hash of the construct path; Tenantry selects by readable labels instead.
    deployment.addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
    // cdk8s-plus has no pod-level seccomp prop; "restricted" wants it on the pod as well.
    deployment.addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
    // Quantities exactly as written: cdk8s-plus renders memory in whole Mi (8Gi → 8192Mi, 100Ki → 0Mi).
    // KubeDeployment maps resources through Quantity#value after patching, hence Quantity objects here.
    deployment.addJsonPatch(
      JsonPatch.add('/spec/template/spec/containers/0/resources', {
        limits: { cpu: Quantity.fromString(props.limits.cpu), memory: Quantity.fromString(props.limits.memory) },
        requests: { cpu: Quantity.fromString(props.requests.cpu), memory: Quantity.fromString(props.requests.memory) },
      }),
    );
    if (Object.keys(props.nodeSelector ?? {}).length) {
      deployment.addJsonPatch(JsonPatch.add('/spec/template/spec/nodeSelector', { ...props.nodeSelector }));
    }
    if (props.tolerations?.length) {
      deployment.addJsonPatch(JsonPatch.add('/spec/template/spec/tolerations', props.tolerations.map((t) => ({ ...t }))));
    }

    new kplus.Service(this, 'Service', {
      metadata,
      selector: kplus.Pods.select(this, 'Pods', { labels: selector }),
      ports: [{ port: this.port, targetPort: this.port, name: 'http' }],
      type: kplus.ServiceType.CLUSTER_IP,
    });

    if (props.autoscaling) {
      new kplus.HorizontalPodAutoscaler(this, 'Autoscaler', {
        metadata,
        target: this.resource,
        minReplicas: props.autoscaling.minReplicas,
        maxReplicas: props.autoscaling.maxReplicas,
        metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(props.autoscaling.cpuPercent))],
      });
    }

    new KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata,
      spec: { maxUnavailable: IntOrString.fromNumber(1), selector: { matchLabels: selector } },
    });

    const reachers = (props.components ?? []).filter((c) => c.reaches?.agentsOnly);
    if (reachers.length) new ComponentPolicies(this, 'Components', { namespace: props.namespace, components: reachers, denyEgress: false, agentPods: selector, labels });
  }

  private envVariables(props: DedicatedAgentProps): Record<string, kplus.EnvValue> {
    const env: Record<string, kplus.EnvValue> = {
      TENANT_ID: kplus.EnvValue.fromValue(props.tenant),
      TEAM_ID: kplus.EnvValue.fromValue(props.team),
    };
    if (props.environment) env.TEAM_ENV = kplus.EnvValue.fromValue(props.environment);
    for (const [name, value] of Object.entries(props.env ?? {}).sort(([a], [b]) => compare(a, b))) {
      env[name] = this.envValue(name, value);
    }
    return env;
  }

  private envValue(name: string, value: EnvValue): kplus.EnvValue {
    if (typeof value === 'string') return kplus.EnvValue.fromValue(value);
    if ('secretKeyRef' in value) {
      const secret = kplus.Secret.fromSecretName(this, `Secret-${name}`, value.secretKeyRef.name);
      return kplus.EnvValue.fromSecretValue({ secret, key: value.secretKeyRef.key });
    }
    const configMap = kplus.ConfigMap.fromConfigMapName(this, `ConfigMap-${name}`, value.configMapKeyRef.name);
    return kplus.EnvValue.fromConfigMap(configMap, value.configMapKeyRef.key);
  }
}
