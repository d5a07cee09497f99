import type { Tensor } from '@tensorflow/tfjs-core';
import type { LSTMLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/recurrent';
import { beforeAll, describe, expect, it } from 'vitest';
import { adam } from '../../src/kernels/adam';
import { registerSimdBackend, SIMD_BACKEND, type SimdBackend } from '../../src/kernels/backend';
import { LSTM_KERNEL } from '../../src/kernels/lstm-kernel';
import { FastLSTM, lstm } from '../../src/kernels/lstm-layer';
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

function classifier(args: Partial<LSTMLayerArgs>): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(
    lstm({
      units: UNITS,
      inputShape: [STEPS, FEATURES],
      recurrentInitializer: 'glorotUniform',
      biasInitializer: 'randomNormal',
      ...args,
    }),
  );
  if (args.returnSequences === true) model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: CLASSES, activation: 'softmax' }));
  return model;
}

function data(): { x: Tensor; y: Tensor } {
  return {
    x: tf.randomNormal([BATCH, STEPS, FEATURES], 0, 1, 'float32', 11),
    y: tf.oneHot(tf.tensor1d([0, 1, 2, 3, 1, 2], 'int32'), CLASSES),
  };
}

/** Loss and every weight's gradient, on the active backend. */
function lossAndGradients(
  model: tfl.LayersModel,
  x: Tensor,
  y: Tensor,
): { loss: number; gradients: Float32Array[] } {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () =>
        tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as Tensor) as tf.Scalar,
      model.trainableWeights.map((w) => w.read() as tf.Variable),
    );
    return {
      loss: value.dataSync()[0] as number,
      gradients: model.trainableWeights.map(
        (w) => grads[(w.read() as tf.Variable).name]?.dataSync() as Float32Array,
      ),
    };
  });
}

/** The kernels `f` runs, one entry per call. */
async function kernelCalls(f: () => Tensor): Promise<string[]> {
  const profile = await tf.profile(f);
  return profile.kernels.map((kernel) => kernel.name);
}

