/**
 * Shared arithmetic of the pooling layers: the weighted mean (and standard deviation) of a
 * frame sequence over time, with padded frames excluded through a mask.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import { ModelConfigError } from '../errors';
import { tf } from '../tf';

/**
 * What a pooling layer returns per sequence: the mean, or the mean and standard deviation.
 *
 * @example
 * ```ts
 * const statistics: PooledStatistics = 'mean-std';
 * ```
 */
export type PooledStatistics = 'mean' | 'mean-std';

/** Checks a `statistics` option read from user options or a saved config. */
export function checkPooledStatistics(value: unknown): PooledStatistics {
  if (value === 'mean' || value === 'mean-std') return value;
  throw new ModelConfigError('statistics', `must be 'mean' or 'mean-std', got ${String(value)}`);
}

/**
 * `mask` ([batch, frames], boolean or 0/1) as float32, or all ones for `frames` when absent.
 */
export function frameMask(x: Tensor, mask: Tensor | undefined): Tensor {
  if (mask === undefined || mask === null) return tf.ones([x.shape[0]!, x.shape[1]!]);
  return tf.cast(mask, 'float32');
}

/**
 * Weighted statistics over axis 1 of `x` ([batch, frames, features]) with `weights`
 * ([batch, frames], each row summing to 1): `[batch, features]` means, or means and standard
 * deviations concatenated (`[batch, 2 * features]`). The variance is floored at `epsilon`
 * before its square root, so the gradient stays finite on constant sequences.
 */
export function weightedStatistics(
  x: Tensor,
  weights: Tensor,
  statistics: PooledStatistics,
  epsilon: number,
): Tensor {
  return tf.tidy(() => {
    const w = tf.expandDims(weights, 2);
    const mean = tf.sum(tf.mul(x, w), 1);
    if (statistics === 'mean') return mean;
    const meanSquare = tf.sum(tf.mul(tf.square(x), w), 1);
    const variance = tf.maximum(tf.sub(meanSquare, tf.square(mean)), epsilon);
    return tf.concat([mean, tf.sqrt(variance)], 1);
  });
}
