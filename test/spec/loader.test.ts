import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { loadProject } from '../../lib/spec/loader';
import { synth } from '../../main';
import { readTree } from '../support/tree';

/*
 * The bad-input corpus: each folder under test/fixtures/bad-input/ is a project (platform.ts
 * plus tenants/) with one kind of mistake. Each case asserts the exact lines a user reads,
 * exit code 1, no stack trace, and that a dist/ folder with a known file is left untouched.
 */

const CORPUS_ROOT = join(__dirname, 'fixtures', 'bad-input');

interface BadInput {
  /** The fixture folder. */
  readonly name: string;
  /** What is wrong, for the test name. */
  readonly when: string;
  /** The exact error lines, in order. */
  readonly lines: readonly string[];
}

const CORPUS: readonly BadInput[] = [
  { name: 'agent-request-over-limit', when: 'the dedicated agent requests more cpu than its limit', lines: ['tenants/acme.ts: teams.0.agent.requests.cpu — request is more than the limit agent.cpu "1", got "2"; lower the request or raise the limit'] },
  { name: 'autoscaling-min-over-max', when: 'autoscaling minReplicas is above maxReplicas', lines: ['tenants/acme.ts: teams.0.agent.autoscaling.minReplicas — is more than maxReplicas (2), got 5; lower minReplicas or raise maxReplicas'] },
  { name: 'autoscaling-percent', when: 'autoscaling cpuPercent is above 100', lines: ['tenants/acme.ts: teams.0.agent.autoscaling.cpuPercent — expected a percentage from 1 to 100, got 150'] },
  { name: 'bad-owner-email', when: 'the owner is neither an e-mail address nor a group name', lines: ['tenants/acme.ts: owner — expected an e-mail address such as "lead@acme.example" or a group name such as "acme-leads", got "the acme team"'] },
  { name: 'bad-quantity-agent-negative', when: 'the agent cpu is negative', lines: ['tenants/acme.ts: teams.0.agent.cpu — expected a Kubernetes quantity such as "500m", "2" or "4Gi", got "-1"'] },
  { name: 'bad-quantity-cpu-lots', when: 'a quota cpu is not a quantity', lines: ['tenants/acme.ts: teams.0.quota.cpu — expected a Kubernetes quantity such as "500m", "2" or "4Gi", got "lots"'] },
  { name: 'bad-quantity-limitrange-mb', when: 'a limit range memory is written in mb', lines: ['tenants/acme.ts: teams.0.limitRange.default.memory — not a Kubernetes quantity, got "512mb"; write "512Mi" (binary) or "512M" (decimal), without "B"'] },
  { name: 'bad-quantity-memory-gb', when: 'a quota memory is written in GB', lines: ['tenants/acme.ts: teams.0.quota.memory — not a Kubernetes quantity, got "4GB"; write "4Gi" (binary) or "4G" (decimal), without "B"'] },
  { name: 'bad-quantity-number', when: 'a quantity is a number instead of a string', lines: ['tenants/acme.ts: teams.0.quota.cpu — expected a Kubernetes quantity string such as "500m", "2" or "4Gi" (in quotes), got 2'] },
  { name: 'bad-repo-url', when: 'a repository URL uses plain http', lines: ['tenants/acme.ts: repos.0 — expected an https:// or ssh:// Git URL such as "https://github.com/acme/apps.git", got "http://github.com/acme/apps.git"'] },
  { name: 'bad-slack-channel', when: 'a Slack channel is given by name', lines: ['tenants/acme.ts: teams.0.routing.slackChannels.0 — expected a Slack channel id such as "C0A4967KRBM", got "#acme-api"'] },
  { name: 'bad-team-id-uppercase', when: 'a team id has uppercase letters', lines: ['tenants/acme.ts: teams.0.id — expected a DNS label (lowercase letters, digits and "-") such as "payments", got "API"'] },
  { name: 'component-name-taken', when: 'a platform component takes a name the shorthand fields already use', lines: ['platform.ts: components.postgresql — name already declared by sharedServices.postgresql, got {"namespace":"db","reachedBy":{"ports":[5432]}}; choose another name'] },
  { name: 'component-reaches-unknown-pods', when: 'a component reaches pods other than all or the dedicated agents', lines: [`platform.ts: components.orchestrator.reaches.pods — expected "all" (every tenant pod) or "agents" (Tenantry's dedicated agents only), got "workers"`] },
  { name: 'component-required-left-out', when: 'a team leaves out a component platform.ts requires', lines: ['tenants/acme.ts: teams.0.network.components.dns — component "dns" is required by platform.ts, got false; only optional components can be left out (postgresql, redis)'] },
  { name: 'component-unknown', when: 'a team leaves out a component platform.ts does not declare', lines: ['tenants/acme.ts: teams.0.network.components.flyte — unknown platform component, got "flyte"; use one of: ingress-controller, dns, postgresql, redis'] },
  { name: 'component-without-direction', when: 'a platform component neither reaches tenant pods nor is reached by them', lines: ['platform.ts: components.orchestrator — expected reaches, reachedBy or both, got {"namespace":"incidentfox","podSelector":{"app":"orchestr...; a component that does neither needs no NetworkPolicy'] },
  { name: 'duplicate-environment', when: 'a team lists an environment twice', lines: ['tenants/acme.ts: teams.0.environments.1 — duplicate environment, got "dev"; list each environment once'] },
  { name: 'duplicate-github-repo', when: 'two tenants claim the same GitHub repository', lines: ['tenants/globex.ts: teams.0.routing.githubRepos.0 — GitHub repository "Acme/Platform" is already claimed by tenants/acme.ts (teams.0.routing.githubRepos.0); each repository routes to one team only'] },
  { name: 'duplicate-namespace-across-tenants', when: 'two tenants compose the same namespace name', lines: ['tenants/ab.ts: teams.0.id — namespace "ab-c-d" is already claimed by tenants/ab-c.ts (teams.0.id); rename the team or the tenant so the composed names differ'] },
  { name: 'duplicate-namespace-environment', when: 'a team environment and another team compose the same namespace', lines: ['tenants/acme.ts: teams.1.id — namespace "acme-api-dev" is already claimed by tenants/acme.ts (teams.0.id); rename the team or the tenant so the composed names differ'] },
  { name: 'duplicate-slack-channel', when: 'two tenants claim the same Slack channel', lines: ['tenants/globex.ts: teams.0.routing.slackChannels.0 — Slack channel "C0A4967KRBM" is already claimed by tenants/acme.ts (teams.0.routing.slackChannels.0); each channel routes to one team only'] },
  { name: 'duplicate-team-id', when: 'two teams share an id', lines: ['tenants/acme.ts: teams.1.id — duplicate team id, got "api" (also teams.0.id); give each team its own id'] },
  { name: 'duplicate-tenant-id', when: 'two files declare the same tenant id', lines: ['tenants/acme-copy.ts: id — does not match the file name, got "acme", which tenants/acme.ts already uses; set id: "acme-copy"'] },
  { name: 'empty-file', when: 'a tenant file is empty', lines: ['tenants/acme.ts: default export — missing, got a file that exports nothing; end the file with export default defineTenant({ ... })'] },
  { name: 'empty-teams', when: 'a tenant has no teams', lines: ['tenants/acme.ts: teams — expected at least one team, got []'] },
  { name: 'file-name-not-id', when: 'the tenant id differs from its file name', lines: ['tenants/acme.ts: id — does not match the file name, got "acme-corp"; set id: "acme" or rename the file to tenants/acme-corp.ts'] },
  { name: 'image-latest', when: 'the agent image uses the latest tag', lines: ['tenants/acme.ts: teams.0.agent.image — expected an image pinned by tag or digest, such as "ghcr.io/acme/agent:1.4.2", got "ghcr.io/acme/agent:latest"'] },
  { name: 'image-untagged', when: 'the agent image has no tag', lines: ['tenants/acme.ts: teams.0.agent.image — expected an image pinned by tag or digest, such as "ghcr.io/acme/agent:1.4.2", got "ghcr.io/acme/agent"'] },
  // Tenant files are read as data, never imported: any import but defineTenant's is refused, whether its target exists or not.
  { name: 'imports-missing-module', when: 'a tenant file imports a module other than the schema', lines: [`tenants/acme.ts:2:1: import from "./does-not-exist" is not allowed in a tenant file; the only import allowed is import { defineTenant } from '../lib/spec/schema'`] },
  { name: 'isolation-bad-aspect-value', when: 'a custom isolation aspect has an unknown value', lines: ['tenants/acme.ts: isolation.custom.network — expected "deny-all" or "deny-ingress", got "allow-all"'] },
  { name: 'isolation-custom-unwrapped', when: 'custom isolation aspects are not wrapped in custom', lines: ['tenants/acme.ts: isolation — expected "hard", "soft", "network-only" or { custom: { network, quota, nodes, storage, agent, podSecurity } }, got {"network":"deny-all","quota":true,"nodes":"shared","stor...'] },
  { name: 'isolation-missing-aspect', when: 'a custom isolation leaves out an aspect', lines: ['tenants/acme.ts: isolation.custom.storage — missing, expected "dedicated" or "shared"'] },
  { name: 'isolation-unknown-aspect', when: 'a custom isolation names an unknown aspect', lines: ['tenants/acme.ts: isolation.custom.gpu — unknown field "gpu"; remove it (allowed here: network, quota, nodes, storage, agent, podSecurity)'] },
  { name: 'isolation-unknown-level', when: 'the isolation level is unknown', lines: ['tenants/acme.ts: isolation — expected "hard", "soft", "network-only" or { custom: { network, quota, nodes, storage, agent, podSecurity } }, got "strict"'] },
  { name: 'limitrange-default-over-max', when: 'a limit range default is above its max', lines: ['tenants/acme.ts: teams.0.limitRange.default.cpu — default limit is more than limitRange.max.cpu "2", got "4"; lower the default or raise the max'] },
  { name: 'limitrange-request-over-default', when: 'a limit range default request is above the default limit', lines: ['tenants/acme.ts: teams.0.limitRange.defaultRequest.memory — default request is more than the default limit "512Mi", got "1Gi"; lower the request or raise limitRange.default.memory'] },
  { name: 'literal-secret-agent-token', when: 'the agent env holds a literal token', lines: ['tenants/acme.ts: teams.0.agent.env.HF_TOKEN — looks like a literal secret (secret-named variable), got "hf_a…"; store it in a Secret and use { secretKeyRef: { name, key } }'] },
  { name: 'literal-secret-password', when: 'a team env holds a literal password', lines: ['tenants/acme.ts: teams.0.env.DB_PASSWORD — looks like a literal secret (secret-named variable), got "hunt…"; store it in a Secret and use { secretKeyRef: { name, key } }'] },
  { name: 'literal-secret-unit', when: 'a unit env holds a literal access key', lines: ['tenants/acme.ts: units.platform.env.AWS_ACCESS_KEY_ID — looks like a literal secret (AWS Access Key ID), got "AKIA…"; store it in a Secret and use { secretKeyRef: { name, key } }'] },
  { name: 'literal-secret-value-pattern', when: 'an env value looks like a GitHub token', lines: ['tenants/acme.ts: env.GITHUB — looks like a literal secret (GitHub Token (GitHub personal access tokens)), got "ghp_…"; store it in a Secret and use { secretKeyRef: { name, key } }'] },
  { name: 'long-agent-name', when: 'the dedicated agent name is longer than 63 characters', lines: ['tenants/acme.ts: teams.0.id — dedicated agent name "agent-dedicated-acme-customer-success-and-onboarding-operations-eu" is 66 characters, more than 63; shorten the tenant or team id'] },
  { name: 'long-namespace', when: 'a composed namespace is longer than 63 characters', lines: ['tenants/acme.ts: teams.0.id — namespace "acme-customer-success-and-onboarding-operations-europe-production" is 65 characters, more than 63; shorten the tenant or team id or environment'] },
  { name: 'long-tenant-id', when: 'the tenant id is longer than 56 characters', lines: ['tenants/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.ts: id — expected at most 56 characters, so that tenant-<id> fits in 63, got "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'] },
  {
    name: 'many-errors-at-once',
    when: 'several files have errors, reporting them all at once',
    lines: [
      'tenants/acme.ts: teams.0.quota.cpu — expected a Kubernetes quantity such as "500m", "2" or "4Gi", got "lots"',
      'tenants/acme.ts: teams.0.env.DB_PASSWORD — looks like a literal secret (secret-named variable), got "hunt…"; store it in a Secret and use { secretKeyRef: { name, key } }',
      'tenants/globex.ts: isolation — expected "hard", "soft", "network-only" or { custom: { network, quota, nodes, storage, agent, podSecurity } }, got "strict"',
      'tenants/globex.ts: teems — unknown field "teems"; did you mean "teams"?',
    ],
  },
  { name: 'missing-owner', when: 'the owner is missing', lines: ['tenants/acme.ts: owner — missing, expected an e-mail address or a group name'] },
  { name: 'missing-tenants-folder', when: 'the tenants folder does not exist', lines: ['tenants/: folder not found; create it and add one file per tenant, such as tenants/acme.ts'] },
  { name: 'no-default-export', when: 'a tenant file has no default export', lines: ['tenants/acme.ts: default export — missing, got only the named export acme; end the file with export default defineTenant({ ... })'] },
  { name: 'nodes-dedicated-label', when: 'a team\'s node selector uses the dedicated-node label', lines: ['tenants/acme.ts: teams.0.nodes.nodeSelector["tenantry.io/tenant"] — reserved node label, got "tenantry.io/tenant"; under dedicated nodes Tenantry sets it to the tenant id, so remove it'] },
  { name: 'nodes-dedicated-taint', when: 'a team tolerates the dedicated-node taint', lines: [`tenants/acme.ts: teams.0.nodes.tolerations.0.key — reserved taint key, got "tenantry.io/tenant"; under dedicated nodes Tenantry tolerates the tenant's own taint, so remove it`] },
  { name: 'nodes-selector-value', when: 'a node selector value is not a label value', lines: ['tenants/acme.ts: teams.0.nodes.nodeSelector.team — expected a label value of at most 63 letters, digits, "-", "_" or ".", got "alpha,beta"'] },
  { name: 'not-an-object', when: 'a tenant file exports a string', lines: ['tenants/acme.ts: default export — expected a tenant object, got "acme"; end the file with export default defineTenant({ id, name, owner, isolation, teams })'] },
  { name: 'platform-allowed-kinds-format', when: 'an allowed kind lacks its apiVersion', lines: ['platform.ts: allowedKinds.0 — expected "<apiVersion>/<kind>" such as "example.com/v1/Widget", got "Widget"'] },
  { name: 'platform-bad-quantity-default', when: 'a platform default quota is not a quantity', lines: ['platform.ts: defaults.quota.cpu — expected a Kubernetes quantity such as "500m", "2" or "4Gi", got "two"'] },
  { name: 'platform-gitops-engine', when: 'the platform names an unknown GitOps engine', lines: ['platform.ts: gitops.engine — expected "argocd", "flux" or "both", got "jenkins"'] },
  { name: 'platform-image-latest', when: 'the platform agent image uses the latest tag', lines: ['platform.ts: agent.image — expected an image pinned by tag or digest, got "ghcr.io/tenantry/agent:latest"'] },
  { name: 'platform-namespace-uppercase', when: 'a platform namespace is not a DNS label', lines: ['platform.ts: monitoring.namespace — expected a DNS label (lowercase letters, digits and "-") such as "ingress-nginx", got "Monitoring"'] },
  { name: 'platform-no-default-export', when: 'platform.ts has no default export', lines: ['platform.ts: default export — missing, got only the named export platform; end the file with export default definePlatform({ ... })'] },
  { name: 'platform-pod-security-version', when: 'the Pod Security version lacks its v', lines: ['platform.ts: podSecurityVersion — expected "latest" or a version such as "v1.32", got "1.32"'] },
  { name: 'platform-port-string', when: 'a platform port is a string', lines: ['platform.ts: ingress.ports.0 — expected a port number such as 8080, got "8000"'] },
  { name: 'platform-syntax-error', when: 'platform.ts has a syntax error', lines: ['platform.ts: cannot be loaded — syntax error at line 4, column 1: Property assignment expected; fix the TypeScript (npx tsc --noEmit lists every error)'] },
  { name: 'platform-unknown-default-service', when: 'platform defaults name an undeclared shared service', lines: ['platform.ts: defaults.network.sharedServices.0 — unknown shared service, got "redis"; declare it under sharedServices or use one of: postgresql'] },
  { name: 'platform-unknown-field', when: 'platform.ts has a typo in a field name', lines: ['platform.ts: sharedServcies — unknown field "sharedServcies"; did you mean "sharedServices"?'] },
  { name: 'quota-budget-unbounded', when: 'a tenant budget covers a key a namespace leaves unbounded', lines: ['tenants/acme.ts: quota.persistentVolumeClaims — is a tenant budget, but namespace acme-api has no quota.persistentVolumeClaims; set quota.persistentVolumeClaims on its team or unit'] },
  { name: 'quota-sum-cpu', when: 'team cpu quotas add up to more than the tenant quota', lines: [`tenants/acme.ts: quota.cpu — the team namespaces add up to 5 (acme-api 3, acme-web 2), more than the tenant quota "4"; raise quota.cpu or lower the teams' quota.cpu`] },
  { name: 'quota-sum-environments', when: 'environments multiply a team quota past the tenant quota', lines: [`tenants/acme.ts: quota.memory — the team namespaces add up to 12Gi (acme-api-dev 4Gi, acme-api-staging 4Gi, acme-api-production 4Gi), more than the tenant quota "10Gi"; raise quota.memory or lower the teams' quota.memory`] },
  { name: 'quota-sum-pods', when: 'team pod quotas add up to more than the tenant quota', lines: [`tenants/acme.ts: quota.pods — the team namespaces add up to 60 (acme-api 30, acme-web 30), more than the tenant quota 50; raise quota.pods or lower the teams' quota.pods`] },
  { name: 'reserved-env-name', when: 'a team sets the reserved TENANT_ID variable', lines: ['tenants/acme.ts: teams.0.env.TENANT_ID — reserved variable, got "TENANT_ID"; Tenantry sets TENANT_ID, TEAM_ID, TEAM_ENV itself, so remove it'] },
  { name: 'reserved-flux-system', when: 'a namespace would be flux-system', lines: ['tenants/flux.ts: teams.0.id — namespace "flux-system" is reserved ("flux-system", reservedNamespaces in platform.ts); choose another tenant or team id'] },
  {
    name: 'admission-exempt-tenant-serviceaccount',
    when: 'the platform exempts a tenant namespace\'s ServiceAccount from the admission policies',
    lines: [
      'platform.ts: admission.exemptUsers.0 — "system:serviceaccount:acme-api:flux-reconciler" is a ServiceAccount of namespace "acme-api", which is neither a platform namespace nor reserved, so a tenant could own it; exempt only identities of platform or reserved namespaces',
      'platform.ts: admission.exemptGroups.0 — "system:serviceaccounts:acme-api" is every ServiceAccount of namespace "acme-api", which is neither a platform namespace nor reserved, so a tenant could own it; exempt only identities of platform or reserved namespaces',
    ],
  },
  {
    name: 'admission-exempt-everyone',
    when: 'the platform exempts groups that hold everyone',
    lines: [
      'platform.ts: admission.exemptUsers.0 — "system:anonymous" is every anonymous request; exempting it switches the admission policies off; remove it',
      'platform.ts: admission.exemptGroups.1 — "system:authenticated" is every signed-in user; exempting it switches the admission policies off; remove it',
      "platform.ts: admission.exemptGroups.2 — \"system:serviceaccounts\" is every ServiceAccount, tenants' included; exempting it switches the admission policies off; remove it",
    ],
  },
  { name: 'platform-namespace-claimed', when: 'a namespace would take a platform namespace', lines: ['tenants/shared.ts: teams.0.id — namespace "shared-data" is a platform namespace (shared service postgresql, shared service redis); choose another tenant or team id'] },
  { name: 'reserved-kube-prefix', when: 'a namespace would start with kube-', lines: [`tenants/kube.ts: teams.0.id — namespace "kube-system" is reserved ("kube-*", Kubernetes' own); choose another tenant or team id`] },
  { name: 'reserved-kubernetes-label', when: 'a team sets a Kubernetes label', lines: ['tenants/acme.ts: teams.0.labels["pod-security.kubernetes.io/enforce"] — reserved label key, got "pod-security.kubernetes.io/enforce"; Tenantry and Kubernetes set it, so remove it or use your own prefix such as "example.com/"'] },
  {
    name: 'reserved-tenant-id',
    when: "a tenant id would replace Argo CD's default project",
    lines: ['tenants/default.ts: id — reserved, got "default"; the Argo CD projects default and tenantry-platform belong to the platform, so choose another id and rename the file'],
  },
  { name: 'reserved-label-key', when: 'a team sets a tenantry.io label', lines: ['tenants/acme.ts: teams.0.labels["tenantry.io/tenant"] — reserved label key, got "tenantry.io/tenant"; Tenantry and Kubernetes set it, so remove it or use your own prefix such as "example.com/"'] },
  { name: 'service-monitor-interval', when: 'a ServiceMonitor interval is not a duration', lines: ['tenants/acme.ts: teams.0.serviceMonitor.interval — expected a duration such as "30s" or "1m", got "30 seconds"'] },
  { name: 'service-monitor-port-not-dns-label', when: 'a ServiceMonitor port name is not a DNS label', lines: ['tenants/acme.ts: teams.0.serviceMonitor.port — expected a Service port name (a DNS label of at most 15 characters) such as "metrics", got "Metrics_Port"'] },
  { name: 'syntax-error', when: 'a tenant file misses a comma', lines: [`tenants/acme.ts: cannot be loaded — syntax error at line 5, column 3: ',' expected; fix the TypeScript (npx tsc --noEmit lists every error)`] },
  { name: 'syntax-error-unclosed', when: 'a tenant file leaves a list open', lines: ['tenants/acme.ts: cannot be loaded — syntax error at line 8, column 1: Expression or comma expected; fix the TypeScript (npx tsc --noEmit lists every error)'] },
  // Nothing in a tenant file runs, so nothing can throw: the statement that would have thrown is refused as code.
  {
    name: 'throws-on-import',
    when: 'a tenant file computes its spec with code',
    lines: [
      'tenants/acme.ts:2:1: a const declaration is not allowed in a tenant file; a tenant file holds only the defineTenant import and export default defineTenant({ ... }), so write the value into the exported object',
      'tenants/acme.ts:8:10: teams — a call (teams.map((t) => t)) is not allowed in a tenant file; a tenant file is data, so write the value itself as a literal',
    ],
  },
  { name: 'unknown-field-enviroments', when: 'a team field is misspelt enviroments', lines: ['tenants/acme.ts: teams.0.enviroments — unknown field "enviroments"; did you mean "environments"?'] },
  { name: 'unknown-field-memroy', when: 'a quota field is misspelt memroy', lines: ['tenants/acme.ts: teams.0.quota.memroy — unknown field "memroy"; did you mean "memory"?'] },
  { name: 'unknown-field-no-suggestion', when: 'a field is unknown and resembles nothing', lines: ['tenants/acme.ts: colour — unknown field "colour"; remove it (allowed here: id, name, owner, isolation, status, quota, repos, units, teams, placement, limitRange, network, env, labels, agent, nodes, serviceMonitor, hostnames, services, registries, template, description)'] },
  { name: 'unknown-field-podsecurity-case', when: 'a custom aspect is misspelt podsecurity', lines: ['tenants/acme.ts: isolation.custom.podsecurity — unknown field "podsecurity"; did you mean "podSecurity"?'] },
  { name: 'unknown-field-quotaa', when: 'a tenant field is misspelt quotaa', lines: ['tenants/acme.ts: quotaa — unknown field "quotaa"; did you mean "quota"?'] },
  { name: 'unknown-field-replica', when: 'an agent field is misspelt replica', lines: ['tenants/acme.ts: teams.0.agent.replica — unknown field "replica"; did you mean "replicas"?'] },
  { name: 'unknown-field-secretkeyref', when: 'a secret reference is misspelt secretRef', lines: ['tenants/acme.ts: teams.0.env.DB_PASSWORD.secretRef — unknown field "secretRef"; did you mean "secretKeyRef"?'] },
  { name: 'unknown-shared-service', when: 'a team names a shared service the platform lacks', lines: ['tenants/acme.ts: teams.0.network.sharedServices.0 — unknown shared service, got "mongodb"; use one of: postgresql, redis'] },
  { name: 'unknown-unit', when: 'a team names an undeclared unit', lines: ['tenants/acme.ts: teams.0.unit — unknown unit, got "platfrom"; declare it under units or use one of: platform'] },
  { name: 'wrong-type-access-role', when: 'an access role is unknown', lines: ['tenants/acme.ts: teams.0.access.0.role — expected "admin", "edit" or "view", got "owner"'] },
  { name: 'wrong-type-access-subject', when: 'an access entry names neither group nor user', lines: ['tenants/acme.ts: teams.0.access.0 — expected { group, role }, { user, role } or { serviceAccount, role } with role "admin", "edit" or "view", got {"team":"acme-devs","role":"edit"}'] },
  { name: 'wrong-type-env-number', when: 'an env value is a number', lines: ['tenants/acme.ts: teams.0.env.PORT — expected a string, { secretKeyRef: { name, key } } or { configMapKeyRef: { name, key } }, got 8080'] },
  { name: 'wrong-type-environments-string', when: 'environments is a string', lines: ['tenants/acme.ts: teams.0.environments — expected a list of environment names such as ["dev", "production"], got "dev"'] },
  { name: 'wrong-type-external-egress-string', when: 'externalEgress is a string', lines: ['tenants/acme.ts: teams.0.network.externalEgress — expected true or false, got "yes"'] },
  { name: 'wrong-type-id-number', when: 'the tenant id is a number', lines: ['tenants/acme.ts: id — expected a string such as "acme", got 42'] },
  { name: 'wrong-type-isolation-number', when: 'isolation is a number', lines: ['tenants/acme.ts: isolation — expected "hard", "soft", "network-only" or { custom: { network, quota, nodes, storage, agent, podSecurity } }, got 3'] },
  { name: 'wrong-type-label-value-number', when: 'a label value is a number', lines: ['tenants/acme.ts: labels.cost-center — expected a label value string, got 42'] },
  { name: 'wrong-type-port-out-of-range', when: 'an egress port is above 65535', lines: ['tenants/acme.ts: teams.0.network.externalEgressPorts.1 — expected a port number from 1 to 65535, got 70000'] },
  { name: 'wrong-type-quota-pods-string', when: 'quota pods is a string', lines: ['tenants/acme.ts: teams.0.quota.pods — expected a whole number such as 10, got "10"'] },
  { name: 'wrong-type-replicas-fraction', when: 'replicas is not a whole number', lines: ['tenants/acme.ts: teams.0.agent.replicas — expected a whole number such as 10, got 1.5'] },
  { name: 'wrong-type-status', when: 'the status is unknown', lines: ['tenants/acme.ts: status — expected "active", "pending", "suspended" or "terminating", got "paused"'] },
  { name: 'wrong-type-teams-object', when: 'teams is an object instead of a list', lines: ['tenants/acme.ts: teams — expected a list of teams, got {"id":"api"}'] },
  // Issue 9: values as Kubernetes and Git read them, guardrails, reservations, tenants/ entries, secrets by secretlint.
  { name: 'quantity-memory-millibytes', when: 'a memory quota is written in millibytes', lines: ['tenants/acme.ts: teams.0.quota.memory — "m" means thousandths, so "512m" is 0.512 bytes; write "512Mi" (mebibytes) or "512M" (megabytes)'] },
  { name: 'quantity-cpu-binary', when: 'a cpu limit has a binary suffix', lines: ['tenants/acme.ts: teams.0.agent.cpu — cpu is counted in cores, so "4Gi" is 4.29e+9 cores; write "4" (cores) or "4m" (thousandths of a core)'] },
  { name: 'label-prefix-too-long', when: 'a label prefix is longer than 253 characters', lines: [`tenants/acme.ts: labels["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example/tier"] — the label key's prefix must be a DNS subdomain of at most 253 characters, got 308 characters "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...; use a domain you own such as "example.com/"`] },
  { name: 'display-name-too-long', when: 'the display name is longer than 100 characters', lines: ['tenants/acme.ts: name — expected a display name of at most 100 characters on one line, got 205 characters "Acme Corp Corp Corp Corp Corp Corp Corp Corp Corp Corp C...; shorten it'] },
  { name: 'deploy-path-parent', when: 'a deploy path leaves the repository through ..', lines: ['tenants/acme.ts: teams.0.deploy.path — expected a folder inside the repository, got "../globex", which leaves it through ".."; write it relative to the repository root without ".."'] },
  { name: 'deploy-path-absolute', when: 'a deploy path is absolute', lines: ['tenants/acme.ts: teams.0.deploy.path — expected a folder inside the repository, got the absolute path "/etc"; write it relative to the repository root, such as "./clusters"'] },
  { name: 'deploy-branch-invalid', when: 'a deploy branch is not a valid Git ref', lines: ['tenants/acme.ts: teams.0.deploy.branch — expected a Git branch or ref such as "main" or "release/1.2", got "main..dev"; git check-ref-format lists the rules'] },
  { name: 'platform-gitops-path-parent', when: 'the platform gitops path is ..', lines: ['platform.ts: gitops.path — expected a folder inside the repository, got "..", which leaves it through ".."; write it relative to the repository root without ".."'] },
  { name: 'guardrail-quota-null', when: 'a team nulls its ResourceQuota', lines: ['tenants/acme.ts: teams.0.quota — null would remove the ResourceQuota, a guardrail of platform.ts (guardrails.quota); give the values you need instead'] },
  { name: 'guardrail-limitrange-null', when: 'a tenant nulls its LimitRange', lines: ['tenants/acme.ts: limitRange — null would remove the LimitRange, a guardrail of platform.ts (guardrails.limitRange); give the values you need instead'] },
  { name: 'guardrail-limitrange-max-raised', when: "a team raises the platform's limitRange.max", lines: [`tenants/acme.ts: teams.0.limitRange.max.cpu — is more than the platform's limitRange.max.cpu "4", got "64"; the platform's max is a guardrail (guardrails.limitRange in platform.ts), so stay within it`] },
  { name: 'guardrail-pod-security', when: 'the isolation enforces less Pod Security than the platform minimum', lines: [`tenants/acme.ts: isolation — Pod Security "baseline" is looser than the platform's minimum "restricted" (guardrails.podSecurity in platform.ts); choose "hard" or a custom isolation with podSecurity: "restricted"`] },
  { name: 'guardrail-network', when: 'the isolation denies less network than the platform minimum', lines: [`tenants/acme.ts: isolation — network "deny-ingress" is looser than the platform's minimum "deny-all" (guardrails.network in platform.ts); choose "hard", "network-only" or a custom isolation with network: "deny-all"`] },
  { name: 'reserved-cert-manager', when: 'a tenant and team compose cert-manager', lines: ['tenants/cert.ts: teams.0.id — namespace "cert-manager" is reserved ("cert-manager", reservedNamespaces in platform.ts); choose another tenant or team id'] },
  { name: 'reserved-istio-glob', when: 'a tenant and team compose a namespace matching istio-*', lines: ['tenants/istio.ts: teams.0.id — namespace "istio-system" is reserved ("istio-*", reservedNamespaces in platform.ts); choose another tenant or team id'] },
  { name: 'platform-reserved-glob', when: 'a namespace matches a glob platform.ts reserves', lines: ['tenants/payments.ts: teams.0.id — namespace "payments-api" is reserved ("payments-*", reservedNamespaces in platform.ts); choose another tenant or team id'] },
  {
    name: 'repo-claimed-by-other-tenant',
    when: "a tenant lists another tenant's repository, spelt another way",
    lines: [
      `tenants/acme.ts: repos.0 — repository "https://github.com/acme/private.git" is also listed by tenants/globex.ts (repos.0); a repository belongs to one tenant, so remove it where it is not the tenant's own`,
      `tenants/globex.ts: repos.0 — repository "ssh://git@GitHub.com/Acme/private" is also listed by tenants/acme.ts (repos.0); a repository belongs to one tenant, so remove it where it is not the tenant's own`,
    ],
  },
  {
    name: 'repo-deploy-claimed',
    when: "a team deploys from another tenant's repository",
    lines: [
      `tenants/acme.ts: repos.0 — repository "https://github.com/acme/private.git" is also listed by tenants/globex.ts (teams.0.deploy.repo); a repository belongs to one tenant, so remove it where it is not the tenant's own`,
      `tenants/globex.ts: teams.0.deploy.repo — repository "https://github.com/acme/private/" is also listed by tenants/acme.ts (repos.0); a repository belongs to one tenant, so remove it where it is not the tenant's own`,
    ],
  },
  { name: 'repo-fleet', when: "a tenant lists the platform's fleet repository", lines: [`tenants/acme.ts: repos.0 — is the platform's fleet repository (gitops.repoURL in platform.ts), got "https://github.com/example/fleet"; list only the tenant's own repositories`] },
  { name: 'unit-prototype-name', when: 'a team names the unit constructor, which only Object.prototype has', lines: ['tenants/acme.ts: teams.0.unit — unknown unit, got "constructor"; declare it under units or use one of: (none declared)'] },
  { name: 'shared-service-prototype-name', when: 'a team names the shared service toString, which only Object.prototype has', lines: ['tenants/acme.ts: teams.0.network.sharedServices.0 — unknown shared service, got "toString"; use one of: postgresql, redis'] },
  { name: 'not-a-tenant-file-backup', when: 'a tenant file was renamed to .ts.bak', lines: ['tenants/globex.ts.bak: not a tenant file (a tenant file is named <id>.ts, in lowercase), so its tenant would be pruned; rename it to tenants/globex.ts to keep the tenant, or move it out of tenants/'] },
  { name: 'not-a-tenant-file-case', when: 'tenant files end in .TS or .mts', lines: ['tenants/globex.TS: not a tenant file (a tenant file is named <id>.ts, in lowercase), so its tenant would be pruned; rename it to tenants/globex.ts to keep the tenant, or move it out of tenants/', 'tenants/initech.mts: not a tenant file (a tenant file is named <id>.ts, in lowercase), so its tenant would be pruned; rename it to tenants/initech.ts to keep the tenant, or move it out of tenants/'] },
  { name: 'not-a-tenant-file-subfolder', when: 'a tenant file was moved into a subfolder', lines: ['tenants/old/: a folder in tenants/; tenant files live directly in tenants/ as <id>.ts, so move its files up or out of tenants/'] },
  { name: 'literal-secret-in-repo-url', when: 'a deploy repository URL holds a token', lines: ['tenants/acme.ts: teams.0.deploy.repo — looks like a literal secret (basic auth credential), got "http…"; remove the credentials from the URL and give them in a Secret named by secretRef'] },
  { name: 'literal-secret-platform-env', when: 'a platform default env value holds a password in a URL', lines: ['platform.ts: defaults.env.SENTRY_URL — looks like a literal secret (basic auth credential), got "http…"; store it in a Secret and use { secretKeyRef: { name, key } }'] },
  // Naming templates and a team's own namespace (issue 11).
  { name: 'naming-unknown-placeholder', when: 'a naming template misspells a placeholder', lines: ['platform.ts: naming.namespace — unknown placeholder {tennant}, got "{tennant}-{team}"; use only {tenant}, {team} and {env}'] },
  { name: 'naming-without-tenant', when: 'the namespace template has no {tenant}', lines: ['platform.ts: naming.namespace — has no {tenant}, so two tenants would get the same name, got "ns-{team}-{env}"; add {tenant}'] },
  { name: 'naming-not-dns-label', when: 'a naming template cannot compose a DNS label', lines: ['platform.ts: naming.serviceAccount — composes "sa_b", which is not a DNS label, got "sa_{team}"; use lowercase letters, digits and "-", starting and ending with a letter or digit'] },
  { name: 'naming-environments-share-namespace', when: 'the namespace template has no {env} but a team has two environments', lines: ['tenants/acme.ts: teams.0.environments — platform.ts naming.namespace "ai-agents-{tenant}" has no {env}, so these environments would share one namespace; give the team namespace: { dev: "<name>", … } or add {env} to naming.namespace'] },
  { name: 'naming-teams-share-namespace', when: 'the namespace template gives two teams of one tenant the same name', lines: ['tenants/acme.ts: teams.1.id — namespace "ai-agents-acme" is already claimed by tenants/acme.ts (teams.0.id); rename the team or the tenant so the composed names differ'] },
  { name: 'naming-service-account-reserved', when: 'the ServiceAccount template composes a reserved name', lines: ['tenants/acme.ts: teams.0.id — ServiceAccount "default" (platform.ts naming.serviceAccount) is reserved (default, flux-reconciler); change the template or the team id'] },
  { name: 'team-namespace-taken-by-other-tenant', when: 'a team names a namespace that another tenant composes', lines: ['tenants/globex.ts: teams.0.id — namespace "globex-web" is already claimed by tenants/acme.ts (teams.0.namespace); rename the team or the tenant so the composed names differ'] },
  { name: 'team-namespace-twice-in-tenant', when: 'two teams name the same namespace', lines: ['tenants/acme.ts: teams.1.namespace — namespace "acme-shared" is already claimed by tenants/acme.ts (teams.0.namespace); choose another namespace name'] },
  { name: 'team-namespace-without-env', when: 'a team with two environments gives one namespace name without {env}', lines: ['tenants/acme.ts: teams.0.namespace — has no {env}, so the environments would get the same name; add {env} or give a name per environment: { dev: "<name>", … }'] },
  { name: 'team-namespace-unknown-env', when: 'a team names a namespace for an environment it does not have', lines: ['tenants/acme.ts: teams.0.namespace.staging — names unknown environment "staging"; use one of the team\'s environments: dev, prod'] },
  { name: 'team-namespace-missing-env', when: 'a team names namespaces for some of its environments only', lines: ['tenants/acme.ts: teams.0.namespace — has no name for environment "prod"; add prod: "<namespace>" or use one name with {env}'] },
  { name: 'team-namespace-per-env-without-environments', when: 'a team without environments names a namespace per environment', lines: ['tenants/acme.ts: teams.0.namespace — names a namespace per environment, but the team has no environments; give one name such as "payments"'] },
  { name: 'team-namespace-platform', when: 'a team names a platform namespace, which the default reservations cover', lines: ['tenants/acme.ts: teams.0.namespace — namespace "ingress-nginx" is reserved ("ingress-*", reservedNamespaces in platform.ts); choose another name'] },
  { name: 'team-namespace-uppercase', when: 'a team\'s namespace name is not a DNS label', lines: ['tenants/acme.ts: teams.0.namespace — composes "Payments", which is not a DNS label; use lowercase letters, digits and "-", starting and ending with a letter or digit'] },
  // Quota requests and limits (issue 11).
  { name: 'quota-request-over-limit', when: 'a quota requests more cpu than its limit', lines: ['tenants/acme.ts: teams.0.quota.requests.cpu — request is more than the limit quota.limits.cpu "4", got "8"; lower the request or raise the limit'] },
  { name: 'quota-budget-requests-exceeded', when: 'the teams\' cpu requests add up to more than the tenant\'s requests budget', lines: ['tenants/acme.ts: quota.requests.cpu — the team namespaces\' requests.cpu add up to 6 (acme-api 3, acme-web 3), more than the tenant quota "4"; raise quota.requests.cpu or lower the teams\' quota.requests.cpu'] },
  { name: 'quota-budget-limits-exceeded', when: 'the teams\' memory limits add up to more than a shorthand tenant budget', lines: ['tenants/acme.ts: quota.memory — the team namespaces\' limits.memory add up to 12Gi (acme-api 6Gi, acme-web 6Gi), more than the tenant quota "8Gi"; raise quota.limits.memory or lower the teams\' quota.limits.memory'] },
  // Workload identity and access per environment (issue 11).
  { name: 'access-service-account-other-tenant', when: 'an access entry names a ServiceAccount of another tenant', lines: ['tenants/acme.ts: teams.0.access.0.serviceAccount — is a ServiceAccount of tenant globex (tenants/globex.ts), got "globex-web/sa-web"; a tenant may only bind ServiceAccounts of its own namespaces (acme-api)'] },
  { name: 'access-service-account-unknown-namespace', when: 'an access entry names a ServiceAccount outside every tenant namespace', lines: ['tenants/acme.ts: teams.0.access.0.serviceAccount — is not in one of the tenant\'s namespaces, got "kube-system/deployer"; use one of: acme-api'] },
  { name: 'access-service-account-admin', when: 'an access entry gives a ServiceAccount admin', lines: ['tenants/acme.ts: teams.0.access.0.role — expected "edit" or "view" (a ServiceAccount never gets admin), got "admin"'] },
  { name: 'access-unknown-environment', when: 'an access entry names an environment the team does not have', lines: ['tenants/acme.ts: teams.0.access.0.environments.1 — names environment "staging", which the team does not have; use one of: dev, production'] },
  { name: 'access-environments-without-team-environments', when: 'an access entry lists environments for a team without any', lines: ['tenants/acme.ts: teams.0.access.0.environments.0 — names environment "dev", but the team has no environments; remove environments or give the team environments'] },
  { name: 'service-account-role-admin', when: 'a team gives its ServiceAccount admin', lines: ['tenants/acme.ts: teams.0.serviceAccountRole — expected "edit" or "view" (a ServiceAccount never gets admin), got "admin"'] },
  { name: 'access-project-taken-by-other-tenant', when: 'a per-environment AppProject takes another tenant\'s project name', lines: ['tenants/acme.ts: teams.0.environments — Argo CD AppProject "acme-dev" is already tenants/acme-dev.ts\'s; rename the environment or the tenant'] },
  // The tenant model (issue 11).
  { name: 'duplicate-display-name', when: 'two tenants share a display name up to case and spacing', lines: ['tenants/acme2.ts: name — display name "acme  corp" is already used by tenants/acme.ts; give each tenant its own name'] },
  { name: 'template-unknown', when: 'a tenant names an unknown tenant template', lines: ['tenants/acme.ts: template — unknown tenant template, got "premium"; use one of: enterprise, standard'] },
];


