import { FeatureParameterError } from './errors';
import type { Matrix } from './matrix';
import { checkInteger } from './spectral-frame';

/**
 * Which mel scale: Slaney's (librosa's default, `htk: false`) or HTK's formula.
 *
 * @example
 * ```ts
 * hzToMel(440, { htk: true }); // ≈ 549.6
 * ```
 */
export interface MelScaleOptions {
  /** Use the HTK formula `2595·log10(1 + f/700)`; default false (Slaney: linear below 1 kHz, log above). */
  readonly htk?: boolean;
}

const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

/**
 * Hz → mel, as `librosa.hz_to_mel` (Slaney by default).
 *
 * @example
 * ```ts
 * hzToMel(1000); // 15 (Slaney)
 * hzToMel(1000, { htk: true }); // ≈ 999.99
 * ```
 */
export function hzToMel(frequency: number, options: MelScaleOptions = {}): number {
  if (options.htk === true) return 2595 * Math.log10(1 + frequency / 700);
  if (frequency >= MIN_LOG_HZ) return MIN_LOG_MEL + Math.log(frequency / MIN_LOG_HZ) / LOG_STEP;
  return frequency / F_SP;
}

/**
 * Mel → Hz, as `librosa.mel_to_hz` (Slaney by default); the inverse of {@link hzToMel}.
 *
 * @example
 * ```ts
 * melToHz(15); // 1000
 * ```
 */
export function melToHz(mel: number, options: MelScaleOptions = {}): number {
  if (options.htk === true) return 700 * (10 ** (mel / 2595) - 1);
  if (mel >= MIN_LOG_MEL) return MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
  return F_SP * mel;
}

/** `np.linspace(start, stop, count)`: `start + i·step`, the last point exactly `stop`. */
function linspace(start: number, stop: number, count: number): Float64Array {
  const out = new Float64Array(count);
  const step = (stop - start) / (count - 1);
  for (let i = 0; i < count; i++) out[i] = i * step + start;
  if (count > 1) out[count - 1] = stop;
  return out;
}

/**
 * Options of {@link melFrequencies}.
 *
 * @example
 * ```ts
 * melFrequencies({ nMels: 10, fmin: 300, fmax: 8000 });
 * ```
 */
export interface MelFrequenciesOptions extends MelScaleOptions {
  /** Number of frequencies; default 128. */
  readonly nMels?: number;
  /** Lowest frequency in Hz; default 0. */
  readonly fmin?: number;
  /** Highest frequency in Hz; default 11025. */
  readonly fmax?: number;
}

/**
 * `nMels` frequencies (Hz) evenly spaced on the mel scale from `fmin` to `fmax`
 * (`librosa.mel_frequencies`).
 *
 * @example
 * ```ts
 * melFrequencies({ nMels: 42, fmax: 8000 }); // edges and centres of 40 mel bands up to 8 kHz
 * ```
 */
export function melFrequencies(options: MelFrequenciesOptions = {}): Float64Array {
  const nMels = options.nMels ?? 128;
  checkInteger('nMels', nMels, 1);
  const scale = { htk: options.htk ?? false };
  const mels = linspace(
    hzToMel(options.fmin ?? 0, scale),
    hzToMel(options.fmax ?? 11025, scale),
    nMels,
  );
  for (let i = 0; i < nMels; i++) mels[i] = melToHz(mels[i]!, scale);
  return mels;
}

/**
 * Centre frequency (Hz) of every FFT bin, `k·sr/nFft` for `k = 0..⌊nFft/2⌋`
 * (`librosa.fft_frequencies`, numpy's `rfftfreq`).
 *
 * @example
 * ```ts
 * fftFrequencies({ sr: 16000, nFft: 512 })[1]; // 31.25
 * ```
 */
