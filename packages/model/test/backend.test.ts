import { afterAll, describe, expect, it } from 'vitest';
import { crossEntropySum, oneHotTargets } from '../src/loss';
import { tf, tfl, useBackend } from '../src/tf';

afterAll(() => useBackend('cpu'));

/** Gradients of a small LSTM classifier's loss at fixed weights, on the active backend. */
function lstmGradients(weights: tf.Tensor[] | null): {
  weights: tf.Tensor[];
  grads: Float32Array[];
} {
  const model = tfl.sequential({
    layers: [
      tfl.layers.lstm({
        units: 6,
        inputShape: [7, 3],
        recurrentActivation: 'sigmoid',
        recurrentInitializer: 'glorotUniform',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
      }),
      tfl.layers.dense({
        units: 4,
        activation: 'softmax',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  if (weights) model.setWeights(weights.map((w) => tf.tensor(w.dataSync(), w.shape)));
  const x = tf.tensor3d(
    Float32Array.from({ length: 5 * 7 * 3 }, (_, i) => Math.sin(i)),
    [5, 7, 3],
  );
  const y = oneHotTargets([0, 1, 2, 3, 0], 4);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads } = tf.variableGrads(
    () =>
      tf.div(crossEntropySum(y, model.apply(x, { training: true }) as tf.Tensor), 5) as tf.Scalar,
    variables,
  );
  const result = {
    weights: model.getWeights().map((w) => w.clone()),
    grads: variables.map((v) => Float32Array.from(grads[v.name]!.dataSync())),
  };
  model.dispose();
  return result;
}

describe('useBackend', () => {
  it("prefers ser-simd for 'fastest' and gives the same LSTM gradients as cpu", async () => {
    expect(await useBackend('cpu')).toBe('cpu');
    const onCpu = lstmGradients(null);
    expect(await useBackend('fastest')).toBe('ser-simd');
    expect(tf.getBackend()).toBe('ser-simd');
    const onSimd = lstmGradients(onCpu.weights);
    onCpu.grads.forEach((g, i) => {
      const scale = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      for (const [j, v] of g.entries()) {
        expect(Math.abs(onSimd.grads[i]![j]! - v)).toBeLessThan(1e-5 * Math.max(1, scale));
      }
    });
  });

  it('starts wasm under Node and computes the same LSTM gradients as cpu (tfjs issue 4326)', async () => {
    expect(await useBackend('cpu')).toBe('cpu');
    const onCpu = lstmGradients(null);
    expect(await useBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const onWasm = lstmGradients(onCpu.weights);
    onCpu.grads.forEach((g, i) => {
      const scale = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(scale).toBeGreaterThan(0);
      for (const [j, v] of g.entries()) {
        expect(Math.abs(onWasm.grads[i]![j]! - v)).toBeLessThan(1e-5 * Math.max(1, scale));
      }
    });
  });
});
