// TenantRoles (L2): the least-privilege ClusterRoles that team RoleBindings point at.
import { KubeClusterRole, type PolicyRule } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { compare } from '../lib/spec/resolve';
import { SECRET_KIND, TENANT_ROLES, TENANT_WORKLOAD_KINDS } from '../lib/spec/tenant-kinds';
import type { PlatformKind } from '../lib/spec/tenant-resources';

export interface TenantRolesProps {
  /** Labels for the ClusterRoles. @default { 'app.kubernetes.io/managed-by': 'tenantry' } */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Platform CRD kinds teams work with (platform.ts `tenantResources`): view reads them,
   * edit and admin also write them unless `readOnly`.
   * @default []
   */
  readonly platformKinds?: readonly PlatformKind[];
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];

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
    const platformKinds = props.platformKinds ?? [];
    const view = [...OBSERVABLE.map(({ apiGroup, resources }) => rule(apiGroup, resources, READ)), ...platformKinds.map((k) => rule(k.group, [k.resource], READ))];
    const edit = [
      ...view,
      ...WORKLOADS.map(({ apiGroup, resources }) => rule(apiGroup, resources, WRITE)),
      ...platformKinds.filter((k) => !k.readOnly).map((k) => rule(k.group, [k.resource], WRITE)),
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
