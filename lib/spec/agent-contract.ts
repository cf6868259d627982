// The agent contract: what the runtime reads from a team's `tenant-config`, versioned so that consumers can tell changes apart.

/**
 * The version of `tenant-config`'s `config.json`. Version 1 (no `schemaVersion` field) held
 * `agent: { mode, url }` for every team; version 2 follows the IncidentFox routing contract:
 * `agent_service_url` is present only for a team with a dedicated agent, and its absence means
 * the shared runtime. Bump it whenever a key changes meaning or disappears.
 */
export const CONFIG_SCHEMA_VERSION = 2;

/** The key the orchestrator routes by: the dedicated agent's in-cluster Service URL, or nothing for the shared runtime. */
export function agentConfig(dedicatedUrl: string | undefined): { agent_service_url?: string } {
  return dedicatedUrl === undefined ? {} : { agent_service_url: dedicatedUrl };
}
