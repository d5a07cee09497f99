/**
 * Silence gating: audio whose active level is below a threshold is reported as "no speech"
 * instead of being classified.
 */

/**
 * Default gate on {@link activeLevelDb}, in dB relative to amplitude 1 (dBFS). Chosen on
 * RAVDESS (studio speech recorded with much headroom): the active level of its utterances is
 * −61 dBFS at the quietest, −38 dBFS typically, while its pauses lie between −70 and −100 dBFS.
 * Noisy rooms or loud microphones need a higher gate (e.g. −45).
 *
 * @example
 * ```ts
 * const quiet = activeLevelDb(samples, 16000) < DEFAULT_SILENCE_THRESHOLD_DB;
 * ```
 */
export const DEFAULT_SILENCE_THRESHOLD_DB = -65;

/** Length of the frames {@link activeLevelDb} measures, in seconds. */
const FRAME_SECONDS = 0.02;
/** Share of the loudest frames that must reach the level {@link activeLevelDb} reports. */
const ACTIVE_SHARE = 0.1;

/**
 * Root-mean-square level of `samples` in dB relative to amplitude 1 (`20·log10(rms)`, computed
 * in float64); `-Infinity` for digital silence or no samples.
 *
 * @example
 * ```ts
 * levelDb(new Float32Array(16000).fill(0.1)); // -20
 * ```
 */
export function levelDb(samples: Float32Array): number {
  if (samples.length === 0) return Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return 10 * Math.log10(sum / samples.length);
}

/**
 * Active level of `samples`: the {@link levelDb} reached by the loudest 10 % of its 20 ms
 * frames (the 90th percentile of frame levels). Unlike the plain RMS it does not drop when a
 * clip is mostly pauses, and a single click does not raise it.
 *
 * @example
 * ```ts
 * const speech = activeLevelDb(samples, 16000) >= DEFAULT_SILENCE_THRESHOLD_DB;
 * ```
 */
export function activeLevelDb(samples: Float32Array, sampleRate: number): number {
  const frame = Math.max(1, Math.round(FRAME_SECONDS * sampleRate));
  if (samples.length <= frame) return levelDb(samples);
  const levels: number[] = [];
  for (let start = 0; start + frame <= samples.length; start += frame) {
    levels.push(levelDb(samples.subarray(start, start + frame)));
  }
  levels.sort((a, b) => a - b);
  return levels[Math.floor((1 - ACTIVE_SHARE) * (levels.length - 1))]!;
}

/**
 * Whether a level counts as speech under a threshold (`null` = no gate: everything is speech).
 *
 * @example
 * ```ts
 * isSpeech(activeLevelDb(window, 16000), -65); // false for a silent window
 * ```
 */
export function isSpeech(level: number, thresholdDb: number | null): boolean {
  return thresholdDb === null || level >= thresholdDb;
}
