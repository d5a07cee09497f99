/**
 * The check the fused recurrent layers (LSTM, GRU) share: ser-simd keeps their packed recurrent
 * kernel between predictions, never uses it stale after training, and frees it with the model.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { adam } from '../../src/kernels/adam';
import { SIMD_BACKEND, type SimdBackend } from '../../src/kernels/backend';
import { tf, type tfl } from '../../src/tf';
import { relativeDifference } from './compare';

/**
 * Predicts `x` with a model from `build` on ser-simd before and after one epoch of training on
 * (`x`, `y`), and checks the kept kernel memory and the predictions against cpu.
 */
export async function expectPackedWeightsKept(
  build: () => tfl.LayersModel,
  { x, y }: { x: Tensor; y: Tensor },
  batchSize: number,
): Promise<void> {
  await tf.setBackend(SIMD_BACKEND);
  const backend = tf.backend() as SimdBackend;
  const keptBefore = backend.kernels.keptBytes;
  const model = build();
  model.compile({ optimizer: adam(0.05), loss: 'categoricalCrossentropy' });
  const first = (model.predict(x) as Tensor).dataSync().slice();
  const keptAfterFirst = backend.kernels.keptBytes;
  expect(keptAfterFirst).toBeGreaterThan(keptBefore);
  expect(Array.from((model.predict(x) as Tensor).dataSync())).toEqual(Array.from(first));
  expect(backend.kernels.keptBytes).toBe(keptAfterFirst);
  // Adam updates the weights in place: the next prediction must see the new recurrent kernel.
  await model.fit(x, y, { epochs: 1, batchSize, verbose: 0 });
  const afterTraining = (model.predict(x) as Tensor).dataSync().slice();
  const weights = model.getWeights().map((w) => tf.tensor(w.dataSync().slice(), w.shape));
  await tf.setBackend('cpu');
  const reference = build();
  reference.setWeights(weights);
  const expected = (reference.predict(x) as Tensor).dataSync();
  expect(relativeDifference(expected, afterTraining)).toBeLessThan(1e-5);
  expect(relativeDifference(first, afterTraining)).toBeGreaterThan(1e-3);
  await tf.setBackend(SIMD_BACKEND);
  model.dispose();
  expect(backend.kernels.keptBytes).toBe(keptBefore);
}
