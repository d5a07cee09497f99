import type { Tensor } from '@tensorflow/tfjs-core';
import type { GRULayerArgs } from '@tensorflow/tfjs-layers/dist/layers/recurrent';
import { beforeAll, describe, expect, it } from 'vitest';
import { adam } from '../../src/kernels/adam';
import { registerSimdBackend, SIMD_BACKEND, type SimdBackend } from '../../src/kernels/backend';
import { GRU_KERNEL } from '../../src/kernels/gru-kernel';
import { FastGRU, gru } from '../../src/kernels/gru-layer';
import { tf, tfl } from '../../src/tf';
import { onBothBackends, relativeDifference } from './compare';
import { expectPackedWeightsKept } from './packed-weights';

const BATCH = 6;
const STEPS = 5;
const FEATURES = 3;
const UNITS = 7;
const CLASSES = 4;

beforeAll(() => {
  registerSimdBackend();
});

function classifier(args: Partial<GRULayerArgs>, features = FEATURES): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(
    gru({
      units: UNITS,
      inputShape: [STEPS, features],
      recurrentInitializer: 'glorotUniform',
      biasInitializer: 'randomNormal',
      ...args,
    }),
  );
  if (args.returnSequences === true) model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: CLASSES, activation: 'softmax' }));
  return model;
}

function data(features = FEATURES): { x: Tensor; y: Tensor } {
  return {
    x: tf.randomNormal([BATCH, STEPS, features], 0, 1, 'float32', 11),
    y: tf.oneHot(tf.tensor1d([0, 1, 2, 3, 1, 2], 'int32'), CLASSES),
  };
}

/** Loss and every weight's gradient (and the input's, unless masks stand in between), on the active backend. */
function lossAndGradients(
  model: tfl.LayersModel,
  x: Tensor,
  y: Tensor,
  withInput = true,
): { loss: number; gradients: Float32Array[] } {
  return tf.tidy(() => {
    const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const f = (input: Tensor) =>
      tf.losses.softmaxCrossEntropy(
        y,
        model.apply(input, { training: true }) as Tensor,
      ) as tf.Scalar;
    const { value, grads } = tf.variableGrads(() => f(x), weights);
    const gradients = weights.map((w) => grads[w.name]?.dataSync() as Float32Array);
    if (withInput) gradients.push(tf.grad(f)(x).dataSync() as Float32Array);
    return { loss: value.dataSync()[0] as number, gradients };
  });
}

async function kernelCalls(f: () => Tensor): Promise<string[]> {
  const profile = await tf.profile(f);
  return profile.kernels.map((kernel) => kernel.name);
}

function expectSame(
  reference: { loss: number; gradients: Float32Array[] },
  simd: typeof reference,
) {
  expect(Math.abs(simd.loss - reference.loss) / reference.loss).toBeLessThan(1e-5);
  reference.gradients.forEach((gradient, i) => {
    expect(relativeDifference(gradient, simd.gradients[i] as Float32Array)).toBeLessThan(1e-4);
  });
}

