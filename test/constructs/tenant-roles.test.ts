import { describe, expect, it } from 'vitest';
import { chartObjects, newChart } from '../../lib/synth/synth';
import { type KubeObject } from '../../lib/synth/dist-layout';
import { TENANT_ROLES } from '../../lib/spec/tenant-kinds';
import { TenantRoles, type TenantRolesProps } from '../../constructs/tenant-roles';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

function synth(props?: TenantRolesProps) {
  const chart = newChart('test');
  const construct = new TenantRoles(chart, 'TenantRoles', props);
  const objects = chartObjects(chart);
  const role = (name: string): KubeObject & { rules: Rule[] } => {
    const found = objects.filter((o) => o.kind === 'ClusterRole' && o.metadata.name === name);
    expect(found, name).toHaveLength(1);
    return found[0] as KubeObject & { rules: Rule[] };
  };
  return { construct, objects, role };
}

/** Whether `role` grants `verb` on `resource` in `group`. */
function grants(rules: readonly Rule[], group: string, resource: string, verb: string): boolean {
  return rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));
}

const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const ROLE_NAMES = Object.values(TENANT_ROLES);

describe('TenantRoles', () => {
  it('creates the three tenantry-tenant ClusterRoles, cluster-scoped and labelled', () => {
    // GIVEN the default props
    // WHEN the roles are synthesized
    const { objects, construct } = synth();
    // THEN admin, edit and view exist without a namespace
    expect(objects.map((o) => o.metadata.name)).toEqual(['tenantry-tenant-admin', 'tenantry-tenant-edit', 'tenantry-tenant-view']);
    for (const object of objects) {
      expect(object.apiVersion).toBe('rbac.authorization.k8s.io/v1');
      expect(object.kind).toBe('ClusterRole');
      expect(object.metadata).not.toHaveProperty('namespace');
      expect(object.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'tenantry' });
    }
    expect([construct.admin, construct.edit, construct.view]).toEqual(ROLE_NAMES);
  });

  it('uses the given labels', () => {
    // GIVEN custom labels
    // WHEN the roles are synthesized
    const { objects } = synth({ labels: { team: 'platform' } });
    // THEN every role carries them
    for (const object of objects) expect(object.metadata.labels).toEqual({ team: 'platform' });
  });

  it.each(ROLE_NAMES)('holds no wildcard in %s', (name) => {
    // GIVEN a tenant role
    // WHEN it is synthesized
    const { rules } = synth().role(name);
    // THEN no group, resource or verb is "*"
    for (const rule of rules) {
      expect(rule.apiGroups).not.toContain('*');
      expect(rule.resources).not.toContain('*');
      expect(rule.verbs).not.toContain('*');
      for (const resource of rule.resources) expect(resource).not.toMatch(/\*/);
    }
  });

  it.each(ROLE_NAMES)('grants no escalate, bind or impersonate in %s', (name) => {
    // GIVEN a tenant role
    // WHEN it is synthesized
    const { rules } = synth().role(name);
    // THEN none of the privilege-escalation verbs appears
    const verbs = rules.flatMap((r) => r.verbs);
    for (const verb of ['escalate', 'bind', 'impersonate']) expect(verbs).not.toContain(verb);
  });

  it.each(ROLE_NAMES)('grants no write on the guardrails in %s', (name) => {
    // GIVEN a tenant role
    // WHEN it is synthesized
    const { rules } = synth().role(name);
    // THEN ResourceQuotas, LimitRanges and NetworkPolicies are read-only
    for (const verb of WRITE) {
      expect(grants(rules, '', 'resourcequotas', verb)).toBe(false);
      expect(grants(rules, '', 'limitranges', verb)).toBe(false);
      expect(grants(rules, 'networking.k8s.io', 'networkpolicies', verb)).toBe(false);
    }
  });

  it.each(ROLE_NAMES)('lets %s read the guardrails', (name) => {
    // GIVEN a tenant role
    // WHEN it is synthesized
    const { rules } = synth().role(name);
    // THEN quotas, limit ranges and policies can be read
    expect(grants(rules, '', 'resourcequotas', 'get')).toBe(true);
    expect(grants(rules, '', 'limitranges', 'list')).toBe(true);
    expect(grants(rules, 'networking.k8s.io', 'networkpolicies', 'watch')).toBe(true);
  });

  it('keeps view read-only and away from secrets', () => {
    // GIVEN the view role
    // WHEN it is synthesized
    const { rules } = synth().role('tenantry-tenant-view');
    // THEN it only gets, lists and watches, and never secrets
    expect(new Set(rules.flatMap((r) => r.verbs))).toEqual(new Set(['get', 'list', 'watch']));
    expect(rules.flatMap((r) => r.resources)).not.toContain('secrets');
  });

  it('lets edit work with workloads and secrets but not RBAC or service accounts', () => {
    // GIVEN the edit role
    // WHEN it is synthesized
    const { rules } = synth().role('tenantry-tenant-edit');
    // THEN workloads and secrets are writable, RBAC and service accounts are not
    expect(grants(rules, 'apps', 'deployments', 'patch')).toBe(true);
    expect(grants(rules, '', 'secrets', 'create')).toBe(true);
    expect(grants(rules, '', 'pods/exec', 'create')).toBe(true);
    expect(grants(rules, 'rbac.authorization.k8s.io', 'rolebindings', 'create')).toBe(false);
    expect(grants(rules, '', 'serviceaccounts', 'create')).toBe(false);
  });

  it('lets admin manage namespace RBAC and service accounts', () => {
    // GIVEN the admin role
    // WHEN it is synthesized
    const { rules } = synth().role('tenantry-tenant-admin');
    // THEN roles, role bindings and service accounts are writable, cluster roles are not
    expect(grants(rules, 'rbac.authorization.k8s.io', 'rolebindings', 'create')).toBe(true);
    expect(grants(rules, 'rbac.authorization.k8s.io', 'roles', 'update')).toBe(true);
    expect(grants(rules, '', 'serviceaccounts', 'delete')).toBe(true);
    expect(grants(rules, 'rbac.authorization.k8s.io', 'clusterroles', 'create')).toBe(false);
    expect(grants(rules, 'rbac.authorization.k8s.io', 'clusterrolebindings', 'create')).toBe(false);
  });

  it('nests view in edit and edit in admin', () => {
    // GIVEN the three roles
    const { role } = synth();
    const flatten = (rules: readonly Rule[]) => rules.flatMap((r) => r.apiGroups.flatMap((g) => r.resources.flatMap((res) => r.verbs.map((v) => `${g}/${res}/${v}`))));
    // WHEN their permissions are flattened
    const view = new Set(flatten(role('tenantry-tenant-view').rules));
    const edit = new Set(flatten(role('tenantry-tenant-edit').rules));
    const admin = new Set(flatten(role('tenantry-tenant-admin').rules));
    // THEN each role holds everything the one below holds
    for (const p of view) expect(edit.has(p), p).toBe(true);
    for (const p of edit) expect(admin.has(p), p).toBe(true);
  });

  it('writes short, stable rules: one per group and verbs, resources sorted', () => {
    // GIVEN the three roles
    const { role } = synth();
    for (const name of ROLE_NAMES) {
      // WHEN a role's rules are read
      const rules = role(name).rules;
      // THEN no two rules share group and verbs, and resources are sorted
      const keys = rules.map((r) => `${r.apiGroups.join(',')}|${r.verbs.join(',')}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const rule of rules) expect(rule.resources).toEqual([...rule.resources].sort());
    }
  });
  it.each(ROLE_NAMES)('lets %s read but never write its Flux reconcilers', (name) => {
    // GIVEN a tenant role
    // WHEN it is synthesized
    const { rules } = synth().role(name);
    // THEN Flux Kustomizations and GitRepositories are readable and not writable
    for (const [group, resource] of [
      ['kustomize.toolkit.fluxcd.io', 'kustomizations'],
      ['source.toolkit.fluxcd.io', 'gitrepositories'],
    ] as const) {
      expect(grants(rules, group, resource, 'list')).toBe(true);
      for (const verb of WRITE) expect(grants(rules, group, resource, verb)).toBe(false);
    }
  });

  it('grants platform kinds: view reads them, edit and admin also write them unless read-only', () => {
    // GIVEN AIM's AIMService (writable) and AIMArtifact (read-only) as platform kinds
    const platformKinds = [
      { group: 'aim.eai.amd.com', kind: 'AIMArtifact', resource: 'aimartifacts', readOnly: true },
      { group: 'aim.eai.amd.com', kind: 'AIMService', resource: 'aimservices', readOnly: false },
    ];

    // WHEN the roles are synthesized with them
    const { role } = synth({ platformKinds });

    // THEN every role reads both, edit and admin write AIMService only, and no rule holds "*"
    for (const name of ROLE_NAMES) {
      const rules = role(name).rules;
      for (const verb of ['get', 'list', 'watch']) {
        expect(grants(rules, 'aim.eai.amd.com', 'aimservices', verb), `${name} ${verb}`).toBe(true);
        expect(grants(rules, 'aim.eai.amd.com', 'aimartifacts', verb), `${name} ${verb}`).toBe(true);
      }
      for (const verb of WRITE) {
        expect(grants(rules, 'aim.eai.amd.com', 'aimservices', verb), `${name} ${verb}`).toBe(name !== TENANT_ROLES.view);
        expect(grants(rules, 'aim.eai.amd.com', 'aimartifacts', verb), `${name} ${verb}`).toBe(false);
      }
      expect(JSON.stringify(rules)).not.toContain('*');
    }
  });

  it('keeps the default rules byte for byte when no platform kinds are given', () => {
    // GIVEN the roles with an empty list and without the prop
    // WHEN both are synthesized
    // THEN they are equal, so dist/ of a platform without tenantResources does not change
    expect(synth({ platformKinds: [] }).objects).toEqual(synth().objects);
  });
});
