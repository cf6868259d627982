import { describe, expect, it } from 'vitest';
import { deriveTenancy, formatFinding, type Manifest } from '../../lib/check/findings';
import { guardrailWrites, proveRbac } from '../../lib/check/rbac-proof';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete'];

function namespace(tenant: string, name: string): Manifest {
  return { file: `dist/${tenant}/Namespace.${name}.yaml`, folder: tenant, object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'tenantry.io/tenant': tenant } } } };
}

function clusterRole(name: string, rules: unknown[], extra: Record<string, unknown> = {}): Manifest {
  return { file: `dist/_platform/ClusterRole.${name}.yaml`, folder: '_platform', object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules, ...extra } };
}

type Subject = { kind: string; name: string; namespace?: string };
const group = (name: string): Subject => ({ kind: 'Group', name });
const serviceAccount = (ns: string, name: string): Subject => ({ kind: 'ServiceAccount', name, namespace: ns });

function binding(folder: string, ns: string, name: string, role: string, subjects: Subject[], roleKind = 'ClusterRole'): Manifest {
  return {
    file: `dist/${folder}/RoleBinding.${ns}.${name}.yaml`,
    folder,
    object: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role },
      subjects: subjects.map((s) => ({ apiGroup: s.kind === 'ServiceAccount' ? '' : 'rbac.authorization.k8s.io', ...s })),
    },
  };
}

/** The platform roles and two tenants bound the way Tenantry binds them. */
function baseline(): Manifest[] {
  return [
    clusterRole('tenantry-tenant-edit', [
      { apiGroups: [''], resources: ['configmaps', 'pods', 'services'], verbs: [...READ, ...WRITE] },
      { apiGroups: [''], resources: ['limitranges', 'resourcequotas'], verbs: READ },
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: READ },
    ]),
    namespace('acme', 'acme-api'),
    namespace('globex', 'globex-pay'),
    binding('acme', 'acme-api', 'team-edit', 'tenantry-tenant-edit', [group('acme-devs')]),
    binding('acme', 'acme-api', 'flux-reconciler', 'tenantry-tenant-edit', [serviceAccount('acme-api', 'flux-reconciler')]),
    binding('globex', 'globex-pay', 'team-edit', 'tenantry-tenant-edit', [group('globex-devs')]),
  ];
}

const prove = (manifests: Manifest[]) => proveRbac({ manifests, tenancy: deriveTenancy(manifests) }).findings.map(formatFinding);

