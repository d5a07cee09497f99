/**
 * Comparing ser-simd with tfjs' reference cpu backend in the kernel tests: run the same code on
 * both, and measure how far apart two results are.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { SIMD_BACKEND } from '../../src/kernels/backend';
import { tf } from '../../src/tf';

/** Largest |a − b| relative to the largest |a| (the lengths must agree). */
export function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(b.length).toBe(a.length);
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i] as number));
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst / (scale || 1);
}

/** Runs `f` on cpu, then on ser-simd (a model's variables move along), and returns both results. */
export async function onBothBackends<T>(f: () => T): Promise<{ reference: T; simd: T }> {
  await tf.setBackend('cpu');
  const reference = f();
  await tf.setBackend(SIMD_BACKEND);
  const simd = f();
  await tf.setBackend('cpu');
  return { reference, simd };
}

/** Shape, dtype and values of each tensor `f()` returns, or the message of the error it throws. */
export type TensorOutcome = { shape: number[]; dtype: string; values: number[] }[] | string;

/**
 * What `f()` gives on cpu and on ser-simd (see {@link TensorOutcome}), checking that neither run
 * leaves a tensor behind. Values stay numbers, so `toEqual` tells NaN, −0 and 0 apart as
 * `Object.is` does.
 */
export async function tensorsOnBoth(
  f: () => Tensor | Tensor[],
): Promise<{ reference: TensorOutcome; simd: TensorOutcome }> {
  return onBothBackends((): TensorOutcome => {
    const before = tf.memory().numTensors;
    try {
      const out = tf.tidy(() => {
        const result = f();
        return (Array.isArray(result) ? result : [result]).map((t) => ({
          shape: t.shape,
          dtype: t.dtype,
          values: Array.from(t.dataSync()),
        }));
      });
      expect(tf.memory().numTensors).toBe(before);
      return out;
    } catch (error) {
      return (error as Error).message;
    }
  });
}
