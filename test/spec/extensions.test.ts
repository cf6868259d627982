import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STRICT_SCHEMAS } from '../../lib/check/strict-schemas';
import { EXTENSION_CORE_KINDS, EXTENSION_LABEL, extensionOutputs, forbiddenKind, hasSchema } from '../../lib/spec/extensions';
import { kubeEnv, type ExtensionFunction, type ExtensionNamespace } from '../../lib/spec/extension-schema';
import { validateProject } from '../../lib/spec/loader';

const AIM_KIND = 'aim.eai.amd.com/v1alpha1/AIMRuntimeConfig';

/** AIM Engine's per-namespace runtime config: the team's env, and a routing path per team. */
const runtimeConfig: ExtensionFunction = (ns) => ({
  apiVersion: 'aim.eai.amd.com/v1alpha1',
  kind: 'AIMRuntimeConfig',
  metadata: { name: 'default', labels: { 'tenantry.io/tenant': 'spoofed', 'aim.eai.amd.com/team': ns.team } },
  spec: { env: kubeEnv(ns.env), routing: { pathTemplate: `/${ns.team}/{.metadata.name}` } },
});

function project(extensions: Record<string, unknown>, teams: unknown[], extra: Record<string, unknown> = {}) {
  return validateProject(
    { file: 'platform.ts', value: { allowedKinds: [AIM_KIND], extensions, ...extra } },
    [{ file: 'tenants/acme.ts', value: { id: 'acme', name: 'Acme', owner: 'lead@acme.example', isolation: 'soft', teams } }],
  );
}

const errorsOf = (result: ReturnType<typeof project>) => (result.ok ? [] : result.errors);

