// The RBAC proof: what every Role, ClusterRole and binding in dist/ lets a subject do, resolved as the cluster will.
import { GUARDRAIL_KINDS } from '../spec/tenant-kinds';
import {
  asArray,
  asString,
  finding,
  isRecord,
  listing,
  nameOf,
  namespaceOf,
  type Finding,
  type Invariant,
  type Manifest,
  type ProofContext,
  type ProofResult,
} from './findings';

/*
 * The RBAC proof: what every Role, ClusterRole and binding in dist/ lets a subject do.
 * RoleBindings are resolved to the Roles and ClusterRoles in dist/ (dist/_platform holds
 * the tenant roles), so the rules checked are the rules the cluster will apply.
 */

export const RBAC_INVARIANTS: readonly Invariant[] = [
  { id: 'rbac/no-cluster-admin', proof: 'rbac', statement: 'No RoleBinding or ClusterRoleBinding grants cluster-admin.' },
  { id: 'rbac/no-wildcards', proof: 'rbac', statement: 'No Role or ClusterRole has "*" in its verbs, resources, apiGroups or nonResourceURLs.' },
  { id: 'rbac/no-escalation-verbs', proof: 'rbac', statement: 'No Role or ClusterRole grants escalate, bind or impersonate.' },
  {
    id: 'rbac/no-aggregation',
    proof: 'rbac',
    statement: 'No ClusterRole in dist/ aggregates other roles or aggregates into the built-in ones, so its rules are exactly what dist/ shows.',
  },
  {
    id: 'rbac/roles-resolvable',
    proof: 'rbac',
    statement: 'Every binding in a tenant namespace refers to a Role or ClusterRole in dist/ (or the built-in read-only view), so its rules can be proven.',
  },
  {
    id: 'rbac/subjects-stay-home',
    proof: 'rbac',
    statement:
      "Tenant subjects are bound only inside their own tenant's namespaces: no ClusterRoleBinding, no binding elsewhere, no other tenant's service accounts or groups, no system-wide groups.",
  },
  {
    id: 'rbac/guardrails-read-only',
    proof: 'rbac',
    statement: 'No role bound in a tenant namespace can create, update, patch or delete ResourceQuotas, LimitRanges or NetworkPolicies.',
  },
  {
    id: 'rbac/no-escape-writes',
    proof: 'rbac',
    statement:
      'No role bound in a tenant namespace can write Namespaces, Endpoints or EndpointSlices, create ServiceAccount tokens, or add ephemeral containers: each is a way out of the namespace\'s guardrails.',
  },
];

const ALL_WRITES: readonly string[] = ['create', 'update', 'patch', 'delete', 'deletecollection'];
/** Writes that escape a namespace's guardrails, with why. */
const ESCAPE_WRITES: readonly { group: string; resource: string; verbs: readonly string[]; why: string }[] = [
  { group: '', resource: 'namespaces', verbs: ALL_WRITES, why: 'would let it relabel its namespace (Pod Security, tenancy)' },
  { group: '', resource: 'serviceaccounts/token', verbs: ['create'], why: "mints tokens for the namespace's ServiceAccounts, such as the Flux reconciler" },
  { group: '', resource: 'pods/ephemeralcontainers', verbs: ['update', 'patch'], why: 'adds containers that admission and the workload proof never saw' },
  { group: '', resource: 'endpoints', verbs: ALL_WRITES, why: "points a Service at any IP, another tenant's pods included (CVE-2021-25740)" },
  { group: 'discovery.k8s.io', resource: 'endpointslices', verbs: ALL_WRITES, why: "points a Service at any IP, another tenant's pods included (CVE-2021-25740)" },
];

const ESCALATION_VERBS = ['escalate', 'bind', 'impersonate'];
const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/** Built-in ClusterRoles that are not in dist/: what binding them means. */
const BUILT_IN_WRITERS = ['admin', 'edit'];
const BUILT_IN_READ_ONLY = ['view'];
const EVERYONE_GROUPS = ['system:authenticated', 'system:unauthenticated', 'system:serviceaccounts'];

interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

function rulesOf(object: Record<string, unknown>): PolicyRule[] {
  return asArray(object.rules)
    .filter(isRecord)
    .map((r) => ({
      apiGroups: asArray(r.apiGroups).map(String),
      resources: asArray(r.resources).map(String),
      verbs: asArray(r.verbs).map(String),
      nonResourceURLs: asArray(r.nonResourceURLs).map(String),
    }));
}

interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

function subjectsOf(object: Record<string, unknown>, bindingNamespace: string | undefined): Subject[] {
  return asArray(object.subjects)
    .filter(isRecord)
    .map((s) => ({
      kind: asString(s.kind) ?? '',
      name: asString(s.name) ?? '',
      namespace: asString(s.namespace) ?? (s.kind === 'ServiceAccount' ? bindingNamespace : undefined),
    }));
}

function describeSubject(subject: Subject): string {
  return subject.kind === 'ServiceAccount' ? `ServiceAccount ${subject.namespace}/${subject.name}` : `${subject.kind} ${subject.name}`;
}

/** The namespace a subject stands for, if it is a service account or a service-account group. */
function subjectNamespace(subject: Subject): string | undefined {
  if (subject.kind === 'ServiceAccount') return subject.namespace;
  if (subject.kind === 'User') return /^system:serviceaccount:([^:]+):/.exec(subject.name)?.[1];
  if (subject.kind === 'Group') return /^system:serviceaccounts:([^:]+)$/.exec(subject.name)?.[1];
  return undefined;
}

