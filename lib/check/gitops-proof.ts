// The GitOps proof: AppProjects, Applications and Flux objects stay inside their tenant.
import { GUARDRAIL_KINDS } from '../spec/tenant-kinds';
import { tenantWhitelist } from '../spec/tenant-resources';
import { tenantProjects } from '../spec/tenant-projects';
import {
  asArray,
  asString,
  finding,
  folderTenant,
  isRecord,
  listing,
  nameOf,
  namespaceOf,
  type Finding,
  type Invariant,
  type Manifest,
  type ProofContext,
  type ProofResult,
} from './findings';

/*
 * The GitOps proof: a tenant's Argo CD AppProject and Applications, and its Flux
 * Kustomizations and GitRepositories, stay inside the tenant. Objects in dist/<tenant>/
 * are the tenant's; the platform's own (dist/_platform/) sync dist/ itself and are exempt.
 */

export const GITOPS_INVARIANTS: readonly Invariant[] = [
  {
    id: 'gitops/project-destinations',
    proof: 'gitops',
    statement: "A tenant's AppProject deploys only to the tenant's own namespaces, listed by name (no globs), on a named cluster (no \"*\").",
  },
  { id: 'gitops/project-sources', proof: 'gitops', statement: "A tenant's AppProject and Applications pull only from the tenant's declared repositories (no globs)." },
  { id: 'gitops/project-cluster-resources', proof: 'gitops', statement: "A tenant's AppProject whitelists no cluster-scoped kinds." },
  { id: 'gitops/project-guardrails', proof: 'gitops', statement: "A tenant's AppProject forbids ResourceQuota, LimitRange and NetworkPolicy." },
  {
    id: 'gitops/project-whitelist',
    proof: 'gitops',
    statement: "A tenant's AppProject whitelists only kinds the tenantry-tenant-edit role may write, each by exact group and kind.",
  },
  {
    id: 'gitops/project-scope',
    proof: 'gitops',
    statement: "A tenant's AppProject is named after the tenant, and its roles, sourceNamespaces and destinationServiceAccounts stay inside that project and the tenant's namespaces.",
  },
  { id: 'gitops/application-scope', proof: 'gitops', statement: "A tenant's Argo CD Applications use the tenant's own AppProject and deploy only into its namespaces." },
  {
    id: 'gitops/flux-scope',
    proof: 'gitops',
    statement:
      "A tenant's Flux Kustomizations run as a ServiceAccount of their own namespace, apply only into the tenant's namespaces and read sources only there; its GitRepositories fetch only its repositories.",
  },
];


const GLOB = /[*?[\]{}!]/;

