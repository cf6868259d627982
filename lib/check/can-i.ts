// A static `kubectl auth can-i`: what a subject may do in a namespace, resolved from the RoleBindings and roles in dist/.
import { asArray, asString, isRecord, nameOf, namespaceOf, type KubeDocument } from './findings';

/*
 * Answers "may <subject> <verb> <resource> in <namespace>?" from the objects Tenantry writes,
 * the way the API server's RBAC authorizer would: RoleBindings in that namespace and every
 * ClusterRoleBinding, their subjects matched exactly, their Roles or ClusterRoles' rules
 * matched on apiGroup, resource and verb ("*" honoured, though the RBAC proof forbids it).
 * Built-in ClusterRoles absent from dist/ grant nothing here.
 */

export type Subject =
  | { readonly kind: 'Group' | 'User'; readonly name: string }
  | { readonly kind: 'ServiceAccount'; readonly name: string; readonly namespace: string };

export interface Request {
  readonly verb: string;
  readonly resource: string;
  /** @default '' (the core group) */
  readonly apiGroup?: string;
  readonly namespace: string;
}

export function canI(objects: readonly KubeDocument[], subject: Subject, request: Request): boolean {
  const group = request.apiGroup ?? '';
  return bindingsFor(objects, subject, request.namespace).some((ref) =>
    rulesOf(objects, ref, request.namespace).some(
      (rule) => matches(rule.apiGroups, group) && matches(rule.resources, request.resource) && matches(rule.verbs, request.verb),
    ),
  );
}

/** The namespaces (among `namespaces`) where the subject may do the request. */
export function whereCan(objects: readonly KubeDocument[], subject: Subject, request: Omit<Request, 'namespace'>, namespaces: readonly string[]): string[] {
  return namespaces.filter((namespace) => canI(objects, subject, { ...request, namespace }));
}

interface RoleRef {
  readonly kind: string;
  readonly name: string;
}

function bindingsFor(objects: readonly KubeDocument[], subject: Subject, namespace: string): RoleRef[] {
  return objects
    .filter((o) => (o.kind === 'RoleBinding' && namespaceOf(o) === namespace) || o.kind === 'ClusterRoleBinding')
    .filter((o) => asArray(o.subjects).some((s) => isRecord(s) && sameSubject(s, subject, namespaceOf(o))))
    .flatMap((o) => (isRecord(o.roleRef) ? [{ kind: asString(o.roleRef.kind) ?? '', name: asString(o.roleRef.name) ?? '' }] : []));
}

function sameSubject(s: Record<string, unknown>, subject: Subject, bindingNamespace: string | undefined): boolean {
  if (s.kind !== subject.kind || s.name !== subject.name) return false;
  // A ServiceAccount subject without a namespace means the binding's own namespace.
  return subject.kind !== 'ServiceAccount' || (asString(s.namespace) ?? bindingNamespace) === subject.namespace;
}

interface Rule {
  readonly apiGroups: readonly unknown[];
  readonly resources: readonly unknown[];
  readonly verbs: readonly unknown[];
}

function rulesOf(objects: readonly KubeDocument[], ref: RoleRef, namespace: string): Rule[] {
  const role = objects.find(
    (o) => o.kind === ref.kind && nameOf(o) === ref.name && (ref.kind === 'ClusterRole' ? namespaceOf(o) === undefined : namespaceOf(o) === namespace),
  );
  return role ? asArray(role.rules).filter(isRecord).map((r) => ({ apiGroups: asArray(r.apiGroups), resources: asArray(r.resources), verbs: asArray(r.verbs) })) : [];
}

function matches(list: readonly unknown[], value: string): boolean {
  return list.includes('*') || list.includes(value);
}