describe('the fused GRU kernel', () => {
  const configurations: [string, Partial<GRULayerArgs>, number][] = [
    ['hard sigmoid gates (the tfjs default)', {}, FEATURES],
    [
      'sigmoid gates and 12 input features (projected up front)',
      { recurrentActivation: 'sigmoid' },
      12,
    ],
    ['goBackwards', { goBackwards: true }, FEATURES],
    [
      'returnSequences and goBackwards, no bias',
      { returnSequences: true, goBackwards: true, useBias: false },
      FEATURES,
    ],
  ];

  it.each(configurations)(
    'gives the reference loss and gradients (weights and input) to 1e-4 with %s',
    async (_, args, features) => {
      await tf.setBackend('cpu');
      const model = classifier(args, features);
      const { x, y } = data(features);
      const { reference, simd } = await onBothBackends(() => lossAndGradients(model, x, y));
      expectSame(reference, simd);
      await tf.setBackend(SIMD_BACKEND);
      expect(await kernelCalls(() => model.predict(x) as Tensor)).toContain(GRU_KERNEL);
    },
  );

  it('gives the reference loss and gradients for masked, padded sequences through a Bidirectional wrapper', async () => {
    await tf.setBackend('cpu');
    const model = tfl.sequential();
    model.add(tfl.layers.masking({ maskValue: 0, inputShape: [STEPS, FEATURES] }));
    model.add(
      tfl.layers.bidirectional({
        layer: tfl.layers.gru({
          units: UNITS,
          returnSequences: true,
          recurrentInitializer: 'glorotUniform',
        }) as never,
      }),
    );
    model.add(tfl.layers.flatten());
    model.add(tfl.layers.dense({ units: CLASSES, activation: 'softmax' }));
    const { y } = data();
    // Example i is padded with i % 3 zero frames at its end; example 4 also skips frame 1.
    const padding = tf.tensor3d(
      Array.from({ length: BATCH }, (_, i) =>
        Array.from({ length: STEPS }, (_, t) =>
          Array(FEATURES).fill(t >= STEPS - (i % 3) || (i === 4 && t === 1) ? 0 : 1),
        ),
      ),
    );
    const x = tf.mul(data().x, padding);
    const { reference, simd } = await onBothBackends(() => lossAndGradients(model, x, y, false));
    expectSame(reference, simd);
    await tf.setBackend(SIMD_BACKEND);
    const names = await kernelCalls(() => model.predict(x) as Tensor);
    expect(names.filter((name) => name === GRU_KERNEL)).toHaveLength(2);
  });

  it('predicts what the reference predicts, and returns the state with returnState', async () => {
    await tf.setBackend('cpu');
    const layer = new FastGRU({
      units: UNITS,
      returnState: true,
      recurrentActivation: 'sigmoid',
      recurrentInitializer: 'glorotUniform',
    });
    const { x } = data();
    const { reference, simd } = await onBothBackends(() =>
      (layer.apply(x) as Tensor[]).map((t) => t.dataSync()),
    );
    expect(reference).toHaveLength(2);
    reference.forEach((values, i) => {
      expect(relativeDifference(values, simd[i] as Float32Array)).toBeLessThan(1e-5);
    });
  });

  it('rejects inputs of the wrong shape or dtype with the same errors as tfjs-layers', async () => {
    await tf.setBackend('cpu');
    const model = classifier({});
    const errors = (): string[] =>
      [
        tf.zeros([2, STEPS, FEATURES + 1]),
        tf.zeros([2, STEPS]),
        tf.zeros([2, STEPS, FEATURES], 'int32'),
      ].map((input) => {
        try {
          (model.predict(input) as Tensor).dataSync();
          return 'no error';
        } catch (error) {
          return (error as Error).message;
        }
      });
    const { reference, simd } = await onBothBackends(errors);
    expect(simd).toEqual(reference);
  });

  it('rejects a recurrent kernel of the wrong shape with a message naming the input', async () => {
    await tf.setBackend(SIMD_BACKEND);
    const call = () =>
      tf.engine().runKernel(
        GRU_KERNEL,
        {
          x: tf.zeros([2, STEPS, FEATURES]),
          kernel: tf.zeros([FEATURES, 3 * UNITS]),
          recurrentKernel: tf.zeros([UNITS, 4 * UNITS]),
          bias: tf.zeros([3 * UNITS]),
          h0: tf.zeros([2, UNITS]),
          mask: tf.ones([2, STEPS]),
        },
        { recurrentActivation: 'sigmoid' },
      );
    expect(call).toThrow(`Error in gru: recurrentKernel must have shape [${UNITS},${3 * UNITS}]`);
  });

  it('keeps no tensors or kernel memory across epochs', async () => {
    await tf.setBackend(SIMD_BACKEND);
    const model = classifier({ returnSequences: true });
    model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy' });
    const { x, y } = data();
    const backend = tf.backend() as SimdBackend;
    const keptBefore = backend.kernels.keptBytes;
    const tensorsAfterEpoch: number[] = [];
    await model.fit(x, y, {
      epochs: 4,
      batchSize: 4,
      verbose: 0,
      callbacks: { onEpochEnd: async () => void tensorsAfterEpoch.push(tf.memory().numTensors) },
    });
    expect(new Set(tensorsAfterEpoch.slice(1)).size).toBe(1);
    expect(backend.kernels.keptBytes).toBe(keptBefore);
  });

  it('keeps the packed recurrent kernel between predictions, never stale after training, freed with the model', async () => {
    await expectPackedWeightsKept(() => classifier({}), data(), 64);
  });
});
