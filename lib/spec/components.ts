// Platform components: what the platform runs (ingress, monitoring, DNS, shared services, control planes) and how it may talk to tenant pods.
import { z } from 'zod';
import { dnsLabel } from './dns-label';

/*
 * One mechanism for every platform endpoint. A component is a namespace and a pod selector
 * with what it may do: reach tenant pods (`reaches`), be reached by them (`reachedBy`), or
 * both, on listed ports or all ports. platform.ts `ingress`, `monitoring`, `dns` and
 * `sharedServices` stay as shorthand and resolve to components here; `components` declares
 * any other. Each team namespace gets one NetworkPolicy per component (shared services share
 * `allow-shared-services`), and a component that reaches only dedicated agents gets its
 * policy next to each dedicated agent, selecting the agent's pods.
 */

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

const portNumber = z
  .number({ error: 'expected a port number such as 8080' })
  .int({ error: 'expected a port number such as 8080' })
  .min(1, { error: 'expected a port number from 1 to 65535' })
  .max(65535, { error: 'expected a port number from 1 to 65535' });

const componentPort = z.union([portNumber, z.strictObject({ port: portNumber, protocol: z.enum(PROTOCOLS, { error: 'expected "TCP", "UDP" or "SCTP"' }) })], {
  error: 'expected a port number such as 8080 or { port: 53, protocol: "UDP" }',
});

const componentPorts = z.union([z.literal('all'), z.array(componentPort).min(1, { error: 'expected at least one port, or "all"' })], {
  error: 'expected "all" or a list of ports such as [8080] or [{ port: 53, protocol: "UDP" }]',
});

export const ComponentSchema = z
  .strictObject({
    namespace: dnsLabel('flyte-system'),
    /** The component's pods; all pods of the namespace when left out. */
    podSelector: z.record(z.string(), z.string(), { error: 'expected an object of label keys to string values' }).optional(),
    /** The component opens connections to tenant pods: on these ports, to every pod or to dedicated agents only. */
    reaches: z
      .strictObject({
        ports: componentPorts,
        pods: z.enum(['all', 'agents'], { error: 'expected "all" (every tenant pod) or "agents" (Tenantry\'s dedicated agents only)' }).optional(),
      })
      .optional(),
    /** Tenant pods open connections to the component on these ports. */
    reachedBy: z.strictObject({ ports: componentPorts }).optional(),
    /** Whether a team may leave the component out with `network.components: { <name>: false }`. @default false */
    optional: z.boolean({ error: 'expected true or false' }).optional(),
  })
  .refine((c) => c.reaches !== undefined || c.reachedBy !== undefined, { error: 'expected reaches, reachedBy or both; a component that does neither needs no NetworkPolicy' });

export const ComponentsSchema = z.record(dnsLabel('orchestrator', 50, ', so that allow-<name>-to-agent fits in 63'), ComponentSchema, {
  error: 'expected an object of component names to { namespace, podSelector?, reaches?, reachedBy?, optional? }',
});

/** settings `network.components`: `false` leaves an optional component out, `true` (or null) takes it back. */
export const ComponentOptOutSchema = z.record(z.string(), z.boolean({ error: 'expected true or false' }).nullable(), {
  error: 'expected an object of component names to true or false, such as { monitoring: false }',
});

export interface ComponentPort {
  readonly port: number;
  readonly protocol: Protocol;
}

/** Ports a component uses: every port, or the listed ones. */
export type ComponentPorts = 'all' | readonly ComponentPort[];

/** Where in platform.ts a component was declared. */
export type ComponentSource = 'ingress' | 'monitoring' | 'dns' | 'sharedServices' | 'components';

export interface ResolvedComponent {
  readonly name: string;
  /** What the reachability matrix calls it: "ingress controller", "shared service redis", "component orchestrator: …". */
  readonly role: string;
  readonly source: ComponentSource;
  readonly namespace: string;
  readonly podSelector: Readonly<Record<string, string>>;
  /** The component → tenant pods direction. @default - none */
  readonly reaches?: { readonly ports: ComponentPorts; readonly agentsOnly: boolean };
  /** The tenant pods → component direction. @default - none */
  readonly reachedBy?: { readonly ports: ComponentPorts };
  readonly optional: boolean;
  /** The NetworkPolicy that carries it in a team namespace. */
  readonly policy: string;
}

type Selector = Record<string, string> | undefined;
/** The platform spec fields components come from (a structural subset of PlatformSpec). */
export interface ComponentSpecs {
  readonly ingress?: { namespace: string; podSelector?: Selector; ports: number[] };
  readonly monitoring?: { namespace: string; podSelector?: Selector; ports: number[] };
  readonly dns?: { namespace: string; podSelector?: Selector };
  readonly sharedServices?: Record<string, { namespace: string; podSelector?: Selector; port: number; protocol?: 'TCP' | 'UDP' }>;
  readonly components?: Record<string, z.infer<typeof ComponentSchema>>;
}