describe('applyExtensions', () => {
  it('adds the objects to the namespaces of teams that ask, with the namespace and Tenantry labels set', () => {
    // GIVEN an on-request extension and two teams, one asking for it with an env holding a secret reference
    const result = project({ 'aim-runtime-config': { objects: runtimeConfig } }, [
      { id: 'team-a', extensions: ['aim-runtime-config'], env: { HF_TOKEN: { secretKeyRef: { name: 'team-a-hf-token', key: 'token' } } } },
      { id: 'team-b' },
    ]);

    // WHEN the project is validated
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const [a, b] = result.tenants[0]!.namespaces;

    // THEN team-a's namespace holds the config, with Tenantry's labels over the object's own and the extension's name; team-b's none
    expect(a!.extensions).toEqual([
      {
        apiVersion: 'aim.eai.amd.com/v1alpha1',
        kind: 'AIMRuntimeConfig',
        metadata: {
          name: 'default',
          namespace: 'acme-team-a',
          labels: {
            'aim.eai.amd.com/team': 'team-a',
            'app.kubernetes.io/managed-by': 'tenantry',
            [EXTENSION_LABEL]: 'aim-runtime-config',
            'tenantry.io/isolation': 'soft',
            'tenantry.io/team': 'team-a',
            'tenantry.io/tenant': 'acme',
          },
        },
        spec: {
          env: [{ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'team-a-hf-token', key: 'token' } } }],
          routing: { pathTemplate: '/team-a/{.metadata.name}' },
        },
      },
    ]);
    expect(b!.extensions).toBeUndefined();
  });

  it('adds an everyNamespace extension to every environment of every team', () => {
    // GIVEN an extension for every namespace and a team with two environments
    const result = project({ 'aim-runtime-config': { everyNamespace: true, objects: runtimeConfig } }, [{ id: 'api', environments: ['dev', 'prod'] }, { id: 'web' }]);

    // WHEN the project is validated
    if (!result.ok) throw new Error(result.errors.join('\n'));

    // THEN each of the three namespaces has one config in it
    expect(result.tenants[0]!.namespaces.map((ns) => ns.extensions?.map((o) => `${o.metadata.namespace}/${o.metadata.name}`))).toEqual([['acme-api-dev/default'], ['acme-api-prod/default'], ['acme-web/default']]);
  });

  it('gives the function a frozen view it cannot change the tenant through', () => {
    // GIVEN an extension that tries to rewrite the namespace it is given
    const seen: ExtensionNamespace[] = [];
    const mutate: ExtensionFunction = (ns) => {
      seen.push(ns);
      (ns.labels as Record<string, string>)['tenantry.io/tenant'] = 'globex';
      return [];
    };

    // WHEN the project is validated
    const result = project({ mutate: { everyNamespace: true, objects: mutate } }, [{ id: 'api' }]);

    // THEN the write fails inside the function and is reported as a throw
    expect(errorsOf(result)).toEqual([
      `platform.ts: extensions.mutate — threw "Cannot assign to read only property 'tenantry.io/tenant' of object '#<Object>'" for namespace acme-api (tenants/acme.ts); fix the function so it returns objects for every namespace`,
    ]);
    expect(seen[0]).toMatchObject({ tenant: 'acme', team: 'api', name: 'acme-api', serviceAccount: 'sa-api', isolation: 'soft' });
  });

  it('fails when a team names an unknown extension or one twice', () => {
    // GIVEN a team with a typo and a repeat
    const result = project({ 'aim-runtime-config': { objects: runtimeConfig } }, [{ id: 'api', extensions: ['aim-runtime', 'aim-runtime-config', 'aim-runtime-config'] }]);

    // WHEN the project is validated
    // THEN both lines name the tenant file's field
    expect(errorsOf(result)).toEqual([
      'tenants/acme.ts: teams.0.extensions.0 — unknown extension, got "aim-runtime"; use one of: aim-runtime-config',
      'tenants/acme.ts: teams.0.extensions.2 — lists extension "aim-runtime-config" a second time; list it once',
    ]);
  });

  it('fails once per extension and problem, however many namespaces it runs in', () => {
    // GIVEN an extension returning a ClusterRole, for three namespaces
    const clusterRole: ExtensionFunction = () => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'aim-all' } });
    const result = project({ grant: { everyNamespace: true, objects: clusterRole } }, [{ id: 'api', environments: ['dev', 'prod'] }, { id: 'web' }]);

    // WHEN the project is validated
    // THEN one line reports it, at the first namespace
    expect(errorsOf(result)).toEqual([
      'platform.ts: extensions.grant — returned ClusterRole "aim-all" for namespace acme-api-dev (tenants/acme.ts), which is cluster-scoped; return only namespaced objects, which Tenantry places in the team namespace',
    ]);
  });

  it.each([
    ['a RoleBinding', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'x' } }, 'RoleBinding "x" for namespace acme-api (tenants/acme.ts), which is an RBAC kind; rights come only from access and serviceAccountRole, so an extension may not grant any'],
    ['a NetworkPolicy', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x' } }, 'NetworkPolicy "x" for namespace acme-api (tenants/acme.ts), which is a guardrail kind; quotas, limits, network and admission policies come from Tenantry and platform.ts guardrails, never from an extension'],
    ['a Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }, 'Secret "x" for namespace acme-api (tenants/acme.ts), which is a Secret, whose data would be written to dist/ in Git; reference an existing Secret instead'],
    ['an object in another namespace', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'globex-api' } }, 'ConfigMap "x" for namespace acme-api (tenants/acme.ts), whose metadata.namespace names another namespace, "globex-api"; leave metadata.namespace out, Tenantry sets it'],
    ['a kind without a schema', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'x' } }, 'Widget "x" for namespace acme-api (tenants/acme.ts), whose kind example.com/v1/Widget has no schema; vendor its CRD into imports/crds/ or add "example.com/v1/Widget" to allowedKinds in platform.ts'],
    ["Tenantry's own tenant-config", { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tenant-config' } }, 'ConfigMap "tenant-config" for namespace acme-api (tenants/acme.ts), which Tenantry or another extension already writes there; give it another name'],
    ['a name that is no DNS subdomain', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Default' } }, 'ConfigMap "Default" for namespace acme-api (tenants/acme.ts), whose name is not a DNS subdomain; use lowercase letters, digits, "-" and "."'],
    ['something that is no object', 'default', '"default" for namespace acme-api (tenants/acme.ts), which is not a Kubernetes object; return { apiVersion, kind, metadata: { name }, ... }'],
  ])('fails when an extension returns %s', (_what, object, message) => {
    // GIVEN an extension returning it
    const result = project({ bad: { everyNamespace: true, objects: () => object } }, [{ id: 'api' }]);

    // WHEN the project is validated
    // THEN the line names the extension, the object, the namespace and the fix
    expect(errorsOf(result)).toEqual([`platform.ts: extensions.bad — returned ${message}`]);
  });

  it('fails when two extensions write the same object', () => {
    // GIVEN two extensions returning the same AIMRuntimeConfig
    const result = project({ first: { everyNamespace: true, objects: runtimeConfig }, second: { everyNamespace: true, objects: runtimeConfig } }, [{ id: 'api' }]);

    // WHEN the project is validated
    // THEN the second is refused
    expect(errorsOf(result)).toEqual(['platform.ts: extensions.second — returned AIMRuntimeConfig "default" for namespace acme-api (tenants/acme.ts), which Tenantry or another extension already writes there; give it another name']);
  });

  it('adds nothing to a pending tenant', () => {
    // GIVEN a pending tenant whose team asks for an extension
    const result = validateProject({ file: 'platform.ts', value: { allowedKinds: [AIM_KIND], extensions: { aim: { objects: runtimeConfig } } } }, [
      { file: 'tenants/acme.ts', value: { id: 'acme', name: 'Acme', owner: 'lead@acme.example', isolation: 'soft', status: 'pending', teams: [{ id: 'api', extensions: ['aim'] }] } },
    ]);

    // WHEN the project is validated
    // THEN its namespace has no extension objects yet
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.tenants[0]!.namespaces[0]!.extensions).toBeUndefined();
  });
});

