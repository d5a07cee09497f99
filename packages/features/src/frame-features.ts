import { FeatureParameterError } from './errors';
import type { Matrix } from './matrix';
import { type PadMode, padSignal } from './pad';
import { checkInteger, frameCount } from './spectral-frame';

/**
 * Framing options shared by {@link rms} and {@link zeroCrossingRate}.
 *
 * @example
 * ```ts
 * rms(y, { frameLength: 400, hopLength: 160 }); // 25 ms frames every 10 ms at 16 kHz
 * ```
 */
export interface FramingOptions {
  /** Samples per frame; default 2048. */
  readonly frameLength?: number;
  /** Samples between frame starts; default 512. */
  readonly hopLength?: number;
  /** Centre frame `t` on sample `t·hopLength` by padding `⌊frameLength/2⌋` on both sides; default true. */
  readonly center?: boolean;
}

/** The signal frames are cut from: `y` centre-padded by `⌊frameLength/2⌋` per side, or `y` itself (checked). */
function framedSignal(
  y: Float32Array,
  frameLength: number,
  center: boolean,
  padMode: PadMode,
): Float32Array {
  const half = center ? Math.floor(frameLength / 2) : 0;
  return padSignal(y, half, half, padMode);
}

function resolveFraming(options: FramingOptions): {
  frameLength: number;
  hopLength: number;
  center: boolean;
} {
  const frameLength = options.frameLength ?? 2048;
  checkInteger('frameLength', frameLength, 1);
  const hopLength = options.hopLength ?? 512;
  checkInteger('hopLength', hopLength, 1);
  return { frameLength, hopLength, center: options.center ?? true };
}

/**
 * Root-mean-square of every frame of `y`, as `librosa.feature.rms(y=…)` (0.11): frames centred
 * with `padMode` padding (zeros by default), no window. Returns a `1 × frames` matrix.
 *
 * @example
 * ```ts
 * const energy = rms(y); // 1 × (1 + ⌊y.length/512⌋)
 * const loudest = Math.max(...energy.data);
 * ```
 */
export function rms(
  y: Float32Array,
  options: FramingOptions & { readonly padMode?: PadMode } = {},
): Matrix {
  const { frameLength, hopLength, center } = resolveFraming(options);
  const source = framedSignal(y, frameLength, center, options.padMode ?? 'constant');
  const cols = frameCount(y.length, frameLength, hopLength, center);
  const data = new Float32Array(cols);
  for (let t = 0; t < cols; t++) {
    let sum = 0;
    const start = t * hopLength;
    for (let i = start; i < start + frameLength; i++) sum += source[i]! * source[i]!;
    data[t] = Math.sqrt(sum / frameLength);
  }
  return { rows: 1, cols, data };
}

/**
 * Options of {@link zeroCrossingRate}: framing plus librosa's `zero_crossings` options.
 *
 * @example
 * ```ts
 * zeroCrossingRate(y, { threshold: 0 }); // every sign bit counts, −0 included
 * ```
 */
export interface ZeroCrossingRateOptions extends FramingOptions {
  /** Samples with `|y| ≤ threshold` count as zero; default 1e-10 (librosa's `zero_crossings` default). */
  readonly threshold?: number;
  /** Zero counts as positive (sign bit); default true. With false, −, 0 and + are three distinct signs. */
  readonly zeroPos?: boolean;
}

/**
 * Fraction of sign changes between consecutive samples in every frame, as
 * `librosa.feature.zero_crossing_rate` (0.11): frames centred by **edge** padding (repeating the
 * first/last sample), crossings counted inside each frame only, divided by `frameLength`.
 * Returns a `1 × frames` matrix.
 *
 * @example
 * ```ts
 * const zcr = zeroCrossingRate(y); // 1 × (1 + ⌊y.length/512⌋), values in [0, 1)
 * ```
 */
export function zeroCrossingRate(y: Float32Array, options: ZeroCrossingRateOptions = {}): Matrix {
  const { frameLength, hopLength, center } = resolveFraming(options);
  const threshold = options.threshold ?? 1e-10;
  if (!(threshold >= 0))
    throw new FeatureParameterError('threshold', `must be ≥ 0, got ${threshold}`);
  const zeroPos = options.zeroPos ?? true;
  const source = framedSignal(y, frameLength, center, 'edge');
  const cols = frameCount(y.length, frameLength, hopLength, center);
  // crossingsBefore[i] = number of sign changes between consecutive samples among source[0..i].
  const crossingsBefore = new Int32Array(source.length);
  let previous = 0;
  for (let i = 0; i < source.length; i++) {
    const v = source[i]!;
    let sign: number;
    if (Math.abs(v) <= threshold && threshold > 0) sign = zeroPos ? 1 : 0;
    else if (zeroPos) sign = v < 0 || Object.is(v, -0) ? -1 : 1;
    else sign = Math.sign(v);
    crossingsBefore[i] = i === 0 ? 0 : crossingsBefore[i - 1]! + (sign !== previous ? 1 : 0);
    previous = sign;
  }
  const data = new Float32Array(cols);
  for (let t = 0; t < cols; t++) {
    const start = t * hopLength;
    data[t] = (crossingsBefore[start + frameLength - 1]! - crossingsBefore[start]!) / frameLength;
  }
  return { rows: 1, cols, data };
}
