import { describe, expect, it } from 'vitest';
import { AttentionPooling } from '../src/layers/attention-pooling';
import { StatisticsPooling } from '../src/layers/statistics-pooling';
import { tf, tfl } from '../src/tf';

/** Mean and population std of each column of the first `frames` rows of a frames × d array. */
function columnStatistics(values: number[][], frames: number): number[] {
  const d = values[0]!.length;
  const mean = Array.from(
    { length: d },
    (_, k) => values.slice(0, frames).reduce((s, row) => s + row[k]!, 0) / frames,
  );
  const std = mean.map((m, k) =>
    Math.sqrt(values.slice(0, frames).reduce((s, row) => s + (row[k]! - m) ** 2, 0) / frames),
  );
  return [...mean, ...std];
}

describe('StatisticsPooling', () => {
  it('returns per-feature mean and standard deviation over unmasked frames', () => {
    const values = [
      [1, 2],
      [3, 6],
      [5, 1],
      [0, 0],
    ];
    const input = tfl.input({ shape: [null, 2] });
    const masked = tfl.layers.masking({ maskValue: 0 }).apply(input) as tfl.SymbolicTensor;
    const pooled = new StatisticsPooling().apply(masked) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: pooled });
    const out = (model.predict(tf.tensor3d([values])) as tf.Tensor).dataSync();
    const expected = columnStatistics(values, 3);
    for (const [i, v] of expected.entries()) expect(out[i]).toBeCloseTo(v, 5);
    model.dispose();
  });
});

describe('AttentionPooling', () => {
  it('gives the plain mean/std when all scores are equal (zero scorer weights)', () => {
    const layer = new AttentionPooling({ units: 3 });
    const input = tfl.input({ shape: [null, 2] });
    const model = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
    layer.setWeights(layer.getWeights().map((w) => tf.zerosLike(w)));
    const values = [
      [1, 2],
      [3, 6],
      [5, 1],
    ];
    const out = (model.predict(tf.tensor3d([values])) as tf.Tensor).dataSync();
    for (const [i, v] of columnStatistics(values, 3).entries()) expect(out[i]).toBeCloseTo(v, 5);
    model.dispose();
  });

  it('round-trips through model serialisation with its configuration and weights', async () => {
    const input = tfl.input({ shape: [null, 4] });
    const pooled = new AttentionPooling({ units: 5, statistics: 'mean', seed: 3 }).apply(
      input,
    ) as tfl.SymbolicTensor;
    const stats = new StatisticsPooling({ statistics: 'mean' }).apply(
      tfl.layers.reshape({ targetShape: [1, 4] }).apply(pooled) as tfl.SymbolicTensor,
    ) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: stats });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
      }),
    );
    const text = JSON.stringify(saved!.modelTopology);
    expect(text).toContain('"class_name":"AttentionPooling"');
    expect(text).toContain('"units":5');
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.randomNormal([2, 6, 4], 0, 1, 'float32', 4);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(
      Array.from((model.predict(x) as tf.Tensor).dataSync()),
    );
    expect(loaded.outputs[0]!.shape).toEqual([null, 4]);
    model.dispose();
    loaded.dispose();
  });

  it('has finite gradients on constant sequences (variance floor)', () => {
    const layer = new AttentionPooling({ units: 2, seed: 1 });
    const input = tfl.input({ shape: [null, 3] });
    const model = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
    const x = tf.ones([1, 4, 3]);
    const { grads } = tf.variableGrads(
      () => tf.sum(model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      model.trainableWeights.map((w) => w.read() as tf.Variable),
    );
    for (const g of Object.values(grads))
      expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    model.dispose();
  });
});

describe('dropout in the trainer’s forward pass', () => {
  it('is active with training: true and inactive otherwise', () => {
    const model = tfl.sequential({
      layers: [tfl.layers.dropout({ rate: 0.5, inputShape: [1000] })],
    });
    const x = tf.ones([1, 1000]);
    const trainingOut = (model.apply(x, { training: true }) as tf.Tensor).dataSync();
    const inferenceOut = (model.apply(x, { training: false }) as tf.Tensor).dataSync();
    expect(Array.from(trainingOut).filter((v) => v === 0).length).toBeGreaterThan(300);
    expect(Array.from(inferenceOut).every((v) => v === 1)).toBe(true);
    model.dispose();
  });
});
