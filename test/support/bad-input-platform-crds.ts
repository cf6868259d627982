// Bad-input cases for issue 12 points 5-7 (platform CRDs for tenants, platform extensions, routing kinds), run by test/spec/loader.test.ts.

/** One fixture folder under test/spec/fixtures/bad-input/ and the exact lines it prints. */
export interface BadInputCase {
  readonly name: string;
  readonly when: string;
  readonly lines: readonly string[];
}

export const PLATFORM_CRD_CASES: readonly BadInputCase[] = [
  // Platform CRDs for tenants.
  {
    name: 'platform-tenant-resources-wildcard',
    when: 'platform.ts grants tenants every kind of a group with "*"',
    lines: ['platform.ts: tenantResources.0.kinds.0 — a wildcard would grant every kind of the group, got "*"; list each kind by name, such as "AIMService"'],
  },
  {
    name: 'platform-tenant-resources-cluster-scoped',
    when: "platform.ts grants tenants AIM's cluster-scoped AIMClusterModel",
    lines: ['platform.ts: tenantResources.0.kinds.1 — is cluster-scoped: its name marks it as the cluster-scoped twin of a namespaced kind, got "AIMClusterModel"; tenants work inside their namespaces, so leave it out (or vendor its CRD into imports/crds/ if it is namespaced)'],
  },
  {
    name: 'platform-tenant-resources-builtin-group',
    when: 'platform.ts lists NetworkPolicy as a platform resource',
    lines: [`platform.ts: tenantResources.0.group — is a Kubernetes API group, whose kinds Tenantry's own roles decide (the guardrails among them), got "networking.k8s.io"; list only the platform's own CRD groups`],
  },
  // Platform extensions.
  {
    name: 'extension-cluster-scoped',
    when: "an extension returns AIM's cluster-scoped AIMClusterRuntimeConfig",
    lines: ['platform.ts: extensions.aim-runtime-config — returned AIMClusterRuntimeConfig "default" for namespace acme-api (tenants/acme.ts), which is cluster-scoped; return only namespaced objects, which Tenantry places in the team namespace'],
  },
  {
    name: 'extension-rbac',
    when: 'an extension returns a RoleBinding to admin',
    lines: ['platform.ts: extensions.aim-access — returned RoleBinding "aim-admin" for namespace acme-api (tenants/acme.ts), which is an RBAC kind; rights come only from access and serviceAccountRole, so an extension may not grant any'],
  },
  {
    name: 'extension-unknown-name',
    when: 'a team names an extension platform.ts does not declare',
    lines: ['tenants/acme.ts: teams.0.extensions.0 — unknown extension, got "aim-runtime"; use one of: aim-runtime-config'],
  },
  {
    name: 'extension-other-namespace',
    when: 'an extension returns an object naming another namespace',
    lines: ['platform.ts: extensions.shared-config — returned ConfigMap "shared" for namespace acme-api (tenants/acme.ts), whose metadata.namespace names another namespace, "globex-web"; leave metadata.namespace out, Tenantry sets it'],
  },
  {
    name: 'extension-no-schema',
    when: 'an extension returns a kind with no CRD and not in allowedKinds',
    lines: ['platform.ts: extensions.aim-runtime-config — returned AIMRuntimeConfig "default" for namespace acme-api (tenants/acme.ts), whose kind aim.eai.amd.com/v1alpha1/AIMRuntimeConfig has no schema; vendor its CRD into imports/crds/ or add "aim.eai.amd.com/v1alpha1/AIMRuntimeConfig" to allowedKinds in platform.ts'],
  },
  {
    name: 'extension-not-a-function',
    when: 'an extension gives objects instead of a function',
    lines: ['platform.ts: extensions.aim-runtime-config.objects — expected a function (namespace) => objects, got [{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name"...'],
  },
  {
    name: 'extension-defined-in-tenant',
    when: 'a tenant file tries to define an extension of its own',
    lines: ['tenants/acme.ts:7:37: teams.0.extensions.0 — a function is not allowed in a tenant file; a tenant file is data, so write the value itself as a literal'],
  },
  {
    name: 'extension-literal-secret',
    when: 'an extension writes a literal token into its objects',
    lines: ['platform.ts: extensions.aim-runtime-config.acme-api.0.spec.env.0.value — looks like a literal secret (GitHub Token (GitHub personal access tokens)), got "ghp_…"; store it in a Secret and use { secretKeyRef: { name, key } }'],
  },
  // Routing kinds.
  {
    name: 'routing-repo-dot-git-claimed',
    when: 'two tenants claim one GitHub repository, once with .git',
    lines: ['tenants/globex.ts: teams.0.routing.githubRepos.0 — GitHub repository "acme/platform.git" (normalised "acme/platform") is already claimed by tenants/acme.ts (teams.0.routing.githubRepos.0); each GitHub repository routes to one team only'],
  },
  {
    name: 'routing-slack-hash-claimed-in-tenant',
    when: 'two teams of a tenant claim one Slack channel, once with # and in lower case',
    lines: ['tenants/acme.ts: teams.1.routing.slackChannels.0 — Slack channel "#c0a4967krbm" (normalised "C0A4967KRBM") is already claimed by tenants/acme.ts (teams.0.routing.slackChannels.0); each Slack channel routes to one team only'],
  },
  {
    name: 'routing-pagerduty-claimed',
    when: 'two tenants claim one PagerDuty service in different case',
    lines: ['tenants/globex.ts: teams.0.routing.pagerdutyServices.0 — PagerDuty service "pxxxxxx" (normalised "PXXXXXX") is already claimed by tenants/acme.ts (teams.0.routing.pagerdutyServices.0); each PagerDuty service routes to one team only'],
  },
  {
    name: 'routing-pagerduty-bad-id',
    when: 'a PagerDuty service is given by name',
    lines: ['tenants/acme.ts: teams.0.routing.pagerdutyServices.0 — expected a PagerDuty service id such as "PXXXXXX", got "acme-pager"'],
  },
  {
    name: 'routing-unknown-kind',
    when: 'a team routes a kind platform.ts does not declare',
    lines: ['tenants/acme.ts: teams.0.routing.opsgenieTeams — unknown routing kind, got "opsgenieTeams"; use one of: githubRepos, pagerdutyServices, slackChannels, or declare it under routingKinds in platform.ts'],
  },
  {
    name: 'routing-platform-kind-mismatch',
    when: "an identifier does not match its platform kind's pattern",
    lines: ['tenants/acme.ts: teams.0.routing.opsgenieTeams.0 — expected an Opsgenie team such as "acme-sre", got "Acme SRE"'],
  },
  {
    name: 'platform-routing-kind-builtin',
    when: 'platform.ts redeclares a built-in routing kind',
    lines: ['platform.ts: routingKinds.slackChannels — is a built-in routing kind (Slack channel), got {"label":"Slack channel","pattern":"^#.+$","example":"#ac...; declare only new kinds here'],
  },
];
