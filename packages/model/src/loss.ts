/**
 * Categorical cross-entropy on probabilities, computed as Keras does, with optional per-example
 * weights and label smoothing.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import { tf } from './tf';

/** Keras's `backend.epsilon()`: probabilities are clipped to [ε, 1 − ε] before the log. */
const EPSILON = 1e-7;

/**
 * One-hot targets (`[labels.length, numClasses]`), smoothed as Keras's `label_smoothing`:
 * `y · (1 − s) + s / numClasses`.
 *
 * @example
 * ```ts
 * const y = oneHotTargets([2, 0], 3, 0.1); // [[0.033, 0.033, 0.933], [0.933, 0.033, 0.033]]
 * ```
 */
export function oneHotTargets(
  labels: readonly number[],
  numClasses: number,
  smoothing = 0,
): Tensor {
  const off = smoothing / numClasses;
  const on = 1 - smoothing + off;
  const values = new Float32Array(labels.length * numClasses).fill(off);
  labels.forEach((label, i) => {
    values[i * numClasses + label] = on;
  });
  return tf.tensor2d(values, [labels.length, numClasses]);
}

/**
 * Sum over the batch of `weight_i · −Σ_c y_ic log p_ic` (probabilities renormalised and
 * clipped as in Keras); divide by the batch size for Keras's `sum_over_batch_size` mean.
 *
 * @example
 * ```ts
 * const total = crossEntropySum(targets, probabilities); // scalar
 * ```
 */
export function crossEntropySum(targets: Tensor, probabilities: Tensor, weights?: Tensor): Scalar {
  return tf.tidy(() => {
    const p = tf.clipByValue(
      tf.div(probabilities, tf.sum(probabilities, -1, true)),
      EPSILON,
      1 - EPSILON,
    );
    const perExample = tf.neg(tf.sum(tf.mul(targets, tf.log(p)), -1));
    return tf.sum(weights === undefined ? perExample : tf.mul(perExample, weights));
  });
}
