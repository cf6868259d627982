/* The platform's `admission` block: what the admission policies let tenants use at run time. */
import { z } from 'zod';

/** A registry host with an optional path, matched as a prefix up to a "/": "ghcr.io/acme". */
export const registry = z
  .string({ error: 'expected a registry such as "ghcr.io/acme"' })
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?(\/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*$/, { error: 'expected a registry host with an optional path, without a trailing "/", such as "ghcr.io/acme"' });

const className = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, { error: 'expected a class name such as "gp3" or "nginx"' });

export const AdmissionSchema = z
  .strictObject({
  /** Registries tenant pods may pull from; absent means any registry. */
  allowedRegistries: z.array(registry).optional(),
  /** StorageClasses tenant PVCs may name (besides the tenant's own dedicated class); absent means any. */
  storageClasses: z.array(className).optional(),
  /** IngressClasses tenant Ingresses may name; absent means any. */
  ingressClasses: z.array(className).optional(),
  /** PriorityClasses tenant pods may name; the system-* classes are never allowed. @default [] */
  priorityClasses: z.array(className).optional(),
  /** Further identities (besides the GitOps controllers) that may change Tenantry's objects. @default [] */
  exemptUsers: z.array(z.string().min(1)).optional(),
  exemptGroups: z.array(z.string().min(1)).optional(),
  })
  .superRefine((admission, ctx) => {
    for (const [index, name] of (admission.priorityClasses ?? []).entries()) {
      if (name.startsWith('system-')) ctx.addIssue({ code: 'custom', path: ['priorityClasses', index], message: 'the system priority classes preempt every tenant; remove it' });
    }
  });

const hostname = z
  .string({ error: 'expected a host name such as "shop.acme.example"' })
  .max(253, { error: 'expected at most 253 characters' })
  .regex(/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/, { error: 'expected a lowercase host name such as "shop.acme.example" or "*.acme.example"' });

/** The tenant fields behind the admission policies (spread into TenantSchema). */
export const TENANT_ADMISSION_FIELDS = {
  /** Hosts the tenant's Ingresses may serve; each is claimed by one tenant only. */
  hostnames: z.array(hostname, { error: 'expected a list of host names such as ["shop.acme.example"]' }).optional(),
  /** Service types beyond ClusterIP the tenant may create (admission policy and quota). */
  services: z.strictObject({ nodePort: z.boolean({ error: 'expected true or false' }).optional(), loadBalancer: z.boolean({ error: 'expected true or false' }).optional() }).optional(),
  /** Narrows the platform's admission.allowedRegistries for this tenant's pods. */
  registries: z.array(registry, { error: 'expected a list of registries such as ["ghcr.io/acme"]' }).optional(),
};

export type AdmissionSpec = z.infer<typeof AdmissionSchema>;