describe('applyExtensions, for any object an extension returns', () => {
  it('either refuses it or places it in the team namespace with Tenantry labels, never a forbidden kind', () => {
    // GIVEN random kinds (allowed, cluster-scoped, RBAC, guardrail, unknown), namespaces and labels
    const kinds = fc.constantFrom(
      'v1 ConfigMap',
      'apps/v1 Deployment',
      'aim.eai.amd.com/v1alpha1 AIMRuntimeConfig',
      'aim.eai.amd.com/v1alpha1 AIMClusterRuntimeConfig',
      'rbac.authorization.k8s.io/v1 Role',
      'networking.k8s.io/v1 NetworkPolicy',
      'v1 ResourceQuota',
      'v1 Namespace',
      'example.com/v1 Widget',
    );
    const object = fc.record({
      kind: kinds,
      name: fc.constantFrom('default', 'tenant-config', 'Bad_Name', 'x'),
      namespace: fc.option(fc.constantFrom('acme-api', 'globex-api'), { nil: undefined }),
      labels: fc.dictionary(fc.constantFrom('tenantry.io/tenant', 'tenantry.io/team', 'example.com/x'), fc.constantFrom('globex', 'spoofed')),
    });
    fc.assert(
      fc.property(fc.array(object, { maxLength: 4 }), (returned) => {
        // WHEN an extension returns them for every namespace
        const objects = returned.map(({ kind, name, namespace, labels }) => ({ apiVersion: kind.split(' ')[0]!, kind: kind.split(' ')[1]!, metadata: { name, labels, ...(namespace ? { namespace } : {}) } }));
        const result = project({ any: { everyNamespace: true, objects: () => objects } }, [{ id: 'api' }]);

        // THEN it fails with platform.ts lines, or each placed object is in acme-api, labelled for acme, of an allowed kind
        if (!result.ok) {
          expect(result.errors.every((line) => line.startsWith('platform.ts: extensions.any — returned '))).toBe(true);
          return;
        }
        for (const placed of result.tenants[0]!.namespaces[0]!.extensions ?? []) {
          expect(placed.metadata.namespace).toBe('acme-api');
          expect(placed.metadata.labels).toMatchObject({ 'tenantry.io/tenant': 'acme', 'tenantry.io/team': 'api', [EXTENSION_LABEL]: 'any' });
          expect(forbiddenKind(placed.apiVersion, placed.kind)).toBeUndefined();
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('extensionOutputs', () => {
  it('groups the returned objects by extension and namespace for the secret scan, and is empty without any', () => {
    // GIVEN a project whose extension adds a config to two namespaces, and one without extensions
    const result = project({ 'aim-runtime-config': { everyNamespace: true, objects: runtimeConfig } }, [{ id: 'api' }, { id: 'web' }]);
    const bare = project({}, [{ id: 'api' }]);
    if (!result.ok || !bare.ok) throw new Error('invalid test project');

    // WHEN the outputs are collected
    const outputs = extensionOutputs('platform.ts', result.tenants) as { file: string; value: { extensions: Record<string, Record<string, unknown[]>> } };

    // THEN each namespace's objects sit under the extension's name; nothing for the bare project
    expect(outputs.file).toBe('platform.ts');
    expect(Object.keys(outputs.value.extensions['aim-runtime-config']!)).toEqual(['acme-api', 'acme-web']);
    expect(extensionOutputs('platform.ts', bare.tenants)).toBeUndefined();
  });
});

describe('forbiddenKind', () => {
  it("refuses AIM's cluster-scoped runtime config, admission and GitOps kinds, and allows AIM's namespaced one", () => {
    // GIVEN kinds an extension might return
    // WHEN each is classified
    // THEN only the namespaced, non-guardrail kind passes
    expect(forbiddenKind('aim.eai.amd.com/v1alpha1', 'AIMClusterRuntimeConfig')).toMatch(/^cluster-scoped/);
    expect(forbiddenKind('kyverno.io/v1', 'Policy')).toMatch(/^a guardrail kind/);
    expect(forbiddenKind('cilium.io/v2', 'CiliumNetworkPolicy')).toMatch(/^a guardrail kind/);
    expect(forbiddenKind('v1', 'LimitRange')).toMatch(/^a guardrail kind/);
    expect(forbiddenKind('argoproj.io/v1alpha1', 'Application')).toMatch(/^a GitOps kind/);
    expect(forbiddenKind('v1', 'Namespace')).toMatch(/^cluster-scoped/);
    expect(forbiddenKind('aim.eai.amd.com/v1alpha1', 'AIMRuntimeConfig')).toBeUndefined();
  });
});

describe('hasSchema', () => {
  it('knows the core kinds, the stored version of vendored CRDs and allowedKinds', () => {
    // GIVEN kinds with and without schemas
    // WHEN each is looked up
    // THEN the vendored CRD counts only at its stored version
    expect(hasSchema('v1', 'ConfigMap', [])).toBe(true);
    expect(hasSchema('source.toolkit.fluxcd.io/v1', 'GitRepository', [])).toBe(true);
    expect(hasSchema('source.toolkit.fluxcd.io/v1beta2', 'GitRepository', [])).toBe(false);
    expect(hasSchema('aim.eai.amd.com/v1alpha1', 'AIMRuntimeConfig', [])).toBe(false);
    expect(hasSchema('aim.eai.amd.com/v1alpha1', 'AIMRuntimeConfig', [AIM_KIND])).toBe(true);
  });

  it('lists only core kinds the gate has a strict schema for', () => {
    // GIVEN the core kinds extensions may return
    // WHEN they are compared with the gate's strict schemas
    // THEN each has one
    for (const key of EXTENSION_CORE_KINDS) expect(STRICT_SCHEMAS.has(key), key).toBe(true);
  });
});

describe('kubeEnv', () => {
  it('writes literals as value and references as valueFrom, sorted by name', () => {
    // GIVEN an env with a literal, a Secret and a ConfigMap reference
    const env = { Z: 'last', A: { secretKeyRef: { name: 's', key: 'k' } }, M: { configMapKeyRef: { name: 'c', key: 'k' } } };

    // WHEN it is converted
    // THEN it is a Kubernetes env list
    expect(kubeEnv(env)).toEqual([
      { name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      { name: 'M', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' } } },
      { name: 'Z', value: 'last' },
    ]);
  });
});
