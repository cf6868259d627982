import { KubeClusterRole, type PolicyRule } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { compare } from './resolve';
import { TENANT_ROLES } from './team-namespace';

export interface TenantRolesProps {
  /** Labels for the ClusterRoles. @default { 'app.kubernetes.io/managed-by': 'tenantry' } */
  readonly labels?: Readonly<Record<string, string>>;
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/** A kind a team may write, with its RBAC resource name. */
export interface TenantKind {
  readonly group: string;
  readonly kind: string;
  readonly resource: string;
}

/**
 * What a team writes day to day. The RBAC roles and the tenant AppProject's whitelist both
 * come from this list, so Argo CD (which applies with its own rights) lets through no more
 * than Kubernetes RBAC would. Guardrail kinds are deliberately absent.
 */
export const TENANT_WORKLOAD_KINDS: readonly TenantKind[] = [
  { group: '', kind: 'ConfigMap', resource: 'configmaps' },
  { group: '', kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims' },
  { group: '', kind: 'Pod', resource: 'pods' },
  { group: '', kind: 'Service', resource: 'services' },
  { group: 'apps', kind: 'Deployment', resource: 'deployments' },
  { group: 'apps', kind: 'ReplicaSet', resource: 'replicasets' },
  { group: 'apps', kind: 'StatefulSet', resource: 'statefulsets' },
  { group: 'autoscaling', kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers' },
  { group: 'batch', kind: 'CronJob', resource: 'cronjobs' },
  { group: 'batch', kind: 'Job', resource: 'jobs' },
  { group: 'networking.k8s.io', kind: 'Ingress', resource: 'ingresses' },
  { group: 'policy', kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets' },
];

/** The guardrails no tenant role, AppProject or reconciler may write. */
export const GUARDRAIL_KINDS: readonly TenantKind[] = [
  { group: '', kind: 'LimitRange', resource: 'limitranges' },
  { group: '', kind: 'ResourceQuota', resource: 'resourcequotas' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy', resource: 'networkpolicies' },
];

/** Secrets are written by edit and admin, but never listed for view. */
export const SECRET_KIND: TenantKind = { group: '', kind: 'Secret', resource: 'secrets' };

const WORKLOADS: readonly { apiGroup: string; resources: string[] }[] = [...new Set(TENANT_WORKLOAD_KINDS.map((k) => k.group))].map((apiGroup) => ({
  apiGroup,
  resources: TENANT_WORKLOAD_KINDS.filter((k) => k.group === apiGroup).map((k) => k.resource),
}));

const OBSERVABLE: readonly { apiGroup: string; resources: string[] }[] = [
  ...WORKLOADS,
  { apiGroup: '', resources: ['endpoints', 'events', 'limitranges', 'pods/log', 'resourcequotas', 'serviceaccounts'] },
  { apiGroup: 'discovery.k8s.io', resources: ['endpointslices'] },
  { apiGroup: 'networking.k8s.io', resources: ['networkpolicies'] },
  // Lets teams run `flux get ... -n <ns>` on their reconcilers; never write, which would rewire them.
  { apiGroup: 'kustomize.toolkit.fluxcd.io', resources: ['kustomizations'] },
  { apiGroup: 'source.toolkit.fluxcd.io', resources: ['gitrepositories'] },
];

/**
 * The ClusterRoles that team RoleBindings point at: least-privilege replacements for the
 * built-in admin/edit/view. Unlike those, no role here may write NetworkPolicies,
 * ResourceQuotas or LimitRanges, and none holds `*`, escalate, bind or impersonate.
 */
export class TenantRoles extends Construct {
  public readonly admin: string = TENANT_ROLES.admin;
  public readonly edit: string = TENANT_ROLES.edit;
  public readonly view: string = TENANT_ROLES.view;

  constructor(scope: Construct, id: string, props: TenantRolesProps = {}) {
    super(scope, id);
    const labels = props.labels ?? { 'app.kubernetes.io/managed-by': 'tenantry' };
    const view = OBSERVABLE.map(({ apiGroup, resources }) => rule(apiGroup, resources, READ));
    const edit = [
      ...view,
      ...WORKLOADS.map(({ apiGroup, resources }) => rule(apiGroup, resources, WRITE)),
      rule(SECRET_KIND.group, [SECRET_KIND.resource], [...READ, ...WRITE]),
      rule('', ['pods/exec', 'pods/portforward', 'pods/attach'], ['create', 'get']),
      rule('apps', ['deployments/scale', 'statefulsets/scale'], ['get', 'patch', 'update']),
    ];
    const admin = [
      ...edit,
      rule('', ['serviceaccounts'], WRITE),
      // Kubernetes' escalation check still stops an admin granting more than it holds.
      rule('rbac.authorization.k8s.io', ['rolebindings', 'roles'], [...READ, ...WRITE]),
    ];
    for (const [name, rules] of [
      [this.admin, admin],
      [this.edit, edit],
      [this.view, view],
    ] as const) {
      new KubeClusterRole(this, name, { metadata: { name, labels: { ...labels } }, rules: merge(rules) });
    }
  }
}

function rule(apiGroup: string, resources: string[], verbs: string[]): PolicyRule {
  return { apiGroups: [apiGroup], resources: [...resources].sort(), verbs };
}

/** One rule per (group, verbs), resources sorted, so reviewers read a short, stable list. */
function merge(rules: readonly PolicyRule[]): PolicyRule[] {
  const byKey = new Map<string, PolicyRule>();
  for (const r of rules) {
    const key = `${r.apiGroups![0]}|${r.verbs.join(',')}`;
    const existing = byKey.get(key);
    byKey.set(key, existing ? { ...existing, resources: [...new Set([...existing.resources!, ...r.resources!])].sort() } : r);
  }
  return [...byKey.entries()].sort(([a], [b]) => compare(a, b)).map(([, r]) => r);
}
