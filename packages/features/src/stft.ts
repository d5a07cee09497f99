import type { Matrix } from './matrix';
import {
  checkPower,
  checkSignal,
  frameCount,
  frameStart,
  resolveStftOptions,
  type StftOptions,
  sharedSpectralFrame,
} from './spectral-frame';

export type { StftOptions } from './spectral-frame';

/**
 * A complex spectrogram in librosa's orientation (rows = `1 + ⌊nFft/2⌋` frequency bins,
 * columns = frames), real and imaginary parts as separate row-major float32 arrays
 * (librosa's complex64).
 *
 * @example
 * ```ts
 * const X = stft(y);
 * const k = 10, t = 3;
 * const magnitude = Math.hypot(X.re[k * X.cols + t]!, X.im[k * X.cols + t]!);
 * ```
 */
export interface ComplexSpectrogram {
  /** Frequency bins, `1 + ⌊nFft/2⌋`. */
  readonly rows: number;
  /** Frames. */
  readonly cols: number;
  /** Real parts, `rows × cols`, row-major. */
  readonly re: Float32Array;
  /** Imaginary parts, `rows × cols`, row-major. */
  readonly im: Float32Array;
}

/**
 * Options of {@link powerSpectrogram}: the STFT's plus the exponent.
 *
 * @example
 * ```ts
 * const magnitude = powerSpectrogram(y, { nFft: 1024, power: 1 });
 * ```
 */
export interface PowerSpectrogramOptions extends StftOptions {
  /** Exponent of the magnitude: 2 = power (default), 1 = magnitude. */
  readonly power?: number;
}

/**
 * Short-time Fourier transform, as `librosa.stft` (0.11): periodic Hann window zero-padded
 * centred to `nFft`, frames centred by padding `⌊nFft/2⌋` samples (zeros by default), so a
 * signal of `n` samples gives `1 + ⌊n/hopLength⌋` frames — also when it is shorter than
 * `nFft`. Computed in float64, stored as float32.
 *
 * @example
 * ```ts
 * const X = stft(y, { nFft: 512, hopLength: 160, winLength: 400 });
 * X.rows; // 257
 * ```
 */
export function stft(y: Float32Array, options: StftOptions = {}): ComplexSpectrogram {
  const config = resolveStftOptions(options);
  checkSignal(y, config.center, config.padMode);
  const cols = frameCount(y.length, config.nFft, config.hopLength, config.center);
  const frame = sharedSpectralFrame(config);
  const rows = frame.bins;
  const re = new Float32Array(rows * cols);
  const im = new Float32Array(rows * cols);
  for (let t = 0; t < cols; t++) {
    const s = frame.transform(y, frameStart(config, t));
    for (let k = 0; k < rows; k++) {
      re[k * cols + t] = s[2 * k]!;
      im[k * cols + t] = s[2 * k + 1]!;
    }
  }
  return { rows, cols, re, im };
}

/**
 * `|stft(y)|^power` (librosa's `np.abs(librosa.stft(y, …))**power`), computed frame by frame
 * without building the complex spectrogram.
 *
 * @example
 * ```ts
 * const S = powerSpectrogram(y); // 1025 × frames, |X|²
 * const magnitude = powerSpectrogram(y, { power: 1 });
 * ```
 */
export function powerSpectrogram(y: Float32Array, options: PowerSpectrogramOptions = {}): Matrix {
  const power = options.power ?? 2;
  checkPower(power);
  const config = resolveStftOptions(options);
  checkSignal(y, config.center, config.padMode);
  const cols = frameCount(y.length, config.nFft, config.hopLength, config.center);
  const frame = sharedSpectralFrame(config);
  const rows = frame.bins;
  const data = new Float32Array(rows * cols);
  const column = new Float64Array(rows);
  for (let t = 0; t < cols; t++) {
    frame.power(y, frameStart(config, t), power, column);
    for (let k = 0; k < rows; k++) data[k * cols + t] = column[k]!;
  }
  return { rows, cols, data };
}
