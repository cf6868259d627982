// Which nodes a team's pods land on: a node selector and tolerations per namespace, as the PodNodeSelector and PodTolerationRestriction admission plugins read them.
import { z } from 'zod';

/*
 * Settings `nodes` (platform defaults → tenant → unit → team) pin every pod of a namespace.
 * Under dedicated nodes the platform's label and taint (`dedicatedNodes`, default
 * `tenantry.io/tenant=<id>`) are added. The result goes onto the Namespace as the
 * annotations the two admission plugins read, and onto Tenantry's own agents directly.
 */

/** The annotation keys of the PodNodeSelector and PodTolerationRestriction admission plugins. */
export const NODE_ANNOTATIONS = {
  nodeSelector: 'scheduler.alpha.kubernetes.io/node-selector',
  defaultTolerations: 'scheduler.alpha.kubernetes.io/defaultTolerations',
  tolerationsWhitelist: 'scheduler.alpha.kubernetes.io/tolerationsWhitelist',
} as const;

export const DEFAULT_DEDICATED_KEY = 'tenantry.io/tenant';

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const labelKey = z.string().regex(LABEL_KEY, { error: 'expected a label key such as "team" or "example.com/pool"' });

export const tolerationSchema = z.strictObject({
  key: z.string(),
  operator: z.enum(['Equal', 'Exists'], { error: 'expected "Equal" or "Exists"' }).nullish(),
  value: z.string().nullish(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], {
    error: 'expected "NoSchedule", "PreferNoSchedule" or "NoExecute"',
  }),
});

export const NodesSchema = z.strictObject({
  /** Node labels every pod of the namespace must match. */
  nodeSelector: z
    .record(labelKey, z.string({ error: 'expected a label value string' }).regex(LABEL_VALUE, { error: 'expected a label value of at most 63 letters, digits, "-", "_" or "."' }).nullable(), {
      error: 'expected an object of node label keys to values, such as { team: "alpha" }',
    })
    .nullish(),
  /** Taints every pod of the namespace tolerates (and the only ones it may tolerate). */
  tolerations: z.array(tolerationSchema, { error: 'expected a list of tolerations such as [{ key: "gpu", operator: "Exists", effect: "NoSchedule" }]' }).nullish(),
});

/** platform.ts `dedicatedNodes`: the node label and taint key that dedicated nodes carry, with the tenant id as value. */
export const DedicatedNodesSchema = z.strictObject({
  label: labelKey.optional(),
  taint: labelKey.optional(),
});

export interface Toleration {
  readonly key: string;
  readonly operator?: 'Equal' | 'Exists';
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface NodePlacement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

export interface DedicatedKeys {
  readonly label: string;
  readonly taint: string;
}

/** The namespace's placement: the settings' selector and tolerations, then the tenant's dedicated label and taint. */
export function nodePlacement(nodes: z.infer<typeof NodesSchema> | null | undefined, tenant: string, dedicated: DedicatedKeys | undefined): NodePlacement {
  const selector = Object.entries(nodes?.nodeSelector ?? {}).filter((entry): entry is [string, string] => entry[1] !== null);
  const tolerations: Toleration[] = (nodes?.tolerations ?? []).map((t) => ({
    key: t.key,
    ...(t.operator ? { operator: t.operator } : {}),
    ...(t.value !== undefined && t.value !== null ? { value: t.value } : {}),
    effect: t.effect,
  }));
  if (dedicated) {
    selector.push([dedicated.label, tenant]);
    tolerations.push({ key: dedicated.taint, operator: 'Equal', value: tenant, effect: 'NoSchedule' });
  }
  return { nodeSelector: Object.fromEntries(selector.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), tolerations };
}

// Added to every pod by the DefaultTolerationSeconds plugin before PodTolerationRestriction checks the whitelist.
const NODE_LIFECYCLE_TOLERATIONS: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
];

/**
 * The Namespace annotations: the selector as `k=v,k=v`, the tolerations as JSON defaults, and the
 * same tolerations as the whitelist, so no pod tolerates a taint the platform did not list
 * (another tenant's dedicated nodes above all).
 */
export function nodeAnnotations(placement: NodePlacement): Record<string, string> {
  const annotations: Record<string, string> = {};
  const selector = Object.entries(placement.nodeSelector);
  if (selector.length) annotations[NODE_ANNOTATIONS.nodeSelector] = selector.map(([k, v]) => `${k}=${v}`).join(',');
  if (placement.tolerations.length) {
    annotations[NODE_ANNOTATIONS.defaultTolerations] = JSON.stringify(placement.tolerations);
    annotations[NODE_ANNOTATIONS.tolerationsWhitelist] = JSON.stringify([...placement.tolerations, ...NODE_LIFECYCLE_TOLERATIONS]);
  }
  return annotations;
}

/** A settings layer may not set the dedicated-node label or taint: under dedicated nodes Tenantry sets them to the tenant id. */
export function nodeIssues(nodes: z.infer<typeof NodesSchema> | null | undefined, keys: DedicatedKeys): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  if (nodes?.nodeSelector && Object.hasOwn(nodes.nodeSelector, keys.label)) {
    issues.push({ path: ['nodeSelector', keys.label], message: `reserved node label, got "${keys.label}"; under dedicated nodes Tenantry sets it to the tenant id, so remove it` });
  }
  (nodes?.tolerations ?? []).forEach((t, index) => {
    if (t.key === keys.taint) issues.push({ path: ['tolerations', index, 'key'], message: `reserved taint key, got "${t.key}"; under dedicated nodes Tenantry tolerates the tenant's own taint, so remove it` });
  });
  return issues;
}
