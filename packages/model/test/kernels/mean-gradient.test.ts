import type { Tensor } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSimdBackend, SIMD_BACKEND } from '../../src/kernels/backend';
import { tf } from '../../src/tf';

beforeAll(() => {
  registerSimdBackend();
});

/** The gradient of Σ w · f(x) on `backend` (shape and values), and the kernels it ran. */
async function gradientOn(
  backend: string,
  f: (x: Tensor) => Tensor,
): Promise<{ shape: number[]; values: number[]; kernels: string[] }> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const x = tf.randomNormal([3, 4, 2, 5], 0, 1, 'float32', 21);
  const w = tf.tidy(() => tf.randomNormal(f(x).shape, 0, 1, 'float32', 22));
  let dx: Tensor | undefined;
  const profile = await tf.profile(() => {
    dx = tf.grad((t: Tensor) => tf.sum(tf.mul(f(t), w)))(x);
    return dx;
  });
  const result = {
    shape: (dx as Tensor).shape,
    values: Array.from((dx as Tensor).dataSync()),
    kernels: profile.kernels.map((kernel) => kernel.name),
  };
  tf.dispose([x, w, dx as Tensor]);
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

describe('ser-simd Mean gradient', () => {
  it.each([
    ['the batch, height and width axes (batch-norm moments)', (x: Tensor) => tf.mean(x, [0, 1, 2])],
    ['the last axis, dims kept', (x: Tensor) => tf.mean(x, -1, true)],
    ['a middle axis', (x: Tensor) => tf.mean(x, 1)],
    ['every axis', (x: Tensor) => tf.mean(x)],
    ['the moments of a batch', (x: Tensor) => tf.moments(x, [0, 1, 2]).variance],
  ])('over %s equals the cpu gradient without its division op', async (_, f) => {
    const reference = await gradientOn('cpu', f);
    const simd = await gradientOn(SIMD_BACKEND, f);
    await tf.setBackend('cpu');
    expect(simd.shape).toEqual(reference.shape);
    expect(simd.values).toEqual(reference.values);
    expect(reference.kernels).toContain('RealDiv');
    expect(simd.kernels).not.toContain('RealDiv');
  });

  it('stays one wrapper around tfjs’ gradient when the backend is registered again', () => {
    const first = tf.getGradient('Mean');
    registerSimdBackend();
    expect(tf.getGradient('Mean')).toBe(first);
  });
});
