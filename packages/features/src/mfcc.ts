import { applyBasis, type DctBasis, DctKernel, type DctNorm, dctBasis } from './dct';
import { FeatureParameterError } from './errors';
import { logMelSpectrogram } from './log-mel';
import { isMatrix, type Matrix } from './matrix';
import type { MelSpectrogramOptions } from './melspectrogram';
import { TableCache } from './memo';

/**
 * Options of `librosa.feature.mfcc` (0.11) plus the mel spectrogram's. `norm` is the DCT's
 * normalisation and `melNorm` the filter bank's, as in librosa.
 *
 * @example
 * ```ts
 * const seed: MfccOptions = { sr: 22050, nMfcc: 40 };
 * ```
 */
export interface MfccOptions extends Omit<MelSpectrogramOptions, 'norm'> {
  /** Number of coefficients kept; default 20. */
  readonly nMfcc?: number;
  /** DCT type; only 2 (the default) is implemented. */
  readonly dctType?: number;
  /** DCT normalisation; default `'ortho'`. */
  readonly norm?: DctNorm;
  /** Cepstral liftering `1 + (lifter/2)·sin(π(k+1)/lifter)`; default 0 (none). */
  readonly lifter?: number;
  /** Mel filter normalisation; default `'slaney'`. */
  readonly melNorm?: 'slaney' | null;
  /**
   * `power_to_db`'s clamp below the global maximum, in dB; default 80 as librosa (which does not
   * expose it in `mfcc`). `null` disables it (what streaming can reproduce exactly).
   */
  readonly topDb?: number | null;
}

/**
 * Resolved DCT settings of an MFCC.
 *
 * @internal
 */
export interface MfccTransform {
  readonly nMfcc: number;
  readonly norm: DctNorm;
  readonly lifter: number;
}

/**
 * Validates the DCT part of {@link MfccOptions}.
 *
 * @internal
 */
export function resolveMfccTransform(options: MfccOptions): MfccTransform {
  const dctType = options.dctType ?? 2;
  if (dctType !== 2)
    throw new FeatureParameterError('dctType', `only type 2 is implemented, got ${dctType}`);
  const lifter = options.lifter ?? 0;
  if (!(Number.isFinite(lifter) && lifter >= 0)) {
    throw new FeatureParameterError('lifter', `must be a non-negative number, got ${lifter}`);
  }
  return {
    nMfcc: options.nMfcc ?? 20,
    norm: options.norm === undefined ? 'ortho' : options.norm,
    lifter,
  };
}

const bases = new TableCache<DctBasis>(16);

/**
 * The DCT-II basis of an MFCC with liftering folded into its rows (cached; never modify it).
 *
 * @internal
 */
export function mfccBasis(transform: MfccTransform, nMels: number): DctBasis {
  const { nMfcc, norm, lifter } = transform;
  return bases.get(`${nMfcc}|${nMels}|${norm}|${lifter}`, () => {
    const basis = dctBasis(nMfcc, nMels, { norm });
    if (lifter > 0) {
      for (let k = 0; k < nMfcc; k++) {
        const gain = 1 + (lifter / 2) * Math.sin((Math.PI * (k + 1)) / lifter);
        for (let m = 0; m < nMels; m++)
          basis.data[k * nMels + m] = basis.data[k * nMels + m]! * gain;
      }
    }
    return basis;
  });
}

/**
 * Mel-frequency cepstral coefficients, as `librosa.feature.mfcc` (0.11): DCT-II (ortho) of the
 * log-power mel spectrogram (`power_to_db`, top_db 80), first `nMfcc` rows, optional liftering.
 * Pass audio (`Float32Array`) with mel options, or a precomputed log-mel {@link Matrix} `S`
 * (rows = mel bands). Returns `(nMfcc, frames)` float32.
 *
 * @example
 * ```ts
 * const seed = mfcc(y, { sr: 22050, nMfcc: 40 }); // 40 × (1 + ⌊y.length/512⌋)
 * const speech = mfcc(y16k, { sr: 16000, nMfcc: 13, nMels: 40, nFft: 512, hopLength: 160, winLength: 400 });
 * const fromLogMel = mfcc(logMelSpectrogram(y), { nMfcc: 20 });
 * ```
 */
export function mfcc(input: Float32Array | Matrix, options: MfccOptions = {}): Matrix {
  const transform = resolveMfccTransform(options);
  const logMel = mfccInput(input, options);
  return applyBasis(mfccBasis(transform, logMel.rows), logMel);
}

/** The log-mel spectrogram an MFCC transforms: computed from audio, or given. */
function mfccInput(input: Float32Array | Matrix, options: MfccOptions): Matrix {
  if (input instanceof Float32Array) {
    const { norm: _dctNorm, melNorm, topDb, ...melOptions } = options;
    return logMelSpectrogram(input, {
      ...melOptions,
      norm: melNorm === undefined ? 'slaney' : melNorm,
      topDb: topDb === undefined ? 80 : topDb,
    });
  }
  if (isMatrix(input)) return input;
  throw new FeatureParameterError('y', 'must be a Float32Array of samples or a log-mel Matrix');
}

/**
 * The mean over frames of {@link mfcc}`(input, options)` (the seed notebook's
 * `np.mean(mfcc, axis=1)`), computed as the DCT of the mean log-mel column: the DCT is linear
 * and `power_to_db`'s clamp is applied to every cell before the mean, so this is the same
 * number with 1/frames of the transforms. Means accumulate in float64; returns `nMfcc`
 * float32 values (zeros for a spectrogram without frames).
 *
 * @internal
 */
export function mfccMean(input: Float32Array | Matrix, options: MfccOptions = {}): Float32Array {
  const transform = resolveMfccTransform(options);
  const { rows, cols, data } = mfccInput(input, options);
  const basis = mfccBasis(transform, rows);
  const means = new Float64Array(rows);
  const out = new Float32Array(basis.rows);
  if (cols === 0) return out;
  for (let m = 0; m < rows; m++) {
    let sum = 0;
    for (let t = m * cols, end = t + cols; t < end; t++) sum += data[t]!;
    means[m] = sum / cols;
  }
  const coefficients = new Float64Array(basis.rows);
  new DctKernel(basis).apply(means, coefficients);
  out.set(coefficients);
  return out;
}
