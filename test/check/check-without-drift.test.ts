import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { checkDist, checkFiles } from '../../lib/check/check';
import { formatFinding } from '../../lib/check/findings';
import { loadProject, type LoadedProject } from '../../lib/spec/loader';
import { synthesizeAll } from '../../lib/synth/folder-jobs';

/*
 * The isolation breaks that only the drift comparison used to catch: each must fail the
 * gate on its own, with drift turned off, because drift only compares dist/ with what the
 * same code would generate.
 */

const FIXTURE = join(__dirname, 'fixtures', 'check-project');
type Files = Map<string, string>;
type Doc = Record<string, any>;

let project: LoadedProject;
let fresh: Files;

beforeAll(async () => {
  const loaded = await loadProject(FIXTURE);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  project = loaded;
  fresh = new Map();
  for (const output of synthesizeAll(project)) for (const [name, content] of output.files) fresh.set(`${output.folder}/${name}`, content);
});

/** Rewrites one YAML file of dist/, keeping its generated header. */
function edit(files: Files, path: string, change: (doc: Doc) => void): Files {
  const text = files.get(path);
  if (text === undefined) throw new Error(`no ${path}`);
  const header = text.slice(0, text.indexOf('\n') + 1);
  const doc = parse(text) as Doc;
  change(doc);
  return new Map(files).set(path, header + stringify(doc));
}

const KUSTOMIZATION = 'acme/kustomization.yaml';
const addRule = (rule: Doc) => (files: Files) => edit(files, '_platform/ClusterRole.tenantry-tenant-edit.yaml', (doc) => void doc.rules.push(rule));
const listExtra = (name: string, content: string) => (files: Files) =>
  edit(new Map(files).set(`acme/${name}`, content), KUSTOMIZATION, (doc) => void doc.resources.push(name));
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: acme-api\n';

