import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSimdBackend, SIMD_BACKEND } from '../../src/kernels/backend';
import { tf } from '../../src/tf';
import { relativeDifference } from './compare';

beforeAll(() => {
  registerSimdBackend();
});

/** Max pooling of x and the gradient of Σ w · maxPool(x) with respect to x, on `backend`. */
async function pooled(
  backend: string,
  x: () => Tensor4D,
  pool: (x: Tensor4D) => Tensor4D,
): Promise<{ shape: number[]; y: Float32Array; dx: Float32Array }> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const result = tf.tidy(() => {
    const input = x();
    const y = pool(input);
    const w = tf.randomNormal(y.shape, 0, 1, 'float32', 11);
    const dx = tf.grad((t: Tensor) => tf.sum(tf.mul(pool(t as Tensor4D), w)))(input);
    return { shape: y.shape, y: y.dataSync() as Float32Array, dx: dx.dataSync() as Float32Array };
  });
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

type Shape4 = [number, number, number, number];
const normal = (shape: Shape4) => () => tf.randomNormal(shape, 0, 1, 'float32', 5) as Tensor4D;
/** Small integers after a ReLU: most windows hold ties (zeros above all). */
const ties = (shape: Shape4) => () =>
  tf.relu(tf.round(tf.randomNormal(shape, 0, 1.5, 'float32', 6))) as Tensor4D;

describe('ser-simd max pooling', () => {
  it('replaces the cpu MaxPool and MaxPoolGrad kernels', () => {
    for (const name of ['MaxPool', 'MaxPoolGrad']) {
      expect(tf.getKernel(name, SIMD_BACKEND)?.kernelFunc).not.toBe(
        tf.getKernel(name, 'cpu')?.kernelFunc,
      );
    }
  });

  it.each([
    ['2 × 2, same padding, odd sizes, 3 channels', normal([2, 7, 5, 3]), [2, 2], 2, 'same'],
    ['2 × 2, same padding, with ties', ties([2, 7, 9, 5]), [2, 2], 2, 'same'],
    ['3 × 3, stride 2, overlapping, valid padding', normal([2, 9, 8, 6]), [3, 3], 2, 'valid'],
    ['3 × 2, stride 1, same padding, with ties', ties([1, 6, 7, 1]), [3, 2], 1, 'same'],
    ['2 × 3, strides 1 × 3, valid padding', normal([3, 5, 10, 7]), [2, 3], [1, 3], 'valid'],
    ['4 × 4 over a 3 × 3 image, same padding', normal([2, 3, 3, 2]), [4, 4], 1, 'same'],
    ['explicit padding of 1', normal([1, 6, 6, 4]), [2, 2], 2, 1],
  ] as const)('%s gives the cpu values and gradient', async (_, x, filterSize, strides, pad) => {
    const pool = (t: Tensor4D) =>
      tf.maxPool(t, filterSize as [number, number], strides as number, pad as 'same');
    const reference = await pooled('cpu', x, pool);
    const simd = await pooled(SIMD_BACKEND, x, pool);
    await tf.setBackend('cpu');
    expect(simd.shape).toEqual(reference.shape);
    expect(relativeDifference(reference.y, simd.y)).toBeLessThan(1e-4);
    expect(relativeDifference(reference.dx, simd.dx)).toBeLessThan(1e-4);
  });

  it('gives −∞ and no gradient for a window of −∞ and NaN only, as the cpu kernels do', async () => {
    const x = () =>
      tf.tensor4d(
        [
          Number.NEGATIVE_INFINITY,
          Number.NaN,
          Number.NEGATIVE_INFINITY,
          2,
          Number.NaN,
          Number.NEGATIVE_INFINITY,
          0,
          3,
        ],
        [1, 2, 4, 1],
      );
    const pool = (t: Tensor4D) => tf.maxPool(t, 2, 2, 'valid');
    const reference = await pooled('cpu', x, pool);
    const simd = await pooled(SIMD_BACKEND, x, pool);
    await tf.setBackend('cpu');
    expect(Array.from(simd.y)).toEqual(Array.from(reference.y));
    expect(Array.from(simd.dx)).toEqual(Array.from(reference.dx));
    expect(Array.from(reference.y)).toEqual([Number.NEGATIVE_INFINITY, 3]);
    expect(Array.from(reference.dx).filter((g) => g !== 0)).toHaveLength(1);
  });
});
