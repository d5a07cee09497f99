import type { Tensor } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSimdBackend, SIMD_BACKEND } from '../../src/kernels/backend';
import { tf, tfl } from '../../src/tf';
import { relativeDifference } from './compare';

beforeAll(() => {
  registerSimdBackend();
});

/** f's value and its gradients with respect to every argument, on `backend`; no tensor left behind. */
async function valueAndGradients(
  backend: string,
  args: () => Tensor[],
  f: (...args: Tensor[]) => Tensor,
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const result = tf.tidy(() => {
    const inputs = args();
    const w = tf.randomNormal(f(...inputs).shape, 0, 1, 'float32', 13);
    const loss = (...xs: Tensor[]) => tf.sum(tf.mul(f(...xs), w));
    const grads = tf.grads(loss)(inputs);
    return [f(...inputs), ...grads].map((t) => t.dataSync() as Float32Array);
  });
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

async function expectSameOnBoth(args: () => Tensor[], f: (...args: Tensor[]) => Tensor) {
  const reference = await valueAndGradients('cpu', args, f);
  const simd = await valueAndGradients(SIMD_BACKEND, args, f);
  await tf.setBackend('cpu');
  expect(simd).toHaveLength(reference.length);
  reference.forEach((values, i) => {
    expect(relativeDifference(values, simd[i] as Float32Array)).toBeLessThan(1e-4);
  });
}

const normal = (shape: number[], seed: number) =>
  tf.randomNormal(shape, 0, 1, 'float32', seed) as Tensor;
const positive = (shape: number[], seed: number) =>
  tf.randomUniform(shape, 0.2, 2, 'float32', seed) as Tensor;

describe('ser-simd batch normalisation', () => {
  it('replaces the cpu FusedBatchNorm kernel', () => {
    expect(tf.getKernel('FusedBatchNorm', SIMD_BACKEND)?.kernelFunc).not.toBe(
      tf.getKernel('FusedBatchNorm', 'cpu')?.kernelFunc,
    );
  });

  it.each([
    ['5 channels', [2, 4, 3, 5]],
    ['1 channel', [3, 4, 2, 1]],
    ['7 channels, a 2-d input', [6, 7]],
  ])(
    'with %s, per-channel mean, variance, scale and offset, gives the cpu values and five gradients',
    async (_, shape) => {
      const C = shape[shape.length - 1] as number;
      await expectSameOnBoth(
        () => [normal(shape, 1), normal([C], 2), positive([C], 3), normal([C], 4), normal([C], 5)],
        (x, mean, variance, scale, offset) =>
          tf.batchNorm(x as Tensor, mean as Tensor, variance as Tensor, offset, scale, 0.01),
      );
    },
  );

  it('without scale and offset gives the cpu values (tfjs differentiates only with both)', async () => {
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(
        () =>
          tf
            .batchNorm(normal([2, 3, 3, 6], 6), normal([6], 7), positive([6], 8))
            .dataSync() as Float32Array,
      );
    };
    const reference = await run('cpu');
    const simd = await run(SIMD_BACKEND);
    await tf.setBackend('cpu');
    expect(relativeDifference(reference, simd)).toBeLessThan(1e-4);
  });

  it('with single-value parameters gives the cpu values and gradients', async () => {
    await expectSameOnBoth(
      () => [
        normal([2, 3, 2, 3], 9),
        normal([1], 10),
        positive([1], 11),
        normal([1], 12),
        normal([1], 13),
      ],
      (x, mean, variance, scale, offset) =>
        tf.batchNorm(x as Tensor, mean as Tensor, variance as Tensor, offset, scale),
    );
  });

  it('in a training batch-normalisation layer (moments of the batch) gives the cpu output and gradients', async () => {
    await tf.setBackend('cpu');
    const layer = tfl.layers.batchNormalization({
      betaInitializer: 'randomNormal',
      gammaInitializer: 'randomNormal',
    });
    layer.build([null, 5, 3, 6]);
    const x = normal([4, 5, 3, 6], 14);
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const f = (input: Tensor) =>
          tf.sum(tf.square(layer.apply(input, { training: true }) as Tensor)) as tf.Scalar;
        const { value, grads } = tf.variableGrads(() => f(x));
        return [value, tf.grad(f)(x), ...Object.values(grads)].map(
          (t) => t.dataSync() as Float32Array,
        );
      });
    };
    const reference = await run('cpu');
    const simd = await run(SIMD_BACKEND);
    await tf.setBackend('cpu');
    expect(reference).toHaveLength(4);
    reference.forEach((values, i) => {
      expect(relativeDifference(values, simd[i] as Float32Array)).toBeLessThan(1e-4);
    });
  });

  it('computes the gradient in one pass on ser-simd (no Tile, which tfjs’ gradient runs)', async () => {
    const kernelsOfGradient = async (backend: string) => {
      await tf.setBackend(backend);
      const x = normal([2, 3, 3, 4], 15);
      const mean = normal([4], 16);
      const variance = positive([4], 17);
      const scale = normal([4], 18);
      const offset = normal([4], 19);
      const profile = await tf.profile(() =>
        tf.grad((t: Tensor) => tf.sum(tf.batchNorm(t, mean, variance, offset, scale)))(x),
      );
      tf.dispose([x, mean, variance, scale, offset]);
      return profile.kernels.map((kernel) => kernel.name);
    };
    expect(await kernelsOfGradient('cpu')).toContain('Tile');
    expect(await kernelsOfGradient(SIMD_BACKEND)).not.toContain('Tile');
    await tf.setBackend('cpu');
  });
});
