import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../support/temp';

const temporaryDir = tempDirs('tenantry-phase-log-');
const MODULE = join(import.meta.dirname, '..', '..', 'lib', 'spec', 'phase-log.ts');
const TSX = join(import.meta.dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'loader.mjs');

function runWith(env: Record<string, string>): void {
  const script = `const { recordPhase, timePhase } = await import(${JSON.stringify(MODULE)}); recordPhase('load', 5); recordPhase('load', 7); await timePhase('build', () => 1);`;
  execFileSync(process.execPath, ['--import', TSX, '--input-type=module', '-e', script], { env: { ...process.env, ...env } });
}

describe('recordPhase', () => {
  it('adds up each phase and writes them to TENANTRY_PHASES at exit', () => {
    // GIVEN
    const file = join(temporaryDir(), 'phases.json');

    // WHEN
    runWith({ TENANTRY_PHASES: file });

    // THEN
    const phases = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
    expect(phases.load).toBe(12);
    expect(phases.build).toBeGreaterThanOrEqual(0);
  });

  it('writes nothing without TENANTRY_PHASES', () => {
    // GIVEN
    const dir = temporaryDir();

    // WHEN
    runWith({ TENANTRY_PHASES: '' });

    // THEN
    expect(() => readFileSync(join(dir, 'phases.json'))).toThrow();
  });
});
