import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

/* The folder tree shows the architecture: layer rules from .dependency-cruiser.cjs, file sizes and openings. */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: unknown[]; options: Record<string, unknown> };

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

/** Rule violations as `rule: from → to`, cruising `sources` from `cwd` (the rules' paths are relative). */
async function violations(cwd: string, sources: string[], options: Record<string, unknown> = CONFIG.options): Promise<string[]> {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const result = (await cruise(sources, { ...options, validate: true, ruleSet: { forbidden: CONFIG.forbidden } } as never)).output as ICruiseResult;
    return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
  } finally {
    process.chdir(previous);
  }
}

describe('the folder tree', () => {
  it('imports only point down the layers, with no cycle', async () => {
    // GIVEN every source file of the project
    const sources = ['main.ts', 'platform.ts', 'constructs', 'lib', 'tenants'];

    // WHEN their imports are followed
    const found = await violations(ROOT, sources);

    // THEN no layer rule is broken
    expect(found).toEqual([]);
  }, 60_000);

  it('fails when a layer imports upwards or in a cycle', async () => {
    // GIVEN a spec module and a synth module that import each other
    const dir = mkdtempSync(join(tmpdir(), 'tenantry-layers-'));
    try {
      mkdirSync(join(dir, 'lib', 'spec'), { recursive: true });
      mkdirSync(join(dir, 'lib', 'synth'), { recursive: true });
      writeFileSync(join(dir, 'lib', 'spec', 'a.ts'), "import { b } from '../synth/b';\nexport const a = () => b;\n");
      writeFileSync(join(dir, 'lib', 'synth', 'b.ts'), "import { a } from '../spec/a';\nexport const b = () => a;\n");

      // WHEN the rules are checked there
      const found = await violations(dir, ['lib'], { ...CONFIG.options, tsConfig: undefined });

      // THEN both the upward import and the cycle are named
      expect(found).toEqual([
        'lib-spec-imports-down: lib/spec/a.ts → lib/synth/b.ts',
        'no-circular: lib/spec/a.ts → lib/synth/b.ts',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('keeps every source file under 400 lines, opening with a line on what it is for', () => {
    // GIVEN every source file outside imports/, dist/ and test/
    const files = ['main.ts', 'platform.ts', ...sourceFiles('constructs'), ...sourceFiles('lib')];

    // WHEN their lengths and first lines are read
    const texts = files.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')] as const);

    // THEN none is over the limit, and each starts with a comment
    expect(texts.filter(([, text]) => text.split('\n').length > 400).map(([f]) => f)).toEqual([]);
    expect(texts.filter(([, text]) => !/^(\/\*|\/\/)/.test(text)).map(([f]) => f)).toEqual([]);
  });
});
