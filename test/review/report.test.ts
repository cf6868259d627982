import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { renderMarkdown, renderText } from '../../lib/review/render';
import { buildReport } from '../../lib/review/report';
import { snapshotOf } from '../../lib/review/snapshot';
import { validateProject, type LoadedProject } from '../../lib/spec/loader';
import { synthesizeAll } from '../../lib/synth/folder-jobs';

type Files = Map<string, string>;

let project: LoadedProject;
let base: Files;

beforeAll(() => {
  const tenant = (id: string, isolation: string) => ({
    file: `tenants/${id}.ts`,
    value: { id, name: id, owner: `lead@${id}.example`, isolation, teams: [{ id: 'api', access: [{ group: `${id}-api`, role: 'edit' }] }, { id: 'web' }] },
  });
  const loaded = validateProject({ file: 'platform.ts', value: {} }, [tenant('acme', 'soft'), tenant('bolt', 'hard')]);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  project = loaded;
  base = new Map();
  for (const output of synthesizeAll(project)) for (const [name, content] of output.files) base.set(`${output.folder}/${name}`, content);
});

const objectFiles = (files: Files) => [...files.keys()].filter((p) => !p.endsWith('/kustomization.yaml')).sort();

/** What `diff -r` of the two dist/ trees would count, one object per file. */
function plainDiff(before: Files, after: Files) {
  const a = objectFiles(before);
  const b = objectFiles(after);
  return {
    added: b.filter((p) => !before.has(p)).length,
    removed: a.filter((p) => !after.has(p)).length,
    changed: a.filter((p) => after.has(p) && after.get(p) !== before.get(p)).length,
  };
}

type Edit = { op: 'remove' | 'copy' | 'relabel'; pick: number };

function apply(files: Files, edits: readonly Edit[]): Files {
  const out = new Map(files);
  edits.forEach(({ op, pick }, n) => {
    const paths = objectFiles(out);
    const path = paths[pick % paths.length]!;
    const object = parse(out.get(path)!) as { metadata: { name: string; labels?: Record<string, string> } };
    if (op === 'remove') out.delete(path);
    else if (op === 'relabel') {
      object.metadata.labels = { ...object.metadata.labels, 'review.test/edit': String(n) };
      out.set(path, stringify(object));
    } else {
      object.metadata.name = `${object.metadata.name}-copy${n}`;
      out.set(path.replace(/\.yaml$/, `-copy${n}.yaml`), stringify(object));
    }
  });
  return out;
}

describe('buildReport', () => {
  it('counts the same objects as a plain diff of the two dist/ trees', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ op: fc.constantFrom('remove', 'copy', 'relabel'), pick: fc.nat() }), { maxLength: 8 }), (edits) => {
        // GIVEN dist/ and a random set of removed, copied and edited objects
        const after = apply(base, edits as Edit[]);

        // WHEN the two trees are reviewed
        const report = buildReport(snapshotOf({ label: 'base', files: base, project }), snapshotOf({ label: 'head', files: after, project }));

        // THEN the report's object counts are the plain diff's, and "no changes" means none
        const plain = plainDiff(base, after);
        expect(report.summary.objects).toEqual(plain);
        expect(report.verdict === 'no changes').toBe(plain.added + plain.removed + plain.changed === 0);
      }),
      { numRuns: 25 },
    );
  });

  it('reports "no changes" for an empty change', () => {
    // GIVEN the same dist/ on both sides
    const side = snapshotOf({ label: 'base', files: base, project });

    // WHEN reviewed
    const report = buildReport(side, side, { base: 'main', head: 'working tree' });

    // THEN every format says so and lists nothing
    expect(report.verdict).toBe('no changes');
    expect(report.tenants).toEqual([]);
    expect(report.risks).toEqual([]);
    expect(renderText(report)).toBe('Tenantry review: no changes: dist/ is the same on both sides\nbase main → head working tree\n');
    expect(renderMarkdown(report)).toBe('## Tenantry review: no changes\n\nno changes: dist/ is the same on both sides\n\nBase: `main` → head: `working tree`\n');
  });
});
