import { describe, expect, it } from 'vitest';
import { DEFAULT_RESERVED_NAMESPACES, DEFAULTS, KUBERNETES_NAMESPACES, NAME_LIMIT, SYSTEM_LABEL_KEYS } from '../../lib/spec/defaults';
import { PlatformSchema, SettingsSchema } from '../../lib/spec/schema';

describe('DEFAULTS', () => {
  it('gives settings the schema itself accepts', () => {
    // GIVEN the built-in per-namespace settings
    const settings = DEFAULTS.settings;

    // WHEN they are validated as a platform's defaults
    const result = SettingsSchema.safeParse(settings);

    // THEN they are valid, so a platform that sets nothing still validates
    expect(result.success).toBe(true);
    expect(PlatformSchema.safeParse({}).success).toBe(true);
  });

  it('reserves the namespaces of Kubernetes and the usual system components', () => {
    // GIVEN the reserved names
    // WHEN they are read
    // THEN Kubernetes' own, GitOps and common components are there, and names fit a DNS label
    expect(KUBERNETES_NAMESPACES).toEqual(['default', 'kube-*']);
    expect(DEFAULT_RESERVED_NAMESPACES).toEqual(expect.arrayContaining(['argocd', 'flux-system', 'cert-manager', 'istio-*', 'ingress-*', 'monitoring', 'kyverno']));
    expect(NAME_LIMIT).toBe(63);
    expect(SYSTEM_LABEL_KEYS.every((key) => key.startsWith('tenantry.io/'))).toBe(true);
  });
});
