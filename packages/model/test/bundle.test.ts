import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveFeatureConfig } from '@ser/features';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSequenceModel } from '../src/architectures/sequence';
import {
  type BundleMetadataInput,
  encodeBundle,
  loadBundleFromFiles,
  loadBundleFromUrl,
  parseBundleMetadata,
  sha256Hex,
} from '../src/bundle';
import { BundleError } from '../src/errors';
import { fileSystemHandler, loadBundle, saveBundle } from '../src/node/io';
import { tf, tfl } from '../src/tf';

const scratch = await mkdtemp(join(tmpdir(), 'ser-bundle-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));
let counter = 0;
const freshDir = () => join(scratch, `bundle-${counter++}`);

function smallModel(seed = 1): LayersModel {
  return buildSequenceModel({
    numClasses: 3,
    coefficients: 4,
    frames: null,
    recurrent: { cell: 'lstm', units: [3], bidirectional: true },
    pooling: 'attention',
    attentionUnits: 2,
    seed,
  });
}

const metadata: BundleMetadataInput = {
  labels: ['angry', 'calm', 'sad'],
  features: resolveFeatureConfig({ kind: 'mfcc-sequence', nMfcc: 4 }),
  input: { frames: null, coefficients: 4 },
  normalization: { mean: [0, 1, 2, 3], std: [1, 1, 2, 2] },
  training: { createdAt: '2026-11-24T00:00:00.000Z', tfjsVersion: tf.version_core, seed: 1 },
};

function predictions(model: LayersModel): number[] {
  return tf.tidy(() =>
    Array.from(
      (model.predict(tf.randomNormal([2, 5, 4], 0, 1, 'float32', 3)) as tf.Tensor).dataSync(),
    ),
  );
}

async function expectProblem(
  promise: Promise<unknown>,
  problem: string,
  message: RegExp,
): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BundleError);
  expect((error as BundleError).problem).toBe(problem);
  expect((error as BundleError).message).toMatch(message);
}

