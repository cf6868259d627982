// The tenant and platform specs as zod schemas, their built-in defaults and reserved names.
import { z } from 'zod';
import { access, namingIssues, namingSchema, serviceAccountRole, teamNamespace } from './access-schema';
import { DNS_LABEL, dnsLabel } from './dns-label';
import { platformPlacementIssues } from './placement';
import { PricesSchema } from './prices';
import { AdmissionSchema, TENANT_ADMISSION_FIELDS } from './admission-schema';
import { quantity } from './quantity';
import { componentChoiceIssues, componentIssues, ComponentOptOutSchema, ComponentsSchema, resolveComponents } from './components';
import { DedicatedNodesSchema, NodesSchema, tolerationSchema } from './node-placement';
import { ServiceMonitorSchema } from './service-monitor';

/*
 * The tenant and platform specs. Every object is strict: a typo such as `quotaa` is an
 * error, never silently ignored. Settings that inherit (platform → tenant → unit → team)
 * accept `null`, which removes the inherited value.
 */

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** An e-mail address, or a group name: letters, digits and `-_.:/`, no spaces. */
const OWNER = new RegExp(`${EMAIL.source}|^[A-Za-z0-9][\\w.:/-]*$`);
/** An image is pinned when it names a digest, or a tag other than `latest`. */
const PINNED_IMAGE = /^[^\s:@]+(:[0-9]+)?(\/[^\s:@]+)*(@sha256:[a-f0-9]{64}|:(?!latest$)[\w][\w.-]{0,127}(@sha256:[a-f0-9]{64})?)$/;


const count = z
  .number({ error: 'expected a whole number such as 10' })
  .int({ error: 'expected a whole number such as 10' })
  .nonnegative({ error: 'expected a number of 0 or more' });

const port = z
  .number({ error: 'expected a port number such as 8080' })
  .int({ error: 'expected a port number such as 8080' })
  .min(1, { error: 'expected a port number from 1 to 65535' })
  .max(65535, { error: 'expected a port number from 1 to 65535' });

const labels = z.record(
  z.string().regex(LABEL_KEY, { error: 'expected a label key such as "cost-center" or "example.com/tier"' }),
  z
    .string({ error: 'expected a label value string' })
    .regex(LABEL_VALUE, { error: 'expected a label value of at most 63 letters, digits, "-", "_" or "."' })
    .nullable(),
  { error: 'expected an object of label keys to string values' },
);

const selector = z.record(z.string(), z.string(), { error: 'expected an object of label keys to string values' });

const resourcePair = z.strictObject({ cpu: quantity.nullish(), memory: quantity.nullish() });

export const SecretReferenceSchema = z.strictObject({
  secretKeyRef: z.strictObject({ name: dnsLabel('acme-hf'), key: z.string().min(1, { error: 'expected a key name' }) }),
});

const configMapReference = z.strictObject({
  configMapKeyRef: z.strictObject({ name: dnsLabel('acme-settings'), key: z.string().min(1, { error: 'expected a key name' }) }),
});

const envValue = z.union([z.string(), SecretReferenceSchema, configMapReference], {
  error: 'expected a string, { secretKeyRef: { name, key } } or { configMapKeyRef: { name, key } }',
});

const env = z.record(
  z.string().regex(ENV_NAME, { error: 'expected an environment variable name such as "LOG_LEVEL"' }),
  envValue.nullable(),
  { error: 'expected an object of environment variable names to values' },
);

export const QuotaSchema = z.strictObject({
  cpu: quantity.nullish(),
  memory: quantity.nullish(),
  storage: quantity.nullish(),
  pods: count.nullish(),
  services: count.nullish(),
  persistentVolumeClaims: count.nullish(),
  /** Requests and limits apart; `cpu` and `memory` above are shorthand for both. */
  requests: resourcePair.nullish(),
  limits: resourcePair.nullish(),
});

const limitRange = z.strictObject({
  defaultRequest: resourcePair.nullish(),
  default: resourcePair.nullish(),
  max: resourcePair.nullish(),
});

