/*
 * Wall time per phase of one command (load, validate, build, write, proofs…), written as JSON to the
 * file TENANTRY_PHASES names when the process exits; the end-to-end bench sets it. Otherwise a no-op.
 */
import { writeFileSync } from 'node:fs';

const phases: Record<string, number> = {};
let armed = false;

/** Adds `ms` to the phase `name`. */
export function recordPhase(name: string, ms: number): void {
  const file = process.env.TENANTRY_PHASES;
  if (!file) return;
  phases[name] = (phases[name] ?? 0) + ms;
  if (armed) return;
  armed = true;
  process.on('exit', () => writeFileSync(file, JSON.stringify(phases)));
}

/** Runs `work` and records its wall time as the phase `name`. */
export async function timePhase<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    recordPhase(name, performance.now() - started);
  }
}