const DEFAULT_DNS = { namespace: 'kube-system', podSelector: { 'k8s-app': 'kube-dns' } };
const tcp = (ports: readonly number[]): ComponentPort[] => ports.map((port) => ({ port, protocol: 'TCP' }));
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every component of the platform: the shorthand fields first (as before), then `components` by name. */
export function resolveComponents(spec: ComponentSpecs): ResolvedComponent[] {
  const out: ResolvedComponent[] = [];
  const base = (name: string, role: string, source: ComponentSource, endpoint: { namespace: string; podSelector?: Selector }, optional: boolean, policy = name) => ({
    name,
    role,
    source,
    namespace: endpoint.namespace,
    podSelector: { ...(endpoint.podSelector ?? {}) },
    optional,
    policy: `allow-${policy}`,
  });
  if (spec.ingress) out.push({ ...base('ingress-controller', 'ingress controller', 'ingress', spec.ingress, false), reaches: { ports: tcp(spec.ingress.ports), agentsOnly: false } });
  if (spec.monitoring) out.push({ ...base('monitoring', 'monitoring', 'monitoring', spec.monitoring, true), reaches: { ports: tcp(spec.monitoring.ports), agentsOnly: false } });
  const dns = spec.dns ? { namespace: spec.dns.namespace, podSelector: spec.dns.podSelector ?? DEFAULT_DNS.podSelector } : DEFAULT_DNS;
  out.push({ ...base('dns', 'DNS', 'dns', dns, false), reachedBy: { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] } });
  for (const [name, service] of Object.entries(spec.sharedServices ?? {}).sort(([a], [b]) => compare(a, b))) {
    out.push({ ...base(name, `shared service ${name}`, 'sharedServices', service, true, 'shared-services'), reachedBy: { ports: [{ port: service.port, protocol: service.protocol ?? 'TCP' }] } });
  }
  for (const [name, component] of Object.entries(spec.components ?? {}).sort(([a], [b]) => compare(a, b))) {
    const reaches = component.reaches && { ports: portsOf(component.reaches.ports), agentsOnly: component.reaches.pods === 'agents' };
    const reachedBy = component.reachedBy && { ports: portsOf(component.reachedBy.ports) };
    const resolved = { ...base(name, '', 'components', component, component.optional ?? false), ...(reaches ? { reaches } : {}), ...(reachedBy ? { reachedBy } : {}) };
    out.push({ ...resolved, role: `component ${name}: ${describeComponent(resolved)}` });
  }
  return out;
}

function portsOf(ports: z.infer<typeof componentPorts>): ComponentPorts {
  return ports === 'all' ? 'all' : ports.map((p) => (typeof p === 'number' ? { port: p, protocol: 'TCP' } : p));
}

export function formatComponentPorts(ports: ComponentPorts): string {
  return ports === 'all' ? 'all ports' : ports.map((p) => `${p.port}/${p.protocol}`).join(', ');
}

/** "reaches dedicated agents on 8080/TCP", "reaches tenant pods on all ports and is reached by them on all ports". */
export function describeComponent(component: Pick<ResolvedComponent, 'reaches' | 'reachedBy'>): string {
  const parts: string[] = [];
  if (component.reaches) parts.push(`reaches ${component.reaches.agentsOnly ? 'dedicated agents' : 'tenant pods'} on ${formatComponentPorts(component.reaches.ports)}`);
  if (component.reachedBy) parts.push(`${parts.length ? 'is reached by them' : 'is reached by tenant pods'} on ${formatComponentPorts(component.reachedBy.ports)}`);
  return parts.join(' and ');
}

/** The network settings that choose components (a structural subset of the merged `network`). */
export interface ComponentChoice {
  readonly allowMonitoring?: boolean | null;
  readonly sharedServices?: readonly string[] | null;
  readonly components?: Readonly<Record<string, boolean | null>> | null;
}

/**
 * The components a namespace gets: every required one, and each optional one the team keeps.
 * `allowMonitoring: false` and a `sharedServices` list are the shorthand opt-outs.
 */
export function chosenComponents(components: readonly ResolvedComponent[], network: ComponentChoice): ResolvedComponent[] {
  return components.filter((c) => {
    if (!c.optional) return true;
    if (network.components && Object.hasOwn(network.components, c.name) && network.components[c.name] === false) return false;
    if (c.source === 'monitoring') return network.allowMonitoring !== false;
    if (c.source === 'sharedServices') return !network.sharedServices || network.sharedServices.includes(c.name);
    return true;
  });
}

/** Problems in platform.ts's components: a name the shorthand fields already use. */
export function componentIssues(spec: ComponentSpecs): { path: (string | number)[]; message: string }[] {
  const taken = new Map<string, string>();
  if (spec.ingress) taken.set('ingress-controller', 'ingress');
  if (spec.monitoring) taken.set('monitoring', 'monitoring');
  taken.set('dns', 'dns');
  for (const name of Object.keys(spec.sharedServices ?? {})) taken.set(name, `sharedServices.${name}`);
  return Object.keys(spec.components ?? {})
    .filter((name) => taken.has(name))
    .map((name) => ({ path: ['components', name], message: `name already declared by ${taken.get(name)}; choose another name` }));
}

/** Problems in one settings layer's `network.components`: unknown names, and required components left out. */
export function componentChoiceIssues(components: readonly ResolvedComponent[], choice: Readonly<Record<string, boolean | null>> | null | undefined): { key: string; message: string }[] {
  const byName = new Map(components.map((c) => [c.name, c]));
  const optional = components.filter((c) => c.optional).map((c) => c.name);
  return Object.entries(choice ?? {}).flatMap(([key, value]) => {
    const component = byName.get(key);
    if (!component) return [{ key, message: `unknown platform component, got "${key}"; use one of: ${[...byName.keys()].join(', ')}` }];
    if (value === false && !component.optional) {
      return [{ key, message: `component "${key}" is required by platform.ts, got false; only optional components can be left out (${optional.join(', ') || 'none declared'})` }];
    }
    return [];
  });
}