const network = z.strictObject({
  externalEgress: z.boolean({ error: 'expected true or false' }).nullish(),
  externalEgressPorts: z.array(port, { error: 'expected a list of port numbers such as [80, 443]' }).nullish(),
  sharedServices: z.array(z.string(), { error: 'expected a list of shared service names from platform.ts' }).nullish(),
  allowMonitoring: z.boolean({ error: 'expected true or false' }).nullish(),
  /** Which of the tenant's own namespaces may reach this one and be reached from it. @default 'tenant' */
  peers: z.enum(['tenant', 'team', 'none'], { error: 'expected "tenant" (every namespace of the tenant), "team" (the same team) or "none" (the namespace itself)' }).nullish(),
  /** Optional platform components to leave out (`false`) or take back (`true`), by name. */
  components: ComponentOptOutSchema.nullish(),
});

const toleration = tolerationSchema;

const agent = z.strictObject({
  mode: z.enum(['shared', 'dedicated'], { error: 'expected "shared" or "dedicated"' }).nullish(),
  image: z
    .string({ error: 'expected an image reference' })
    .regex(PINNED_IMAGE, { error: 'expected an image pinned by tag or digest, such as "ghcr.io/acme/agent:1.4.2"' })
    .nullish(),
  replicas: count.nullish(),
  cpu: quantity.nullish(),
  memory: quantity.nullish(),
  requests: resourcePair.nullish(),
  nodeSelector: selector.nullish(),
  tolerations: z.array(toleration).nullish(),
  autoscaling: z
    .strictObject({
      minReplicas: count.min(1, { error: 'expected at least 1 replica' }),
      maxReplicas: count.min(1, { error: 'expected at least 1 replica' }),
      cpuPercent: count.min(1, { error: 'expected a percentage from 1 to 100' }).max(100, { error: 'expected a percentage from 1 to 100' }),
    })
    .nullish(),
  env: env.nullish(),
});

/** The settings every level may set; the most specific level wins. */
const inheritable = {
  limitRange: limitRange.nullish(),
  network: network.nullish(),
  env: env.nullish(),
  labels: labels.nullish(),
  agent: agent.nullish(),
  /** Node selector and tolerations for every pod of the namespace (lib/spec/node-placement.ts). */
  nodes: NodesSchema.nullish(),
  /** A ServiceMonitor over the team's own Services (lib/spec/service-monitor.ts). */
  serviceMonitor: ServiceMonitorSchema.nullish(),
};

export const SettingsSchema = z.strictObject({ quota: QuotaSchema.nullish(), ...inheritable });
export type Settings = z.infer<typeof SettingsSchema>;

export const ISOLATION_LEVELS = ['hard', 'soft', 'network-only'] as const;

export const CustomIsolationSchema = z.strictObject({
  network: z.enum(['deny-all', 'deny-ingress'], { error: 'expected "deny-all" or "deny-ingress"' }),
  quota: z.boolean({ error: 'expected true or false' }),
  nodes: z.enum(['dedicated', 'shared'], { error: 'expected "dedicated" or "shared"' }),
  storage: z.enum(['dedicated', 'shared'], { error: 'expected "dedicated" or "shared"' }),
  agent: z.enum(['dedicated', 'shared'], { error: 'expected "dedicated" or "shared"' }),
  podSecurity: z.enum(['restricted', 'baseline'], { error: 'expected "restricted" or "baseline"' }),
});
export type CustomIsolation = z.infer<typeof CustomIsolationSchema>;

const isolation = z.union([z.enum(ISOLATION_LEVELS), z.strictObject({ custom: CustomIsolationSchema })], {
  error: 'expected "hard", "soft", "network-only" or { custom: { network, quota, nodes, storage, agent, podSecurity } }',
});

const routing = z.strictObject({
  slackChannels: z.array(z.string().regex(/^[CG][A-Z0-9]{8,}$/, { error: 'expected a Slack channel id such as "C0A4967KRBM"' })).optional(),
  githubRepos: z.array(z.string().regex(/^[\w.-]+\/[\w.-]+$/, { error: 'expected a GitHub repository such as "acme/platform"' })).optional(),
});

const gitUrl = z
  .string({ error: 'expected a Git URL such as "https://github.com/acme/apps.git"' })
  .regex(/^(https:\/\/[^\s/]+\/\S+|ssh:\/\/\S+@[^\s/]+\/\S+)$/, {
    error: 'expected an https:// or ssh:// Git URL such as "https://github.com/acme/apps.git"',
  });