export function fftFrequencies(
  options: { readonly sr?: number; readonly nFft?: number } = {},
): Float64Array {
  const sr = options.sr ?? 22050;
  const nFft = options.nFft ?? 2048;
  checkInteger('nFft', nFft, 1);
  const bins = Math.floor(nFft / 2) + 1;
  const spacing = 1 / (nFft * (1 / sr));
  const out = new Float64Array(bins);
  for (let k = 0; k < bins; k++) out[k] = k * spacing;
  return out;
}

/**
 * Options of {@link melFilterBank}, librosa's `filters.mel` parameters.
 *
 * @example
 * ```ts
 * const speech: MelFilterBankOptions = { sr: 16000, nFft: 512, nMels: 40, fmax: 8000 };
 * ```
 */
export interface MelFilterBankOptions extends MelScaleOptions {
  /** Sample rate in Hz (required, as in librosa). */
  readonly sr: number;
  /** FFT length; default 2048. */
  readonly nFft?: number;
  /** Number of mel bands; default 128. */
  readonly nMels?: number;
  /** Lowest band edge in Hz; default 0. */
  readonly fmin?: number;
  /** Highest band edge in Hz, at most `sr/2`; default `sr/2`. */
  readonly fmax?: number;
  /** `'slaney'` (default) divides each triangle by its width in Hz (constant energy per band); null leaves peaks at 1. */
  readonly norm?: 'slaney' | null;
}

/**
 * A mel filter bank stored sparsely: band `m` has non-zero weights only on the bins
 * `firstBin[m] .. firstBin[m] + (offsets[m+1] − offsets[m]) − 1`, whose weights are
 * `weights[offsets[m] .. offsets[m+1])`. Weights are float32, as librosa's.
 *
 * @example
 * ```ts
 * const bank = melFilterBank({ sr: 16000, nFft: 512, nMels: 40 });
 * const m = 3;
 * const span = bank.offsets[m + 1]! - bank.offsets[m]!; // bins in band 3
 * ```
 */
export interface MelFilterBank {
  /** Number of bands. */
  readonly nMels: number;
  /** Number of FFT bins, `1 + ⌊nFft/2⌋`. */
  readonly nBins: number;
  /** First bin with a non-zero weight, per band. */
  readonly firstBin: Int32Array;
  /** Start of each band's weights in {@link MelFilterBank.weights}; `nMels + 1` entries. */
  readonly offsets: Int32Array;
  /** All bands' non-zero weights, band after band. */
  readonly weights: Float32Array;
  /** The `nMels + 2` band edges/centres in Hz (float64). */
  readonly melFrequencies: Float64Array;
}

/**
 * {@link MelFilterBankOptions} with every default filled in.
 *
 * @internal
 */
export type ResolvedMelOptions = Required<Omit<MelFilterBankOptions, 'norm'>> & {
  readonly norm: 'slaney' | null;
};

/**
 * Validates filter-bank options (an absent or `undefined` field takes librosa's default).
 *
 * @internal
 */
export function resolveMelOptions(
  options: {
    readonly [K in keyof MelFilterBankOptions]: MelFilterBankOptions[K] | undefined;
  },
): ResolvedMelOptions {
  const sr = options.sr ?? Number.NaN;
  if (!(Number.isFinite(sr) && sr > 0))
    throw new FeatureParameterError('sr', `must be a positive number, got ${sr}`);
  const nFft = options.nFft ?? 2048;
  checkInteger('nFft', nFft, 1);
  const nMels = options.nMels ?? 128;
  checkInteger('nMels', nMels, 1);
  const fmin = options.fmin ?? 0;
  const fmax = options.fmax ?? sr / 2;
  if (!(Number.isFinite(fmin) && fmin >= 0))
    throw new FeatureParameterError('fmin', `must be ≥ 0, got ${fmin}`);
  if (!(fmax > fmin && fmax <= sr / 2)) {
    throw new FeatureParameterError(
      'fmax',
      `must be in (fmin = ${fmin}, sr/2 = ${sr / 2}], got ${fmax}`,
    );
  }
  const norm = options.norm === undefined ? 'slaney' : options.norm;
  if (norm !== 'slaney' && norm !== null) {
    throw new FeatureParameterError('norm', `must be 'slaney' or null, got ${String(norm)}`);
  }
  return { sr, nFft, nMels, fmin, fmax, htk: options.htk ?? false, norm };
}

