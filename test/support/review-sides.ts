import { snapshotOf, type Snapshot } from '../../lib/review/snapshot';
import { validateProject } from '../../lib/spec/loader';
import { synthesizeAll } from '../../lib/synth/folder-jobs';

/** A tenant spec as plain data, the file named after its id. */
export const tenant = (id: string, isolation: unknown, teams: object[], more: object = {}) => ({
  file: `tenants/${id}.ts`,
  value: { id, name: id, owner: `lead@${id}.example`, isolation, teams, ...more },
});

/** One side of a review, synthesized in memory from specs; `edit` may change dist/ by hand. */
export function sideOf(label: string, platform: object, tenants: ReturnType<typeof tenant>[], edit?: (files: Map<string, string>) => void): Snapshot {
  const project = validateProject({ file: 'platform.ts', value: platform }, tenants);
  if (!project.ok) throw new Error(project.errors.join('\n'));
  const files = new Map<string, string>();
  for (const output of synthesizeAll(project)) for (const [name, content] of output.files) files.set(`${output.folder}/${name}`, content);
  edit?.(files);
  return snapshotOf({ label, files, project, platformSource: JSON.stringify(platform) });
}
