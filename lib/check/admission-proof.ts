/*
 * The admission proof: the run-time guardrails are in dist/_platform/, are the ones
 * platform.ts produces, deny, and cover every tenant namespace; each tenant namespace caps
 * system-priority pods, NodePorts and LoadBalancers with quotas.
 */
import { isDeepStrictEqual } from 'node:util';
import { ADMISSION_POLICIES, ANNOTATIONS, SYSTEM_PRIORITY_CLASSES } from '../spec/admission-names';
import { admissionObjects } from '../synth/synth';
import { PLATFORM_FOLDER } from '../synth/dist-layout';
import { asArray, asString, finding, isRecord, labelsOf, listing, nameOf, namespaceOf, type Finding, type Invariant, type Manifest, type ProofContext, type ProofResult } from './findings';
import { selectorMatches } from './network-model';

export const ADMISSION_INVARIANTS: readonly Invariant[] = [
  { id: 'admission/policies-present', proof: 'admission', statement: `dist/${PLATFORM_FOLDER}/ holds each of Tenantry's ValidatingAdmissionPolicies (${Object.values(ADMISSION_POLICIES).join(', ')}) and its binding.` },
  { id: 'admission/policies-intact', proof: 'admission', statement: 'Each admission policy and binding is exactly what platform.ts produces, with failurePolicy Fail and validationActions [Deny].' },
  { id: 'admission/bindings-cover', proof: 'admission', statement: "Each binding's namespaceSelector matches every tenant Namespace in dist/, with no objectSelector or exclusions." },
  { id: 'admission/system-priority-quota', proof: 'admission', statement: 'Every tenant namespace has a ResourceQuota scoped to the system priority classes that allows 0 pods.' },
  { id: 'admission/service-quota', proof: 'admission', statement: 'Every tenant namespace caps services.nodeports and services.loadbalancers at 0 unless its tenant allows that Service type.' },
];

const API = 'admissionregistration.k8s.io/v1';
const isAdmission = (m: Manifest, kind: string) => m.object.kind === kind && m.object.apiVersion === API;
const zero = (value: unknown) => value !== undefined && String(value) === '0';

export function proveAdmission(context: ProofContext): ProofResult {
  const findings: Finding[] = [];
  let checks = 0;
  const platformFile = `dist/${PLATFORM_FOLDER}/`;
  // In a fleet each cluster's _platform.<cluster>/ carries its own copy; presence and coverage are proven over all of them.
  const inPlatform = (m: Manifest) => m.folder === PLATFORM_FOLDER || m.folder.startsWith(`${PLATFORM_FOLDER}.`);
  const policies = new Map(context.manifests.filter((m) => inPlatform(m) && isAdmission(m, 'ValidatingAdmissionPolicy')).map((m) => [nameOf(m.object), m]));
  const bindings = context.manifests.filter((m) => inPlatform(m) && isAdmission(m, 'ValidatingAdmissionPolicyBinding'));
  const expected = context.platform ? new Map(admissionObjects(context.platform).map((o) => [`${o.kind}/${o.metadata.name}`, o])) : undefined;
  const namespaces = context.manifests.filter((m) => m.object.kind === 'Namespace' && context.tenancy.namespaceOwner.has(nameOf(m.object) ?? ''));
  // Nothing generated at all (dist/ missing or empty) is reported once, by the drift proof.
  if (!namespaces.length && !context.manifests.some(inPlatform)) return { findings, checks };

  for (const name of Object.values(ADMISSION_POLICIES)) {
    checks += 3;
    const policy = policies.get(name);
    if (!policy) {
      findings.push(finding('admission', 'admission/policies-present', platformFile, `ValidatingAdmissionPolicy ${name} is missing, so tenants are not held to it at run time; run \`npm run synth\` and commit dist/`));
      continue;
    }
    const spec = isRecord(policy.object.spec) ? policy.object.spec : {};
    if (spec.failurePolicy !== undefined && spec.failurePolicy !== 'Fail') {
      findings.push(finding('admission', 'admission/policies-intact', policy, `spec.failurePolicy is ${JSON.stringify(spec.failurePolicy)}, so an error lets the request through; set Fail`));
    }
    const want = expected?.get(`ValidatingAdmissionPolicy/${name}`);
    if (want && !isDeepStrictEqual(plain(spec), plain(want.spec))) {
      findings.push(finding('admission', 'admission/policies-intact', policy, `spec differs from what platform.ts produces (${firstDifference(spec, want.spec)}), so the rule it enforces is not the one proven; run \`npm run synth\``));
    }
    const own = bindings.filter((b) => isRecord(b.object.spec) && b.object.spec.policyName === name);
    if (!own.length) {
      findings.push(finding('admission', 'admission/policies-present', policy, `no ValidatingAdmissionPolicyBinding names policyName ${name}, so it applies nowhere; run \`npm run synth\``));
      continue;
    }
    const denying = own.filter((b) => asArray((b.object.spec as Record<string, unknown>).validationActions).includes('Deny'));
    for (const binding of own) {
      checks += 2;
      const bspec = binding.object.spec as Record<string, unknown>;
      if (!asArray(bspec.validationActions).includes('Deny')) {
        findings.push(finding('admission', 'admission/policies-intact', binding, `spec.validationActions is ${JSON.stringify(bspec.validationActions ?? null)}, so violations are only reported; set [Deny]`));
      }
      const wantBinding = expected?.get(`ValidatingAdmissionPolicyBinding/${nameOf(binding.object)}`);
      if (wantBinding && !isDeepStrictEqual(plain(bspec), plain(wantBinding.spec))) {
        findings.push(finding('admission', 'admission/policies-intact', binding, `spec differs from what platform.ts produces (${firstDifference(bspec, wantBinding.spec)}); run \`npm run synth\``));
      }
    }
    if (!denying.length) continue;
    const uncovered = namespaces.filter((ns) => !denying.some((b) => covers(b, ns))).map((ns) => nameOf(ns.object)!);
    checks += namespaces.length;
    if (uncovered.length) {
      findings.push(finding('admission', 'admission/bindings-cover', denying[0]!, `does not apply policy ${name} in ${listing(uncovered.sort())}, so tenants there are not held to it; select every namespace labelled tenantry.io/tenant and nothing narrower`));
    }
  }

  const allows = serviceAllowances(context, namespaces);
  // Indexed once: looking each namespace's quotas up in every manifest made the proof quadratic in tenants.
  const quotasByNamespace = new Map<string, Manifest[]>();
  for (const m of context.manifests) {
    const namespace = m.object.kind === 'ResourceQuota' ? namespaceOf(m.object) : undefined;
    if (namespace !== undefined) quotasByNamespace.set(namespace, [...(quotasByNamespace.get(namespace) ?? []), m]);
  }
  for (const ns of namespaces) {
    const name = nameOf(ns.object)!;
    const quotas = quotasByNamespace.get(name) ?? [];
    const hard = (m: Manifest) => (isRecord(m.object.spec) && isRecord(m.object.spec.hard) ? m.object.spec.hard : {});
    checks += 3;
    if (!quotas.some((q) => zero(hard(q).pods) && scopedToSystem(q))) {
      findings.push(finding('admission', 'admission/system-priority-quota', ns, `no ResourceQuota scoped to PriorityClass In [${SYSTEM_PRIORITY_CLASSES.join(', ')}] caps pods at 0, so its pods may preempt every other tenant's; restore the system-priority quota`));
    }
    const types = allows.get(name) ?? ['ClusterIP'];
    for (const [type, key] of [['NodePort', 'services.nodeports'], ['LoadBalancer', 'services.loadbalancers']] as const) {
      if (types.includes(type)) continue;
      if (!quotas.some((q) => zero(hard(q)[key]))) {
        findings.push(finding('admission', 'admission/service-quota', ns, `no ResourceQuota sets ${key}: 0, though tenant ${context.tenancy.namespaceOwner.get(name)} may not create ${type} Services; restore the quota`));
      }
    }
  }
  return { findings, checks };
}

