import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { BundleError } from '../src/errors';
import { convertKerasTopology } from '../src/keras';
import { importKerasModel } from '../src/node/io';
import { createRandom } from '../src/random';
import { tf, tfl } from '../src/tf';

const fixtures = new URL('./fixtures/', import.meta.url);
const scratch = await mkdtemp(join(tmpdir(), 'ser-keras-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

interface Spec {
  name: string;
  shape: number[];
}

/** Copies a fixture's model.json into a fresh folder and writes random weights beside it. */
async function materialise(
  fixture: string,
): Promise<{ path: string; values: Map<string, Float32Array> }> {
  const json = JSON.parse(await readFile(new URL(`${fixture}/model.json`, fixtures), 'utf8'));
  const dir = await mkdtemp(join(scratch, `${fixture}-`));
  const random = createRandom(fixture.length);
  const values = new Map<string, Float32Array>();
  const specs: Spec[] = json.weightsManifest[0].weights;
  for (const spec of specs) {
    values.set(
      spec.name,
      Float32Array.from({ length: spec.shape.reduce((a, b) => a * b, 1) }, () => random() - 0.5),
    );
  }
  const bytes = new Uint8Array(specs.reduce((n, s) => n + values.get(s.name)!.byteLength, 0));
  let offset = 0;
  for (const spec of specs) {
    const v = values.get(spec.name)!;
    bytes.set(new Uint8Array(v.buffer), offset);
    offset += v.byteLength;
  }
  await writeFile(join(dir, 'model.json'), JSON.stringify(json));
  await writeFile(join(dir, 'group1-shard1of1.bin'), bytes);
  return { path: join(dir, 'model.json'), values };
}

function lstmArgs(units: number, returnSequences: boolean) {
  return {
    units,
    returnSequences,
    recurrentActivation: 'sigmoid' as const,
    recurrentInitializer: 'zeros' as const,
    unitForgetBias: true,
  };
}

function predict(model: LayersModel, x: tf.Tensor): Float32Array {
  return (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
}

describe('convertKerasTopology', () => {
  it('rewrites the Keras 3 differences tfjs rejects', async () => {
    const json = JSON.parse(
      await readFile(new URL('keras3-functional/model.json', fixtures), 'utf8'),
    );
    // biome-ignore lint/suspicious/noExplicitAny: walking converted JSON in assertions
    const converted = convertKerasTopology(json.modelTopology, 'fixture') as any;
    const text = JSON.stringify(converted);
    for (const gone of [
      '"module"',
      '"registered_name"',
      'build_config',
      'compile_config',
      'DTypePolicy',
      'batch_shape',
      '__keras_tensor__',
      'backward_layer',
    ]) {
      expect(text).not.toContain(gone);
    }
    const [input, bidirectional] = converted.config.layers;
    expect(input.config.batch_input_shape).toEqual([null, null, 6]);
    expect(bidirectional.config.layer.config.name).toBe('lstm');
    expect(bidirectional.config.layer.config.dtype).toBe('float32');
    expect(bidirectional.inbound_nodes).toEqual([
      [['frames', 0, 0, { training: false, mask: null }]],
    ]);
    expect(converted.config.input_layers).toEqual([['frames', 0, 0]]);
    expect(convertKerasTopology(converted, 'again')).toEqual(converted);
  });

  it('refuses mixed precision and reset_after GRUs with a clear reason', () => {
    const mixed = {
      class_name: 'Dense',
      config: { dtype: { class_name: 'DTypePolicy', config: { name: 'mixed_float16' } } },
    };
    expect(() => convertKerasTopology(mixed, 'm.json')).toThrow(
      /m\.json: config\.dtype: dtype policy "mixed_float16"/,
    );
    const gru = { class_name: 'GRU', config: { name: 'gru', units: 4, reset_after: true } };
    expect(() => convertKerasTopology(gru, 'g.json')).toThrow(BundleError);
    expect(() => convertKerasTopology(gru, 'g.json')).toThrow(
      /layer gru: GRU with reset_after=true/,
    );
  });
});

describe('importKerasModel', () => {
  it('is needed: tfjs-layers 4.22 alone rejects the Keras 3 export', async () => {
    const json = JSON.parse(
      await readFile(new URL('keras3-sequential/model.json', fixtures), 'utf8'),
    );
    await expect(
      tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology })),
    ).rejects.toThrow(/batchInputShape|inputShape/);
  });

  it('loads a Keras 3 Sequential export with its weights by name', async () => {
    const { path, values } = await materialise('keras3-sequential');
    const model = await importKerasModel(path);
    expect(model.countParams()).toBe(1 * 32 + 8 * 32 + 32 + 8 * 16 + 16 + 16 * 7 + 7);
    const reference = tfl.sequential({
      layers: [
        tfl.layers.lstm({ ...lstmArgs(8, false), inputShape: [40, 1] }),
        tfl.layers.dense({ units: 16, activation: 'relu' }),
        tfl.layers.dense({ units: 7, activation: 'softmax' }),
      ],
    });
    const ordered = [...values.entries()].map(([, v], i) =>
      tf.tensor(v, reference.weights[i]!.shape as number[]),
    );
    reference.setWeights(ordered);
    const x = tf.randomNormal([3, 40, 1], 0, 1, 'float32', 1);
    const got = predict(model, x);
    const want = predict(reference, x);
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 5);
    tf.dispose([x, ...ordered]);
    model.dispose();
    reference.dispose();
  });

  it('loads a Keras 3 functional BiLSTM whose weight names tfjs does not know, by order', async () => {
    const { path, values } = await materialise('keras3-functional');
    const model = await importKerasModel(path);
    const input = tfl.input({ shape: [null, 6] });
    const bi = tfl.layers
      .bidirectional({ layer: tfl.layers.lstm(lstmArgs(4, true)) as tfl.RNN, mergeMode: 'concat' })
      .apply(input);
    const pooled = tfl.layers.globalAveragePooling1d({}).apply(bi as tfl.SymbolicTensor);
    const out = tfl.layers
      .dense({ units: 3, activation: 'softmax' })
      .apply(pooled as tfl.SymbolicTensor);
    const reference = tfl.model({ inputs: input, outputs: out as tfl.SymbolicTensor });
    const ordered = [...values.values()].map((v, i) =>
      tf.tensor(v, reference.weights[i]!.shape as number[]),
    );
    reference.setWeights(ordered);
    // the forward kernel landed in the forward layer, the backward one in the backward layer
    const forwardKernel = model.layers[1]!.getWeights()[0]!.dataSync();
    expect(Array.from(forwardKernel)).toEqual(
      Array.from(values.get('forward_lstm/lstm_cell/kernel')!),
    );
    const x = tf.randomNormal([2, 5, 6], 0, 1, 'float32', 2);
    const got = predict(model, x);
    const want = predict(reference, x);
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 5);
    tf.dispose([x, ...ordered]);
    model.dispose();
    reference.dispose();
  });

  it('names the file when weights do not fit', async () => {
    const { path } = await materialise('keras3-sequential');
    const json = JSON.parse(await readFile(path, 'utf8'));
    json.weightsManifest[0].weights[3].name = 'other/kernel';
    json.weightsManifest[0].weights[3].shape = [16, 8];
    await writeFile(path, JSON.stringify(json));
    await expect(importKerasModel(path)).rejects.toThrow(
      /model\.json: weight 3 \(other\/kernel\) has shape \[16,8\]/,
    );
  });
});
