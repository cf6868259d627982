import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { canI, whereCan, type Subject } from '../../lib/check/can-i';
import type { KubeDocument } from '../../lib/check/findings';
import { loadProject } from '../../lib/spec/loader';
import type { ResolvedTenant } from '../../lib/spec/resolve';
import { readTree } from '../support/tree';

const ROOT = join(__dirname, '..', '..');

function parseDist(dir: string): KubeDocument[] {
  return [...readTree(dir).entries()]
    .filter(([path]) => path.endsWith('.yaml') && !path.endsWith('kustomization.yaml'))
    .flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJS() as KubeDocument));
}

const role = (name: string, rules: unknown[]): KubeDocument => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules });
const binding = (namespace: string, roleName: string, subjects: unknown[]): KubeDocument => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'b', namespace },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
  subjects,
});

describe('canI', () => {
  const objects = [
    role('reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]),
    binding('ai-agents-acme-corp', 'reader', [{ kind: 'ServiceAccount', name: 'sa-acme-corp', namespace: 'ai-agents-acme-corp' }]),
  ];
  const sa: Subject = { kind: 'ServiceAccount', name: 'sa-acme-corp', namespace: 'ai-agents-acme-corp' };

  it('answers yes in the namespace where the ServiceAccount is bound', () => {
    // GIVEN a ServiceAccount bound to a pod reader in its own namespace
    // WHEN it asks to list pods there
    // THEN the answer is yes
    expect(canI(objects, sa, { verb: 'list', resource: 'pods', namespace: 'ai-agents-acme-corp' })).toBe(true);
  });

  it('answers no in another namespace, for another verb and for another subject', () => {
    // GIVEN the same binding
    // WHEN other requests are asked
    // THEN each is no, as in the AI-agents verification
    expect(canI(objects, sa, { verb: 'list', resource: 'pods', namespace: 'ai-agents-other-corp' })).toBe(false);
    expect(canI(objects, sa, { verb: 'delete', resource: 'pods', namespace: 'ai-agents-acme-corp' })).toBe(false);
    expect(canI(objects, { ...sa, namespace: 'ai-agents-other-corp' }, { verb: 'list', resource: 'pods', namespace: 'ai-agents-acme-corp' })).toBe(false);
  });
});

/** What each role may do, as probes: a request the role allows and the weakest one it does not. */
const PROBES = {
  view: { allows: { verb: 'list', resource: 'pods' }, denies: { verb: 'create', resource: 'deployments', apiGroup: 'apps' } },
  edit: { allows: { verb: 'create', resource: 'deployments', apiGroup: 'apps' }, denies: { verb: 'create', resource: 'rolebindings', apiGroup: 'rbac.authorization.k8s.io' } },
  admin: { allows: { verb: 'create', resource: 'rolebindings', apiGroup: 'rbac.authorization.k8s.io' }, denies: { verb: 'create', resource: 'networkpolicies', apiGroup: 'networking.k8s.io' } },
} as const;

/** Subject → role per namespace, from the resolved tenants (suspension folds every role to view). */
function expectedGrants(tenants: readonly ResolvedTenant[]): Map<string, { subject: Subject; roles: Map<string, keyof typeof PROBES> }> {
  const grants = new Map<string, { subject: Subject; roles: Map<string, keyof typeof PROBES> }>();
  for (const tenant of tenants) {
    for (const ns of tenant.namespaces) {
      for (const entry of ns.access) {
        const subject: Subject =
          'group' in entry
            ? { kind: 'Group', name: entry.group }
            : 'user' in entry
              ? { kind: 'User', name: entry.user }
              : { kind: 'ServiceAccount', namespace: entry.serviceAccount.split('/')[0]!, name: entry.serviceAccount.split('/')[1]! };
        const key = JSON.stringify(subject);
        const grant = grants.get(key) ?? { subject, roles: new Map<string, keyof typeof PROBES>() };
        const granted: keyof typeof PROBES = tenant.status === 'suspended' ? 'view' : entry.role;
        const rank = { view: 0, edit: 1, admin: 2 } as const;
        const previous = grant.roles.get(ns.name);
        if (!previous || rank[granted] > rank[previous]) grant.roles.set(ns.name, granted);
        grants.set(key, grant);
      }
    }
  }
  return grants;
}

describe('every ServiceAccount and access entry of the example project, resolved from dist/', () => {
  it('may do what its role allows in its own namespaces and nothing anywhere else', async () => {
    // GIVEN the committed dist/ and the project that generated it
    const project = await loadProject(ROOT);
    if (!project.ok) throw new Error(project.errors.join('\n'));
    const objects = parseDist(join(ROOT, 'dist'));
    // A namespace placed on two clusters is defined once per cluster folder; ask about it once.
    const namespaces = [...new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => String(o.metadata?.name)))].sort();
    const grants = expectedGrants(project.tenants);
    expect([...grants.values()].some((g) => g.subject.kind === 'ServiceAccount')).toBe(true);

    for (const { subject, roles } of grants.values()) {
      // WHEN each subject's probes are resolved in every namespace
      const own = [...roles.keys()].sort();
      const where = whereCan(objects, subject, PROBES.view.allows, namespaces);

      // THEN it may list pods exactly in its own namespaces, and its role's limit holds there
      expect(where, JSON.stringify(subject)).toEqual(own);
      for (const [namespace, granted] of roles) {
        expect(canI(objects, subject, { ...PROBES[granted].allows, namespace }), `${JSON.stringify(subject)} ${granted} in ${namespace}`).toBe(true);
        expect(canI(objects, subject, { ...PROBES[granted].denies, namespace }), `${JSON.stringify(subject)} beyond ${granted} in ${namespace}`).toBe(false);
      }
    }
  });
});
