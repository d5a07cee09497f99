import type { Tensor } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSimdBackend, SIMD_BACKEND } from '../../src/kernels/backend';
import { tf } from '../../src/tf';

beforeAll(() => {
  registerSimdBackend();
});

/** Values of `f()` (or its error message) on cpu and on ser-simd. */
async function onBothBackends(
  f: () => Tensor,
): Promise<{ reference: number[] | string; simd: number[] | string }> {
  const run = (): number[] | string => {
    try {
      return Array.from(tf.tidy(f).dataSync());
    } catch (error) {
      return (error as Error).message;
    }
  };
  await tf.setBackend('cpu');
  const reference = run();
  await tf.setBackend(SIMD_BACKEND);
  const simd = run();
  return { reference, simd };
}

function expectClose(reference: number[] | string, simd: number[] | string): void {
  expect(typeof reference).not.toBe('string');
  const a = reference as number[];
  const b = simd as number[];
  expect(b).toHaveLength(a.length);
  const scale = Math.max(...a.map(Math.abs), 1e-30);
  const worst = Math.max(0, ...a.map((value, i) => Math.abs(value - (b[i] as number)) / scale));
  expect(worst).toBeLessThan(1e-6);
}

const random = (shape: number[], seed: number): Tensor =>
  tf.randomNormal(shape, 0, 1, 'float32', seed);

describe('ser-simd matrix product kernels', () => {
  it.each([
    ['plain', [5, 7], [7, 9], false, false],
    ['transposed', [7, 5], [9, 7], true, true],
    ['batched', [3, 5, 7], [3, 9, 7], false, true],
    ['broadcast batch', [1, 5, 7], [4, 7, 9], false, false],
  ] as const)(
    'match tfjs-backend-cpu for %s products',
    async (_, aShape, bShape, transposeA, transposeB) => {
      const { reference, simd } = await onBothBackends(() =>
        tf.matMul(random([...aShape], 1), random([...bShape], 2), transposeA, transposeB),
      );
      expectClose(reference, simd);
    },
  );

  it.each(['linear', 'relu', 'relu6', 'sigmoid', 'leakyrelu', 'elu', 'prelu'] as const)(
    'match tfjs-backend-cpu for a fused product with bias and %s',
    async (activation) => {
      const { reference, simd } = await onBothBackends(() =>
        tf.fused.matMul({
          a: random([6, 10], 3),
          b: random([10, 4], 4),
          bias: random([4], 5),
          activation,
          ...(activation === 'prelu' ? { preluActivationWeights: random([4], 6) } : {}),
        }),
      );
      expectClose(reference, simd);
    },
  );

  it('reject mismatched shapes with the same message as tfjs-backend-cpu', async () => {
    const { reference, simd } = await onBothBackends(() =>
      tf.matMul(tf.zeros([2, 3]), tf.zeros([4, 5])),
    );
    expect(reference).toMatch(/inner shapes/);
    expect(simd).toBe(reference);
  });

  it('multiply int32 matrices as tfjs-backend-cpu does', async () => {
    const { reference, simd } = await onBothBackends(() =>
      tf.matMul(
        tf.tensor2d(
          [
            [1, 2],
            [3, 4],
          ],
          undefined,
          'int32',
        ),
        tf.tensor2d([[5], [6]], undefined, 'int32'),
      ),
    );
    expect(simd).toEqual(reference);
    expect(reference).toEqual([17, 39]);
  });
});
