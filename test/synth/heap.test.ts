import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectionThreshold } from '../../lib/synth/heap';

/** A fresh copy of heap.ts read with TENANTRY_HEAP_HEADROOM_MB set to `mb` (unset for undefined). */
async function heapModule(mb: string | undefined): Promise<typeof import('../../lib/synth/heap')> {
  vi.resetModules();
  if (mb === undefined) delete process.env.TENANTRY_HEAP_HEADROOM_MB;
  else vi.stubEnv('TENANTRY_HEAP_HEADROOM_MB', mb);
  return import('../../lib/synth/heap');
}

/** Runs `action` and counts the forced (not V8-scheduled) collections it caused. */
async function forcedCollections(action: () => void): Promise<number> {
  let forced = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if ((((entry as { detail?: { flags?: number } }).detail)?.flags ?? 0) & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) forced++;
  });
  observer.observe({ entryTypes: ['gc'] });
  action();
  await new Promise((resolve) => setTimeout(resolve, 50)); // gc entries arrive asynchronously
  observer.disconnect();
  return forced;
}

/** Short-lived objects of about `mb` MiB, as a cdk8s tree leaves behind. */
function garbage(mb: number): number {
  let items: string[] = [];
  for (let i = 0; i < mb * 2 ** 20 / 64; i++) items.push(`${'x'.repeat(40)}${i}`);
  const count = items.length;
  items = [];
  return count + items.length;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('HEAP_HEADROOM', () => {
  it.each([
    ['64 MiB when TENANTRY_HEAP_HEADROOM_MB is unset', undefined, 64 * 2 ** 20],
    ['8 MiB when TENANTRY_HEAP_HEADROOM_MB is 8', '8', 8 * 2 ** 20],
  ])('is %s', async (_, mb, bytes) => {
    // GIVEN the environment variable set or unset
    // WHEN the module is loaded
    const { HEAP_HEADROOM } = await heapModule(mb);

    // THEN
    expect(HEAP_HEADROOM).toBe(bytes);
  });
});

describe('shareHeadroom', () => {
  it('gives each of the threads building at once an equal share of HEAP_HEADROOM', async () => {
    // GIVEN a headroom of 60 MiB
    const { shareHeadroom } = await heapModule('60');

    // WHEN it is shared among 3 threads, then taken back by one
    const share = shareHeadroom(3);
    const whole = shareHeadroom(1);

    // THEN
    expect(share).toBe(20 * 2 ** 20);
    expect(whole).toBe(60 * 2 ** 20);
  });

  it('collects once the heap has grown past the thread\'s share, not the whole headroom', async () => {
    // GIVEN a headroom of 256 MiB shared by 4 threads (64 MiB each)
    const { keepHeapFlat, shareHeadroom } = await heapModule('256');
    keepHeapFlat();
    shareHeadroom(4);

    // WHEN 160 MiB of garbage pile up (more than half of what the test runner keeps live, too)
    const forced = await forcedCollections(() => {
      garbage(160);
      keepHeapFlat();
    });

    // THEN it collects, as it would not within the whole 256 MiB
    expect(forced).toBe(1);
  });
});

describe('keepHeapFlat', () => {
  it('collects once the heap has grown past the headroom, and not again until it grows again', async () => {
    // GIVEN a headroom of 4 MiB and much more garbage than that, and than half the live heap
    const { keepHeapFlat } = await heapModule('4');
    garbage(96);
    const before = getHeapStatistics().used_heap_size;

    // WHEN it is called twice in a row, then again after more garbage
    const first = await forcedCollections(keepHeapFlat);
    const after = getHeapStatistics().used_heap_size;
    const second = await forcedCollections(keepHeapFlat);
    const third = await forcedCollections(() => {
      garbage(96);
      keepHeapFlat();
    });

    // THEN only the calls past the headroom collect, and a collection frees the garbage
    expect([first, second, third]).toEqual([1, 0, 1]);
    expect(after).toBeLessThan(before);
  });

  it('does not collect while the heap stays within the headroom', async () => {
    // GIVEN a headroom far above what the test allocates
    const { keepHeapFlat } = await heapModule('100000');

    // WHEN
    const forced = await forcedCollections(() => {
      garbage(4);
      keepHeapFlat();
    });

    // THEN
    expect(forced).toBe(0);
  });
});

describe('collectionThreshold', () => {
  it('is the headroom past the live heap, or half the live heap once that is larger', () => {
    // GIVEN a 32 MiB headroom
    const mib = 2 ** 20;

    // WHEN / THEN a small live heap (1,000 tenants) keeps the headroom; a large one (5,000) grows it
    expect(collectionThreshold(60 * mib, 32 * mib)).toBe(92 * mib);
    expect(collectionThreshold(200 * mib, 32 * mib)).toBe(300 * mib);
    expect(collectionThreshold(0, 32 * mib)).toBe(32 * mib);
  });
});

describe('heapKeeperFor', () => {
  it.each([
    ['a few folders', (few: number) => few - 1, 0],
    ['many folders', (few: number) => few, 1],
  ])('forces, for %s, the collections keepHeapFlat would only when there are many', async (_, builds, expected) => {
    // GIVEN a headroom of 4 MiB and much more garbage than that
    const { FEW_BUILDS, heapKeeperFor } = await heapModule('4');
    const keep = heapKeeperFor(builds(FEW_BUILDS));
    garbage(96);

    // WHEN the synth's keeper is called
    const forced = await forcedCollections(keep);

    // THEN only a synth of many folders collects
    expect(forced).toBe(expected);
  });
});