/** Argo CD's glob match for group and kind lists: `*` matches any run of characters. */
function globMatches(pattern: string, value: string): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\/]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`).test(value);
}

function listed(list: unknown, group: string, kind: string): boolean {
  return asArray(list).some((item) => isRecord(item) && globMatches(asString(item.group) ?? '', group) && globMatches(asString(item.kind) ?? '', kind));
}

const isKind = (m: Manifest, group: string, kind: string) => m.object.kind === kind && typeof m.object.apiVersion === 'string' && m.object.apiVersion.startsWith(`${group}/`);

export function proveGitOps(context: ProofContext): ProofResult {
  const findings: Finding[] = [];
  let checks = 0;
  const repos = new Map((context.tenants ?? []).map((t) => [t.id, t.repos]));
  // Tenants known only by id and repos (no namespaces) keep the one project named after them.
  // The platform's own CRD kinds (platform.ts tenantResources) are what the edit role also writes.
  const writable = tenantWhitelist(context.platform?.tenantResources ?? []);
  const projectsOf = new Map((context.tenants ?? []).map((t) => [t.id, t.namespaces ? tenantProjects(t).map((p) => p.name) : [t.id]]));
  const serviceAccounts = new Set(
    context.manifests.filter((m) => m.object.kind === 'ServiceAccount' && m.object.apiVersion === 'v1').map((m) => `${namespaceOf(m.object)}/${nameOf(m.object)}`),
  );

  for (const m of context.manifests) {
    const tenant = folderTenant(m.folder);
    if (!tenant) continue;
    const own = new Set(context.tenancy.tenantNamespaces.get(tenant) ?? []);
    const spec = isRecord(m.object.spec) ? m.object.spec : {};
    const add = (invariant: string, message: string) => findings.push(finding('gitops', invariant, m, message));
    const outside = (ns: string | undefined) => !ns || !own.has(ns);
    const describeNs = (ns: string | undefined) => {
      if (!ns) return 'no namespace';
      const owner = context.tenancy.namespaceOwner.get(ns);
      return owner ? `${ns} of tenant ${owner}` : `${ns}, which is not one of tenant ${tenant}'s namespaces`;
    };
    const checkRepo = (path: string, url: unknown, invariant: string) => {
      checks++;
      const repo = asString(url) ?? '';
      if (GLOB.test(repo)) add(invariant, `${path} is the pattern "${repo}", which may match other tenants' repositories; list the tenant's repositories exactly`);
      else if (repos.has(tenant) && !repos.get(tenant)!.includes(repo)) {
        add(invariant, `${path} is "${repo}", which is not one of tenant ${tenant}'s repositories (${listing([...repos.get(tenant)!]) || 'none declared'}); add it to repos or a team's deploy in tenants/${tenant}.ts`);
      }
    };

    if (isKind(m, 'argoproj.io', 'AppProject')) {
      checks += 6;
      const allowed = projectsOf.get(tenant) ?? [tenant];
      const projectName = nameOf(m.object) ?? '';
      if (!allowed.includes(projectName)) {
        add('gitops/project-scope', `is named "${projectName}", but the AppProject of tenant ${tenant} must be named ${listing(allowed.map((n) => `"${n}"`))}, so it cannot replace another project`);
      }
      const project = allowed.includes(projectName) ? projectName : tenant;
      asArray(spec.destinations).forEach((raw, index) => {
        checks++;
        const d = isRecord(raw) ? raw : {};
        const ns = asString(d.namespace);
        if (ns?.startsWith('!')) return; // a deny entry narrows the project
        if (d.server === '*' || d.name === '*') add('gitops/project-destinations', `spec.destinations[${index}] allows every cluster ("*"); name the platform cluster`);
        if (ns && GLOB.test(ns)) add('gitops/project-destinations', `spec.destinations[${index}].namespace is the pattern "${ns}", which may match other tenants' namespaces; list each namespace of tenant ${tenant} by name`);
        else if (outside(ns)) add('gitops/project-destinations', `spec.destinations[${index}].namespace is ${describeNs(ns)}; list only tenant ${tenant}'s namespaces (${listing([...own])})`);
      });
      asArray(spec.sourceRepos).forEach((repo, index) => {
        if (typeof repo === 'string' && repo.startsWith('!')) return; // a deny entry narrows the project
        checkRepo(`spec.sourceRepos[${index}]`, repo, 'gitops/project-sources');
      });
      const whitelist = asArray(spec.clusterResourceWhitelist);
      if (whitelist.length) {
        add('gitops/project-cluster-resources', `spec.clusterResourceWhitelist allows ${listing(whitelist.map((w) => (isRecord(w) ? `${asString(w.group) || 'core'}/${asString(w.kind)}` : String(w))))}; tenants get no cluster-scoped kinds, so leave it empty`);
      }
      const open = GUARDRAIL_KINDS.filter(({ group, kind }) => {
        checks++;
        if (listed(spec.namespaceResourceBlacklist, group, kind)) return false;
        return spec.namespaceResourceWhitelist === undefined || listed(spec.namespaceResourceWhitelist, group, kind);
      });
      checks++;
      if (!Array.isArray(spec.namespaceResourceWhitelist)) {
        add('gitops/project-whitelist', `has no spec.namespaceResourceWhitelist, so applications may create every namespaced kind with the Argo CD controller's rights; list exactly the kinds the tenantry-tenant-edit role may write`);
      } else {
        const beyond = asArray(spec.namespaceResourceWhitelist).filter((raw) => {
          const item = isRecord(raw) ? raw : {};
          return !writable.some((k) => k.group === asString(item.group) && k.kind === asString(item.kind));
        });
        if (beyond.length) {
          const names = beyond.map((w) => (isRecord(w) ? `${asString(w.group) || 'core'}/${asString(w.kind) ?? '(no kind)'}` : JSON.stringify(w)));
          add('gitops/project-whitelist', `spec.namespaceResourceWhitelist allows ${listing(names)}, beyond what the tenantry-tenant-edit role may write; the controller applies with its own rights, so remove ${beyond.length > 1 ? 'them' : 'it'}`);
        }
      }
      if (open.length) {
        add('gitops/project-guardrails', `lets applications manage ${listing(open.map((k) => k.kind))}; add ${listing(open.map((k) => `{ group: '${k.group}', kind: ${k.kind} }`))} to spec.namespaceResourceBlacklist`);
      }
      asArray(spec.sourceNamespaces).forEach((ns, index) => {
        checks++;
        if (typeof ns !== 'string' || GLOB.test(ns) || outside(ns)) add('gitops/project-scope', `spec.sourceNamespaces[${index}] is ${typeof ns === 'string' && GLOB.test(ns) ? `the pattern "${ns}"` : describeNs(asString(ns))}; only tenant ${tenant}'s namespaces may hold its Applications`);
      });
      asArray(spec.destinationServiceAccounts).forEach((raw, index) => {
        checks++;
        const d = isRecord(raw) ? raw : {};
        const ns = asString(d.namespace);
        const account = asString(d.defaultServiceAccount) ?? '';
        const accountNs = account.includes(':') ? account.split(':')[0] : ns;
        if ((ns && GLOB.test(ns)) || outside(ns)) add('gitops/project-scope', `spec.destinationServiceAccounts[${index}].namespace is ${ns && GLOB.test(ns) ? `the pattern "${ns}"` : describeNs(ns)}; list only tenant ${tenant}'s namespaces`);
        else if (outside(accountNs)) add('gitops/project-scope', `spec.destinationServiceAccounts[${index}] impersonates ${account} from ${describeNs(accountNs)}; use a ServiceAccount of the tenant's own namespace`);
      });
      asArray(spec.roles).forEach((raw, index) => {
        const role = isRecord(raw) ? raw : {};
        asArray(role.policies).forEach((policy, p) => {
          checks++;
          const parts = String(policy).split(',').map((x) => x.trim());
          const subject = parts[1] ?? '';
          const object = parts[4] ?? '';
          if (!subject.startsWith(`proj:${project}:`) || !object.startsWith(`${project}/`) || (parts[2] !== 'applications' && parts[2] !== 'applicationsets' && parts[2] !== 'logs' && parts[2] !== 'exec')) {
            add('gitops/project-scope', `spec.roles[${index}].policies[${p}] is "${String(policy)}"; a project role may only grant proj:${project}:<role> actions on ${project}/* applications`);
          }
        });
      });
    } else if (isKind(m, 'argoproj.io', 'Application')) {
      checks += 4;
      const allowed = projectsOf.get(tenant) ?? [tenant];
      if (!allowed.includes(String(spec.project))) {
        add('gitops/application-scope', `spec.project is ${JSON.stringify(spec.project ?? null)}; a tenant's Application must use the tenant's own project ${listing(allowed.map((n) => `"${n}"`))}`);
      }
      const destination = isRecord(spec.destination) ? spec.destination : {};
      const ns = asString(destination.namespace);
      if (destination.server === '*' || destination.name === '*') add('gitops/application-scope', 'spec.destination allows every cluster ("*"); name the platform cluster');
      if (outside(ns)) add('gitops/application-scope', `spec.destination.namespace is ${describeNs(ns)}; deploy only into tenant ${tenant}'s namespaces (${listing([...own])})`);
      const sources = [...(isRecord(spec.source) ? [spec.source] : []), ...asArray(spec.sources).filter(isRecord)];
      sources.forEach((source, index) => checkRepo(isRecord(spec.source) && index === 0 ? 'spec.source.repoURL' : `spec.sources[${isRecord(spec.source) ? index - 1 : index}].repoURL`, source.repoURL, 'gitops/project-sources'));
    } else if (isKind(m, 'kustomize.toolkit.fluxcd.io', 'Kustomization')) {
      checks += 4;
      const namespace = namespaceOf(m.object);
      const account = asString(spec.serviceAccountName);
      if (!account) add('gitops/flux-scope', `has no spec.serviceAccountName, so it applies with the controller's own rights; set the tenant's reconciler ServiceAccount`);
      else if (!serviceAccounts.has(`${namespace}/${account}`)) add('gitops/flux-scope', `spec.serviceAccountName is "${account}", but no ServiceAccount ${namespace}/${account} is in dist/; point it at the tenant's reconciler ServiceAccount`);
      const target = asString(spec.targetNamespace);
      if (outside(target)) add('gitops/flux-scope', `spec.targetNamespace is ${target ? describeNs(target) : 'not set'}; set it to one of tenant ${tenant}'s namespaces (${listing([...own])})`);
      const sourceRef = isRecord(spec.sourceRef) ? spec.sourceRef : {};
      const sourceNs = asString(sourceRef.namespace);
      if (sourceNs !== undefined && outside(sourceNs)) add('gitops/flux-scope', `spec.sourceRef.namespace is ${describeNs(sourceNs)}; read sources only from the tenant's own namespaces`);
      if (spec.kubeConfig !== undefined) add('gitops/flux-scope', 'spec.kubeConfig applies to another cluster with credentials outside the tenant; remove it');
    } else if (isKind(m, 'source.toolkit.fluxcd.io', 'GitRepository')) {
      checkRepo('spec.url', spec.url, 'gitops/flux-scope');
    }
  }
  return { findings, checks };
}