describe('bad-input corpus', () => {
  let workspace: string;
  let distDir: string;
  let errors: MockInstance<(...args: unknown[]) => void>;
  let logs: MockInstance<(...args: unknown[]) => void>;

  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'tenantry-bad-input-'));
    distDir = join(workspace, 'dist');
    mkdirSync(join(distDir, 'acme'), { recursive: true });
    writeFileSync(join(distDir, 'acme', 'Namespace.acme-api.yaml'), '# known content: must survive any bad input\n');
    errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    logs = vi.spyOn(console, 'log').mockImplementation(() => {});
  });

  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('holds at least 50 cases, one fixture folder each', () => {
    // GIVEN the fixture folders
    const folders = readdirSync(CORPUS_ROOT).sort();

    // WHEN they are matched with the table
    const names = CORPUS.map((c) => c.name).sort();

    // THEN every folder has a case and there are at least 50
    expect(names).toEqual(folders);
    expect(CORPUS.length).toBeGreaterThanOrEqual(50);
  });

  for (const input of CORPUS) {
    it(`fails when ${input.when}`, async () => {
      // GIVEN a fixture project and a dist/ holding a known file
      const before = readTree(workspace);

      // WHEN synth runs on it
      const code = await synth([], join(CORPUS_ROOT, input.name), distDir);

      // THEN it prints exactly the expected lines and a summary, exits 1 and leaves dist/ alone
      const printed = errors.mock.calls.map((call) => String(call[0]));
      const count = input.lines.length;
      expect(code).toBe(1);
      expect(printed).toEqual([...input.lines, `\n${count} error${count === 1 ? '' : 's'}; dist/ was not changed.`]);
      expect(printed.join('\n')).not.toMatch(/^\s+at /m);
      expect(logs).not.toHaveBeenCalled();
      expect(readTree(workspace)).toEqual(before);
    });
  }
});

describe('loadProject', () => {
  it('fails when a tenant file has a syntax error, naming the line and column', async () => {
    // GIVEN the syntax-error fixture
    const root = join(CORPUS_ROOT, 'syntax-error');

    // WHEN it is loaded
    const result = await loadProject(root);

    // THEN the one error names the file, line, column and the parser's message
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([
      "tenants/acme.ts: cannot be loaded — syntax error at line 5, column 3: ',' expected; fix the TypeScript (npx tsc --noEmit lists every error)",
    ]);
  });

  it('loads the example project without errors', async () => {
    // GIVEN the repository's own platform.ts and tenants/
    const root = join(__dirname, '..', '..');

    // WHEN it is loaded
    const result = await loadProject(root);

    // THEN it is valid and the terminating tenant is left out
    expect(result.ok ? result.terminating : result.errors).toEqual(['wayne']);
  });
});