describe('proveRbac', () => {
  it('accepts tenant roles without guardrail writes, bound to tenant subjects at home', () => {
    // GIVEN the baseline
    const manifests = baseline();

    // WHEN RBAC is proven
    const result = proveRbac({ manifests, tenancy: deriveTenancy(manifests) });

    // THEN nothing is found and the checks were counted
    expect(result.findings).toEqual([]);
    expect(result.checks).toBeGreaterThan(5);
  });

  it('fails when a RoleBinding grants cluster-admin', () => {
    // GIVEN acme's team binding edited to cluster-admin
    const manifests = [...baseline().filter((m) => !m.file.endsWith('acme-api.team-edit.yaml')), binding('acme', 'acme-api', 'team-edit', 'cluster-admin', [group('acme-devs')])];

    // WHEN RBAC is proven
    const result = prove(manifests);

    // THEN the binding is named
    expect(result).toEqual([
      'dist/acme/RoleBinding.acme-api.team-edit.yaml: RoleBinding/acme-api/team-edit — binds cluster-admin, which can do anything anywhere; bind a least-privilege role such as tenantry-tenant-edit instead',
    ]);
  });

  it('fails when a role holds a wildcard or an escalation verb', () => {
    // GIVEN a role with "*" resources and bind/impersonate
    const manifests = [...baseline(), clusterRole('loose', [{ apiGroups: ['apps'], resources: ['*'], verbs: ['get', 'bind', 'impersonate'] }])];

    // WHEN RBAC is proven
    const result = prove(manifests);

    // THEN both problems are named
    expect(result).toEqual([
      'dist/_platform/ClusterRole.loose.yaml: ClusterRole/loose — rules[0] has "*" in resources; list the exact resources the role needs',
      'dist/_platform/ClusterRole.loose.yaml: ClusterRole/loose — rules[0] grants bind and impersonate, which lets a subject gain permissions it does not hold; remove them',
    ]);
  });

  it('fails when a ClusterRole aggregates', () => {
    // GIVEN a role with an aggregationRule and an aggregate-to label
    const manifests = [
      ...baseline(),
      clusterRole('merged', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: 'y' } }] }, metadata: { name: 'merged', labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } } }),
    ];

    // WHEN RBAC is proven
    const result = prove(manifests);

    // THEN both are reported
    expect(result).toEqual([
      'dist/_platform/ClusterRole.merged.yaml: ClusterRole/merged — has an aggregationRule, so its rules come from other ClusterRoles at run time and cannot be proven here; list its rules instead',
      'dist/_platform/ClusterRole.merged.yaml: ClusterRole/merged — label rbac.authorization.k8s.io/aggregate-to-edit adds its rules to the built-in roles of every namespace; remove the label',
    ]);
  });

  it('fails when a tenant binding refers to a role that is not in dist/', () => {
    // GIVEN a binding to an unknown ClusterRole and one to the built-in edit
    const manifests = [...baseline(), binding('acme', 'acme-api', 'custom', 'my-role', [group('acme-devs')]), binding('acme', 'acme-api', 'builtin', 'edit', [group('acme-devs')])];

    // WHEN RBAC is proven
    const result = prove(manifests);

    // THEN each is named with its fix
    expect(result).toEqual([
      'dist/acme/RoleBinding.acme-api.custom.yaml: RoleBinding/acme-api/custom — refers to ClusterRole my-role, which is not in dist/, so what it grants cannot be proven; bind one of the tenantry-tenant-* roles',
      'dist/acme/RoleBinding.acme-api.builtin.yaml: RoleBinding/acme-api/builtin — binds the built-in ClusterRole edit, which can write NetworkPolicies; bind tenantry-tenant-edit instead',
    ]);
  });

  it('fails when a bound role can write the tenant\'s guardrails', () => {
    // GIVEN a namespace Role that may patch network policies and resource quotas, bound to acme
    const role: Manifest = {
      file: 'dist/acme/Role.acme-api.netops.yaml',
      folder: 'acme',
      object: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'netops', namespace: 'acme-api' },
        rules: [
          { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'patch'] },
          { apiGroups: [''], resources: ['resourcequotas'], verbs: ['update'] },
        ],
      },
    };
    const manifests = [...baseline(), role, binding('acme', 'acme-api', 'netops', 'netops', [group('acme-devs')], 'Role')];

    // WHEN RBAC is proven
    const result = prove(manifests);

    // THEN the binding is named with what the role may write
    expect(result).toEqual([
      'dist/acme/RoleBinding.acme-api.netops.yaml: RoleBinding/acme-api/netops — binds Role netops (dist/acme/Role.acme-api.netops.yaml), which can update resourcequotas and patch networkpolicies; tenants must not edit their own guardrails, so drop those verbs from the role or bind another',
    ]);
  });

  it('fails when a tenant binds another tenant\'s service account or group', () => {
    // GIVEN globex binding acme's reconciler and acme's group
    const manifests = [...baseline(), binding('globex', 'globex-pay', 'borrowed', 'tenantry-tenant-edit', [serviceAccount('acme-api', 'flux-reconciler'), group('acme-devs')])];

    // WHEN RBAC is proven
    const result = prove(manifests);

    // THEN both subjects are named, and acme's own binding of the shared group too
    expect(result).toEqual([
      'dist/acme/RoleBinding.acme-api.team-edit.yaml: RoleBinding/acme-api/team-edit — binds Group acme-devs, which is also bound in namespaces of tenant globex; a group or user may act inside one tenant only',
      "dist/globex/RoleBinding.globex-pay.borrowed.yaml: RoleBinding/globex-pay/borrowed — binds ServiceAccount acme-api/flux-reconciler of tenant acme into tenant globex's namespace; bind only tenant globex's own subjects",
      'dist/globex/RoleBinding.globex-pay.borrowed.yaml: RoleBinding/globex-pay/borrowed — binds Group acme-devs, which is also bound in namespaces of tenant acme; a group or user may act inside one tenant only',
    ]);
  });

  it('fails when a tenant subject is bound cluster-wide or to every authenticated user', () => {
    // GIVEN a ClusterRoleBinding for acme's group and a binding of system:authenticated
    const crb: Manifest = {
      file: 'dist/_platform/ClusterRoleBinding.acme-view.yaml',
      folder: '_platform',
      object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'acme-view' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'acme-devs' }] },
    };
    const manifests = [...baseline(), crb, binding('acme', 'acme-api', 'everyone', 'tenantry-tenant-edit', [group('system:authenticated')])];

    // WHEN RBAC is proven
    const result = prove(manifests);

    // THEN both are named
    expect(result).toEqual([
      "dist/acme/RoleBinding.acme-api.everyone.yaml: RoleBinding/acme-api/everyone — binds Group system:authenticated, which includes every other tenant; bind the tenant's own groups and users",
      "dist/_platform/ClusterRoleBinding.acme-view.yaml: ClusterRoleBinding/acme-view — binds Group acme-devs of tenant acme cluster-wide; use RoleBindings in the tenant's own namespaces",
    ]);
  });
});

describe('guardrailWrites', () => {
  it('expands "*" verbs and resources to the guardrail writes they allow', () => {
    // GIVEN a rule with "*" everywhere
    const rules = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'], nonResourceURLs: [] }];

    // WHEN the guardrail writes are listed
    const writes = guardrailWrites(rules);

    // THEN every guardrail is writable
    expect(writes).toEqual([
      'create, update, patch, delete, deletecollection limitranges',
      'create, update, patch, delete, deletecollection resourcequotas',
      'create, update, patch, delete, deletecollection networkpolicies',
    ]);
  });
});