function covers(binding: Manifest, ns: Manifest): boolean {
  const spec = binding.object.spec as Record<string, unknown>;
  const match = isRecord(spec.matchResources) ? spec.matchResources : {};
  if (match.objectSelector !== undefined || match.excludeResourceRules !== undefined) return false;
  const selector = isRecord(match.namespaceSelector) ? match.namespaceSelector : {};
  const name = nameOf(ns.object)!;
  return selectorMatches(selector, { id: name, kind: 'tenant', roles: [], labels: { ...labelsOf(ns.object), 'kubernetes.io/metadata.name': name }, openLabels: false });
}

function scopedToSystem(quota: Manifest): boolean {
  const spec = isRecord(quota.object.spec) ? quota.object.spec : {};
  const expressions = isRecord(spec.scopeSelector) ? asArray(spec.scopeSelector.matchExpressions).filter(isRecord) : [];
  return (
    expressions.length === 1 &&
    expressions[0]!.scopeName === 'PriorityClass' &&
    expressions[0]!.operator === 'In' &&
    SYSTEM_PRIORITY_CLASSES.every((c) => asArray(expressions[0]!.values).includes(c))
  );
}

/** Service types per namespace: from the tenant files when they loaded, else from the Namespace annotation. */
function serviceAllowances(context: ProofContext, namespaces: readonly Manifest[]): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const tenant of context.tenants ?? []) for (const ns of tenant.namespaces) out.set(ns.name, tenant.serviceTypes);
  for (const ns of namespaces) {
    const name = nameOf(ns.object)!;
    if (out.has(name)) continue;
    const annotations = isRecord(ns.object.metadata?.annotations) ? ns.object.metadata!.annotations : {};
    out.set(name, (asString(annotations[ANNOTATIONS.serviceTypes]) ?? 'ClusterIP').split(','));
  }
  return out;
}

/** Without undefined values, as YAML would hold it. */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** The first field path where two values differ, for the message. */
function firstDifference(actual: unknown, expected: unknown, path = 'spec'): string {
  if (isRecord(actual) && isRecord(expected)) {
    for (const key of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
      if (!isDeepStrictEqual(plain(actual[key]), plain(expected[key]))) return firstDifference(actual[key], expected[key], `${path}.${key}`);
    }
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
      if (!isDeepStrictEqual(plain(actual[i]), plain(expected[i]))) return firstDifference(actual[i], expected[i], `${path}[${i}]`);
    }
  }
  return `at ${path}`;
}
