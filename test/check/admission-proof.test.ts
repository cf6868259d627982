import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { proveAdmission } from '../../lib/check/admission-proof';
import { deriveTenancy, formatFinding, type Manifest, type ProofContext } from '../../lib/check/findings';
import { synthesizeAll } from '../../lib/synth/folder-jobs';
import { validProject } from '../support/arbitraries';

let manifests: Manifest[];
let base: Omit<ProofContext, 'manifests' | 'tenancy'>;

beforeAll(() => {
  const project = validProject([{ id: 'acme', name: 'Acme', owner: 'lead@acme.example', isolation: 'network-only', teams: [{ id: 'api' }] }]);
  manifests = [];
  for (const output of synthesizeAll(project)) {
    for (const [name, content] of output.files) {
      if (name === 'kustomization.yaml') continue;
      manifests.push({ file: `dist/${output.folder}/${name}`, folder: output.folder, object: parse(content) });
    }
  }
  base = { platform: project.platform, tenants: project.tenants };
});

const prove = (list: Manifest[]) => proveAdmission({ ...base, manifests: list, tenancy: deriveTenancy(list) }).findings.map(formatFinding);
const without = (fragment: string) => manifests.filter((m) => !m.file.includes(fragment));

describe('proveAdmission', () => {
  it('accepts the policies, bindings and quotas Tenantry generates, even for a network-only tenant', () => {
    // GIVEN a fresh synthesis
    // WHEN admission is proven
    // THEN nothing is found
    expect(prove(manifests)).toEqual([]);
  });

  it('fails when a binding is missing or the quotas are gone', () => {
    // GIVEN dist/ without the storage binding and without acme's quotas
    const list = without('ValidatingAdmissionPolicyBinding.tenantry-storage').filter((m) => m.object.kind !== 'ResourceQuota');
    // WHEN admission is proven
    // THEN each gap is one line with its fix
    expect(prove(list)).toEqual([
      'dist/_platform/ValidatingAdmissionPolicy.tenantry-storage.yaml: ValidatingAdmissionPolicy/tenantry-storage — no ValidatingAdmissionPolicyBinding names policyName tenantry-storage, so it applies nowhere; run `npm run synth`',
      'dist/acme/Namespace.acme-api.yaml: Namespace/acme-api — no ResourceQuota scoped to PriorityClass In [system-cluster-critical, system-node-critical] caps pods at 0, so its pods may preempt every other tenant\'s; restore the system-priority quota',
      'dist/acme/Namespace.acme-api.yaml: Namespace/acme-api — no ResourceQuota sets services.nodeports: 0, though tenant acme may not create NodePort Services; restore the quota',
      'dist/acme/Namespace.acme-api.yaml: Namespace/acme-api — no ResourceQuota sets services.loadbalancers: 0, though tenant acme may not create LoadBalancer Services; restore the quota',
    ]);
  });

  it('fails when a binding gains an objectSelector that lets objects escape', () => {
    // GIVEN the pods binding narrowed by an objectSelector
    const list = manifests.map((m) =>
      m.file.endsWith('ValidatingAdmissionPolicyBinding.tenantry-pods.yaml')
        ? { ...m, object: { ...m.object, spec: { ...(m.object.spec as object), matchResources: { namespaceSelector: {}, objectSelector: { matchLabels: { checked: 'yes' } } } } } }
        : m,
    );
    // WHEN admission is proven
    const lines = prove(list);
    // THEN the binding differs from platform.ts and covers no tenant namespace
    expect(lines).toEqual([
      'dist/_platform/ValidatingAdmissionPolicyBinding.tenantry-pods.yaml: ValidatingAdmissionPolicyBinding/tenantry-pods — spec differs from what platform.ts produces (at spec.matchResources.namespaceSelector.matchExpressions); run `npm run synth`',
      'dist/_platform/ValidatingAdmissionPolicyBinding.tenantry-pods.yaml: ValidatingAdmissionPolicyBinding/tenantry-pods — does not apply policy tenantry-pods in acme-api, so tenants there are not held to it; select every namespace labelled tenantry.io/tenant and nothing narrower',
    ]);
  });
});
