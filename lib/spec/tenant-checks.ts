// Checks across tenant files on the tenant model itself: display names are as unique as ids.
import { fieldError } from './errors';
import type { TenantSpec } from './schema';

/** Two tenants may not share a display name (ignoring case and spacing): people pick tenants by name. */
export function checkDisplayNames(resolved: readonly { file: string; spec: TenantSpec }[]): string[] {
  const claims = new Map<string, string>();
  const errors: string[] = [];
  for (const { file, spec } of resolved) {
    const key = spec.name.trim().replace(/\s+/g, ' ').toLowerCase();
    const first = claims.get(key);
    if (first) errors.push(fieldError(file, ['name'], `display name "${spec.name}" is already used by ${first}; give each tenant its own name`));
    else claims.set(key, file);
  }
  return errors;
}