describe('the fused LSTM kernel', () => {
  const configurations: [string, Partial<LSTMLayerArgs>][] = [
    ['hard sigmoid gates (the tfjs default)', {}],
    ['sigmoid gates', { recurrentActivation: 'sigmoid' }],
    ['goBackwards', { goBackwards: true }],
    ['returnSequences', { returnSequences: true }],
    [
      'returnSequences and goBackwards, no bias',
      { returnSequences: true, goBackwards: true, useBias: false },
    ],
  ];

  it.each(configurations)(
    'gives the reference loss and gradients to 1e-4 with %s',
    async (_, args) => {
      await tf.setBackend('cpu');
      const model = classifier(args);
      const { x, y } = data();
      const { reference, simd } = await onBothBackends(() => lossAndGradients(model, x, y));
      expect(Math.abs(simd.loss - reference.loss) / reference.loss).toBeLessThan(1e-5);
      reference.gradients.forEach((gradient, i) => {
        expect(relativeDifference(gradient, simd.gradients[i] as Float32Array)).toBeLessThan(1e-4);
      });
      await tf.setBackend(SIMD_BACKEND);
      expect(await kernelCalls(() => model.predict(x) as Tensor)).toContain(LSTM_KERNEL);
    },
  );

  it('gives the reference gradients of the input and of given initial states, with returnState', async () => {
    await tf.setBackend('cpu');
    const layer = new FastLSTM({
      units: UNITS,
      returnSequences: true,
      returnState: true,
      recurrentInitializer: 'glorotUniform',
    });
    const x = tf.randomNormal([BATCH, STEPS, FEATURES], 0, 1, 'float32', 3);
    const h0 = tf.randomNormal([BATCH, UNITS], 0, 1, 'float32', 4);
    const c0 = tf.randomNormal([BATCH, UNITS], 0, 1, 'float32', 5);
    layer.apply(x, { initialState: [h0, c0] });
    const weights = tf.randomNormal([BATCH, STEPS, UNITS], 0, 1, 'float32', 6);
    const f = (xs: Tensor, h: Tensor, c: Tensor): Tensor => {
      const [sequence, hLast, cLast] = layer.apply(xs, { initialState: [h, c] }) as Tensor[];
      return tf.addN([
        tf.sum(tf.mul(sequence as Tensor, weights)),
        tf.sum(tf.square(hLast as Tensor)),
        tf.sum(cLast as Tensor),
      ]);
    };
    const { reference, simd } = await onBothBackends(() =>
      tf
        .grads(f)([x, h0, c0])
        .map((gradient) => gradient.dataSync() as Float32Array),
    );
    reference.forEach((gradient, i) => {
      expect(relativeDifference(gradient, simd[i] as Float32Array)).toBeLessThan(1e-4);
    });
  });

  it('infers from given, zero and half-zero initial states as the reference does', async () => {
    await tf.setBackend('cpu');
    const layer = new FastLSTM({
      units: UNITS,
      returnSequences: true,
      returnState: true,
      recurrentInitializer: 'glorotUniform',
    });
    const x = tf.randomNormal([BATCH, STEPS, FEATURES], 0, 1, 'float32', 7);
    const h0 = tf.randomNormal([BATCH, UNITS], 0, 1, 'float32', 8);
    const c0 = tf.randomNormal([BATCH, UNITS], 0, 1, 'float32', 9);
    const zeros = tf.zeros([BATCH, UNITS]);
    layer.apply(x);
    const starts = [
      [h0, c0],
      [zeros, zeros],
      [zeros, c0],
      [h0, zeros],
    ];
    const { reference, simd } = await onBothBackends(() =>
      starts.flatMap((initialState) =>
        (layer.apply(x, { initialState }) as Tensor[]).map((t) => t.dataSync() as Float32Array),
      ),
    );
    reference.forEach((values, i) => {
      expect(relativeDifference(values, simd[i] as Float32Array)).toBeLessThan(1e-5);
    });
  });

  it('gives the reference gradients through two stacked LSTMs and a Bidirectional wrapper', async () => {
    await tf.setBackend('cpu');
    const model = tfl.sequential();
    // 12 units: the second layer's input is wide enough to be projected by one product up front.
    model.add(
      lstm({
        units: 12,
        returnSequences: true,
        inputShape: [STEPS, FEATURES],
        recurrentInitializer: 'glorotUniform',
      }),
    );
    model.add(
      tfl.layers.bidirectional({
        layer: lstm({ units: 5, recurrentInitializer: 'glorotUniform' }) as never,
      }),
    );
    model.add(tfl.layers.dense({ units: CLASSES, activation: 'softmax' }));
    const { x, y } = data();
    const { reference, simd } = await onBothBackends(() => lossAndGradients(model, x, y));
    expect(Math.abs(simd.loss - reference.loss) / reference.loss).toBeLessThan(1e-5);
    reference.gradients.forEach((gradient, i) => {
      expect(relativeDifference(gradient, simd.gradients[i] as Float32Array)).toBeLessThan(1e-4);
    });
    await tf.setBackend(SIMD_BACKEND);
    const names = await kernelCalls(() => model.predict(x) as Tensor);
    expect(names.filter((name) => name === LSTM_KERNEL)).toHaveLength(3);
  });

  it.each([
    ['the last output', false],
    ['every output', true],
  ])(
    'gives the reference loss and gradients for masked, padded sequences, returning %s',
    async (_, returnSequences) => {
      await tf.setBackend('cpu');
      const model = tfl.sequential();
      model.add(tfl.layers.masking({ maskValue: 0, inputShape: [STEPS, FEATURES] }));
      model.add(
        tfl.layers.bidirectional({
          layer: lstm({
            units: UNITS,
            returnSequences,
            recurrentInitializer: 'glorotUniform',
          }) as never,
        }),
      );
      if (returnSequences) model.add(tfl.layers.flatten());
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
      const { reference, simd } = await onBothBackends(() => lossAndGradients(model, x, y));
      expect(Math.abs(simd.loss - reference.loss) / reference.loss).toBeLessThan(1e-5);
      reference.gradients.forEach((gradient, i) => {
        expect(relativeDifference(gradient, simd.gradients[i] as Float32Array)).toBeLessThan(1e-4);
      });
      await tf.setBackend(SIMD_BACKEND);
      expect(await kernelCalls(() => model.predict(x) as Tensor)).toContain(LSTM_KERNEL);
    },
  );

  it('predicts what the reference predicts, for one example and for a batch', async () => {
    await tf.setBackend('cpu');
    const model = classifier({});
    const { x } = data();
    const one = tf.slice(x, [0, 0, 0], [1, STEPS, FEATURES]);
    const { reference, simd } = await onBothBackends(() =>
      [one, x].map((input) => (model.predict(input) as Tensor).dataSync()),
    );
    reference.forEach((probabilities, i) => {
      expect(relativeDifference(probabilities, simd[i] as Float32Array)).toBeLessThan(1e-5);
    });
  });

  it('falls back to the step-by-step layer for recurrent dropout while training, and still trains', async () => {
    await tf.setBackend(SIMD_BACKEND);
    const model = classifier({ recurrentDropout: 0.3 });
    model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy' });
    const { x, y } = data();
    const names = await kernelCalls(() =>
      tf.tidy(() => model.apply(x, { training: true }) as Tensor),
    );
    expect(names).not.toContain(LSTM_KERNEL);
    const history = await model.fit(x, y, { epochs: 2, batchSize: 3, verbose: 0 });
    expect(history.history['loss']?.every((loss) => Number.isFinite(loss as number))).toBe(true);
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
    expect(
      reference.slice(0, 2).every((message) => message.startsWith('Error when checking')),
    ).toBe(true);
  });

  it('keeps no tensors or kernel memory across epochs', async () => {
    await tf.setBackend(SIMD_BACKEND);
    const model = classifier({ returnSequences: true });
    model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
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
    await expectPackedWeightsKept(
      () => classifier({ recurrentActivation: 'sigmoid' }),
      data(),
      BATCH,
    );
  });
});
