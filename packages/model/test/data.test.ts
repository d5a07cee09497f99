import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSequenceModel } from '../src/architectures/sequence';
import {
  composeAugmentations,
  gainOffset,
  gaussianNoise,
  randomCrop,
  specAugment,
} from '../src/augment';
import {
  batchTensor,
  type FeatureSequence,
  sequenceFromMatrix,
  sequenceFromVector,
} from '../src/data';
import { fitNormalizer, normalizeSequence } from '../src/normalize';
import { evaluateModel, predictProbabilities } from '../src/predict';
import { createRandom } from '../src/random';
import { train } from '../src/train';
import { syntheticSequences } from './synthetic';

const seq = (
  frames: number,
  coefficients: number,
  f: (t: number, k: number) => number,
): FeatureSequence => ({
  frames,
  coefficients,
  data: Float32Array.from({ length: frames * coefficients }, (_, i) =>
    f(Math.floor(i / coefficients), i % coefficients),
  ),
});

describe('data conversion and batching', () => {
  it('transposes librosa-oriented matrices to time-major sequences', () => {
    const m = { rows: 2, cols: 3, data: Float32Array.from([1, 2, 3, 4, 5, 6]) }; // 2 coefficients × 3 frames
    expect(sequenceFromMatrix(m)).toEqual({
      frames: 3,
      coefficients: 2,
      data: Float32Array.from([1, 4, 2, 5, 3, 6]),
    });
    expect(sequenceFromVector(Float32Array.from([7, 8]))).toEqual({
      frames: 2,
      coefficients: 1,
      data: Float32Array.from([7, 8]),
    });
  });

  it('pads at the end and crops at the chosen offset', () => {
    const a = seq(2, 1, (t) => t + 1);
    const b = seq(5, 1, (t) => t + 10);
    expect(Array.from(batchTensor([a, b], { frames: null, padValue: -1 }).dataSync())).toEqual([
      1, 2, -1, -1, -1, 10, 11, 12, 13, 14,
    ]);
    expect(
      Array.from(batchTensor([b], { frames: 3, padValue: 0, cropOffset: 0 }).dataSync()),
    ).toEqual([10, 11, 12]);
    expect(Array.from(batchTensor([b], { frames: 3, padValue: 0 }).dataSync())).toEqual([
      11, 12, 13,
    ]);
    expect(
      Array.from(batchTensor([b], { frames: 3, padValue: 0, cropOffset: [1] }).dataSync()),
    ).toEqual([12, 13, 14]);
  });
});

describe('fitNormalizer', () => {
  it('standardises every coefficient to mean 0 and std 1 over all frames', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer(),
        (c, n, seed) => {
          const random = createRandom(seed);
          const examples = Array.from({ length: n }, () =>
            seq(1 + Math.floor(random() * 5), c, () => 100 + 50 * random()),
          );
          const normalizer = fitNormalizer(examples);
          const all = examples.map((e) => normalizeSequence(e, normalizer));
          for (let k = 0; k < c; k++) {
            const values = all.flatMap((e) => Array.from(e.data.filter((_, i) => i % c === k)));
            const mean = values.reduce((a, b) => a + b, 0) / values.length;
            const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
            expect(mean).toBeCloseTo(0, 3);
            if (normalizer.std[k] !== 1) expect(variance).toBeCloseTo(1, 3);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('leaves constant coefficients unscaled', () => {
    const n = fitNormalizer([seq(3, 1, () => 4)]);
    expect(n).toEqual({ mean: [4], std: [1] });
  });
});

describe('augmentations', () => {
  const example = seq(30, 8, (t, k) => t * 8 + k);

  it('are reproducible with a seeded random source and keep the shape', () => {
    const augment = composeAugmentations(
      gainOffset({ maxOffset: 6 }),
      specAugment(),
      gaussianNoise({ std: 0.1 }),
    );
    const a = augment(example, createRandom(1));
    const b = augment(example, createRandom(1));
    expect(a).toEqual(b);
    expect([a.frames, a.coefficients, a.data.length]).toEqual([30, 8, 240]);
    expect(a.data).not.toEqual(example.data);
  });

  it('specAugment replaces masked bands by the example’s coefficient means', () => {
    const out = specAugment({ timeMasks: 1, maxTimeWidth: 30, frequencyMasks: 0 })(
      example,
      () => 0.999,
    );
    // width = floor(0.999 · 31) = 30: every frame masked → every value is its coefficient's mean
    for (let k = 0; k < 8; k++) expect(out.data[k]).toBeCloseTo((29 * 8) / 2 + k, 4);
  });

  it('randomCrop keeps a contiguous part of at least the given fraction', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const out = randomCrop({ minFraction: 0.5 })(example, createRandom(seed));
        expect(out.frames).toBeGreaterThanOrEqual(15);
        const start = out.data[0]! / 8;
        expect(Array.from(out.data)).toEqual(
          Array.from(example.data.slice(start * 8, (start + out.frames) * 8)),
        );
      }),
    );
  });

  it('reject out-of-range options', () => {
    expect(() => gaussianNoise({ std: -1 })).toThrow(/std/);
    expect(() => randomCrop({ minFraction: 0 })).toThrow(/minFraction/);
  });
});

describe('predictProbabilities / evaluateModel', () => {
  it('applies the training normalizer and scores held-out data', async () => {
    const data = syntheticSequences({
      examples: 60,
      numClasses: 3,
      coefficients: 4,
      frames: [5, 8],
      offset: 50,
      seed: 4,
    });
    const heldOut = syntheticSequences({
      examples: 30,
      numClasses: 3,
      coefficients: 4,
      frames: [5, 8],
      offset: 50,
      seed: 5,
    });
    const model = buildSequenceModel({
      numClasses: 3,
      coefficients: 4,
      frames: null,
      pooling: 'statistics',
      denseDropout: 0,
      seed: 2,
    });
    const { normalizer } = await train(model, data, {
      epochs: 15,
      batchSize: 16,
      optimizer: { name: 'adam', learningRate: 0.05 },
      seed: 1,
    });
    const probabilities = predictProbabilities(model, heldOut.examples, {
      normalizer,
      batchSize: 7,
    });
    expect(probabilities).toHaveLength(30);
    for (const p of probabilities) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const metrics = evaluateModel(model, heldOut, ['a', 'b', 'c'], { normalizer });
    expect(metrics.accuracy).toBeGreaterThanOrEqual(0.9);
    const raw = evaluateModel(model, heldOut, ['a', 'b', 'c']); // forgetting the normalizer hurts
    expect(raw.accuracy).toBeLessThan(metrics.accuracy);
    expect(() => evaluateModel(model, heldOut, ['a', 'b'])).toThrow(
      /2 names for a model of 3 classes/,
    );
    model.dispose();
  });
});
