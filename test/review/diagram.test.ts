import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { diagramOf, MAX_EDGES } from '../../lib/review/diagram';
import { diffNetwork } from '../../lib/review/network';
import { snapshotOf, type Snapshot } from '../../lib/review/snapshot';
import { validateProject } from '../../lib/spec/loader';
import { synthesizeAll } from '../../lib/synth/folder-jobs';

/*
 * Mermaid's own parser (the `mermaid` package, as GitHub renders it) checks the syntax.
 * It needs a DOM for its sanitizer, so jsdom provides one; @mermaid-js/parser has no
 * flowchart grammar.
 */
type Mermaid = { initialize: (config: object) => void; parse: (text: string) => Promise<{ diagramType: string }> };
let mermaid: Mermaid;

beforeAll(async () => {
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  Object.assign(globalThis, { window: dom.window, document: dom.window.document });
  mermaid = (await import('mermaid')).default as unknown as Mermaid;
  mermaid.initialize({ startOnLoad: false });
});

function side(label: string, isolation: string, teams: object[]): Snapshot {
  const project = validateProject({ file: 'platform.ts', value: { ingress: { namespace: 'ingress-nginx', ports: [8000] } } }, [
    { file: 'tenants/acme.ts', value: { id: 'acme', name: 'Acme', owner: 'a@acme.example', isolation, teams } },
    { file: 'tenants/bolt.ts', value: { id: 'bolt', name: 'Bolt', owner: 'b@bolt.example', isolation: 'hard', teams: [{ id: 'api' }] } },
  ]);
  if (!project.ok) throw new Error(project.errors.join('\n'));
  const files = new Map<string, string>();
  for (const output of synthesizeAll(project)) for (const [name, content] of output.files) files.set(`${output.folder}/${name}`, content);
  return snapshotOf({ label, files, project });
}

describe('diagramOf', () => {
  it('draws the changed tenant with added edges thick and removed ones dotted, in valid Mermaid', async () => {
    // GIVEN acme going from network-only with egress on 443 to soft, team old dropped and team jobs added
    const before = side('base', 'network-only', [{ id: 'web', network: { externalEgress: true, externalEgressPorts: [443] } }, { id: 'old' }]);
    const after = side('head', 'soft', [{ id: 'web' }, { id: 'jobs' }]);

    // WHEN its picture is drawn
    const diagram = diagramOf(before, after, diffNetwork(before, after), ['acme']);

    // THEN acme's namespaces are in its subgraph, the new one marked, bolt left out, and Mermaid parses it
    expect(diagram.mermaid.split('\n').slice(0, 6)).toEqual(['flowchart LR', '  subgraph n1_t["tenant acme"]', '    n1["acme-jobs"]', '    n2["acme-old"]', '    n3["acme-web"]', '  end']);
    expect(diagram.mermaid).toContain('n3 ==>|"added: all ports"| n1');
    expect(diagram.mermaid).toContain('n3 -.->|"removed: all ports"| n2');
    expect(diagram.mermaid).toContain('n3 ==>|"443/TCP → all ports"|');
    expect(diagram.mermaid).toContain('  class n1 added');
    expect(diagram.mermaid).toContain('  class n2 removed');
    expect(diagram.mermaid).not.toContain('bolt');
    expect(diagram.omitted).toBe(0);
    await expect(mermaid.parse(diagram.mermaid)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
  });

  it('draws nothing when no chosen tenant has a namespace', () => {
    // GIVEN two identical sides
    const same = side('base', 'soft', [{ id: 'web' }]);

    // WHEN no tenant is chosen
    // THEN the picture is empty
    expect(diagramOf(same, same, diffNetwork(same, same), [])).toEqual({ mermaid: '', omitted: 0 });
  });

  it(`keeps at most ${MAX_EDGES} edges, dropping unchanged ones first`, () => {
    // GIVEN a soft tenant of 12 teams, whose namespaces all reach each other
    const many = side('base', 'soft', Array.from({ length: 12 }, (_, i) => ({ id: `t${i}` })));

    // WHEN it is drawn
    const diagram = diagramOf(many, many, diffNetwork(many, many), ['acme']);

    // THEN the edge count is capped and the rest are counted as left out
    expect(diagram.mermaid.split('\n').filter((l) => l.includes('-->')).length).toBe(MAX_EDGES);
    expect(diagram.omitted).toBeGreaterThan(0);
  });

  it('fails when the syntax is broken: the parser is a real check', async () => {
    // GIVEN an edge label left open
    // WHEN parsed
    // THEN Mermaid rejects it
    await expect(mermaid.parse('flowchart LR\n  n1 -->|"open n2\n')).rejects.toThrow(/Parse error/);
  });

  it('every golden report holds Mermaid that parses', async () => {
    // GIVEN the golden Markdown reports
    const dir = join(__dirname, '__golden__');
    const blocks = readdirSync(dir)
      .filter((f) => f.endsWith('.md'))
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!));

    // WHEN each picture is parsed
    // THEN all do
    expect(blocks.length).toBeGreaterThanOrEqual(7);
    for (const block of blocks) await expect(mermaid.parse(block)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
  });
});
