// The schema proof of parsed manifests: every object valid against its kind's schema, known, and scoped right.
import { namespaceOf, objectRef, type Finding, type Manifest } from './findings';
import { isSupportedKind, validateObject } from './schema-validator';
import { isClusterScoped } from '../synth/dist-layout';

/** Findings of schema/known-kind, schema/valid and schema/scope; kinds in `allowedKinds` are accepted without a schema. */
export function proveSchemas(manifests: readonly Manifest[], allowedKinds: readonly string[]): { findings: Finding[]; checks: number } {
  const findings: Finding[] = [];
  let checks = 0;
  for (const m of manifests) {
    const { apiVersion, kind } = m.object;
    checks += 3;
    if (typeof apiVersion === 'string' && typeof kind === 'string' && !isSupportedKind(apiVersion, kind)) {
      if (!allowedKinds.includes(`${apiVersion}/${kind}`)) {
        findings.push({ proof: 'schema', invariant: 'schema/known-kind', file: m.file, object: objectRef(m.object), message: `kind ${apiVersion}/${kind} has no schema Tenantry knows; if it belongs in dist/, list "${apiVersion}/${kind}" under allowedKinds in platform.ts` });
      }
      continue;
    }
    const issues = validateObject(m.object);
    if (issues.length) {
      const text = issues.slice(0, 3).map((i) => `${i.path} ${i.message}`).join('; ');
      const more = issues.length > 3 ? `; and ${issues.length - 3} more` : '';
      findings.push({ proof: 'schema', invariant: 'schema/valid', file: m.file, object: objectRef(m.object), message: `does not match the ${kind} schema: ${text}${more}; fix the construct or the hand edit that produced it` });
      continue;
    }
    const namespace = namespaceOf(m.object);
    if (isClusterScoped(String(kind)) && m.object.metadata?.namespace !== undefined) {
      findings.push({ proof: 'schema', invariant: 'schema/scope', file: m.file, object: objectRef(m.object), message: `is cluster-scoped but carries metadata.namespace "${String(m.object.metadata?.namespace)}"; remove it` });
    } else if (!isClusterScoped(String(kind)) && !namespace) {
      findings.push({ proof: 'schema', invariant: 'schema/scope', file: m.file, object: objectRef(m.object), message: 'is namespaced but has no metadata.namespace, so it would land wherever the sync points; set the namespace' });
    }
  }
  return { findings, checks };
}