export function proveRbac(context: ProofContext): ProofResult {
  const findings: Finding[] = [];
  let checks = 0;
  const { tenancy } = context;
  const rbac = (m: Manifest, kind: string) => m.object.kind === kind && m.object.apiVersion === 'rbac.authorization.k8s.io/v1';
  const roles = context.manifests.filter((m) => rbac(m, 'Role'));
  const clusterRoles = context.manifests.filter((m) => rbac(m, 'ClusterRole'));
  const bindings = context.manifests.filter((m) => rbac(m, 'RoleBinding'));
  const clusterBindings = context.manifests.filter((m) => rbac(m, 'ClusterRoleBinding'));
  const roleByKey = new Map(roles.map((m) => [`${namespaceOf(m.object)}/${nameOf(m.object)}`, m]));
  const clusterRoleByName = new Map(clusterRoles.map((m) => [nameOf(m.object), m]));

  // Rules of every role, wherever it is.
  for (const m of [...roles, ...clusterRoles]) {
    rulesOf(m.object).forEach((rule, index) => {
      checks += 2;
      const wild = (['verbs', 'resources', 'apiGroups', 'nonResourceURLs'] as const).filter((field) => rule[field].some((v) => v.includes('*')));
      if (wild.length) {
        findings.push(finding('rbac', 'rbac/no-wildcards', m, `rules[${index}] has "*" in ${listing(wild)}; list the exact ${listing(wild)} the role needs`));
      }
      const escalating = rule.verbs.filter((v) => ESCALATION_VERBS.includes(v));
      if (escalating.length) {
        findings.push(finding('rbac', 'rbac/no-escalation-verbs', m, `rules[${index}] grants ${listing(escalating)}, which lets a subject gain permissions it does not hold; remove ${escalating.length > 1 ? 'them' : 'it'}`));
      }
    });
  }
  for (const m of clusterRoles) {
    checks++;
    if (m.object.aggregationRule !== undefined) {
      findings.push(finding('rbac', 'rbac/no-aggregation', m, 'has an aggregationRule, so its rules come from other ClusterRoles at run time and cannot be proven here; list its rules instead'));
    }
    const labels = isRecord(m.object.metadata?.labels) ? Object.keys(m.object.metadata!.labels as object) : [];
    const into = labels.filter((l) => l.startsWith('rbac.authorization.k8s.io/aggregate-to-'));
    if (into.length) {
      findings.push(finding('rbac', 'rbac/no-aggregation', m, `label ${listing(into)} adds its rules to the built-in roles of every namespace; remove the label`));
    }
  }

  // Which tenant each group, user and service account belongs to: where it is bound.
  const subjectTenants = new Map<string, Map<string, Manifest[]>>();
  const subjectKey = (s: Subject) => (s.kind === 'ServiceAccount' ? `ServiceAccount ${s.namespace}/${s.name}` : `${s.kind} ${s.name}`);
  const tenantOfSubject = (s: Subject): string | undefined => {
    const ns = subjectNamespace(s);
    if (ns) return tenancy.namespaceOwner.get(ns);
    const tenants = subjectTenants.get(subjectKey(s));
    return tenants ? [...tenants.keys()].sort()[0] : undefined;
  };
  for (const m of bindings) {
    const tenant = tenancy.namespaceOwner.get(namespaceOf(m.object) ?? '');
    if (!tenant) continue;
    for (const s of subjectsOf(m.object, namespaceOf(m.object))) {
      if (subjectNamespace(s) || EVERYONE_GROUPS.includes(s.name)) continue;
      const byTenant = subjectTenants.get(subjectKey(s)) ?? new Map<string, Manifest[]>();
      byTenant.set(tenant, [...(byTenant.get(tenant) ?? []), m]);
      subjectTenants.set(subjectKey(s), byTenant);
    }
  }

  for (const m of [...bindings, ...clusterBindings]) {
    const cluster = m.object.kind === 'ClusterRoleBinding';
    const namespace = namespaceOf(m.object);
    const tenant = cluster ? undefined : tenancy.namespaceOwner.get(namespace ?? '');
    const roleRef = isRecord(m.object.roleRef) ? m.object.roleRef : {};
    const refKind = asString(roleRef.kind) ?? '';
    const refName = asString(roleRef.name) ?? '';
    const subjects = subjectsOf(m.object, namespace);
    checks += 3 + subjects.length;

    if (refName === 'cluster-admin' && refKind === 'ClusterRole') {
      findings.push(finding('rbac', 'rbac/no-cluster-admin', m, `binds cluster-admin, which can do anything anywhere; bind a least-privilege role such as tenantry-tenant-edit instead`));
    }

    // Subjects: tenant subjects stay in their tenant's namespaces.
    for (const s of subjects) {
      const owner = tenantOfSubject(s);
      if (cluster) {
        if (owner) findings.push(finding('rbac', 'rbac/subjects-stay-home', m, `binds ${describeSubject(s)} of tenant ${owner} cluster-wide; use RoleBindings in the tenant's own namespaces`));
        continue;
      }
      if (!tenant) {
        if (owner) findings.push(finding('rbac', 'rbac/subjects-stay-home', m, `binds ${describeSubject(s)} of tenant ${owner} in namespace ${namespace}, outside the tenant's namespaces; remove the binding`));
        continue;
      }
      if (s.kind === 'Group' && EVERYONE_GROUPS.includes(s.name)) {
        findings.push(finding('rbac', 'rbac/subjects-stay-home', m, `binds Group ${s.name}, which includes every other tenant; bind the tenant's own groups and users`));
        continue;
      }
      const home = subjectNamespace(s);
      if (home !== undefined && owner !== tenant) {
        findings.push(
          finding(
            'rbac',
            'rbac/subjects-stay-home',
            m,
            owner
              ? `binds ${describeSubject(s)} of tenant ${owner} into tenant ${tenant}'s namespace; bind only tenant ${tenant}'s own subjects`
              : `binds ${describeSubject(s)} from namespace ${home}, which is not tenant ${tenant}'s; bind only tenant ${tenant}'s own subjects`,
          ),
        );
        continue;
      }
      const others = [...(subjectTenants.get(subjectKey(s))?.keys() ?? [])].filter((t) => t !== tenant).sort();
      if (others.length) {
        findings.push(finding('rbac', 'rbac/subjects-stay-home', m, `binds ${describeSubject(s)}, which is also bound in namespaces of tenant${others.length > 1 ? 's' : ''} ${listing(others)}; a group or user may act inside one tenant only`));
      }
    }

    // What the bound role may do, for bindings that grant tenants something.
    const grantsTenant = cluster ? subjects.some((s) => tenantOfSubject(s)) : Boolean(tenant);
    if (!grantsTenant || refName === 'cluster-admin') continue;
    const role = refKind === 'Role' ? roleByKey.get(`${namespace}/${refName}`) : refKind === 'ClusterRole' ? clusterRoleByName.get(refName) : undefined;
    if (!role) {
      if (refKind === 'ClusterRole' && BUILT_IN_WRITERS.includes(refName)) {
        findings.push(finding('rbac', 'rbac/guardrails-read-only', m, `binds the built-in ClusterRole ${refName}, which can write NetworkPolicies; bind tenantry-tenant-${refName} instead`));
      } else if (!(refKind === 'ClusterRole' && BUILT_IN_READ_ONLY.includes(refName))) {
        findings.push(finding('rbac', 'rbac/roles-resolvable', m, `refers to ${refKind || 'a role'} ${refName || '(no name)'}, which is not in dist/, so what it grants cannot be proven; bind one of the tenantry-tenant-* roles`));
      }
      continue;
    }
    for (const escape of escapeWrites(rulesOf(role.object))) {
      findings.push(finding('rbac', 'rbac/no-escape-writes', m, `binds ${refKind} ${refName} (${role.file}), which can ${escape}; drop those verbs from the role`));
    }
    const writes = guardrailWrites(rulesOf(role.object));
    if (writes.length) {
      findings.push(
        finding('rbac', 'rbac/guardrails-read-only', m, `binds ${refKind} ${refName} (${role.file}), which can ${listing(writes)}; tenants must not edit their own guardrails, so drop those verbs from the role or bind another`),
      );
    }
  }
  return { findings, checks };
}

