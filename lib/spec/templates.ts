// Tenant templates: named partial tenants in platform.ts that a tenant file starts from (`template: 'enterprise'`).
import { fieldError, renderValue } from './errors';
import { mergeLayers } from './merge';

/*
 * A template sits between the platform's defaults and the tenant in the inheritance chain:
 * the tenant file's own fields merge over it (objects merge, lists and values replace, null
 * removes), then the result is validated as any tenant. A template's `environments` go to
 * every team that lists none.
 */

export type TemplateResult = { readonly value: unknown } | { readonly error: string };

export function applyTemplate(file: string, raw: unknown, templates: Readonly<Record<string, Record<string, unknown>>>): TemplateResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !('template' in raw)) return { value: raw };
  const { template: name, ...tenant } = raw as Record<string, unknown>;
  const template = typeof name === 'string' ? templates[name] : undefined;
  if (!template) {
    const known = Object.keys(templates).sort();
    return { error: fieldError(file, ['template'], `unknown tenant template, got ${renderValue(name)}; use one of: ${known.join(', ') || '(none declared under tenantTemplates in platform.ts)'}`) };
  }
  const { environments, ...base } = template;
  const merged = mergeLayers<Record<string, unknown>>(base, tenant);
  if (Array.isArray(environments) && Array.isArray(merged.teams)) {
    merged.teams = merged.teams.map((team: unknown) =>
      team && typeof team === 'object' && !('environments' in team) ? { ...team, environments: [...environments] } : team,
    );
  }
  return { value: merged };
}