const deploy = z.strictObject({
  repo: gitUrl,
  branch: z.string().min(1).optional(),
  path: z.string().min(1).optional(),
  /** A Secret in each team namespace holding the Git credentials; by reference only. */
  secretRef: dnsLabel('acme-git-credentials').optional(),
});

/** Where a tenant or team runs: cluster names from platform.ts, or a label selector over the clusters. */
export const PlacementSchema = z.union(
  [z.strictObject({ clusters: z.array(dnsLabel('eu-west'), { error: 'expected a list of cluster names such as ["eu-west"]' }).min(1, { error: 'expected at least one cluster' }) }), z.strictObject({ selector })],
  { error: 'expected { clusters: ["eu-west", ...] } or { selector: { region: "eu" } }' },
);

export const TeamSchema = z.strictObject({
  id: dnsLabel('payments'),
  unit: dnsLabel('platform').optional(),
  environments: z.array(dnsLabel('production'), { error: 'expected a list of environment names such as ["dev", "production"]' }).optional(),
  access: z.array(access).optional(),
  routing: routing.optional(),
  /** Where the team's own applications live; wires a Flux Kustomization / Argo CD source. */
  deploy: deploy.optional(),
  /** The team's namespace name(s) instead of platform.ts naming.namespace. */
  namespace: teamNamespace.optional(),
  /** The role the team ServiceAccount holds in the team's namespaces; null binds it to nothing. @default platform serviceAccountRole */
  serviceAccountRole: serviceAccountRole.nullable().optional(),
  quota: QuotaSchema.nullish(),
  /** Narrower than the tenant's: the team's namespaces go only to these of the tenant's clusters. */
  placement: PlacementSchema.optional(),
  ...inheritable,
});
export type TeamSpec = z.infer<typeof TeamSchema>;

export const TenantSchema = z.strictObject(
  {
    // GitOps objects are named `tenant-<id>`, which must stay within 63 characters.
    id: dnsLabel('acme', 56, ', so that tenant-<id> fits in 63'),
    name: z.string({ error: 'expected a display name such as "Acme Corp"' }).min(1, { error: 'expected a non-empty display name' }),
    // An e-mail address, or the name of a group (SSO or directory) that owns the tenant.
    owner: z
      .string({ error: 'expected an e-mail address or a group name' })
      .regex(OWNER, { error: 'expected an e-mail address such as "lead@acme.example" or a group name such as "acme-leads"' }),
    isolation,
    status: z
      .enum(['active', 'pending', 'suspended', 'terminating'], { error: 'expected "active", "pending", "suspended" or "terminating"' })
      .optional(),
    /** The tenant's total budget: the team namespaces' quotas must add up to no more. */
    quota: QuotaSchema.optional(),
    /** The tenant's own application repositories (Argo CD sourceRepos). */
    repos: z.array(gitUrl).optional(),
    units: z.record(z.string().regex(DNS_LABEL, { error: 'expected a unit name such as "platform"' }), SettingsSchema).optional(),
    teams: z.array(TeamSchema, { error: 'expected a list of teams' }).min(1, { error: 'expected at least one team' }),
    /** The clusters the tenant runs on; the platform's `placement` by default. */
    placement: PlacementSchema.optional(),
    ...{ ...inheritable, ...TENANT_ADMISSION_FIELDS },
    /** A tenant template from platform.ts tenantTemplates that this file starts from. */
    template: dnsLabel('enterprise').optional(),
    /** What the tenant is for, shown in its Argo CD project. */
    description: z.string({ error: 'expected a sentence such as "Payments and billing"' }).min(1, { error: 'expected a non-empty description' }).max(255, { error: 'expected at most 255 characters' }).optional(),
  },
  { error: 'expected a tenant object; end the file with export default defineTenant({ id, name, owner, isolation, teams })' },
);
export type TenantSpec = z.infer<typeof TenantSchema>;
export type IsolationSpec = TenantSpec['isolation'];
export type TenantStatus = NonNullable<TenantSpec['status']>;
export type AccessEntry = NonNullable<TeamSpec['access']>[number];
export type EnvValue = z.infer<typeof envValue>;

/** A tenant template: any tenant field but identity and status, plus environments for teams that list none. */
const TenantTemplateSchema = TenantSchema.omit({ id: true, name: true, owner: true, status: true, template: true }).partial().extend({ environments: z.array(dnsLabel('production')).optional() });

