import { FeatureParameterError } from './errors';
import { type RealFft, realFftPlan } from './fft';
import { TableCache } from './memo';
import { checkFinite, checkPadMode, type PadMode, paddedSample } from './pad';
import { stftWindow, type WindowSpec } from './window';

/**
 * Options of `librosa.stft`, camelCased, with librosa's defaults.
 *
 * @example
 * ```ts
 * const speech: StftOptions = { nFft: 512, hopLength: 160, winLength: 400 };
 * ```
 */
export interface StftOptions {
  /** FFT length; default 2048. Any positive integer (powers of two are fastest). */
  readonly nFft?: number;
  /** Samples between frame starts; default `⌊winLength/4⌋`. */
  readonly hopLength?: number;
  /** Window length, at most `nFft`; default `nFft`. */
  readonly winLength?: number;
  /** Window; default `'hann'` (periodic). */
  readonly window?: WindowSpec;
  /** Centre frame `t` on sample `t·hopLength` by padding `⌊nFft/2⌋` on both sides; default true. */
  readonly center?: boolean;
  /** Padding used when `center`; default `'constant'` (zeros). */
  readonly padMode?: PadMode;
}

/**
 * {@link StftOptions} checked and filled with defaults.
 *
 * @internal
 */
export interface ResolvedStft {
  readonly nFft: number;
  readonly hopLength: number;
  readonly winLength: number;
  readonly center: boolean;
  readonly padMode: PadMode;
  /** The window zero-padded to `nFft` (float64; shared between calls, never modify it). */
  readonly window: Float64Array;
}

const hannWindows = new TableCache<Float64Array>(16);

/**
 * Throws unless `value` is an integer ≥ `min`.
 *
 * @internal
 */
export function checkInteger(name: string, value: number, min: number): void {
  if (!(Number.isInteger(value) && value >= min)) {
    throw new FeatureParameterError(name, `must be an integer ≥ ${min}, got ${value}`);
  }
}

/**
 * Validates `options` and applies librosa's defaults.
 *
 * @internal
 */
export function resolveStftOptions(options: StftOptions): ResolvedStft {
  const nFft = options.nFft ?? 2048;
  checkInteger('nFft', nFft, 1);
  const winLength = options.winLength ?? nFft;
  checkInteger('winLength', winLength, 1);
  if (winLength > nFft)
    throw new FeatureParameterError('winLength', `must be ≤ nFft (${nFft}), got ${winLength}`);
  const hopLength = options.hopLength ?? Math.floor(winLength / 4);
  checkInteger('hopLength', hopLength, 1);
  const padMode = options.padMode ?? 'constant';
  checkPadMode(padMode);
  return {
    nFft,
    hopLength,
    winLength,
    center: options.center ?? true,
    padMode,
    window:
      options.window === undefined || options.window === 'hann'
        ? hannWindows.get(`${winLength}|${nFft}`, () => stftWindow('hann', winLength, nFft))
        : stftWindow(options.window, winLength, nFft),
  };
}

/**
 * Number of frames librosa produces for a signal of `length` samples: `1 + ⌊len/hop⌋` when
 * centred (even `nFft`), `1 + ⌊(len − nFft)/hop⌋` otherwise. Throws when the (padded) signal is
 * shorter than one frame, as `librosa.util.frame` does.
 *
 * @internal
 */
export function frameCount(
  length: number,
  frameLength: number,
  hopLength: number,
  center: boolean,
): number {
  const padded = center ? length + 2 * Math.floor(frameLength / 2) : length;
  if (padded < frameLength) {
    throw new FeatureParameterError(
      'y',
      `input is too short: ${length} samples${center ? ` (${padded} after centre padding)` : ''} for a frame of ${frameLength}`,
    );
  }
  return 1 + Math.floor((padded - frameLength) / hopLength);
}

/**
 * Checks a signal before framing: float32, finite, and not empty when it must be extended by
 * reflection or edge repetition.
 *
 * @internal
 */
export function checkSignal(y: Float32Array, center: boolean, padMode: PadMode): void {
  checkFinite(y);
  if (center && padMode !== 'constant' && y.length === 0) {
    throw new FeatureParameterError('y', `cannot pad an empty signal in '${padMode}' mode`);
  }
}

/**
 * Index in `y` of the first sample of frame `t` (negative inside the leading centre padding).
 *
 * @internal
 */
export function frameStart(stft: ResolvedStft, t: number): number {
  return t * stft.hopLength - (stft.center ? Math.floor(stft.nFft / 2) : 0);
}

