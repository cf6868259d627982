import { describe, expect, it } from 'vitest';
import { NODE_ANNOTATIONS, nodeAnnotations, nodeIssues, nodePlacement, NodesSchema } from '../../lib/spec/node-placement';

const DEFAULT_KEYS = { label: 'tenantry.io/tenant', taint: 'tenantry.io/tenant' };
const gpu = { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' } as const;

describe('nodePlacement', () => {
  it('adds the dedicated label and taint after the team selector and tolerations', () => {
    // GIVEN a team on nodes team=alpha tolerating gpu, under dedicated nodes
    // WHEN its placement is resolved
    const placement = nodePlacement({ nodeSelector: { team: 'alpha' }, tolerations: [gpu] }, 'flyte', DEFAULT_KEYS);
    // THEN the selector has both labels (sorted) and the tenant taint comes last
    expect(placement).toEqual({
      nodeSelector: { team: 'alpha', 'tenantry.io/tenant': 'flyte' },
      tolerations: [gpu, { key: 'tenantry.io/tenant', operator: 'Equal', value: 'flyte', effect: 'NoSchedule' }],
    });
  });

  it('uses the label and taint key the platform chooses, and drops nulled labels', () => {
    // GIVEN platform dedicatedNodes keys and an inherited label removed with null
    // WHEN the placement is resolved
    const placement = nodePlacement({ nodeSelector: { pool: null } }, 'acme', { label: 'example.com/tenant', taint: 'example.com/dedicated' });
    // THEN only the platform's keys carry the tenant id
    expect(placement).toEqual({ nodeSelector: { 'example.com/tenant': 'acme' }, tolerations: [{ key: 'example.com/dedicated', operator: 'Equal', value: 'acme', effect: 'NoSchedule' }] });
  });

  it('is empty on shared nodes without settings', () => {
    // GIVEN no nodes settings and shared nodes
    // WHEN the placement is resolved
    // THEN nothing pins the pods
    expect(nodePlacement(undefined, 'acme', undefined)).toEqual({ nodeSelector: {}, tolerations: [] });
  });
});

describe('nodeAnnotations', () => {
  it('writes the PodNodeSelector and PodTolerationRestriction annotations, the whitelist with the node lifecycle tolerations', () => {
    // GIVEN a selector of two labels and one toleration
    // WHEN the annotations are written
    const annotations = nodeAnnotations({ nodeSelector: { team: 'alpha', zone: 'a' }, tolerations: [gpu] });
    // THEN the selector is k=v,k=v and the whitelist keeps DefaultTolerationSeconds' tolerations admissible
    expect(annotations[NODE_ANNOTATIONS.nodeSelector]).toBe('team=alpha,zone=a');
    expect(JSON.parse(annotations[NODE_ANNOTATIONS.defaultTolerations]!)).toEqual([gpu]);
    expect(JSON.parse(annotations[NODE_ANNOTATIONS.tolerationsWhitelist]!)).toEqual([
      gpu,
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    ]);
  });

  it('writes no annotation for an empty placement', () => {
    // GIVEN no selector and no tolerations
    // WHEN the annotations are written
    // THEN there are none
    expect(nodeAnnotations({ nodeSelector: {}, tolerations: [] })).toEqual({});
  });
});

describe('NodesSchema and nodeIssues', () => {
  it('fails when a selector value would break the annotation', () => {
    // GIVEN a value with a comma
    // WHEN it is parsed
    const result = NodesSchema.safeParse({ nodeSelector: { team: 'a,b' } });
    // THEN it is refused as a label value
    expect(result.error!.issues[0]!.message).toBe('expected a label value of at most 63 letters, digits, "-", "_" or "."');
  });

  it('fails when a layer sets the dedicated-node label or taint', () => {
    // GIVEN a layer selecting and tolerating another tenant's dedicated nodes
    // WHEN it is checked
    const issues = nodeIssues({ nodeSelector: { 'tenantry.io/tenant': 'globex' }, tolerations: [gpu, { key: 'tenantry.io/tenant', effect: 'NoSchedule' }] }, DEFAULT_KEYS);
    // THEN both fields are named
    expect(issues.map((i) => i.path)).toEqual([['nodeSelector', 'tenantry.io/tenant'], ['tolerations', 1, 'key']]);
  });
});
