import type { LayersModel } from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { buildSequenceModel } from '../src/architectures/sequence';
import type { FeatureSequence } from '../src/data';
import { TrainingDataError } from '../src/errors';
import { tf } from '../src/tf';
import { balancedClassWeights, train } from '../src/train';
import { syntheticSequences } from './synthetic';

/** A tiny model: mean+std pooling of the frames → softmax (no recurrence, no dropout). */
function tinyModel(
  numClasses: number,
  coefficients: number,
  seed = 1,
  frames: number | null = null,
) {
  return buildSequenceModel({
    numClasses,
    coefficients,
    frames,
    pooling: 'statistics',
    denseDropout: 0,
    seed,
  });
}

function weightsOf(model: LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

describe('train', () => {
  const data = syntheticSequences({
    examples: 60,
    numClasses: 3,
    coefficients: 4,
    frames: [5, 9],
    seed: 2,
  });

  it('learns a separable task and reports a Keras-like history', async () => {
    const model = tinyModel(3, 4);
    const result = await train(model, data, {
      epochs: 12,
      batchSize: 16,
      optimizer: { name: 'adam', learningRate: 0.05 },
      validationSplit: 0.25,
      seed: 3,
    });
    const { history } = result;
    expect(history.epoch).toEqual([...Array(12).keys()]);
    for (const key of ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'learningRate'] as const) {
      expect(history[key]).toHaveLength(12);
    }
    expect(history.loss.at(-1)!).toBeLessThan(history.loss[0]!);
    expect(history.val_accuracy.at(-1)!).toBeGreaterThanOrEqual(0.9);
    expect(result.examples).toEqual({ training: 45, validation: 15 });
    model.dispose();
  });

  it('keeps tf.memory().numTensors flat from epoch to epoch', async () => {
    const model = buildSequenceModel({
      numClasses: 3,
      coefficients: 4,
      frames: null,
      recurrent: { cell: 'lstm', units: [3], bidirectional: true },
      pooling: 'attention',
      attentionUnits: 3,
      dense: [4],
      seed: 1,
    });
    const counts: number[] = [];
    await train(model, data, {
      epochs: 4,
      batchSize: 16,
      validationSplit: 0.2,
      classWeights: 'balanced',
      labelSmoothing: 0.1,
      clipNorm: 1,
      learningRateSchedule: ({ epoch }) => 0.01 / (epoch + 1),
      earlyStopping: { patience: 10 },
      augment: (e) => e,
      callbacks: { onEpochEnd: () => void counts.push(tf.memory().numTensors) },
    });
    expect(counts).toHaveLength(4);
    expect(new Set(counts).size).toBe(1);
    model.dispose();
  });

  it('repeats exactly with the same seed', async () => {
    const run = async () => {
      const model = tinyModel(3, 4, 7);
      const { history } = await train(model, data, {
        epochs: 3,
        batchSize: 8,
        seed: 11,
        validationSplit: 0.2,
      });
      const weights = weightsOf(model);
      model.dispose();
      return { history, weights };
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
  });

  it('fits the normalizer on the training part only', async () => {
    const trainingPart = syntheticSequences({
      examples: 20,
      numClasses: 2,
      coefficients: 3,
      frames: 4,
      seed: 5,
    });
    const shifted = syntheticSequences({
      examples: 20,
      numClasses: 2,
      coefficients: 3,
      frames: 4,
      offset: 100,
      seed: 6,
    });
    const model = tinyModel(2, 3);
    const { normalizer } = await train(
      model,
      {
        examples: [...trainingPart.examples, ...shifted.examples],
        labels: [...trainingPart.labels, ...shifted.labels],
      },
      { validationSplit: 0.5, epochs: 1 },
    );
    const all = trainingPart.examples.flatMap((e) =>
      Array.from(e.data.filter((_, i) => i % 3 === 2)),
    );
    const expectedMean = all.reduce((a, b) => a + b, 0) / all.length;
    expect(normalizer!.mean[2]).toBeCloseTo(expectedMean, 4);
    expect(Math.max(...normalizer!.mean)).toBeLessThan(10);
    const none = await train(model, trainingPart, { normalization: 'none' });
    expect(none.normalizer).toBeNull();
    model.dispose();
  });

  it('stops early and restores the best epoch’s weights', async () => {
    const model = tinyModel(3, 4);
    const snapshots: number[][][] = [];
    const result = await train(model, data, {
      epochs: 10,
      batchSize: 64,
      validationSplit: 0.25,
      shuffle: false,
      // sensible for two epochs, then far too large: validation loss gets worse
      learningRateSchedule: ({ epoch }) => (epoch < 2 ? 0.05 : 50),
      earlyStopping: { monitor: 'val_loss', patience: 2 },
      callbacks: { onEpochEnd: () => void snapshots.push(weightsOf(model)) },
    });
    const { history } = result;
    const best = history.val_loss.indexOf(Math.min(...history.val_loss));
    expect(result.stoppedEarly).toBe(true);
    expect(history.epoch.length).toBe(best + 3);
    expect(result.restoredBestWeights).toBe(true);
    expect(result.bestEpoch).toBe(best);
    expect(weightsOf(model)).toEqual(snapshots[best]);
    model.dispose();
  });

  it('weights classes: zero weights leave the model untouched', async () => {
    const model = tinyModel(3, 4);
    const before = weightsOf(model);
    const { history } = await train(model, data, { epochs: 2, classWeights: [0, 0, 0] });
    expect(history.loss).toEqual([0, 0]);
    expect(weightsOf(model)).toEqual(before);
    expect(balancedClassWeights([0, 0, 0, 1], 3)).toEqual([4 / 9, 4 / 3, 0]);
    model.dispose();
  });

  it('calls hooks in order, augments training examples only, and stops on request', async () => {
    const model = tinyModel(3, 4);
    const events: string[] = [];
    let augmented = 0;
    const augment = (e: FeatureSequence) => {
      augmented++;
      return e;
    };
    const { history } = await train(model, data, {
      epochs: 5,
      batchSize: 20,
      validationSplit: 0.25, // 45 training examples: batches of 20, 20, 5
      learningRateSchedule: ({ batch }) => 0.001 * (batch + 1),
      augment,
      callbacks: {
        onTrainBegin: () => void events.push('begin'),
        onEpochBegin: (epoch) => void events.push(`epoch ${epoch}`),
        onBatchEnd: (batch, logs) =>
          void events.push(`batch ${batch} ${logs.size} ${logs.learningRate}`),
        onEpochEnd: (epoch) => (epoch === 1 ? 'stop' : undefined),
        onTrainEnd: () => void events.push('end'),
      },
    });
    expect(history.epoch).toEqual([0, 1]);
    expect(augmented).toBe(2 * 45);
    expect(history.learningRate).toEqual([0.003, 0.003]);
    expect(events).toEqual([
      'begin',
      'epoch 0',
      'batch 0 20 0.001',
      'batch 1 20 0.002',
      'batch 2 5 0.003',
      'epoch 1',
      'batch 0 20 0.001',
      'batch 1 20 0.002',
      'batch 2 5 0.003',
      'end',
    ]);
    model.dispose();
  });

  it('stops when its AbortSignal fires', async () => {
    const model = tinyModel(3, 4);
    const controller = new AbortController();
    const { history } = await train(model, data, {
      epochs: 50,
      signal: controller.signal,
      callbacks: { onEpochEnd: (epoch) => void (epoch === 2 && controller.abort()) },
    });
    expect(history.epoch).toEqual([0, 1, 2]);
    model.dispose();
  });

  it('crops and pads for fixed-length models', async () => {
    const model = tinyModel(3, 4, 1, 6);
    const { history } = await train(model, data, { epochs: 2, validationSplit: 0.2 });
    expect(history.val_loss).toHaveLength(2);
    model.dispose();
  });

  it('names the data set and example of bad data', async () => {
    const model = tinyModel(3, 4);
    const bad = { examples: data.examples.slice(0, 3), labels: [0, 1, 5] };
    await expect(train(model, bad)).rejects.toThrow(TrainingDataError);
    await expect(train(model, bad)).rejects.toThrow(/training: label 5 of example 2/);
    const wrongWidth = {
      examples: [{ frames: 2, coefficients: 5, data: new Float32Array(10) }],
      labels: [0],
    };
    await expect(train(model, wrongWidth)).rejects.toThrow(
      /5 coefficients per frame; the model expects 4/,
    );
    await expect(train(model, data, { validation: wrongWidth })).rejects.toThrow(/^validation:/);
    model.dispose();
  });
});
