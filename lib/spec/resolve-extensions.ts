// The resolved values of platform CRDs for tenants, routing kinds and extensions, which ResolvedPlatform and ResolvedNamespace extend.
import type { ExtensionObject } from './extension-schema';
import { resolveRouting, routingKinds, type ResolvedRouting } from './routing';
import type { RoutingKind } from './routing-schema';
import type { PlatformSpec, TeamSpec } from './schema';
import { resolveTenantResources, type PlatformKind } from './tenant-resources';

/** What platform.ts `routingKinds` and `tenantResources` resolve to. */
export interface PlatformExtensionSettings {
  /** Routing kinds by field name: the built-in ones and platform.ts routingKinds. */
  readonly routingKinds: Readonly<Record<string, RoutingKind>>;
  /** Platform CRD kinds the tenant roles and AppProject whitelist grant, sorted. @default [] */
  readonly tenantResources: readonly PlatformKind[];
}

export function resolvePlatformExtensions(spec: PlatformSpec): PlatformExtensionSettings {
  return { routingKinds: routingKinds(spec.routingKinds), tenantResources: resolveTenantResources(spec.tenantResources) };
}

/** A namespace's routing and extension objects. */
export interface NamespaceExtensionValues {
  /** The team's routing identifiers, normalised (lib/spec/routing.ts). */
  readonly routing: ResolvedRouting;
  /** Objects platform extensions add, namespace and labels set (lib/spec/extensions.ts, after resolving). @default - none */
  readonly extensions?: readonly ExtensionObject[];
}

/** The values resolveNamespace takes from here: the routing; extension objects come later, from applyExtensions. */
export function namespaceExtensionValues(team: TeamSpec, platform: PlatformExtensionSettings): NamespaceExtensionValues {
  return { routing: resolveRouting(team.routing, platform.routingKinds) };
}