/**
 * The mel filter bank of `librosa.filters.mel` (0.11): triangles between consecutive
 * {@link melFrequencies}, Slaney area normalisation by default, weights rounded to float32
 * exactly as librosa stores them. Sparse; see {@link denseMelFilterBank} for the matrix.
 *
 * @example
 * ```ts
 * const bank = melFilterBank({ sr: 22050 }); // 128 bands over 1025 bins
 * ```
 */
export function melFilterBank(options: MelFilterBankOptions): MelFilterBank {
  const { sr, nFft, nMels, fmin, fmax, htk, norm } = resolveMelOptions(options);
  const fft = fftFrequencies({ sr, nFft });
  const mel = melFrequencies({ nMels: nMels + 2, fmin, fmax, htk });
  const nBins = fft.length;
  const firstBin = new Int32Array(nMels);
  const offsets = new Int32Array(nMels + 1);
  const bands: Float32Array[] = [];
  const row = new Float32Array(nBins);
  for (let m = 0; m < nMels; m++) {
    const lowerWidth = mel[m + 1]! - mel[m]!;
    const upperWidth = mel[m + 2]! - mel[m + 1]!;
    const enorm = norm === 'slaney' ? 2 / (mel[m + 2]! - mel[m]!) : 1;
    let first = nBins;
    let end = 0;
    for (let k = 0; k < nBins; k++) {
      const lower = -(mel[m]! - fft[k]!) / lowerWidth;
      const upper = (mel[m + 2]! - fft[k]!) / upperWidth;
      // librosa stores the triangle in float32, then scales it in float64 and stores again.
      const w = Math.fround(Math.fround(Math.max(0, Math.min(lower, upper))) * enorm);
      row[k] = w;
      if (w > 0) {
        if (first === nBins) first = k;
        end = k + 1;
      }
    }
    firstBin[m] = first === nBins ? 0 : first;
    bands.push(row.slice(first === nBins ? 0 : first, end));
    offsets[m + 1] = offsets[m]! + bands[m]!.length;
  }
  const weights = new Float32Array(offsets[nMels]!);
  for (let m = 0; m < nMels; m++) weights.set(bands[m]!, offsets[m]!);
  return { nMels, nBins, firstBin, offsets, weights, melFrequencies: mel };
}

/**
 * The filter bank as librosa's dense `(nMels, 1 + nFft/2)` float32 matrix.
 *
 * @example
 * ```ts
 * const dense = denseMelFilterBank(melFilterBank({ sr: 22050 })); // 128 × 1025
 * ```
 */
export function denseMelFilterBank(bank: MelFilterBank): Matrix {
  const data = new Float32Array(bank.nMels * bank.nBins);
  for (let m = 0; m < bank.nMels; m++) {
    const start = bank.offsets[m]!;
    const band = bank.weights.subarray(start, bank.offsets[m + 1]!);
    data.set(band, m * bank.nBins + bank.firstBin[m]!);
  }
  return { rows: bank.nMels, cols: bank.nBins, data };
}

/**
 * Applies the bank to one spectrum column: `out[m] = Σₖ W[m,k]·spectrum[k]` over the
 * non-zero weights only (float64 accumulation).
 *
 * @internal
 */
export function applyMelFilterBank(
  bank: MelFilterBank,
  spectrum: ArrayLike<number>,
  out: Float64Array,
): void {
  const { firstBin, offsets, weights, nMels } = bank;
  for (let m = 0; m < nMels; m++) {
    const end = offsets[m + 1]!;
    let k = firstBin[m]!;
    let sum = 0;
    for (let j = offsets[m]!; j < end; j++) sum += weights[j]! * spectrum[k++]!;
    out[m] = sum;
  }
}
