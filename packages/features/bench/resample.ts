/**
 * Benchmark: median (and fastest) time to resample 3 s of audio with the rate pair's tables
 * already built — 24414 → 22050 Hz (the TESS → librosa conversion), 24000 → 22050 Hz (RAVDESS
 * as stored in the shared data) and 48000 → 22050 Hz — plus the one-off cost of building them
 * (first call, including JIT warm-up). Prints `{ "name": "resample", "figures": { … } }` on stdout.
 *
 * Run: `npx tsx packages/features/bench/resample.ts`
 */
import { median, speechLikeSignal } from '../../../tools/bench';
import { Resampler } from '../src/resample';

const SECONDS = 3;
const RUNS = 31;

function bench(
  origSr: number,
  targetSr: number,
): { setupMs: number; medianMs: number; minMs: number } {
  const y = speechLikeSignal(SECONDS, origSr);
  const setupStart = performance.now();
  const resampler = new Resampler(origSr, targetSr);
  const setupMs = performance.now() - setupStart;
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    resampler.process(y);
    times.push(performance.now() - start);
  }
  return { setupMs, medianMs: median(times), minMs: Math.min(...times) };
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;
const tess = bench(24414, 22050);
const ravdess = bench(24000, 22050);
const fortyEight = bench(48000, 22050);
process.stdout.write(
  `${JSON.stringify({
    name: 'resample',
    figures: {
      median_ms_3s_24414_to_22050: round(tess.medianMs),
      median_ms_3s_24000_to_22050: round(ravdess.medianMs),
      median_ms_3s_48000_to_22050: round(fortyEight.medianMs),
      // The fastest run: the intrinsic cost when the machine is shared and medians wander.
      min_ms_3s_24414_to_22050: round(tess.minMs),
      min_ms_3s_24000_to_22050: round(ravdess.minMs),
      min_ms_3s_48000_to_22050: round(fortyEight.minMs),
      setup_ms_24414_to_22050: round(tess.setupMs),
      setup_ms_24000_to_22050: round(ravdess.setupMs),
      setup_ms_48000_to_22050: round(fortyEight.setupMs),
    },
  })}\n`,
);
