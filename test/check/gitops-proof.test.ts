import { describe, expect, it } from 'vitest';
import { deriveTenancy, formatFinding, type Manifest } from '../../lib/check/findings';
import { proveGitOps } from '../../lib/check/gitops-proof';
import type { ResolvedTenant } from '../../lib/spec/resolve';

const SERVER = 'https://kubernetes.default.svc';
const ACME_REPO = 'https://github.com/acme/apps.git';

function namespace(tenant: string, name: string): Manifest {
  return { file: `dist/${tenant}/Namespace.${name}.yaml`, folder: tenant, object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'tenantry.io/tenant': tenant } } } };
}

function object(folder: string, apiVersion: string, kind: string, namespace: string, name: string, spec: Record<string, unknown>): Manifest {
  return { file: `dist/${folder}/${kind}.${namespace}.${name}.yaml`, folder, object: { apiVersion, kind, metadata: { name, namespace }, spec } };
}

const PROJECT_SPEC = {
  sourceRepos: [ACME_REPO],
  destinations: [{ server: SERVER, namespace: 'acme-api' }],
  clusterResourceWhitelist: [],
  namespaceResourceWhitelist: [{ group: 'apps', kind: 'Deployment' }, { group: '', kind: 'Secret' }],
  namespaceResourceBlacklist: [
    { group: '', kind: 'LimitRange' },
    { group: '', kind: 'ResourceQuota' },
    { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  ],
  roles: [{ name: 'edit', policies: ['p, proj:acme:edit, applications, sync, acme/*, allow'], groups: ['acme-devs'] }],
};

const project = (spec: Record<string, unknown> = {}, name = 'acme') => object('acme', 'argoproj.io/v1alpha1', 'AppProject', 'argocd', name, { ...PROJECT_SPEC, ...spec });

function baseline(): Manifest[] {
  return [
    namespace('acme', 'acme-api'),
    namespace('globex', 'globex-pay'),
    project(),
    object('acme', 'argoproj.io/v1alpha1', 'Application', 'argocd', 'acme-api', { project: 'acme', source: { repoURL: ACME_REPO, path: '.' }, destination: { server: SERVER, namespace: 'acme-api' } }),
    { file: 'dist/acme/ServiceAccount.acme-api.flux-reconciler.yaml', folder: 'acme', object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'flux-reconciler', namespace: 'acme-api' } } },
    object('acme', 'source.toolkit.fluxcd.io/v1', 'GitRepository', 'acme-api', 'api', { interval: '1m', url: ACME_REPO, ref: { branch: 'main' } }),
    object('acme', 'kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'acme-api', 'api', {
      interval: '10m',
      path: './',
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'api' },
      serviceAccountName: 'flux-reconciler',
      targetNamespace: 'acme-api',
    }),
    // The platform's own project syncs dist/ and is exempt.
    { file: 'dist/_platform/AppProject.argocd.tenantry-platform.yaml', folder: '_platform', object: { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'tenantry-platform', namespace: 'argocd' }, spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: '*' }] } } },
  ];
}

const TENANTS = [{ id: 'acme', repos: [ACME_REPO] }] as unknown as ResolvedTenant[];

function prove(manifests: Manifest[]): string[] {
  return proveGitOps({ manifests, tenancy: deriveTenancy(manifests), tenants: TENANTS }).findings.map(formatFinding);
}

function swap(manifests: Manifest[], replacement: Manifest): Manifest[] {
  return manifests.map((m) => (m.file === replacement.file ? replacement : m));
}

const PROJECT_FILE = 'dist/acme/AppProject.argocd.acme.yaml: AppProject/argocd/acme — ';