const BREAKS: [string, (files: Files) => Files, string][] = [
  ['a namespace labelled Pod Security privileged', (f) => edit(f, 'acme/Namespace.acme-api.yaml', (d) => void (d.metadata.labels['pod-security.kubernetes.io/enforce'] = 'privileged')), 'workload/namespace-pod-security'],
  ['a tenant role that may patch namespaces', addRule({ apiGroups: [''], resources: ['namespaces'], verbs: ['patch'] }), 'rbac/no-escape-writes'],
  ['a tenant role that may create serviceaccounts/token', addRule({ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }), 'rbac/no-escape-writes'],
  ['a tenant role that may add ephemeral containers', addRule({ apiGroups: [''], resources: ['pods/ephemeralcontainers'], verbs: ['patch', 'update'] }), 'rbac/no-escape-writes'],
  ['a tenant role that may write Endpoints', addRule({ apiGroups: [''], resources: ['endpoints'], verbs: ['create', 'update'] }), 'rbac/no-escape-writes'],
  [
    'an AppProject whitelisting RoleBinding',
    (f) => edit(f, 'acme/AppProject.argocd.acme.yaml', (d) => void d.spec.namespaceResourceWhitelist.push({ group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' })),
    'gitops/project-whitelist',
  ],
  [
    'a pod running as flux-reconciler',
    (f) => edit(f, 'acme/Deployment.acme-api.agent-dedicated-acme-api.yaml', (d) => void (d.spec.template.spec.serviceAccountName = 'flux-reconciler')),
    'workload/no-bound-service-account',
  ],
  ['a .json resource in kustomization.yaml', listExtra('extra.json', JSON.stringify(parse(CONFIG_MAP))), 'dist/kustomization-plain'],
  ['a .YAML resource in kustomization.yaml', listExtra('Extra.YAML', CONFIG_MAP), 'dist/kustomization-plain'],
  ['a remote base in kustomization.yaml', (f) => edit(f, KUSTOMIZATION, (d) => void d.resources.push('https://github.com/evil/base?ref=main')), 'dist/kustomization-plain'],
  [
    'patches in kustomization.yaml',
    (f) => edit(f, KUSTOMIZATION, (d) => void (d.patches = [{ patch: '[{"op":"remove","path":"/spec/policyTypes"}]', target: { kind: 'NetworkPolicy' } }])),
    'dist/kustomization-plain',
  ],
  ['a namespace transformer in kustomization.yaml', (f) => edit(f, KUSTOMIZATION, (d) => void (d.namespace = 'globex-payments')), 'dist/kustomization-plain'],
  [
    'the default deny unlisted from kustomization.yaml',
    (f) => edit(f, KUSTOMIZATION, (d) => void (d.resources = d.resources.filter((r: string) => r !== 'NetworkPolicy.acme-api.default-deny.yaml'))),
    'dist/kustomization-plain',
  ],
  ['an admission policy removed', (f) => edit(f, '_platform/kustomization.yaml', (d) => void (d.resources = d.resources.filter((r: string) => r !== 'ValidatingAdmissionPolicy.tenantry-services.yaml'))), 'admission/policies-present'],
  [
    'an admission binding that selects one tenant only',
    (f) => edit(f, '_platform/ValidatingAdmissionPolicyBinding.tenantry-pods.yaml', (d) => void (d.spec.matchResources.namespaceSelector = { matchLabels: { 'tenantry.io/tenant': 'globex' } })),
    'admission/bindings-cover',
  ],
  ['an admission binding that only warns', (f) => edit(f, '_platform/ValidatingAdmissionPolicyBinding.tenantry-labels.yaml', (d) => void (d.spec.validationActions = ['Warn'])), 'admission/policies-intact'],
  ['an admission policy whose rule was weakened', (f) => edit(f, '_platform/ValidatingAdmissionPolicy.tenantry-services.yaml', (d) => void (d.spec.validations[0].expression = 'true')), 'admission/policies-intact'],
  ['the system-priority quota removed', (f) => edit(f, KUSTOMIZATION, (d) => void (d.resources = d.resources.filter((r: string) => r !== 'ResourceQuota.acme-api.system-priority.yaml'))), 'admission/system-priority-quota'],
  ['a misspelt optional field', (f) => edit(f, 'acme/Deployment.acme-api.agent-dedicated-acme-api.yaml', (d) => void (d.spec.template.spec.containers[0].imagePullPolcy = 'Always')), 'schema/valid'],
];

describe('checkFiles without drift', () => {
  it('passes on a fresh synthesis', () => {
    // GIVEN a freshly synthesized dist/
    // WHEN it is checked with drift turned off
    const result = checkFiles({ files: fresh, project, drift: false });
    // THEN every proof holds on its own
    expect(result.findings.map(formatFinding)).toEqual([]);
    expect(result.summary.driftChecked).toBe(false);
  });

  it.each(BREAKS)('fails on %s', (_label, breakIt, invariant) => {
    // GIVEN dist/ with one isolation break edited in
    const files = breakIt(fresh);
    // WHEN it is checked with drift turned off
    const result = checkFiles({ files, project, drift: false });
    // THEN the gate fails, with the break's own invariant among the findings
    expect(result.summary.ok).toBe(false);
    expect(result.findings.filter((f) => f.severity !== 'warning').map((f) => f.invariant)).toContain(invariant);
  });

  it('names the kustomization edits one line each', () => {
    // GIVEN a kustomization with a remote base, patches and a namespace transformer
    const files = edit(fresh, KUSTOMIZATION, (d) => {
      d.resources.push('https://github.com/evil/base?ref=main', 'extra.json');
      d.namespace = 'globex-payments';
      d.patches = [];
    });
    // WHEN it is checked
    const lines = checkFiles({ files, project, drift: false }).findings.filter((f) => f.invariant === 'dist/kustomization-plain').map(formatFinding);
    // THEN each problem is one line with its fix
    const count = parse(fresh.get(KUSTOMIZATION)!).resources.length;
    expect(lines).toEqual([
      `dist/acme/kustomization.yaml: resources[${count}] is "https://github.com/evil/base?ref=main", a remote base, fetched at sync time and never proven; list only the folder's own .yaml files`,
      `dist/acme/kustomization.yaml: resources[${count + 1}] is "extra.json", not a .yaml file, so check never parsed it; list only the folder's own .yaml files`,
      'dist/acme/kustomization.yaml: sets namespace and patches, which change what is applied after the proofs ran (patches, namespace or name transformers, generators, bases); keep only a plain resources list',
    ]);
  });

  it('reads only what kustomization.yaml lists, so an unlisted default deny leaves the namespace open', () => {
    // GIVEN globex with every NetworkPolicy file still in the folder but unlisted
    const files = edit(fresh, 'globex/kustomization.yaml', (d) => {
      d.resources = d.resources.filter((r: string) => !r.startsWith('NetworkPolicy.globex-payments.'));
    });
    // WHEN it is checked
    const lines = checkFiles({ files, project, drift: false }).findings.map(formatFinding);
    // THEN the unlisted files are named, and the isolation proof sees the namespace open
    expect(lines).toContain('dist/globex/kustomization.yaml: does not list NetworkPolicy.globex-payments.default-deny.yaml, a file Tenantry generated, so it would not be applied; run `npm run synth`');
    expect(lines.some((l) => l.startsWith('dist/globex/Namespace.globex-payments.yaml: Namespace/globex-payments — no NetworkPolicy selects all its pods'))).toBe(true);
  });
});

describe('checkDist without drift', () => {
  it('fails on a dist/ on disk whose admission policies were removed', async () => {
    // GIVEN the fixture's dist/ on disk without any ValidatingAdmissionPolicy
    const dir = mkdtempSync(join(tmpdir(), 'tenantry-nodrift-'));
    try {
      for (const [path, content] of fresh) {
        if (path.startsWith('_platform/ValidatingAdmissionPolicy.')) continue;
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), path === '_platform/kustomization.yaml' ? content.replace(/^ {2}- ValidatingAdmissionPolicy\..*\n/gm, '') : content);
      }
      // WHEN npm run check's engine reads it with drift off
      const result = await checkDist({ root: FIXTURE, distDir: dir, project, drift: false });
      // THEN every policy is reported missing
      expect(result.summary.ok).toBe(false);
      expect(result.findings.filter((f) => f.invariant === 'admission/policies-present')).toHaveLength(6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