describe('saveBundle / loadBundle', () => {
  it('round-trips model, weights and metadata, and tfjs reads the folder as a Layers model', async () => {
    const dir = freshDir();
    const model = smallModel();
    await saveBundle(dir, model, metadata);
    expect((await readdir(dir)).sort()).toEqual([
      'group1-shard1of1.bin',
      'metadata.json',
      'model.json',
    ]);
    const loaded = await loadBundle(dir);
    expect(predictions(loaded.model)).toEqual(predictions(model));
    expect(loaded.metadata.labels).toEqual(metadata.labels);
    expect(loaded.metadata.normalization).toEqual(metadata.normalization);
    expect(loaded.metadata.features).toEqual(metadata.features);
    const modelJson = await readFile(join(dir, 'model.json'));
    expect(loaded.metadata.checksums['model.json']).toBe(await sha256Hex(modelJson));
    const plain = await tfl.loadLayersModel(fileSystemHandler(dir));
    expect(predictions(plain)).toEqual(predictions(model));
    for (const m of [model, loaded.model, plain]) m.dispose();
  });

  it('never clobbers an existing bundle unless told to, and then swaps it whole', async () => {
    const dir = freshDir();
    const first = smallModel(1);
    await saveBundle(dir, first, metadata);
    const before = await readFile(join(dir, 'group1-shard1of1.bin'));
    const second = smallModel(2);
    await expectProblem(
      saveBundle(dir, second, metadata),
      'exists',
      /already exists; pass \{ overwrite: true \}/,
    );
    expect(await readFile(join(dir, 'group1-shard1of1.bin'))).toEqual(before);
    await saveBundle(dir, second, { ...metadata, labels: ['a', 'b', 'c'] }, { overwrite: true });
    const loaded = await loadBundle(dir);
    expect(loaded.metadata.labels).toEqual(['a', 'b', 'c']);
    expect(predictions(loaded.model)).toEqual(predictions(second));
    expect((await readdir(scratch)).filter((n) => n.startsWith('.'))).toEqual([]); // no temp or old folders left
    for (const m of [first, second, loaded.model]) m.dispose();
  });

  it('detects corrupt, missing and inconsistent files with typed errors naming them', async () => {
    const dir = freshDir();
    const model = smallModel();
    await saveBundle(dir, model, metadata);
    const shard = join(dir, 'group1-shard1of1.bin');
    const bytes = await readFile(shard);
    bytes[10] = bytes[10]! ^ 0xff;
    await writeFile(shard, bytes);
    await expectProblem(
      loadBundle(dir),
      'checksum-mismatch',
      /group1-shard1of1\.bin: sha256 is [0-9a-f]{64} but metadata\.json says/,
    );
    await rm(shard);
    await expectProblem(loadBundle(dir), 'missing-file', /group1-shard1of1\.bin: does not exist/);

    const metaPath = join(dir, 'metadata.json');
    const meta = JSON.parse(await readFile(metaPath, 'utf8'));
    await writeFile(metaPath, '{ not json');
    await expectProblem(loadBundle(dir), 'invalid-json', /metadata\.json: not valid JSON/);
    await writeFile(metaPath, JSON.stringify({ ...meta, labels: ['a', 'a', 'b'] }));
    await expectProblem(loadBundle(dir), 'invalid-metadata', /labels must be distinct/);
    await expectProblem(
      loadBundle(join(scratch, 'nowhere')),
      'missing-file',
      /nowhere\/metadata\.json: does not exist/,
    );
    model.dispose();
  });

  it('checks labels against output units and features against the input shape', async () => {
    const model = smallModel();
    await expectProblem(
      encodeBundle(model, { ...metadata, labels: ['a', 'b'] }),
      'label-count-mismatch',
      /2 labels for a model with 3 output units/,
    );
    await expectProblem(
      encodeBundle(model, { ...metadata, input: { frames: null, coefficients: 5 } }),
      'input-shape-mismatch',
      /features are \[frames, 5\] but the model takes \[frames, 4\]/,
    );
    await expectProblem(
      encodeBundle(model, {
        ...metadata,
        features: resolveFeatureConfig({ kind: 'mfcc-sequence', nMfcc: 4, deltas: 1 }),
      }),
      'input-shape-mismatch',
      /the feature configuration \(mfcc-sequence\) gives \[frames, 8\] but input says \[frames, 4\]/,
    );
    // a bundle edited after saving is caught on load too
    const files = await encodeBundle(model, metadata);
    const meta = JSON.parse(new TextDecoder().decode(files.get('metadata.json')));
    const edited = new Map(files);
    edited.set(
      'metadata.json',
      new TextEncoder().encode(JSON.stringify({ ...meta, labels: ['x', 'y', 'z', 'w'] })),
    );
    await expectProblem(
      loadBundleFromFiles(edited),
      'label-count-mismatch',
      /4 labels for a model with 3 output units/,
    );
    model.dispose();
  });

  it('refuses weight paths that leave the bundle folder', async () => {
    const model = smallModel();
    const files = await encodeBundle(model, metadata);
    const modelJson = JSON.parse(new TextDecoder().decode(files.get('model.json')));
    modelJson.weightsManifest[0].paths = ['../../etc/passwd'];
    const bytes = new TextEncoder().encode(JSON.stringify(modelJson));
    const meta = JSON.parse(new TextDecoder().decode(files.get('metadata.json')));
    meta.checksums['model.json'] = await sha256Hex(bytes);
    const edited = new Map(files);
    edited.set('model.json', bytes);
    edited.set('metadata.json', new TextEncoder().encode(JSON.stringify(meta)));
    await expectProblem(
      loadBundleFromFiles(edited),
      'unsupported-format',
      /weight file name "..\/..\/etc\/passwd" is not a plain file name/,
    );
    model.dispose();
  });

  it('loads over HTTP with fetch', async () => {
    const model = smallModel();
    const files = await encodeBundle(model, metadata);
    const requested: string[] = [];
    const fakeFetch = async (url: string | URL | Request) => {
      const name = String(url).split('/').pop()!;
      requested.push(String(url));
      const bytes = files.get(name);
      return bytes
        ? new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]))
        : new Response('not found', { status: 404 });
    };
    const loaded = await loadBundleFromUrl('https://example.org/models/ser-v1/', {
      fetch: fakeFetch as typeof fetch,
    });
    expect(requested).toEqual([
      'https://example.org/models/ser-v1/metadata.json',
      'https://example.org/models/ser-v1/model.json',
      'https://example.org/models/ser-v1/group1-shard1of1.bin',
    ]);
    expect(predictions(loaded.model)).toEqual(predictions(model));
    files.delete('model.json');
    await expectProblem(
      loadBundleFromUrl('https://example.org/m', { fetch: fakeFetch as typeof fetch }),
      'missing-file',
      /m\/model\.json: HTTP 404/,
    );
    model.dispose();
    loaded.model.dispose();
  });

  it('validates metadata fields', () => {
    expect(() => parseBundleMetadata({ format: 'other' }, 'm.json')).toThrow(
      /m\.json: format is "other"/,
    );
    expect(() =>
      parseBundleMetadata({ format: 'ser-model-bundle', formatVersion: 2 }, 'm.json'),
    ).toThrow(/formatVersion 2/);
  });
});

describe('fileSystemHandler', () => {
  it('saves and loads a Layers model with model.save / tfl.loadLayersModel', async () => {
    const dir = freshDir();
    const model = smallModel();
    await model.save(fileSystemHandler(dir));
    expect((await readdir(dir)).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    await expect(model.save(fileSystemHandler(dir))).rejects.toThrow(BundleError);
    await model.save(fileSystemHandler(dir, { overwrite: true }));
    const loaded = await tfl.loadLayersModel(fileSystemHandler(dir));
    expect(predictions(loaded)).toEqual(predictions(model));
    model.dispose();
    loaded.dispose();
  });
});
