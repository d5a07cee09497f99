import { FeatureParameterError } from './errors';

/**
 * How signal edges are extended for centred frames (numpy `np.pad` modes): `'constant'`
 * (zeros, librosa's default), `'reflect'` (mirror without repeating the edge sample) or
 * `'edge'` (repeat the edge sample).
 *
 * @example
 * ```ts
 * const X = stft(y, { padMode: 'reflect' });
 * ```
 */
export type PadMode = 'constant' | 'reflect' | 'edge';

const PAD_MODES: readonly PadMode[] = ['constant', 'reflect', 'edge'];

/**
 * Throws unless `mode` is a {@link PadMode}.
 *
 * @internal
 */
export function checkPadMode(mode: string): asserts mode is PadMode {
  if (!(PAD_MODES as readonly string[]).includes(mode)) {
    throw new FeatureParameterError(
      'padMode',
      `must be one of ${PAD_MODES.join(', ')}, got '${mode}'`,
    );
  }
}

/** Index of padded position `i` (may be outside 0..n−1) in the source, numpy 'reflect' rule. */
function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let j = i % period;
  if (j < 0) j += period;
  return j < n ? j : period - j;
}

/**
 * Throws unless every sample of `y` is finite (librosa's `valid_audio`).
 *
 * @internal
 */
export function checkFinite(y: Float32Array, name = 'y'): void {
  if (!(y instanceof Float32Array))
    throw new FeatureParameterError(name, 'must be a Float32Array of samples');
  // x·0 is 0 for finite x and NaN for ±Infinity or NaN: one branch-free pass (four independent
  // sums, so additions do not wait for each other), then a search for the culprit only when
  // there is one.
  let poison0 = 0;
  let poison1 = 0;
  let poison2 = 0;
  let poison3 = 0;
  const whole = y.length & ~3;
  for (let i = 0; i < whole; i += 4) {
    poison0 += y[i]! * 0;
    poison1 += y[i + 1]! * 0;
    poison2 += y[i + 2]! * 0;
    poison3 += y[i + 3]! * 0;
  }
  for (let i = whole; i < y.length; i++) poison0 += y[i]! * 0;
  if (poison0 + poison1 + poison2 + poison3 === 0) return;
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]!)) {
      throw new FeatureParameterError(
        name,
        `audio buffer is not finite everywhere (sample ${i} is ${y[i]})`,
      );
    }
  }
}

/**
 * Sample `i` of `y` extended beyond its ends as `np.pad` would (`i` may be negative or ≥ the
 * length; `y` must not be empty unless `mode` is 'constant').
 *
 * @internal
 */
export function paddedSample(y: Float32Array, i: number, mode: PadMode): number {
  const n = y.length;
  if (i >= 0 && i < n) return y[i]!;
  if (mode === 'constant') return 0;
  if (mode === 'edge') return y[i < 0 ? 0 : n - 1]!;
  return y[reflectIndex(i, n)]!;
}

/**
 * `y` with `left` and `right` samples added as `np.pad(y, (left, right), mode)` does (any
 * pad width, also wider than the signal). Also rejects non-finite samples, as librosa's
 * `valid_audio` does.
 *
 * @example
 * ```ts
 * padSignal(Float32Array.of(1, 2, 3), 2, 2, 'reflect'); // [3, 2, 1, 2, 3, 2, 1]
 * ```
 *
 * @internal
 */
export function padSignal(
  y: Float32Array,
  left: number,
  right: number,
  mode: PadMode,
): Float32Array {
  checkFinite(y);
  const n = y.length;
  if (n === 0 && mode !== 'constant' && left + right > 0) {
    throw new FeatureParameterError('y', `cannot pad an empty signal in '${mode}' mode`);
  }
  const out = new Float32Array(left + n + right);
  out.set(y, left);
  if (mode === 'constant') return out;
  for (let i = -left; i < 0; i++) out[left + i] = paddedSample(y, i, mode);
  for (let i = n; i < n + right; i++) out[left + i] = paddedSample(y, i, mode);
  return out;
}
