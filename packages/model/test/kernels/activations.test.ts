import type { Tensor } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSimdBackend, SIMD_BACKEND } from '../../src/kernels/backend';
import { tf } from '../../src/tf';
import { tensorsOnBoth } from './compare';

beforeAll(() => {
  registerSimdBackend();
});

/** Object.is-distinct values: signed zeros, NaN, infinities, numbers either side of 0. */
const special = () =>
  tf.tensor2d(
    [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-30, -1e-30, 2.5, -3],
    [3, 3],
  );
const normal = () => tf.randomNormal([2, 5, 3, 7], 0, 1, 'float32', 4);

describe('ser-simd Relu and Step', () => {
  it('replace the cpu kernels', () => {
    for (const name of ['Relu', 'Step']) {
      expect(tf.getKernel(name, SIMD_BACKEND)?.kernelFunc).not.toBe(
        tf.getKernel(name, 'cpu')?.kernelFunc,
      );
    }
  });

  it.each([
    ['relu of special values', () => tf.relu(special())],
    ['relu of a 4-d tensor', () => tf.relu(normal())],
    ['relu of an int32 tensor', () => tf.relu(tf.tensor1d([-2, 0, 3], 'int32'))],
    ['step of special values', () => tf.step(special())],
    ['step with alpha 0.3', () => tf.step(normal(), 0.3)],
    ['step of an int32 tensor', () => tf.step(tf.tensor1d([-2, 0, 3], 'int32'))],
    [
      'the relu gradient (step · dy)',
      () => tf.grad((x: Tensor) => tf.sum(tf.mul(tf.relu(x), tf.sin(x))))(normal()),
    ],
    [
      'the relu gradient at special values (NaN, ±0, ±∞)',
      () =>
        tf.grad((x: Tensor) =>
          tf.sum(tf.mul(tf.relu(x), tf.tensor2d([-1, -2, 3, -4, 5, -6, 7, -8, 9], [3, 3]))),
        )(special()),
    ],
  ])('%s as the cpu backend computes it', async (_, f) => {
    const { reference, simd } = await tensorsOnBoth(f);
    expect(reference).not.toBeTypeOf('string'); // f ran without an error
    expect(simd).toEqual(reference);
  });

  it('computes the relu gradient without a Step on ser-simd', async () => {
    const kernelsOfGradient = async (backend: string) => {
      await tf.setBackend(backend);
      const x = normal();
      const profile = await tf.profile(() => tf.grad((t: Tensor) => tf.sum(tf.relu(t)))(x));
      x.dispose();
      return profile.kernels.map((kernel) => kernel.name);
    };
    expect(await kernelsOfGradient('cpu')).toContain('Step');
    expect(await kernelsOfGradient(SIMD_BACKEND)).not.toContain('Step');
    await tf.setBackend('cpu');
  });
});

describe('ser-simd Softmax', () => {
  it('replaces the cpu kernel', () => {
    expect(tf.getKernel('Softmax', SIMD_BACKEND)?.kernelFunc).not.toBe(
      tf.getKernel('Softmax', 'cpu')?.kernelFunc,
    );
  });

  it.each([
    ['a batch of 7-class logits', () => tf.softmax(tf.randomNormal([64, 7], 0, 5, 'float32', 3))],
    ['the last axis of a 4-d tensor', () => tf.softmax(normal())],
    ['rows with NaN, ±∞ and ±0', () => tf.softmax(special())],
    ['large logits (no overflow)', () => tf.softmax(tf.tensor2d([[1000, 999, -1000]]))],
    ['a rank-1 tensor', () => tf.softmax(tf.tensor1d([0.5, -1, 2]))],
    ['rows of width 0', () => tf.softmax(tf.zeros([3, 0]))],
    [
      'its gradient',
      () => tf.grad((x: Tensor) => tf.sum(tf.mul(tf.softmax(x), tf.sin(x))))(normal()),
    ],
  ])('gives the cpu values bit for bit: %s', async (_, f) => {
    const { reference, simd } = await tensorsOnBoth(f);
    expect(reference).not.toBeTypeOf('string'); // f ran without an error
    expect(simd).toEqual(reference);
  });
});
