/**
 * A fast orthogonal initializer with Keras's semantics, for recurrent kernels.
 *
 * tfjs-layers' own `orthogonal` initializer runs a QR decomposition op by op on the backend,
 * which takes minutes for an LSTM(256) recurrent kernel ([256, 1024]) on the `cpu` backend, and
 * it calls chained tensor methods (`tensor.flatten()`) that only the full `@tensorflow/tfjs`
 * bundle registers, so under plain tfjs-core + tfjs-layers in Node it throws. This one draws the
 * same seeded normal matrix with `tf.randomNormal`, then does a Householder QR in plain
 * JavaScript float64 (well under a second for [256, 1024]).
 */
import type { DataType, Tensor } from '@tensorflow/tfjs-core';
import type { Initializer as LayersInitializer } from '@tensorflow/tfjs-layers/dist/initializers';
import { ModelConfigError } from './errors';
import { tf, tfl } from './tf';

/**
 * tfjs-layers' abstract `Initializer` class. Its public index exports only factory functions,
 * so the class is taken from an instance; a layer accepts an initializer object only when it
 * is an instance of this class.
 */
const Initializer = Object.getPrototypeOf(
  tfl.initializers.zeros().constructor,
) as typeof LayersInitializer;

/**
 * Options of {@link OrthogonalInitializer}, as in Keras's `Orthogonal(gain, seed)`.
 *
 * @example
 * ```ts
 * const init = new OrthogonalInitializer({ gain: 1, seed: 42 } satisfies OrthogonalInitializerArgs);
 * ```
 */
export interface OrthogonalInitializerArgs {
  /** Multiplier applied to the orthogonal matrix. Default 1, as in Keras. */
  readonly gain?: number;
  /** Seed of the normal draws (tfjs's seeded generator); without it every call differs. */
  readonly seed?: number;
}

/**
 * Keras's orthogonal initializer: the flattened shape `[prod(shape[:-1]), shape[-1]]` gets the
 * `Q` factor of the QR decomposition of a standard normal matrix, with column signs fixed so
 * that `R` has a positive diagonal, transposed when it has more columns than rows, times
 * `gain`. Rows (or columns, whichever are fewer) are orthonormal.
 *
 * Registered with `tf.serialization` under the class name Keras 3 writes
 * (`OrthogonalInitializer`), so models that use it save and load like built-in ones, and
 * Keras 3 model files that name it load directly.
 *
 * @example
 * ```ts
 * const lstm = tfl.layers.lstm({
 *   units: 256,
 *   inputShape: [40, 1],
 *   recurrentInitializer: new OrthogonalInitializer({ seed: 1 }),
 * });
 * ```
 */
export class OrthogonalInitializer extends Initializer {
  /** Serialisation name (the one Keras 3 writes). */
  static className = 'OrthogonalInitializer';
  /** Multiplier applied to the orthogonal matrix. */
  readonly gain: number;
  /** Seed of the normal draws, if any. */
  readonly seed: number | undefined;

  constructor(args: OrthogonalInitializerArgs = {}) {
    super();
    const gain = args.gain ?? 1;
    if (!Number.isFinite(gain)) throw new ModelConfigError('gain', `must be finite, got ${gain}`);
    this.gain = gain;
    this.seed = args.seed ?? undefined;
  }

  override apply(shape: number[], dtype?: DataType): Tensor {
    if (shape.length < 2) {
      throw new ModelConfigError('shape', `orthogonal needs at least 2 dimensions, got [${shape}]`);
    }
    if (dtype !== undefined && dtype !== 'float32') {
      throw new ModelConfigError('dtype', `orthogonal initializes float32 weights, not ${dtype}`);
    }
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const cols = shape[shape.length - 1]!;
    const tall = Math.max(rows, cols);
    const wide = Math.min(rows, cols);
    const normal = tf.tidy(() => tf.randomNormal([tall, wide], 0, 1, 'float32', this.seed));
    const draws = normal.dataSync();
    normal.dispose();
    const q = orthonormalColumns(draws, tall, wide);
    const out = new Float32Array(rows * cols);
    if (rows >= cols) {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) out[r * cols + c] = this.gain * q[c * tall + r]!;
      }
    } else {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) out[r * cols + c] = this.gain * q[r * tall + c]!;
      }
    }
    return tf.tensor(out, shape, 'float32');
  }

  override getConfig(): { gain: number; seed: number | null } {
    return { gain: this.gain, seed: this.seed ?? null };
  }
}
tf.serialization.registerClass(OrthogonalInitializer, 'ser');

/**
 * The thin `Q` factor (column-major, `rows × cols`, `rows ≥ cols`) of the row-major matrix `a`,
 * with each column's sign chosen so that `R`'s diagonal is positive — the unique QR that
 * `numpy.linalg.qr` followed by Keras's sign fix gives. Householder reflections in float64.
 */
function orthonormalColumns(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  // Column-major working copy: column j is work[j*rows .. j*rows+rows).
  const work = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) work[c * rows + r] = a[r * cols + c]!;
  }
  const reflectors = new Float64Array(rows * cols); // v_k stored in column k, rows k..rows-1
  const diagonalSigns = new Float64Array(cols);
  for (let k = 0; k < cols; k++) {
    const col = k * rows;
    let norm = 0;
    for (let i = k; i < rows; i++) norm += work[col + i]! * work[col + i]!;
    norm = Math.sqrt(norm);
    const x0 = work[col + k]!;
    const alpha = x0 > 0 ? -norm : norm; // R[k][k]
    diagonalSigns[k] = alpha < 0 ? -1 : 1;
    let vNorm = 0;
    for (let i = k; i < rows; i++) {
      const v = i === k ? x0 - alpha : work[col + i]!;
      reflectors[col + i] = v;
      vNorm += v * v;
    }
    if (vNorm === 0) continue; // column already reduced: identity reflection
    const scale = 1 / Math.sqrt(vNorm);
    for (let i = k; i < rows; i++) reflectors[col + i]! *= scale;
    for (let j = k; j < cols; j++) applyReflector(reflectors, col, work, j * rows, k, rows);
  }
  // Q = H_0 H_1 … H_{cols-1} applied to the first `cols` columns of the identity.
  const q = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) q[j * rows + j] = 1;
  for (let k = cols - 1; k >= 0; k--) {
    for (let j = k; j < cols; j++) applyReflector(reflectors, k * rows, q, j * rows, k, rows);
  }
  for (let j = 0; j < cols; j++) {
    if (diagonalSigns[j] === 1) continue;
    for (let i = 0; i < rows; i++) q[j * rows + i] = -q[j * rows + i]!;
  }
  return q;
}

/** `target[i] -= 2 v[i] (v · target)` over rows `from..rows-1` of one column. */
function applyReflector(
  v: Float64Array,
  vOffset: number,
  target: Float64Array,
  targetOffset: number,
  from: number,
  rows: number,
): void {
  let dot = 0;
  for (let i = from; i < rows; i++) dot += v[vOffset + i]! * target[targetOffset + i]!;
  if (dot === 0) return;
  const factor = 2 * dot;
  for (let i = from; i < rows; i++) target[targetOffset + i]! -= factor * v[vOffset + i]!;
}
