import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chosenComponents, componentChoiceIssues, componentIssues, ComponentSchema, describeComponent, resolveComponents } from '../../lib/spec/components';

const SHORTHAND = {
  ingress: { namespace: 'ingress-nginx', podSelector: { 'app.kubernetes.io/name': 'ingress-nginx' }, ports: [8000] },
  monitoring: { namespace: 'monitoring', ports: [9090] },
  sharedServices: { redis: { namespace: 'shared-data', port: 6379 }, postgresql: { namespace: 'shared-data', port: 5432 } },
};

describe('resolveComponents', () => {
  it('turns the shorthand fields into components with the policies Tenantry always wrote', () => {
    // GIVEN platform.ts with ingress, monitoring and two shared services, and no dns (the default)
    // WHEN the components are resolved
    const components = resolveComponents(SHORTHAND);

    // THEN ingress, monitoring, DNS and the services come in that order, services sorted and sharing one policy
    expect(components.map((c) => [c.name, c.policy, c.optional])).toEqual([
      ['ingress-controller', 'allow-ingress-controller', false],
      ['monitoring', 'allow-monitoring', true],
      ['dns', 'allow-dns', false],
      ['postgresql', 'allow-shared-services', true],
      ['redis', 'allow-shared-services', true],
    ]);
    expect(components[2]).toMatchObject({ namespace: 'kube-system', podSelector: { 'k8s-app': 'kube-dns' }, reachedBy: { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] } });
    expect(components[0]!.reaches).toEqual({ ports: [{ port: 8000, protocol: 'TCP' }], agentsOnly: false });
  });

  it('resolves declared components after the shorthand, by name, with ports spelled out', () => {
    // GIVEN a control plane both ways on all ports and an orchestrator restricted to agents
    const components = resolveComponents({
      components: {
        orchestrator: { namespace: 'incidentfox', reaches: { ports: [8080], pods: 'agents' } },
        'flyte-system': { namespace: 'flyte-system', reaches: { ports: 'all' }, reachedBy: { ports: [{ port: 8089, protocol: 'TCP' }] } },
      },
    });

    // WHEN they are read after DNS
    const [, flyte, orchestrator] = components;

    // THEN each names what it may do, for the matrix
    expect(flyte).toMatchObject({ name: 'flyte-system', source: 'components', policy: 'allow-flyte-system', reaches: { ports: 'all', agentsOnly: false } });
    expect(flyte!.role).toBe('component flyte-system: reaches tenant pods on all ports and is reached by them on 8089/TCP');
    expect(orchestrator!.role).toBe('component orchestrator: reaches dedicated agents on 8080/TCP');
  });

  it('describes a component that is only reached', () => {
    // GIVEN a component tenant pods call on 5432
    // WHEN it is described
    const text = describeComponent({ reachedBy: { ports: [{ port: 5432, protocol: 'TCP' }] } });
    // THEN it says so
    expect(text).toBe('is reached by tenant pods on 5432/TCP');
  });

  it('fails when a component neither reaches nor is reached', () => {
    // GIVEN a component with only a namespace
    // WHEN it is parsed
    const result = ComponentSchema.safeParse({ namespace: 'incidentfox' });
    // THEN the refinement explains why it is useless
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toBe('expected reaches, reachedBy or both; a component that does neither needs no NetworkPolicy');
  });
});

describe('chosenComponents', () => {
  it('keeps required components and drops optional ones a team leaves out, by shorthand or by name', () => {
    // GIVEN the shorthand platform
    const all = resolveComponents(SHORTHAND);
    // WHEN teams opt out in each way
    const names = (network: Parameters<typeof chosenComponents>[1]) => chosenComponents(all, network).map((c) => c.name);
    // THEN allowMonitoring, sharedServices and network.components each leave out what they name
    expect(names({})).toEqual(['ingress-controller', 'monitoring', 'dns', 'postgresql', 'redis']);
    expect(names({ allowMonitoring: false, sharedServices: ['redis'] })).toEqual(['ingress-controller', 'dns', 'redis']);
    expect(names({ components: { monitoring: false, redis: false, postgresql: null } })).toEqual(['ingress-controller', 'dns', 'postgresql']);
  });

  it('never drops a required component, whatever the team sets', () => {
    // GIVEN any opt-out settings
    const all = resolveComponents({ ...SHORTHAND, components: { orchestrator: { namespace: 'incidentfox', reaches: { ports: [8080] } } } });
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...all.map((c) => c.name)), fc.option(fc.boolean(), { nil: null })), fc.boolean(), (components, allowMonitoring) => {
        // WHEN the namespace's components are chosen
        const chosen = chosenComponents(all, { components, allowMonitoring, sharedServices: [] }).map((c) => c.name);
        // THEN every required one is there
        for (const c of all.filter((c) => !c.optional)) expect(chosen).toContain(c.name);
      }),
    );
  });
});

describe('componentIssues', () => {
  it('fails when a component takes a name the shorthand uses', () => {
    // GIVEN a component named like the monitoring shorthand
    // WHEN platform.ts is checked
    const issues = componentIssues({ ...SHORTHAND, components: { monitoring: { namespace: 'obs', reaches: { ports: 'all' } } } });
    // THEN the issue names the field that owns the name
    expect(issues).toEqual([{ path: ['components', 'monitoring'], message: 'name already declared by monitoring; choose another name' }]);
  });
});

describe('componentChoiceIssues', () => {
  it('fails when a layer names an unknown component or leaves out a required one', () => {
    // GIVEN the shorthand platform
    const all = resolveComponents(SHORTHAND);
    // WHEN a layer names "constructor" and leaves out ingress
    const issues = componentChoiceIssues(all, { constructor: false, 'ingress-controller': false, monitoring: false });
    // THEN both are reported and the optional opt-out is fine
    expect(issues).toEqual([
      { key: 'constructor', message: 'unknown platform component, got "constructor"; use one of: ingress-controller, monitoring, dns, postgresql, redis' },
      { key: 'ingress-controller', message: 'component "ingress-controller" is required by platform.ts, got false; only optional components can be left out (monitoring, postgresql, redis)' },
    ]);
  });
});
