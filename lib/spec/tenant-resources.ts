/*
 * Platform CRDs tenants work with (platform.ts `tenantResources`), such as AIM Engine's
 * AIMService: the tenant roles and AppProject whitelist grant them next to the built-in kinds.
 */
import { z } from 'zod';
import { findCrd } from './crd-catalogue';
import { TENANT_WHITELIST, type GroupKind } from './gitops-names';

/** A platform kind a team works with, with its RBAC resource name. */
export interface PlatformKind {
  readonly group: string;
  readonly kind: string;
  readonly resource: string;
  /** View only, for every role: teams read it but the platform (or its operator) writes it. */
  readonly readOnly: boolean;
}

const KIND = /^[A-Z][A-Za-z0-9]*$/;
const RESOURCE = /^[a-z][a-z0-9]*$/;
const GROUP = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
/** The naming convention of cluster-scoped twins: AIMClusterModel, ClusterIssuer, ClusterPolicy. */
const CLUSTER_NAMED = /Cluster[A-Z]/;

const kindEntry = z.union(
  [
    z.string(),
    z.strictObject({
      kind: z.string({ error: 'expected a kind such as "AIMService"' }),
      /** The CRD's spec.names.plural. @default the vendored CRD's, or the kind in lower case + "s" */
      resource: z.string().optional(),
      /** @default false */
      readOnly: z.boolean({ error: 'expected true or false' }).optional(),
    }),
  ],
  { error: 'expected a kind such as "AIMService" or { kind, resource, readOnly }' },
);

export const TenantResourcesSchema = z
  .array(
    z.strictObject({
      group: z.string({ error: 'expected an API group such as "aim.eai.amd.com"' }),
      kinds: z.array(kindEntry, { error: 'expected a list of kinds such as ["AIMService"]' }).min(1, { error: 'expected at least one kind' }),
    }),
    { error: 'expected a list of { group, kinds }' },
  )
  .superRefine((groups, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const seen = new Set<string>();
    groups.forEach(({ group, kinds }, g) => {
      const problem = groupProblem(group);
      if (problem) return issue([g, 'group'], problem);
      kinds.forEach((entry, k) => {
        const { kind, resource } = typeof entry === 'string' ? { kind: entry, resource: undefined } : entry;
        const path = typeof entry === 'string' ? [g, 'kinds', k] : [g, 'kinds', k, 'kind'];
        if (kind.includes('*')) return issue(path, 'a wildcard would grant every kind of the group; list each kind by name, such as "AIMService"');
        if (!KIND.test(kind)) return issue(path, 'expected a kind such as "AIMService"');
        if (resource !== undefined && resource.includes('*')) return issue([g, 'kinds', k, 'resource'], 'a wildcard would grant every resource of the group; give the CRD\'s plural, such as "aimservices"');
        if (resource !== undefined && !RESOURCE.test(resource)) return issue([g, 'kinds', k, 'resource'], 'expected the CRD\'s plural in lower case, such as "aimservices"');
        if (seen.has(`${group}/${kind}`)) return issue(path, `lists ${group}/${kind} a second time; list each kind once`);
        seen.add(`${group}/${kind}`);
        const crd = findCrd(group, kind);
        if (crd?.scope === 'Cluster' || (!crd && CLUSTER_NAMED.test(kind))) {
          const why = crd ? `its CRD imports/crds/${crd.file} says scope: Cluster` : 'its name marks it as the cluster-scoped twin of a namespaced kind';
          const or = crd ? '' : ' (or vendor its CRD into imports/crds/ if it is namespaced)';
          return issue(path, `is cluster-scoped: ${why}; tenants work inside their namespaces, so leave it out${or}`);
        }
        if (crd && resource !== undefined && resource !== crd.plural) issue([g, 'kinds', k, 'resource'], `is not the plural of its CRD imports/crds/${crd.file} ("${crd.plural}"); leave it out or write "${crd.plural}"`);
      });
    });
  });
export type TenantResourcesSpec = z.infer<typeof TenantResourcesSchema>;

function groupProblem(group: string): string | undefined {
  if (group.includes('*')) return 'a wildcard would grant every API group; list each group by name, such as "aim.eai.amd.com"';
  if (group === '' || !group.includes('.') || /(^|\.)(k8s|kubernetes)\.io$/.test(group)) {
    return "is a Kubernetes API group, whose kinds Tenantry's own roles decide (the guardrails among them); list only the platform's own CRD groups";
  }
  if (/(^|\.)(argoproj\.io|fluxcd\.io)$/.test(group)) return 'is a GitOps group, whose kinds would apply further manifests under another identity; leave it out';
  if (!GROUP.test(group)) return 'expected an API group such as "aim.eai.amd.com"';
  return undefined;
}

/** The platform kinds, sorted by group and kind, with their plurals filled in. */
export function resolveTenantResources(spec: TenantResourcesSpec | undefined): PlatformKind[] {
  const out = (spec ?? []).flatMap(({ group, kinds }) =>
    kinds.map((entry) => {
      const { kind, resource, readOnly } = typeof entry === 'string' ? { kind: entry, resource: undefined, readOnly: undefined } : entry;
      return { group, kind, resource: resource ?? findCrd(group, kind)?.plural ?? `${kind.toLowerCase()}s`, readOnly: readOnly ?? false };
    }),
  );
  return out.sort((a, b) => (`${a.group}/${a.kind}` < `${b.group}/${b.kind}` ? -1 : 1));
}

/** What a tenant's Argo CD Applications may create: Tenantry's whitelist, then the platform kinds teams write. */
export function tenantWhitelist(platformKinds: readonly PlatformKind[]): GroupKind[] {
  return [...TENANT_WHITELIST, ...platformKinds.filter((k) => !k.readOnly)].map(({ group, kind }) => ({ group, kind }));
}
