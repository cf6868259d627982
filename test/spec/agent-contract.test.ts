import { describe, expect, it } from 'vitest';
import { agentConfig, CONFIG_SCHEMA_VERSION } from '../../lib/spec/agent-contract';

describe('agentConfig', () => {
  it('carries agent_service_url for a dedicated agent and nothing for the shared runtime', () => {
    // GIVEN a dedicated agent URL and none
    // WHEN the contract's agent keys are written
    // THEN the key is there or absent (never empty), as the IncidentFox orchestrator tests it
    expect(agentConfig('http://agent-dedicated-acme-api.acme-api.svc.cluster.local:8080')).toEqual({ agent_service_url: 'http://agent-dedicated-acme-api.acme-api.svc.cluster.local:8080' });
    expect(agentConfig(undefined)).toEqual({});
    expect(CONFIG_SCHEMA_VERSION).toBe(2);
  });
});
