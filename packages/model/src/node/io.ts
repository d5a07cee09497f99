/**
 * Model bundles and Layers models on the local file system, without tfjs-node: our own
 * `tf.io.IOHandler` over `node:fs`, atomic folder writes, verified reads, and Keras import.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import {
  type BundleFileReader,
  type BundleMetadataInput,
  decodeBundle,
  encodeBundle,
  encodeLayersModel,
  type LoadedBundle,
  MODEL_FILE,
  parseModelJson,
} from '../bundle';
import { BundleError } from '../errors';
import { convertKerasTopology, modelFromKeras } from '../keras';
import { registerSerializables } from '../serializables';
import { tf } from '../tf';
import { type AtomicWriteOptions, writeDirectoryAtomically } from './atomic';

/** Reads files of folder `dir`, mapping a missing file to `BundleError` `missing-file`. */
function folderReader(dir: string): BundleFileReader {
  return async (name) => {
    const path = join(dir, name);
    try {
      return new Uint8Array(await readFile(path));
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new BundleError(
        missing ? 'missing-file' : 'io',
        path,
        missing ? 'does not exist' : (error as Error).message,
        {
          cause: error,
        },
      );
    }
  };
}

/**
 * Saves a model bundle into folder `dir` (model.json, weight shards, metadata.json with
 * checksums), atomically; an existing folder is replaced only with `{ overwrite: true }`.
 *
 * @example
 * ```ts
 * await saveBundle('models/ser-v1', model, {
 *   labels, features, input: { frames: null, coefficients: 120 }, normalization: result.normalizer,
 *   training: trainingProvenance(result, { preset: 'bilstm-attention', seed: 1 }),
 * });
 * ```
 */
export async function saveBundle(
  dir: string,
  model: LayersModel,
  metadata: BundleMetadataInput,
  options: AtomicWriteOptions = {},
): Promise<void> {
  await writeDirectoryAtomically(dir, await encodeBundle(model, metadata), options);
}

/**
 * Loads the bundle in folder `dir`, verifying checksums, label count and input shape.
 *
 * @example
 * ```ts
 * const { model, metadata } = await loadBundle('models/ser-v1');
 * ```
 */
export function loadBundle(dir: string): Promise<LoadedBundle> {
  return decodeBundle(folderReader(dir), dir);
}

/**
 * A `tf.io.IOHandler` that saves a Layers model into a folder (atomically) and loads it back:
 * `model.save(fileSystemHandler(dir))`, `tfl.loadLayersModel(fileSystemHandler(dir))` — the
 * `file://` handler tfjs-node would provide, for plain tfjs.
 *
 * @example
 * ```ts
 * await model.save(fileSystemHandler('models/raw', { overwrite: true }));
 * const again = await tfl.loadLayersModel(fileSystemHandler('models/raw'));
 * ```
 */
export function fileSystemHandler(dir: string, options: AtomicWriteOptions = {}): tf.io.IOHandler {
  return {
    async save(artifacts) {
      await writeDirectoryAtomically(dir, encodeLayersModel(artifacts), options);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load() {
      registerSerializables();
      const read = folderReader(dir);
      const modelJson = parseModelJson(await read(MODEL_FILE), join(dir, MODEL_FILE));
      return tf.io.getModelArtifactsForJSON(
        {
          ...modelJson,
          modelTopology: convertKerasTopology(modelJson.modelTopology, join(dir, MODEL_FILE)),
        },
        async (manifest) => {
          const shards = await Promise.all(manifest.flatMap((group) => group.paths).map(read));
          return [
            manifest.flatMap((group) => group.weights),
            tf.io.concatenateArrayBuffers(shards.map(toArrayBuffer)),
          ];
        },
      );
    },
  };
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/**
 * Imports a Keras model exported as TensorFlow.js Layers `model.json` (with its weight files
 * beside it), including Keras 3 exports that `tf.loadLayersModel` rejects.
 *
 * @example
 * ```ts
 * const model = await importKerasModel('exports/keras3/model.json');
 * ```
 */
export async function importKerasModel(modelJsonPath: string): Promise<LayersModel> {
  const read = folderReader(dirname(modelJsonPath));
  const modelJson = parseModelJson(await read(basename(modelJsonPath)), modelJsonPath);
  const specs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const shards = await Promise.all(
    modelJson.weightsManifest.flatMap((group) => group.paths).map(read),
  );
  const weights = tf.io.decodeWeights(
    tf.io.concatenateArrayBuffers(shards.map(toArrayBuffer)),
    specs,
  );
  try {
    return await modelFromKeras(
      modelJson.modelTopology,
      specs.map((spec) => spec.name),
      weights,
      modelJsonPath,
    );
  } finally {
    tf.dispose(Object.values(weights));
  }
}
