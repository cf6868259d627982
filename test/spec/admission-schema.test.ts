import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AdmissionSchema, registry, TENANT_ADMISSION_FIELDS } from '../../lib/spec/admission-schema';

function problems(schema: z.ZodType, input: unknown): string[] {
  return (schema.safeParse(input).error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('registry', () => {
  it('accepts hosts with ports and paths', () => {
    // GIVEN registry hosts and paths
    // WHEN parsed
    // THEN each passes
    for (const value of ['ghcr.io', 'ghcr.io/acme', 'registry.local:5000/team/app_x']) expect(registry.parse(value)).toBe(value);
  });

  it('fails when the registry has a trailing slash or capitals', () => {
    // GIVEN bad registries
    // WHEN parsed
    // THEN the message asks for a host without a trailing "/"
    const message = ': expected a registry host with an optional path, without a trailing "/", such as "ghcr.io/acme"';
    expect(problems(registry, 'ghcr.io/acme/')).toEqual([message]);
    expect(problems(registry, 'GHCR.io')).toEqual([message]);
    expect(problems(registry, 1)).toEqual([': expected a registry such as "ghcr.io/acme"']);
  });
});

describe('AdmissionSchema', () => {
  it('accepts an empty block and dotted class names', () => {
    // GIVEN no restrictions, and classes with dots
    // WHEN parsed
    // THEN both pass
    expect(problems(AdmissionSchema, {})).toEqual([]);
    expect(problems(AdmissionSchema, { storageClasses: ['ebs.gp3'], ingressClasses: ['nginx'], priorityClasses: ['batch-low'] })).toEqual([]);
  });

  it('fails when a priority class is a system class', () => {
    // GIVEN a system class among the allowed ones
    // WHEN parsed
    // THEN the issue points at its index
    expect(problems(AdmissionSchema, { priorityClasses: ['low', 'system-node-critical'] })).toEqual(['priorityClasses.1: the system priority classes preempt every tenant; remove it']);
  });

  it('fails when a class name is not a dns subdomain', () => {
    // GIVEN a class with an underscore
    // WHEN parsed
    // THEN the message gives examples
    expect(problems(AdmissionSchema, { storageClasses: ['gp_3'] })).toEqual(['storageClasses.0: expected a class name such as "gp3" or "nginx"']);
  });

  it('fails when an exempt user is empty or a field is unknown', () => {
    // GIVEN an empty user and a misspelt field
    // WHEN parsed
    // THEN both are rejected
    const result = AdmissionSchema.safeParse({ exemptUsers: [''], registries: [] });
    expect(result.error?.issues.map((issue) => issue.code).sort()).toEqual(['too_small', 'unrecognized_keys']);
  });
});

describe('TENANT_ADMISSION_FIELDS', () => {
  const tenant = z.strictObject(TENANT_ADMISSION_FIELDS);

  it('accepts host names, wildcards and service types', () => {
    // GIVEN valid tenant fields
    // WHEN parsed
    // THEN nothing is reported
    expect(problems(tenant, { hostnames: ['shop.acme.example', '*.acme.example'], services: { nodePort: true }, registries: ['ghcr.io/acme'] })).toEqual([]);
  });

  it('fails when a host name is a single label, uppercase or too long', () => {
    // GIVEN bad host names
    // WHEN parsed
    // THEN each gets its message
    const pattern = 'expected a lowercase host name such as "shop.acme.example" or "*.acme.example"';
    expect(problems(tenant, { hostnames: ['localhost', 'Shop.acme.example'] })).toEqual([`hostnames.0: ${pattern}`, `hostnames.1: ${pattern}`]);
    expect(problems(tenant, { hostnames: [`${'a.'.repeat(127)}io`] })).toEqual(['hostnames.0: expected at most 253 characters']);
    expect(problems(tenant, { hostnames: 'shop.acme.example' })).toEqual(['hostnames: expected a list of host names such as ["shop.acme.example"]']);
  });

  it('fails when a service flag is not a boolean or registries is not a list', () => {
    // GIVEN a string flag and a string registry
    // WHEN parsed
    // THEN each names what it expects
    expect(problems(tenant, { services: { loadBalancer: 'yes' }, registries: 'ghcr.io' })).toEqual(['services.loadBalancer: expected true or false', 'registries: expected a list of registries such as ["ghcr.io/acme"]']);
  });
});
