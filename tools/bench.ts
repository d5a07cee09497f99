/**
 * Small helpers shared by the packages' benchmark scripts (`packages/<pkg>/bench/*.ts`).
 */
import type { MelFilterBank } from '../packages/features/src/mel';

/**
 * The median of `values` (the mean of the two middle values for an even count; NaN when empty).
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Arithmetic mean. */
export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (n − 1). */
export function sampleStd(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, values.length - 1));
}

/** `mean ± sample std` with three decimals, as the accuracy tables print them. */
export function spread(values: readonly number[]): string {
  return `${mean(values).toFixed(3)} ± ${sampleStd(values).toFixed(3)}`;
}

/**
 * A deterministic speech-like test signal of `seconds` at `sr` Hz: harmonics at 180, 1230 and
 * 4100 Hz plus low-level noise from a fixed linear congruential generator.
 */
export function speechLikeSignal(seconds: number, sr: number): Float32Array {
  const y = new Float32Array(Math.round(seconds * sr));
  let seed = 12345;
  for (let i = 0; i < y.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const t = i / sr;
    y[i] =
      0.3 * Math.sin(2 * Math.PI * 180 * t) +
      0.2 * Math.sin(2 * Math.PI * 1230 * t) +
      0.1 * Math.sin(2 * Math.PI * 4100 * t) +
      0.01 * (seed / 2 ** 32 - 0.5);
  }
  return y;
}

/**
 * A 2048-point filter bank without bands: the WebAssembly mel kernel given it computes window +
 * FFT + |X|² only, the floor the MFCC benchmarks compare against.
 */
export const FLOOR_MEL_BANK: MelFilterBank = {
  nMels: 0,
  nBins: 1025,
  firstBin: new Int32Array(0),
  offsets: new Int32Array(1),
  weights: new Float32Array(0),
  melFrequencies: new Float64Array(2),
};
