import { describe, expect, it } from 'vitest';
import { buildSeedModel } from '../src/architectures/seed';
import { buildSequenceModel } from '../src/architectures/sequence';
import { describeModel } from '../src/input-spec';
import { tf } from '../src/tf';

describe('buildSeedModel', () => {
  it('is the notebook model: 305,799 parameters for 7 classes, layer by layer', () => {
    const model = buildSeedModel({ numClasses: 7, seed: 1 });
    expect(model.countParams()).toBe(305_799);
    expect(model.inputs[0]!.shape).toEqual([null, 40, 1]);
    expect(model.layers.map((l) => l.getClassName())).toEqual([
      'LSTM',
      'Dropout',
      'Dense',
      'Dropout',
      'Dense',
      'Dropout',
      'Dense',
    ]);
    const lstm = model.layers[0]!.getConfig();
    expect(lstm['units']).toBe(256);
    expect(lstm['recurrentActivation']).toBe('sigmoid');
    expect(lstm['unitForgetBias']).toBe(true);
    expect((lstm['recurrentInitializer'] as { className: string }).className).toBe(
      'OrthogonalInitializer',
    );
    expect(
      model.layers.filter((l) => l.getClassName() === 'Dropout').map((l) => l.getConfig()['rate']),
    ).toEqual([0.2, 0.2, 0.2]);
    expect(model.layers.map((l) => l.getConfig()['activation']).filter(Boolean)).toEqual([
      'tanh',
      'relu',
      'relu',
      'softmax',
    ]);
    expect(describeModel(model)).toEqual({
      frames: 40,
      coefficients: 1,
      padValue: 0,
      masked: false,
      numClasses: 7,
    });
    model.dispose();
  });

  it('starts the forget gate bias at 1 (Keras unit_forget_bias)', () => {
    const model = buildSeedModel({ numClasses: 8, seed: 2 });
    expect(model.countParams()).toBe(305_799 + 64 + 1);
    const bias = model.layers[0]!.getWeights()[2]!.dataSync();
    expect(Array.from(bias.slice(0, 256)).every((v) => v === 0)).toBe(true); // input gate
    expect(Array.from(bias.slice(256, 512)).every((v) => v === 1)).toBe(true); // forget gate
    model.dispose();
  });

  it('rejects fewer than two classes', () => {
    expect(() => buildSeedModel({ numClasses: 1 })).toThrow(/numClasses/);
  });
});

describe('buildSequenceModel', () => {
  it('builds a masked variable-length BiLSTM with attention pooling', () => {
    const model = buildSequenceModel({
      numClasses: 4,
      coefficients: 6,
      frames: null,
      recurrent: { cell: 'lstm', units: [5, 3], bidirectional: true },
      pooling: 'attention',
      attentionUnits: 4,
      dense: [8],
      seed: 3,
    });
    expect(describeModel(model)).toEqual({
      frames: null,
      coefficients: 6,
      padValue: 0,
      masked: true,
      numClasses: 4,
    });
    // BiLSTM(5): 2·4·(5·(6+5)+5); BiLSTM(3) on 10: 2·4·(3·(10+3)+3); attention 6·4+4+4;
    // pooled 12 → dense 8: 12·8+8; softmax 8·4+4.
    const expected =
      2 * 4 * (5 * 11 + 5) + 2 * 4 * (3 * 13 + 3) + (6 * 4 + 4 + 4) + (12 * 8 + 8) + (8 * 4 + 4);
    expect(model.countParams()).toBe(expected);
    const out = model.predict(tf.randomNormal([2, 9, 6])) as tf.Tensor;
    expect(out.shape).toEqual([2, 4]);
    const sums = tf.sum(out, 1).dataSync();
    for (const s of sums) expect(s).toBeCloseTo(1, 5);
    model.dispose();
  });

  it('ignores padded frames: padding an example does not change its prediction', () => {
    for (const pooling of ['attention', 'statistics', 'mean', 'last'] as const) {
      const model = buildSequenceModel({
        numClasses: 3,
        coefficients: 4,
        frames: null,
        recurrent: { cell: pooling === 'last' ? 'gru' : 'lstm', units: [3] },
        pooling,
        seed: 4,
      });
      const short = tf.randomNormal([1, 5, 4], 0, 1, 'float32', 7);
      const padded = tf.concat([short, tf.zeros([1, 3, 4])], 1);
      const a = (model.predict(short) as tf.Tensor).dataSync();
      const b = (model.predict(padded) as tf.Tensor).dataSync();
      for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 5);
      model.dispose();
    }
  });

  it('builds a fixed-length 2-D CNN front end before the recurrent stack', () => {
    const model = buildSequenceModel({
      numClasses: 5,
      coefficients: 16,
      frames: 24,
      convolution: { kind: '2d', filters: [4, 8] },
      recurrent: { cell: 'gru', units: [6], bidirectional: true },
      pooling: 'statistics',
      seed: 5,
    });
    const reshaped = model.layers.find((l) => l.name === 'frames_from_image')!;
    expect(reshaped.outputShape).toEqual([null, 6, 4 * 8]); // 24/2/2 frames, 16/2/2 bands × 8 filters
    expect((model.predict(tf.zeros([2, 24, 16])) as tf.Tensor).shape).toEqual([2, 5]);
    model.dispose();
  });

  it('builds a 1-D CNN front end', () => {
    const model = buildSequenceModel({
      numClasses: 3,
      coefficients: 10,
      frames: 16,
      convolution: { kind: '1d', filters: [6], timePool: 4 },
      pooling: 'mean',
    });
    expect(model.layers.find((l) => l.name === 'conv_0_pool')!.outputShape).toEqual([null, 4, 6]);
    model.dispose();
  });

  it('rejects impossible configurations with the option named', () => {
    const base = { numClasses: 3, coefficients: 4 };
    expect(() =>
      buildSequenceModel({ ...base, frames: null, convolution: { kind: '1d', filters: [4] } }),
    ).toThrow(/frames/);
    expect(() => buildSequenceModel({ ...base, frames: 10, pooling: 'last' })).toThrow(/pooling/);
    expect(() =>
      buildSequenceModel({ ...base, frames: 10, recurrent: { cell: 'lstm', units: [0] } }),
    ).toThrow(/recurrent.units/);
    expect(() => buildSequenceModel({ ...base, frames: 10, denseDropout: 1 })).toThrow(
      /denseDropout/,
    );
  });
});