/** "create, delete networkpolicies" for every guardrail the rules may write. */
export function guardrailWrites(rules: readonly PolicyRule[]): string[] {
  const out: string[] = [];
  for (const { group, resource } of GUARDRAIL_KINDS) {
    const verbs = new Set<string>();
    for (const rule of rules) {
      const groupHit = rule.apiGroups.includes(group) || rule.apiGroups.includes('*');
      const resourceHit = rule.resources.includes(resource) || rule.resources.includes('*');
      if (!groupHit || !resourceHit) continue;
      for (const verb of rule.verbs) {
        if (verb === '*') WRITE_VERBS.forEach((v) => verbs.add(v));
        else if (WRITE_VERBS.includes(verb)) verbs.add(verb);
      }
    }
    if (verbs.size) out.push(`${WRITE_VERBS.filter((v) => verbs.has(v)).join(', ')} ${resource}`);
  }
  return out;
}

/** "patch namespaces, which would let it …" for every escape route the rules open. */
export function escapeWrites(rules: readonly PolicyRule[]): string[] {
  const out: string[] = [];
  for (const { group, resource, verbs, why } of ESCAPE_WRITES) {
    const granted = new Set<string>();
    for (const rule of rules) {
      if (!(rule.apiGroups.includes(group) || rule.apiGroups.includes('*')) || !(rule.resources.includes(resource) || rule.resources.includes('*'))) continue;
      for (const verb of rule.verbs) if (verb === '*' || verbs.includes(verb)) (verb === '*' ? verbs : [verb]).forEach((v) => granted.add(v));
    }
    if (granted.size) out.push(`${verbs.filter((v) => granted.has(v)).join(', ')} ${resource}, which ${why}`);
  }
  return out;
}