/**
 * One reusable analysis frame: windows `nFft` samples, transforms them with a cached
 * {@link RealFft} plan and derives |X|^power. Samples outside the signal follow the padding
 * mode, so no padded copy of the signal is needed. Allocates only in its constructor.
 *
 * @internal
 */
export class SpectralFrame {
  // Fields are `declare`d (assigned only in the constructor): a class-field definition would
  // first store `undefined`, which costs V8 its field-type knowledge and ~10% in the hot loops.
  /** Output bins, `⌊nFft/2⌋ + 1`. */
  declare readonly bins: number;
  declare private readonly plan: RealFft;
  declare private readonly window: Float64Array;
  declare private readonly padMode: PadMode;
  declare private readonly frame: Float64Array;
  /** The last transform: bin `k` at `[2k]` (re) and `[2k + 1]` (im). */
  declare readonly spectrum: Float64Array;
  /** The window's non-zero span `[first, end)`: samples outside it stay zero. */
  declare private readonly first: number;
  declare private readonly end: number;

  constructor(stft: ResolvedStft) {
    this.plan = realFftPlan(stft.nFft);
    this.bins = this.plan.bins;
    this.window = stft.window;
    this.padMode = stft.padMode;
    this.frame = new Float64Array(stft.nFft);
    this.spectrum = this.plan.createOutput();
    let first = 0;
    let end = stft.nFft;
    while (first < end && this.window[first] === 0) first++;
    while (end > first && this.window[end - 1] === 0) end--;
    this.first = first;
    this.end = end;
  }

  /** Whether this frame computes what a new frame for `stft` would. */
  matches(stft: ResolvedStft): boolean {
    return this.window === stft.window && this.padMode === stft.padMode;
  }

  /** Fills the frame with `y[start + n]·window[n]`, padding outside `y`. */
  private load(y: Float32Array, start: number): void {
    const { frame, window, first, end } = this;
    // [inside, outside): the part of the window's span that lies within y.
    const inside = Math.max(first, -start);
    const outside = Math.max(inside, Math.min(end, y.length - start));
    if (this.padMode !== 'constant' && (inside > first || outside < end)) {
      for (let n = first; n < end; n++)
        frame[n] = paddedSample(y, start + n, this.padMode) * window[n]!;
      return;
    }
    for (let n = first; n < inside; n++) frame[n] = 0;
    for (let n = inside; n < outside; n++) frame[n] = y[start + n]! * window[n]!;
    for (let n = outside; n < end; n++) frame[n] = 0;
  }

  /** Windows the frame starting at `y[start]` and transforms it into {@link SpectralFrame.spectrum}. */
  transform(y: Float32Array, start: number): Float64Array {
    this.load(y, start);
    this.plan.forward(this.frame, this.spectrum);
    return this.spectrum;
  }

  /** `out[k] = |X[k]|^power` of the frame starting at `y[start]`, for every bin. */
  power(y: Float32Array, start: number, power: number, out: Float64Array): void {
    this.load(y, start);
    this.plan.powerSpectrum(this.frame, out);
    if (power === 1) {
      for (let k = 0; k < this.bins; k++) out[k] = Math.sqrt(out[k]!);
    } else if (power !== 2) {
      const exponent = power / 2;
      for (let k = 0; k < this.bins; k++) out[k] = out[k]! ** exponent;
    }
  }
}

/** The frame {@link sharedSpectralFrame} handed out last. */
let lastFrame: SpectralFrame | undefined;

/**
 * A {@link SpectralFrame} for `stft`, reused from the previous call when it has the same window
 * (the cached Hann windows are shared objects) and padding: building a frame allocates ~32 kB,
 * which costs a tenth of a 3 s spectrogram in allocation and garbage collection. Safe for any
 * caller that finishes with the frame before returning (JavaScript runs it to completion);
 * long-lived users such as streaming extractors build their own.
 *
 * @internal
 */
export function sharedSpectralFrame(stft: ResolvedStft): SpectralFrame {
  if (lastFrame?.matches(stft) !== true) lastFrame = new SpectralFrame(stft);
  return lastFrame;
}

/**
 * Throws unless `power` is a positive finite exponent.
 *
 * @internal
 */
export function checkPower(power: number): void {
  if (!(Number.isFinite(power) && power > 0)) {
    throw new FeatureParameterError('power', `must be a positive number, got ${power}`);
  }
}
