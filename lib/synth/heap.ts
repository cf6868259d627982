/* Keeps peak memory flat while thousands of short-lived cdk8s trees are built. */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Heap growth (bytes) allowed before a forced collection. cdk8s trees are short-lived
 * but survive long enough to be promoted, and V8 lets them pile up for thousands of
 * tenants; collecting at a fixed headroom keeps peak memory flat whatever the count.
 */
export const HEAP_HEADROOM = Number(process.env.TENANTRY_HEAP_HEADROOM_MB ?? 64) * 2 ** 20;

let gcFunction: (() => void) | null | undefined;
let heapFloor = 0;
let headroom = HEAP_HEADROOM;

/**
 * Splits HEAP_HEADROOM among `threads` threads building at once (this one and its workers),
 * so peak memory with workers stays near that of one thread. @returns this thread's share
 */
export function shareHeadroom(threads: number): number {
  headroom = Math.floor(HEAP_HEADROOM / Math.max(1, threads));
  return headroom;
}

/**
 * Collects garbage once the heap has grown its headroom past what the last collection left; a
 * no-op where V8 refuses. The headroom is at least half of what the last collection left: each
 * collection marks all of that, and at 5,000 tenants (a live heap of 140–240 MB on the main
 * thread) a fixed headroom meant 28 full collections taking 12.6 s; with this, 10 taking 4.0 s,
 * and a clean synth of 5,000 tenant files took 67.7 / 60.0 s against 69.9 / 67.1 s, interleaved,
 * at the same peak memory. At 1,000 tenants (a live heap near 60 MB) nothing changes.
 */
export function keepHeapFlat(): void {
  if (getHeapStatistics().used_heap_size < collectionThreshold(heapFloor, headroom)) return;
  if (gcFunction === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gcFunction = runInNewContext('gc') as () => void;
    } catch {
      gcFunction = null;
    }
  }
  gcFunction?.();
  heapFloor = getHeapStatistics().used_heap_size;
}

/** Below this many folders to build, a synth forces no collection: a few trees cannot pile up. */
export const FEW_BUILDS = 16;

/**
 * keepHeapFlat for a synth building `builds` folders, or a no-op for a few: after one tenant file
 * changed at 1,000 tenants, the one forced collection marked the whole loaded project (80 ms of a
 * 1.6 s synth) to keep one tree off the heap.
 */
export function heapKeeperFor(builds: number): () => void {
  return builds < FEW_BUILDS ? () => undefined : keepHeapFlat;
}

/** The heap size past which keepHeapFlat collects, given what the last collection left and this thread's headroom. */
export function collectionThreshold(floor: number, headroom: number): number {
  return floor + Math.max(headroom, floor / 2);
}