const platformEndpoint = z.strictObject({
  namespace: dnsLabel('ingress-nginx'),
  podSelector: selector.optional(),
  ports: z.array(port).min(1, { error: 'expected at least one port' }),
});

const sharedService = z.strictObject({
  namespace: dnsLabel('shared-db'),
  podSelector: selector.optional(),
  port,
  protocol: z.enum(['TCP', 'UDP'], { error: 'expected "TCP" or "UDP"' }).optional(),
});

/** One cluster of the fleet; Argo CD reaches it by `server` URL or by its cluster-secret `name`. */
export const ClusterSchema = z
  .strictObject({
    name: dnsLabel('eu-west', 40, ', so that per-cluster folder and Application names stay within 63'),
    server: z.string().regex(/^https:\/\/\S+$/, { error: 'expected an https:// API server URL' }).optional(),
    /** The cluster's name in Argo CD (its cluster secret); used instead of `server`. */
    argocdName: z.string().min(1, { error: 'expected the cluster name registered in Argo CD' }).optional(),
    labels: z.record(z.string().regex(LABEL_KEY, { error: 'expected a label key such as "region"' }), z.string().regex(LABEL_VALUE, { error: 'expected a label value' })).optional(),
    /** Allocatable resources; placed quota requests must fit `cpu`/`memory` × `overcommit`. */
    capacity: z
      .strictObject({
        cpu: quantity,
        memory: quantity,
        overcommit: z.number({ error: 'expected a factor such as 1.5' }).min(1, { error: 'expected a factor of 1 or more' }).optional(),
      })
      .optional(),
  })
  .refine((c) => !(c.server && c.argocdName), { error: 'expected server or argocdName, not both', path: ['argocdName'] });
export type ClusterSpec = z.infer<typeof ClusterSchema>;

