// Checks of one settings layer against platform.ts: the components it leaves out, and node keys only Tenantry may set.
import type { FieldPath } from './errors';
import { componentChoiceIssues, type ResolvedComponent } from './components';
import { nodeIssues, type DedicatedKeys } from './node-placement';
import type { Settings } from './schema';

type ErrorSink = (path: FieldPath, message: string) => void;

/**
 * `network.components` may name only the platform's components and leave out only optional
 * ones; `nodes` and `agent` may not set the dedicated-node label or taint, which would let a
 * team's pods onto another tenant's dedicated nodes.
 */
export function checkEndpointSettings(path: FieldPath, settings: Settings, platform: { components: readonly ResolvedComponent[]; dedicatedNodes: DedicatedKeys }, error: ErrorSink): void {
  for (const issue of componentChoiceIssues(platform.components, settings.network?.components)) error([...path, 'network', 'components', issue.key], issue.message);
  for (const issue of nodeIssues(settings.nodes, platform.dedicatedNodes)) error([...path, 'nodes', ...issue.path], issue.message);
  for (const issue of nodeIssues(settings.agent && { nodeSelector: settings.agent.nodeSelector, tolerations: settings.agent.tolerations }, platform.dedicatedNodes)) {
    error([...path, 'agent', ...issue.path], issue.message);
  }
}
