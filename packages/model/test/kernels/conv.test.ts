import type { Tensor } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSimdBackend, SIMD_BACKEND } from '../../src/kernels/backend';
import { tf, tfl } from '../../src/tf';
import { relativeDifference } from './compare';

beforeAll(() => {
  registerSimdBackend();
});

/** Output, the gradients of every weight and the input's, on the active backend; no tensor left behind. */
function outputAndGradients(model: tfl.LayersModel, x: Tensor): Float32Array[] {
  const before = tf.memory().numTensors;
  const result = tf.tidy(() => {
    const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const f = (input: Tensor) => tf.sum(tf.square(model.apply(input) as Tensor)) as tf.Scalar;
    const { grads } = tf.variableGrads(() => f(x), weights);
    return [
      (model.predict(x) as Tensor).dataSync() as Float32Array,
      ...weights.map((w) => grads[w.name]?.dataSync() as Float32Array),
      tf.grad(f)(x).dataSync() as Float32Array,
    ];
  });
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

async function compare(model: tfl.LayersModel, x: Tensor): Promise<string[]> {
  await tf.setBackend('cpu');
  const reference = outputAndGradients(model, x);
  await tf.setBackend(SIMD_BACKEND);
  const simd = outputAndGradients(model, x);
  const profile = await tf.profile(() => model.predict(x) as Tensor);
  await tf.setBackend('cpu');
  reference.forEach((values, i) => {
    expect(relativeDifference(values, simd[i] as Float32Array)).toBeLessThan(1e-4);
  });
  return profile.kernels.map((kernel) => kernel.name);
}

describe('ser-simd convolution kernels', () => {
  it.each([
    [
      '3 × 3, same padding, bias and relu',
      { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
      [2, 9, 7, 1],
    ],
    [
      '3 × 2, valid padding, stride 2, no bias',
      { filters: 5, kernelSize: [3, 2], strides: 2, useBias: false },
      [2, 9, 8, 3],
    ],
  ] as const)('conv2d with %s gives the reference output and gradients', async (_, args, shape) => {
    await tf.setBackend('cpu');
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({
          ...args,
          inputShape: shape.slice(1),
          biasInitializer: 'randomNormal',
        } as never),
      ],
    });
    const x = tf.randomNormal([...shape], 0, 1, 'float32', 3);
    const names = await compare(model, x);
    expect(names.some((name) => name === 'FusedConv2D' || name === 'Conv2D')).toBe(true);
  });

  it('conv2d with dilation 2 and a sigmoid (no gradient in tfjs) predicts what the reference predicts', async () => {
    await tf.setBackend('cpu');
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({
          filters: 3,
          kernelSize: 3,
          padding: 'same',
          dilationRate: 2,
          activation: 'sigmoid',
          inputShape: [8, 8, 2],
        }),
      ],
    });
    const x = tf.randomNormal([1, 8, 8, 2], 0, 1, 'float32', 5);
    const predict = () => (model.predict(x) as Tensor).dataSync();
    const reference = predict();
    await tf.setBackend(SIMD_BACKEND);
    const simd = predict();
    await tf.setBackend('cpu');
    expect(relativeDifference(reference, simd)).toBeLessThan(1e-4);
  });

  it('conv1d (run as conv2d) gives the reference output and gradients', async () => {
    await tf.setBackend('cpu');
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv1d({
          filters: 6,
          kernelSize: 5,
          padding: 'same',
          useBias: false,
          inputShape: [20, 4],
        }),
      ],
    });
    await compare(model, tf.randomNormal([3, 20, 4], 0, 1, 'float32', 4));
  });

  it('rejects a filter whose channels do not match the input, as tfjs does', async () => {
    const attempt = async (backend: string) => {
      await tf.setBackend(backend);
      try {
        tf.conv2d(
          tf.zeros([1, 5, 5, 2]) as tf.Tensor4D,
          tf.zeros([3, 3, 3, 4]) as tf.Tensor4D,
          1,
          'same',
        );
        return 'no error';
      } catch (error) {
        return (error as Error).message;
      }
    };
    const reference = await attempt('cpu');
    expect(await attempt(SIMD_BACKEND)).toBe(reference);
    expect(reference).toContain('must match');
    await tf.setBackend('cpu');
  });
});
