/**
 * A dense row-major float32 matrix in librosa's orientation: rows are frequency bins, mel bands
 * or coefficients, columns are frames.
 *
 * @example
 * ```ts
 * const m: Matrix = { rows: 40, cols: 130, data: new Float32Array(40 * 130) };
 * const valueAtBand3Frame7 = m.data[3 * m.cols + 7];
 * ```
 */
export interface Matrix {
  /** Number of rows (bins, bands or coefficients). */
  readonly rows: number;
  /** Number of columns (frames). */
  readonly cols: number;
  /** `rows * cols` values, row after row. */
  readonly data: Float32Array;
}

/**
 * Allocates a zero-filled matrix.
 *
 * @example
 * ```ts
 * const m = createMatrix(128, 10); // 128 mel bands × 10 frames
 * ```
 */
export function createMatrix(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float32Array(rows * cols) };
}

/**
 * The mean of every row over its columns (librosa's `np.mean(m, axis=1)`, e.g. the mean MFCC
 * over frames), accumulated in float64.
 *
 * @example
 * ```ts
 * const meanMfcc = rowMeans(mfccMatrix); // Float32Array of length nMfcc
 * ```
 */
export function rowMeans(m: Matrix): Float32Array {
  const out = new Float32Array(m.rows);
  if (m.cols === 0) return out;
  for (let r = 0; r < m.rows; r++) {
    let sum = 0;
    const base = r * m.cols;
    for (let c = 0; c < m.cols; c++) sum += m.data[base + c]!;
    out[r] = sum / m.cols;
  }
  return out;
}

/**
 * Whether `value` is a well-formed {@link Matrix}: integer `rows` and `cols` and a
 * `Float32Array` of exactly `rows · cols` values.
 *
 * @example
 * ```ts
 * isMatrix(createMatrix(2, 3)); // true
 * isMatrix(new Float32Array(6)); // false: samples, not a matrix
 * ```
 */
export function isMatrix(value: unknown): value is Matrix {
  if (typeof value !== 'object' || value === null) return false;
  const { rows, cols, data } = value as Partial<Matrix>;
  return (
    typeof rows === 'number' &&
    typeof cols === 'number' &&
    Number.isInteger(rows) &&
    Number.isInteger(cols) &&
    rows >= 0 &&
    cols >= 0 &&
    data instanceof Float32Array &&
    data.length === rows * cols
  );
}