export const PlatformSchema = z
  .strictObject(
    {
      cluster: z
        .strictObject({
          server: z.string().regex(/^https:\/\/\S+$/, { error: 'expected an https:// API server URL' }),
        })
        .optional(),
      gitops: z
        .strictObject({
          engine: z.enum(['argocd', 'flux', 'both'], { error: 'expected "argocd", "flux" or "both"' }),
          repoURL: gitUrl,
          revision: z.string().min(1, { error: 'expected a branch, tag or commit' }),
          path: z.string().min(1, { error: 'expected the folder that holds dist/, such as "dist"' }),
          argocdNamespace: dnsLabel('argocd').optional(),
          fluxNamespace: dnsLabel('flux-system').optional(),
          /** A Secret in the Flux namespace with credentials for a private repoURL. */
          secretRef: dnsLabel('fleet-git-credentials').optional(),
        })
        .optional(),
      ingress: platformEndpoint.optional(),
      monitoring: platformEndpoint.optional(),
      dns: z.strictObject({ namespace: dnsLabel('kube-system'), podSelector: selector.optional() }).optional(),
      sharedServices: z.record(dnsLabel('postgresql'), sharedService).optional(),
      /** Platform components by name: namespace, pods, and what they may do with tenant pods (lib/spec/components.ts). */
      components: ComponentsSchema.optional(),
      /** The node label and taint key of dedicated nodes; the value is the tenant id. @default 'tenantry.io/tenant' */
      dedicatedNodes: DedicatedNodesSchema.optional(),
      propagateLabels: z.array(z.string().min(1)).optional(),
      podSecurityVersion: z.string().regex(/^(latest|v1\.\d+)$/, { error: 'expected "latest" or a version such as "v1.32"' }).optional(),
      agent: z
        .strictObject({
          image: z.string().regex(PINNED_IMAGE, { error: 'expected an image pinned by tag or digest' }),
          sharedUrl: z.string().regex(/^https?:\/\/\S+$/, { error: 'expected an http(s) URL' }),
          port: port.optional(),
        })
        .optional(),
      storage: z
        .strictObject({
          provisioner: z.string().min(1),
          parameters: z.record(z.string(), z.string()).optional(),
          reclaimPolicy: z.enum(['Delete', 'Retain']).optional(),
        })
        .optional(),
      /** Kinds beyond Tenantry's own that `npm run check` accepts in dist/, as "<apiVersion>/<kind>". */
      allowedKinds: z
        .array(z.string().regex(/^([a-z0-9.-]+\/)?v[0-9][a-z0-9]*\/[A-Z][A-Za-z0-9]*$/, { error: 'expected "<apiVersion>/<kind>" such as "example.com/v1/Widget"' }))
        .optional(),
      defaults: SettingsSchema.optional(),
      prices: PricesSchema.optional(), // @default DEFAULT_PRICES (lib/spec/prices.ts)
      admission: AdmissionSchema.optional(), // what the admission policies let tenants use at run time
      /** The role each team ServiceAccount holds in its own namespaces; null binds it to nothing. @default 'view' */
      serviceAccountRole: serviceAccountRole.nullable().optional(),
      /** Named partial tenants that a tenant file may start from with `template: '<name>'`. */
      tenantTemplates: z.record(dnsLabel('enterprise'), TenantTemplateSchema).optional(),
      /** How namespaces and team ServiceAccounts are named, over {tenant}, {team} and {env}. */
      naming: namingSchema.optional(),
      /** The fleet; each tenant is placed on some of its clusters (lib/spec/placement.ts). */
      clusters: z.array(ClusterSchema, { error: 'expected a list of clusters' }).min(1, { error: 'expected at least one cluster' }).optional(),
      /** Where tenants without their own placement go. @default every cluster */
      placement: PlacementSchema.optional(),
      /** Namespace names and globs ("istio-*") no tenant namespace may take; replaces DEFAULT_RESERVED_NAMESPACES (KUBERNETES_NAMESPACES always apply). */
      reservedNamespaces: z
        .array(z.string().regex(/^[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?$/, { error: 'expected a namespace name or glob such as "istio-*"' }), {
          error: 'expected a list of namespace names or globs such as ["cert-manager", "istio-*"]',
        })
        .optional(),
      /** Settings tenants may tighten but never remove or loosen. @default DEFAULTS.guardrails */
      guardrails: z
        .strictObject({
          quota: z.boolean({ error: 'expected true or false' }).optional(),
          limitRange: z.boolean({ error: 'expected true or false' }).optional(),
          podSecurity: z.enum(['restricted', 'baseline'], { error: 'expected "restricted" or "baseline"' }).optional(),
          network: z.enum(['deny-all', 'deny-ingress'], { error: 'expected "deny-all" or "deny-ingress"' }).optional(),
        })
        .optional(),
    },
    { error: 'expected a platform object; end the file with export default definePlatform({ ... })' },
  )
  .superRefine((platform, ctx) => {
    for (const issue of namingIssues(platform.naming)) ctx.addIssue({ code: 'custom', ...issue });
    for (const issue of platformPlacementIssues(platform)) ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
    for (const issue of componentIssues(platform)) ctx.addIssue({ code: 'custom', ...issue });
    for (const issue of componentChoiceIssues(resolveComponents(platform), platform.defaults?.network?.components)) {
      ctx.addIssue({ code: 'custom', path: ['defaults', 'network', 'components', issue.key], message: issue.message });
    }
    const seen = new Set<string>();
    for (const name of Object.keys(platform.sharedServices ?? {})) seen.add(name);
    for (const [index, service] of (platform.defaults?.network?.sharedServices ?? []).entries()) {
      if (!seen.has(service)) {
        ctx.addIssue({
          code: 'custom',
          path: ['defaults', 'network', 'sharedServices', index],
          message: `unknown shared service; declare it under sharedServices or use one of: ${[...seen].join(', ') || '(none declared)'}`,
        });
      }
    }
  });
export type PlatformInput = z.input<typeof PlatformSchema>;
export type PlatformSpec = z.infer<typeof PlatformSchema>;

/** Type inference for `tenants/<id>.ts`; validation happens in the loader, which knows the file. */
export function defineTenant(spec: z.input<typeof TenantSchema> | TemplatedTenantInput): z.input<typeof TenantSchema> | TemplatedTenantInput {
  return spec;
}
/** A tenant file that starts from a platform template: only id, name and owner are its own to give. */
export type TemplatedTenantInput = Partial<z.input<typeof TenantSchema>> & Pick<z.input<typeof TenantSchema>, 'id' | 'name' | 'owner'> & { template: string };

/** Type inference for `platform.ts`. */
export function definePlatform(spec: PlatformInput): PlatformInput {
  return spec;
}
