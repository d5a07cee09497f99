import type { Tensor } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSimdBackend, SIMD_BACKEND } from '../../src/kernels/backend';
import { tf } from '../../src/tf';
import { tensorsOnBoth } from './compare';

beforeAll(() => {
  registerSimdBackend();
});

const x3 = () => tf.randomNormal([2, 3, 5], 0, 1, 'float32', 7);

describe('ser-simd Tile', () => {
  it('replaces the cpu kernel', () => {
    expect(tf.getKernel('Tile', SIMD_BACKEND)?.kernelFunc).not.toBe(
      tf.getKernel('Tile', 'cpu')?.kernelFunc,
    );
  });

  it.each([
    ['every axis', () => tf.tile(x3(), [3, 2, 2])],
    ['the outer axes only', () => tf.tile(x3(), [2, 3, 1])],
    ['the last axis only', () => tf.tile(x3(), [1, 1, 3])],
    [
      'a [1, 1, 1, C] vector to an activation shape (batch-norm gradient)',
      () => tf.tile(tf.reshape(tf.range(0, 5), [1, 1, 1, 5]), [4, 3, 7, 1]),
    ],
    [
      'axes of size 1 in the middle',
      () => tf.tile(tf.randomNormal([3, 1, 1, 2], 0, 1, 'float32', 9), [1, 4, 3, 2]),
    ],
    ['a vector', () => tf.tile(tf.tensor1d([1, 2, 3]), [4])],
    ['an int32 tensor', () => tf.tile(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32'), [2, 3])],
    ['a bool tensor', () => tf.tile(tf.tensor2d([true, false, true, true], [2, 2]), [3, 1])],
    ['zero repetitions', () => tf.tile(x3(), [2, 0, 1])],
    ['an empty tensor', () => tf.tile(tf.zeros([2, 0, 3]), [2, 2, 2])],
    ['the wrong number of repetitions (an error)', () => tf.tile(x3(), [2, 2])],
  ])('tiles %s as the cpu backend does', async (_, f) => {
    const { reference, simd } = await tensorsOnBoth(f);
    expect(simd).toEqual(reference);
  });

  it('gives the cpu gradient', async () => {
    const w = () => tf.randomNormal([4, 6, 10], 0, 1, 'float32', 8);
    const { reference, simd } = await tensorsOnBoth(() =>
      tf.grad((t: Tensor) => tf.sum(tf.mul(tf.tile(t, [2, 2, 2]), w())))(x3()),
    );
    expect(simd).toEqual(reference);
  });
});