describe('proveGitOps', () => {
  it('accepts a project, application, Kustomization and GitRepository that stay inside the tenant', () => {
    // GIVEN the baseline
    const manifests = baseline();

    // WHEN GitOps is proven
    const result = prove(manifests);

    // THEN nothing is found
    expect(result).toEqual([]);
  });

  it('fails when a project destination names another tenant\'s namespace, a glob or every cluster', () => {
    // GIVEN three bad destinations
    const manifests = swap(baseline(), project({ destinations: [{ server: SERVER, namespace: 'globex-pay' }, { server: SERVER, namespace: 'acme-*' }, { server: '*', namespace: 'acme-api' }, { server: SERVER, namespace: '!kube-system' }] }));

    // WHEN GitOps is proven
    const result = prove(manifests);

    // THEN each is named; the deny entry is fine
    expect(result).toEqual([
      `${PROJECT_FILE}spec.destinations[0].namespace is globex-pay of tenant globex; list only tenant acme's namespaces (acme-api)`,
      `${PROJECT_FILE}spec.destinations[1].namespace is the pattern "acme-*", which may match other tenants' namespaces; list each namespace of tenant acme by name`,
      `${PROJECT_FILE}spec.destinations[2] allows every cluster ("*"); name the platform cluster`,
    ]);
  });

  it('fails when a project pulls from a glob or another tenant\'s repository', () => {
    // GIVEN sourceRepos with "*" and globex's repository
    const manifests = swap(baseline(), project({ sourceRepos: ['*', 'https://github.com/globex/services.git', '!https://github.com/acme/old.git'] }));

    // WHEN GitOps is proven
    const result = prove(manifests);

    // THEN both are named
    expect(result).toEqual([
      `${PROJECT_FILE}spec.sourceRepos[0] is the pattern "*", which may match other tenants' repositories; list the tenant's repositories exactly`,
      `${PROJECT_FILE}spec.sourceRepos[1] is "https://github.com/globex/services.git", which is not one of tenant acme's repositories (${ACME_REPO}); add it to repos or a team's deploy in tenants/acme.ts`,
    ]);
  });

  it('fails when a project allows cluster-scoped kinds or the guardrail kinds', () => {
    // GIVEN a whitelist of Namespace and a blacklist without NetworkPolicy
    const manifests = swap(
      baseline(),
      project({ clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }], namespaceResourceWhitelist: [{ group: 'apps', kind: 'Deployment' }, { group: 'networking.k8s.io', kind: '*' }], namespaceResourceBlacklist: [{ group: '', kind: 'LimitRange' }, { group: '', kind: 'ResourceQuota' }] }),
    );

    // WHEN GitOps is proven
    const result = prove(manifests);

    // THEN both are named
    expect(result).toEqual([
      `${PROJECT_FILE}spec.clusterResourceWhitelist allows core/Namespace; tenants get no cluster-scoped kinds, so leave it empty`,
      `${PROJECT_FILE}spec.namespaceResourceWhitelist allows networking.k8s.io/*, beyond what the tenantry-tenant-edit role may write; the controller applies with its own rights, so remove it`,
      `${PROJECT_FILE}lets applications manage NetworkPolicy; add { group: 'networking.k8s.io', kind: NetworkPolicy } to spec.namespaceResourceBlacklist`,
    ]);
  });

  it('accepts a whitelist that leaves the guardrail kinds out', () => {
    // GIVEN no blacklist but a whitelist of Deployments only
    const manifests = swap(baseline(), project({ namespaceResourceBlacklist: undefined, namespaceResourceWhitelist: [{ group: 'apps', kind: 'Deployment' }] }));

    // WHEN GitOps is proven
    const result = prove(manifests);

    // THEN nothing is found
    expect(result).toEqual([]);
  });

  it('fails when a project whitelists a kind the edit role cannot write, or has no whitelist', () => {
    // GIVEN a whitelist with RoleBinding and ServiceAccount, and a project without any whitelist
    const widened = swap(baseline(), project({ namespaceResourceWhitelist: [{ group: 'apps', kind: 'Deployment' }, { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' }, { group: '', kind: 'ServiceAccount' }] }));
    const open = swap(baseline(), project({ namespaceResourceWhitelist: undefined }));

    // WHEN GitOps is proven
    // THEN the extra kinds and the missing whitelist are named
    expect(prove(widened)).toEqual([
      `${PROJECT_FILE}spec.namespaceResourceWhitelist allows rbac.authorization.k8s.io/RoleBinding and core/ServiceAccount, beyond what the tenantry-tenant-edit role may write; the controller applies with its own rights, so remove them`,
    ]);
    expect(prove(open)).toEqual([
      `${PROJECT_FILE}has no spec.namespaceResourceWhitelist, so applications may create every namespaced kind with the Argo CD controller's rights; list exactly the kinds the tenantry-tenant-edit role may write`,
    ]);
  });

  it('fails when a project takes another name or grants roles outside itself', () => {
    // GIVEN a project named globex, with a foreign policy and source namespace
    const renamed = project({ roles: [{ name: 'edit', policies: ['p, proj:globex:edit, applications, sync, globex/*, allow'] }], sourceNamespaces: ['globex-pay'] }, 'globex');
    const manifests = [...baseline().filter((m) => !m.file.includes('AppProject.argocd.acme')), renamed];

    // WHEN GitOps is proven
    const result = prove(manifests);

    // THEN all three are named
    const prefix = 'dist/acme/AppProject.argocd.globex.yaml: AppProject/argocd/globex — ';
    expect(result).toEqual([
      `${prefix}is named "globex", but the AppProject of tenant acme must be named "acme", so it cannot replace another project`,
      `${prefix}spec.sourceNamespaces[0] is globex-pay of tenant globex; only tenant acme's namespaces may hold its Applications`,
      `${prefix}spec.roles[0].policies[0] is "p, proj:globex:edit, applications, sync, globex/*, allow"; a project role may only grant proj:acme:<role> actions on acme/* applications`,
    ]);
  });

  it('fails when an Application uses another project or deploys into another tenant', () => {
    // GIVEN acme's Application in the default project, aimed at globex-pay
    const app = object('acme', 'argoproj.io/v1alpha1', 'Application', 'argocd', 'acme-api', { project: 'default', source: { repoURL: ACME_REPO, path: '.' }, destination: { server: SERVER, namespace: 'globex-pay' } });
    const manifests = swap(baseline(), app);

    // WHEN GitOps is proven
    const result = prove(manifests);

    // THEN both are named
    const prefix = 'dist/acme/Application.argocd.acme-api.yaml: Application/argocd/acme-api — ';
    expect(result).toEqual([
      `${prefix}spec.project is "default"; a tenant's Application must use the tenant's own project "acme"`,
      `${prefix}spec.destination.namespace is globex-pay of tenant globex; deploy only into tenant acme's namespaces (acme-api)`,
    ]);
  });

  it('fails when a Kustomization runs without its reconciler or applies into another tenant', () => {
    // GIVEN a Kustomization without serviceAccountName, aimed at globex-pay with a cross-namespace source
    const k = object('acme', 'kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'acme-api', 'api', { interval: '10m', path: './', prune: true, sourceRef: { kind: 'GitRepository', name: 'api', namespace: 'globex-pay' }, targetNamespace: 'globex-pay' });
    const manifests = swap(baseline(), k);

    // WHEN GitOps is proven
    const result = prove(manifests);

    // THEN each is named
    const prefix = 'dist/acme/Kustomization.acme-api.api.yaml: Kustomization/acme-api/api — ';
    expect(result).toEqual([
      `${prefix}has no spec.serviceAccountName, so it applies with the controller's own rights; set the tenant's reconciler ServiceAccount`,
      `${prefix}spec.targetNamespace is globex-pay of tenant globex; set it to one of tenant acme's namespaces (acme-api)`,
      `${prefix}spec.sourceRef.namespace is globex-pay of tenant globex; read sources only from the tenant's own namespaces`,
    ]);
  });

  it('fails when a GitRepository fetches a repository the tenant did not declare', () => {
    // GIVEN a GitRepository pointing at globex's repository
    const manifests = swap(baseline(), object('acme', 'source.toolkit.fluxcd.io/v1', 'GitRepository', 'acme-api', 'api', { interval: '1m', url: 'https://github.com/globex/services.git' }));

    // WHEN GitOps is proven
    const result = prove(manifests);

    // THEN the URL is named
    expect(result).toEqual([
      `dist/acme/GitRepository.acme-api.api.yaml: GitRepository/acme-api/api — spec.url is "https://github.com/globex/services.git", which is not one of tenant acme's repositories (${ACME_REPO}); add it to repos or a team's deploy in tenants/acme.ts`,
    ]);
  });
});
