/* Synthesis into dist/ in the calling thread, all at once: small projects and tests (npm run synth uses pipeline.ts). */
import type { LoadedProject } from '../spec/loader';
import { DistWriter, type WriteSummary } from './dist-writer';
import { folderJobs, type SynthJob } from './folder-jobs';
import { emptyTimings } from './folder-keys';
import { buildInThread, platformReadsOf, updateCache, withReads, type SynthOptions } from './pipeline';
import type { ReadShape } from './read-tracking';
import { CACHE_FILE, readCache } from './synth-cache';

/** Synthesizes into dist/ in this thread; small projects and tests. */
export function synthesizeProject(project: LoadedProject, options: SynthOptions): WriteSummary {
  const cacheFile = options.cacheFile === undefined ? CACHE_FILE : options.cacheFile;
  const cache = cacheFile ? readCache(cacheFile) : undefined;
  const writer = new DistWriter({ ...options, jobs: folderJobs(project, platformReadsOf(cache)), cache });
  const reads: Record<string, ReadShape> = {};
  try {
    for (const job of writer.misses as readonly SynthJob[]) buildInThread(job, writer, reads, options.timings ?? emptyTimings());
    const result = withReads(writer.commit(), cache, reads);
    if (cacheFile) updateCache(cache, result, cacheFile);
    return result;
  } catch (error) {
    writer.abort();
    throw error;
  }
}

