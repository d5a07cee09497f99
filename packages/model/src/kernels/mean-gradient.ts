/**
 * tfjs' Mean gradient in one step. tfjs reshapes dy to x's rank, multiplies it by a tensor of
 * ones of x's shape and divides the product by the number of values averaged: three
 * activation-sized arrays for every mean over a batch (batch normalisation's moments take two).
 * This divides dy once and repeats it to x's shape: the same float32 values, one array.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import { tf } from '../tf';
import type { FastGradient } from './gradients';
import type { KernelHost } from './products';
import { tileValues } from './tile';

/**
 * The gradient of Mean for float32 tensors: dy / (values averaged), repeated along the reduced
 * axes; null for other dtypes. Register it with `gradientOnBackend`.
 *
 * @example
 * ```ts
 * const reference = tf.getGradient('Mean');
 * if (reference !== undefined)
 *   tf.registerGradient(gradientOnBackend(reference, 'ser-simd', meanGradient));
 * ```
 */
export const meanGradient: FastGradient = (dy, saved, attrs) => {
  const [x] = saved as [Tensor];
  const upstream = dy as Tensor;
  if (upstream.dtype !== 'float32') return null;
  const axes = tf.util.parseAxisParam(attrs['axis'] as number | number[], x.shape);
  const count = tf.util.sizeFromShape(axes.map((axis) => x.shape[axis] ?? 1));
  const expanded = x.shape.map((d, axis) => (axes.includes(axis) ? 1 : d));
  const reps = x.shape.map((d, axis) => (axes.includes(axis) ? d : 1));
  return {
    x: () => {
      const host = tf.engine().backend as unknown as KernelHost;
      const scaled = Float32Array.from(host.values(upstream), (v) => v / count);
      return tf.tensor(tileValues(scaled, expanded, reps), x.shape, 'float32');
    },
  };
};
