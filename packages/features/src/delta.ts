import { FeatureParameterError } from './errors';
import type { Matrix } from './matrix';

/**
 * Edge handling of {@link delta} (scipy `savgol_filter` modes).
 *
 * @example
 * ```ts
 * delta(mfccs, { mode: 'nearest' }); // pads by repeating the edge frames
 * ```
 */
export type DeltaMode = 'interp' | 'nearest' | 'mirror' | 'constant' | 'wrap';

/**
 * Options of {@link delta}, librosa's `feature.delta` parameters.
 *
 * @example
 * ```ts
 * const acceleration: DeltaOptions = { width: 9, order: 2 };
 * ```
 */
export interface DeltaOptions {
  /** Savitzky–Golay window length: odd, ≥ 3 (and ≤ the axis length for 'interp'); default 9. */
  readonly width?: number;
  /** Derivative order (also the fitted polynomial's degree); default 1. */
  readonly order?: number;
  /** Axis: −1 or 1 = along each row, over frames (default); 0 or −2 = along each column. */
  readonly axis?: -2 | -1 | 0 | 1;
  /**
   * Edges: `'interp'` (default) fits one polynomial to the first/last `width` points; the others
   * extend the data (`'nearest'` repeats the edge value, `'mirror'` reflects around it,
   * `'constant'` pads zeros, `'wrap'` is periodic).
   */
  readonly mode?: DeltaMode;
}

const MODES: readonly DeltaMode[] = ['interp', 'nearest', 'mirror', 'constant', 'wrap'];

/**
 * Weights `w` such that `Σⱼ w[j]·x[j]` is the `deriv`-th derivative, at window position
 * `at`, of the degree-`degree` least-squares polynomial through `x[0..length)` (unit spacing).
 * Positions are scaled to [−1, 1] so the normal equations stay well conditioned.
 *
 * @internal
 */
export function savgolWeights(
  length: number,
  degree: number,
  deriv: number,
  at: number,
): Float64Array {
  const terms = degree + 1;
  const scale = Math.max(1, length - 1);
  const u = Float64Array.from({ length }, (_, j) => (j - at) / scale);
  // Normal equations (AᵀA) v = e_deriv, A[j][i] = u_j^i.
  const normal = Array.from({ length: terms }, (_, r) =>
    Float64Array.from({ length: terms + 1 }, (_, c) => {
      if (c === terms) return r === deriv ? 1 : 0;
      let sum = 0;
      for (let j = 0; j < length; j++) sum += u[j]! ** (r + c);
      return sum;
    }),
  );
  for (let col = 0; col < terms; col++) {
    let pivot = col;
    for (let r = col + 1; r < terms; r++)
      if (Math.abs(normal[r]![col]!) > Math.abs(normal[pivot]![col]!)) pivot = r;
    [normal[col], normal[pivot]] = [normal[pivot]!, normal[col]!];
    const p = normal[col]!;
    for (let r = 0; r < terms; r++) {
      if (r === col) continue;
      const row = normal[r]!;
      const f = row[col]! / p[col]!;
      for (let c = col; c <= terms; c++) row[c] = row[c]! - f * p[c]!;
    }
  }
  const v = normal.map((row, i) => row[terms]! / row[i]!);
  let factorial = 1;
  for (let i = 2; i <= deriv; i++) factorial *= i;
  const gain = factorial / scale ** deriv;
  const w = new Float64Array(length);
  for (let j = 0; j < length; j++) {
    let sum = 0;
    for (let i = 0; i < terms; i++) sum += v[i]! * u[j]! ** i;
    w[j] = gain * sum;
  }
  return w;
}

/** Source index of padded position `i` for the extension modes (−1 = a zero of 'constant'). */
function extendedIndex(i: number, n: number, mode: DeltaMode): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'nearest':
      return i < 0 ? 0 : n - 1;
    case 'constant':
      return -1;
    case 'wrap':
      return ((i % n) + n) % n;
    default: {
      if (n === 1) return 0;
      const period = 2 * (n - 1);
      const j = ((i % period) + period) % period;
      return j < n ? j : period - j;
    }
  }
}

/** Filters one sequence `x` (read with `stride` from `offset`) into `out` likewise. */
function filterLine(
  data: Float32Array,
  out: Float32Array,
  offset: number,
  stride: number,
  n: number,
  interior: Float64Array,
  edges: Float64Array[] | undefined,
  mode: DeltaMode,
): void {
  const width = interior.length;
  const half = (width - 1) / 2;
  for (let t = 0; t < n; t++) {
    let sum = 0;
    if (edges !== undefined && (t < half || t >= n - half)) {
      const start = t < half ? 0 : n - width;
      const w = edges[t - start]!;
      for (let j = 0; j < width; j++) sum += w[j]! * data[offset + (start + j) * stride]!;
    } else {
      for (let j = 0; j < width; j++) {
        const i = extendedIndex(t - half + j, n, mode);
        if (i >= 0) sum += interior[j]! * data[offset + i * stride]!;
      }
    }
    out[offset + t * stride] = sum;
  }
}

/**
 * Delta features: a local estimate of the derivative of `data` along an axis, as
 * `librosa.feature.delta` (0.11), i.e. a Savitzky–Golay filter
 * (`scipy.signal.savgol_filter(data, width, polyorder=order, deriv=order, mode)`). With the
 * default 'interp' mode, the first and last `width/2` frames use the polynomial fitted to the
 * first/last `width` frames instead of padding. Float64 arithmetic, float32 result.
 *
 * @example
 * ```ts
 * const c = mfcc(y, { nMfcc: 13 });
 * const d1 = delta(c);              // 13 × frames, first derivative over frames
 * const d2 = delta(c, { order: 2 }); // acceleration
 * ```
 */
export function delta(data: Matrix, options: DeltaOptions = {}): Matrix {
  const width = options.width ?? 9;
  const order = options.order ?? 1;
  const axis = options.axis ?? -1;
  const mode = options.mode ?? 'interp';
  if (!MODES.includes(mode))
    throw new FeatureParameterError('mode', `must be one of ${MODES.join(', ')}, got '${mode}'`);
  if (!(Number.isInteger(width) && width >= 3 && width % 2 === 1)) {
    throw new FeatureParameterError('width', `must be an odd integer ≥ 3, got ${width}`);
  }
  if (!(Number.isInteger(order) && order > 0))
    throw new FeatureParameterError('order', `must be a positive integer, got ${order}`);
  if (order >= width)
    throw new FeatureParameterError('order', `must be less than width (${width}), got ${order}`);
  const alongFrames = axis === -1 || axis === 1;
  if (!alongFrames && axis !== 0 && axis !== -2)
    throw new FeatureParameterError('axis', `must be -2, -1, 0 or 1, got ${String(axis)}`);
  const n = alongFrames ? data.cols : data.rows;
  if (mode === 'interp' && width > n) {
    throw new FeatureParameterError(
      'width',
      `with mode 'interp', width ${width} cannot exceed the axis length ${n}`,
    );
  }
  const interior = savgolWeights(width, order, order, (width - 1) / 2);
  const edges =
    mode === 'interp'
      ? Array.from({ length: width }, (_, at) => savgolWeights(width, order, order, at))
      : undefined;
  const out = new Float32Array(data.data.length);
  const lines = alongFrames ? data.rows : data.cols;
  for (let line = 0; line < lines; line++) {
    const offset = alongFrames ? line * data.cols : line;
    const stride = alongFrames ? 1 : data.cols;
    filterLine(data.data, out, offset, stride, n, interior, edges, mode);
  }
  return { rows: data.rows, cols: data.cols, data: out };
}
