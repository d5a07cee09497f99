import { FeatureParameterError } from './errors';

/**
 * A window: `'hann'` (periodic, as librosa asks scipy for) or explicit float weights of
 * length `winLength`.
 *
 * @example
 * ```ts
 * const w: WindowSpec = 'hann';
 * const box: WindowSpec = new Float32Array(400).fill(1); // rectangular, winLength 400
 * ```
 */
export type WindowSpec = 'hann' | Float32Array | Float64Array;

/**
 * The Hann window as scipy computes it (`scipy.signal.get_window('hann', length, fftbins)`):
 * periodic by default (`fftbins=True`, what `librosa.stft` uses), symmetric with
 * `{ periodic: false }`. Same float64 formula as scipy: `0.5 + 0.5·cos(−π + 2πn/N)`.
 *
 * @example
 * ```ts
 * const w = hannWindow(4); // Float64Array [0, 0.5, 1, 0.5]
 * ```
 */
export function hannWindow(
  length: number,
  options: { readonly periodic?: boolean } = {},
): Float64Array {
  if (!(Number.isInteger(length) && length >= 0)) {
    throw new FeatureParameterError('winLength', `must be a non-negative integer, got ${length}`);
  }
  if (length <= 1) return new Float64Array(length).fill(1);
  const periodic = options.periodic ?? true;
  // scipy extends a periodic window by one point, then drops it.
  const points = periodic ? length + 1 : length;
  const step = (2 * Math.PI) / (points - 1);
  const w = new Float64Array(length);
  for (let n = 0; n < length; n++) w[n] = 0.5 + 0.5 * Math.cos(n * step - Math.PI);
  return w;
}

/**
 * Centres `data` in `size` values with zeros on both sides (`librosa.util.pad_center`:
 * `⌊(size − n)/2⌋` zeros on the left).
 *
 * @example
 * ```ts
 * padCenter(hannWindow(400), 512); // 56 zeros, the window, 56 zeros
 * ```
 */
export function padCenter(data: ArrayLike<number>, size: number): Float64Array {
  if (data.length > size) {
    throw new FeatureParameterError(
      'winLength',
      `window length ${data.length} exceeds nFft ${size}`,
    );
  }
  const out = new Float64Array(size);
  const left = Math.floor((size - data.length) / 2);
  for (let i = 0; i < data.length; i++) out[left + i] = data[i]!;
  return out;
}

/**
 * The analysis window of `librosa.stft`: `window` of length `winLength`, zero-padded centred
 * to `nFft` (float64, as librosa multiplies frames by a float64 window).
 *
 * @example
 * ```ts
 * const w = stftWindow('hann', 400, 512); // periodic Hann(400) centred in 512 values
 * ```
 */
export function stftWindow(window: WindowSpec, winLength: number, nFft: number): Float64Array {
  if (window === 'hann') return padCenter(hannWindow(winLength), nFft);
  if (typeof window === 'string') {
    throw new FeatureParameterError(
      'window',
      `unsupported window '${String(window)}'; use 'hann' or an array`,
    );
  }
  if (window.length !== winLength) {
    throw new FeatureParameterError(
      'window',
      `has ${window.length} values but winLength is ${winLength}`,
    );
  }
  return padCenter(window, nFft);
}
