/**
 * Benchmark: extraction of the seed features (`seedFeatureConfig`: 3 s from 0.5 s at 22050 Hz,
 * mean of 40 MFCCs) for the 960 real RAVDESS files, cold (empty cache) and warm (every entry
 * cached), with one worker thread and with one per core; speed-up of all cores over one.
 * Prints `{ "name": "dataset-extract", "figures": { … } }` on stdout.
 *
 * Run: `npx tsx packages/dataset/bench/extract.ts`
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedFeatureConfig } from '@ser/features';
import { dataPath } from '../../../tools/data';
import { extractFeatures } from '../src/node/extract';
import { loadCorpus } from '../src/node/scan';

const corpusDir = dataPath('ravdess-24k');
if (corpusDir === undefined) {
  console.error('RAVDESS audio not found (set SER_DATA_DIR): nothing to measure');
  process.exit(1);
}
const { utterances } = await loadCorpus(corpusDir);
const cores = availableParallelism();
const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/** Seconds of a cold run (fresh cache) and of the warm run after it, with `workers` threads. */
async function coldAndWarm(workers: number): Promise<{ cold: number; warm: number }> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'ser-bench-cache-'));
  try {
    const run = async () => {
      const report = await extractFeatures(utterances, {
        config: seedFeatureConfig,
        cacheDir,
        workers,
      });
      if (report.failed.length > 0)
        throw new Error(`${report.failed.length} files failed: ${report.failed[0]!.message}`);
      return report;
    };
    const cold = await run();
    const warm = await run();
    if (cold.computed !== utterances.length || warm.cached !== utterances.length) {
      throw new Error(
        `unexpected cache use: cold computed ${cold.computed}, warm cached ${warm.cached}`,
      );
    }
    return { cold: cold.seconds, warm: warm.seconds };
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

const one = await coldAndWarm(1);
const all = await coldAndWarm(cores);
console.log(
  JSON.stringify({
    name: 'dataset-extract',
    title: 'Seed-feature extraction of 960 RAVDESS files (cold and cached)',
    notes: `1 worker thread vs ${cores} (one per core); cold = empty cache, warm = all entries cached.`,
    figures: {
      files: utterances.length,
      cores,
      cold_1_worker_s: round(one.cold),
      warm_1_worker_s: round(one.warm),
      cold_all_cores_s: round(all.cold),
      warm_all_cores_s: round(all.warm),
      cold_files_per_s_all_cores: round(utterances.length / all.cold, 1),
      speedup_all_cores_cold: round(one.cold / all.cold, 2),
      speedup_warm_over_cold_all_cores: round(all.cold / all.warm, 2),
    },
  }),
);
