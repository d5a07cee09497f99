/**
 * The model bundle: one folder (or URL prefix, or in-memory file set) holding
 *
 * - `model.json` + `group1-shard{i}of{n}.bin`: an ordinary TensorFlow.js Layers model, so
 *   `tf.loadLayersModel` reads it (after {@link registerSerializables} for our custom layers);
 * - `metadata.json`: labels, the feature configuration, the input shape the features produce,
 *   normalisation statistics, training provenance, and the sha256 of every other file.
 *
 * This module is browser-safe: it encodes a bundle to bytes and decodes one from any file
 * source (Node's file system in `@ser/model/node`, `fetch` for URLs, a `Map` in memory), always
 * verifying checksums, label count against output units and feature shape against input shape.
 */
import {
  type FeatureConfig,
  type FeatureConfigInput,
  featureShape,
  resolveFeatureConfig,
} from '@ser/features';
import type { ModelJSON, WeightsManifestEntry } from '@tensorflow/tfjs-core/dist/io/types';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { BundleError } from './errors';
import { describeModel } from './input-spec';
import { isJsonObject, type JsonObject } from './json';
import { convertKerasTopology } from './keras';
import type { Normalizer } from './normalize';
import { registerSerializables } from './serializables';
import { tf, tfl } from './tf';
import type { TrainingResult } from './train';

/**
 * Name of the model topology file.
 *
 * @example
 * ```ts
 * const modelUrl = `${base}/${MODEL_FILE}`;
 * ```
 */
export const MODEL_FILE = 'model.json';
/**
 * Name of the metadata file.
 *
 * @example
 * ```ts
 * const metadataText = await readFile(join(dir, METADATA_FILE), 'utf8');
 * ```
 */
export const METADATA_FILE = 'metadata.json';
/**
 * `format` of `metadata.json`.
 *
 * @example
 * ```ts
 * if (json.format !== BUNDLE_FORMAT) console.warn('not a @ser model bundle');
 * ```
 */
export const BUNDLE_FORMAT = 'ser-model-bundle';
/**
 * Version of the metadata layout this code writes and reads.
 *
 * @example
 * ```ts
 * console.log(`bundle layout v${BUNDLE_FORMAT_VERSION}`);
 * ```
 */
export const BUNDLE_FORMAT_VERSION = 1;
/** Largest weight file written, as tfjs's converter does (4 MiB, cache-friendly in browsers). */
const SHARD_BYTES = 4 * 1024 * 1024;
/** File names a bundle may contain: no folders, no `..`. */
const SAFE_FILE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * How the model was trained: enough to reproduce or audit it.
 *
 * @example
 * ```ts
 * const training: TrainingProvenance = { createdAt: new Date().toISOString(), tfjsVersion: tf.version_core, preset: 'seed-lstm', seed: 1 };
 * ```
 */
export interface TrainingProvenance {
  /** When the bundle was made (ISO 8601). */
  readonly createdAt: string;
  /** tfjs-core version that trained and saved it. */
  readonly tfjsVersion: string;
  /** Backend it was trained on. */
  readonly backend?: string;
  /** Model preset name, if built from one. */
  readonly preset?: string;
  /** Seed of the run. */
  readonly seed?: number;
  /** Epochs run, best epoch kept, and whether early stopping ended training. */
  readonly epochs?: {
    readonly run: number;
    readonly best: number | null;
    readonly stoppedEarly: boolean;
  };
  /** Examples used for training and validation. */
  readonly examples?: { readonly training: number; readonly validation: number };
  /** Final (kept) metrics, Keras names. */
  readonly metrics?: Readonly<Record<string, number>>;
  /** Data description: corpus, split, speakers, … */
  readonly data?: JsonObject;
  /** Anything else worth keeping. */
  readonly notes?: string;
}

/**
 * Provenance of a training run from its {@link TrainingResult}: epochs, examples and the
 * metrics of the epoch whose weights the model keeps.
 *
 * @example
 * ```ts
 * const training = trainingProvenance(result, { preset: 'seed-lstm', seed: 1, backend: tf.getBackend() });
 * ```
 */
export function trainingProvenance(
  result: TrainingResult,
  details: Omit<
    TrainingProvenance,
    'createdAt' | 'tfjsVersion' | 'epochs' | 'examples' | 'metrics'
  > = {},
): TrainingProvenance {
  const kept = result.bestEpoch === null ? -1 : result.history.epoch.indexOf(result.bestEpoch);
  const metrics: Record<string, number> = {};
  if (kept >= 0) {
    for (const key of ['loss', 'accuracy', 'val_loss', 'val_accuracy'] as const) {
      const value = result.history[key][kept];
      if (value !== undefined) metrics[key] = value;
    }
  }
  return {
    createdAt: new Date().toISOString(),
    tfjsVersion: tf.version_core,
    ...details,
    epochs: {
      run: result.history.epoch.length,
      best: result.bestEpoch,
      stoppedEarly: result.stoppedEarly,
    },
    examples: result.examples,
    metrics,
  };
}

/**
 * `metadata.json`.
 *
 * @example
 * ```ts
 * const { labels, normalization } = bundle.metadata;
 * ```
 */
export interface BundleMetadata {
  /** Always {@link BUNDLE_FORMAT}. */
  readonly format: typeof BUNDLE_FORMAT;
  /** Layout version, {@link BUNDLE_FORMAT_VERSION}. */
  readonly formatVersion: typeof BUNDLE_FORMAT_VERSION;
  /** Class names, in output-unit order. */
  readonly labels: readonly string[];
  /** Feature pipeline configuration. */
  readonly features: FeatureConfig;
  /** Shape of one example as the feature pipeline produces it (`frames: null` = varies). */
  readonly input: { readonly frames: number | null; readonly coefficients: number };
  /** Per-feature standardisation fitted on the training part, or `null` for none. */
  readonly normalization: Normalizer | null;
  /** Training provenance. */
  readonly training: TrainingProvenance;
  /** sha256 (lowercase hex) of every other file of the bundle, by file name. */
  readonly checksums: Readonly<Record<string, string>>;
}

/**
 * Metadata as given by the caller: the checksums are computed when encoding.
 *
 * @example
 * ```ts
 * const input: BundleMetadataInput = { labels, features, input: { frames: 40, coefficients: 1 }, normalization: null, training };
 * ```
 */
export type BundleMetadataInput = Omit<BundleMetadata, 'format' | 'formatVersion' | 'checksums'>;

/**
 * A loaded, verified bundle.
 *
 * @example
 * ```ts
 * const { model, metadata } = await loadBundleFromUrl('https://example.org/models/ser-v1/');
 * ```
 */
export interface LoadedBundle {
  /** The model, ready to predict. */
  readonly model: LayersModel;
  /** Its metadata. */
  readonly metadata: BundleMetadata;
}

/**
 * Reads one file of a bundle by name; throws {@link BundleError} (`missing-file`) when absent.
 *
 * @example
 * ```ts
 * const read: BundleFileReader = async (name) => new Uint8Array(await (await fetch(`/m/${name}`)).arrayBuffer());
 * ```
 */
export type BundleFileReader = (name: string) => Promise<Uint8Array>;

/**
 * sha256 of `bytes` as lowercase hex (WebCrypto: browsers and Node ≥ 20).
 *
 * @example
 * ```ts
 * const digest = await sha256Hex(new TextEncoder().encode('abc')); // "ba7816bf…"
 * ```
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Checks that a model and its metadata agree: one label per output unit, and the feature
 * shape fits the input (same coefficients; same frames when both are fixed); throws
 * {@link BundleError} naming `source` otherwise.
 *
 * @example
 * ```ts
 * verifyBundle(model, metadata, 'models/ser-v1');
 * ```
 */
export function verifyBundle(
  model: LayersModel,
  metadata: BundleMetadataInput,
  source: string,
): void {
  const spec = describeModel(model);
  if (metadata.labels.length !== spec.numClasses) {
    throw new BundleError(
      'label-count-mismatch',
      source,
      `${metadata.labels.length} labels for a model with ${spec.numClasses} output units`,
    );
  }
  const { frames, coefficients } = metadata.input;
  if (
    coefficients !== spec.coefficients ||
    (frames !== null && spec.frames !== null && frames !== spec.frames)
  ) {
    throw new BundleError(
      'input-shape-mismatch',
      source,
      `features are [${frames ?? 'frames'}, ${coefficients}] but the model takes [${spec.frames ?? 'frames'}, ${spec.coefficients}]`,
    );
  }
  const [featureFrames, featureCoefficients] = featureShape(metadata.features);
  if (
    coefficients !== featureCoefficients ||
    (featureFrames !== null && frames !== featureFrames)
  ) {
    throw new BundleError(
      'input-shape-mismatch',
      source,
      `the feature configuration (${metadata.features.kind}) gives [${featureFrames ?? 'frames'}, ${featureCoefficients}] but input says [${frames ?? 'frames'}, ${coefficients}]`,
    );
  }
  const normalization = metadata.normalization;
  if (
    normalization !== null &&
    (normalization.mean.length !== coefficients || normalization.std.length !== coefficients)
  ) {
    throw new BundleError(
      'invalid-metadata',
      source,
      `normalization has ${normalization.mean.length} means and ${normalization.std.length} deviations for ${coefficients} coefficients`,
    );
  }
}

/**
 * Captures a model's artifacts (topology, weight specs and bytes) without any I/O.
 *
 * @example
 * ```ts
 * const { modelTopology, weightSpecs, weightData } = await modelArtifacts(model);
 * ```
 */
export async function modelArtifacts(model: LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return captured!;
}

/**
 * The files of a Layers model in tfjs's format: `model.json` and 4 MiB weight shards.
 *
 * @example
 * ```ts
 * const files = encodeLayersModel(await modelArtifacts(model)); // Map { 'model.json' => …, 'group1-shard1of1.bin' => … }
 * ```
 */
export function encodeLayersModel(artifacts: tf.io.ModelArtifacts): Map<string, Uint8Array> {
  const weights = new Uint8Array(
    artifacts.weightData === undefined
      ? new ArrayBuffer(0)
      : tf.io.CompositeArrayBuffer.join(artifacts.weightData),
  );
  const shardCount = Math.max(1, Math.ceil(weights.byteLength / SHARD_BYTES));
  const files = new Map<string, Uint8Array>();
  const paths: string[] = [];
  for (let i = 0; i < shardCount; i++) {
    const name = `group1-shard${i + 1}of${shardCount}.bin`;
    paths.push(name);
    files.set(name, weights.slice(i * SHARD_BYTES, (i + 1) * SHARD_BYTES));
  }
  const modelJson: ModelJSON = {
    modelTopology: artifacts.modelTopology ?? {},
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tfl.version_layers}`,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths, weights: artifacts.weightSpecs ?? [] }],
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
  };
  files.set(MODEL_FILE, new TextEncoder().encode(JSON.stringify(modelJson)));
  return new Map(
    [...files].sort(([a], [b]) =>
      a === MODEL_FILE ? -1 : b === MODEL_FILE ? 1 : a.localeCompare(b),
    ),
  );
}

/**
 * Every file of a bundle, in memory: `model.json`, weight shards and `metadata.json` (with
 * checksums). Verifies the metadata against the model first.
 *
 * @example
 * ```ts
 * const files = await encodeBundle(model, { labels, features, input: { frames: null, coefficients: 120 }, normalization, training });
 * ```
 */
export async function encodeBundle(
  model: LayersModel,
  metadata: BundleMetadataInput,
): Promise<Map<string, Uint8Array>> {
  verifyBundle(model, metadata, 'new bundle');
  const files = encodeLayersModel(await modelArtifacts(model));
  const checksums: Record<string, string> = {};
  for (const [name, bytes] of files) checksums[name] = await sha256Hex(bytes);
  const full: BundleMetadata = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    ...metadata,
    checksums,
  };
  files.set(METADATA_FILE, new TextEncoder().encode(`${JSON.stringify(full, null, 2)}\n`));
  return files;
}

function parseJson(bytes: Uint8Array, source: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new BundleError('invalid-json', source, `not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Validates parsed `metadata.json` and returns it typed; throws {@link BundleError}
 * (`invalid-metadata` or `unsupported-format`) naming the first bad field.
 *
 * @example
 * ```ts
 * const metadata = parseBundleMetadata(JSON.parse(text), 'models/ser-v1/metadata.json');
 * ```
 */
export function parseBundleMetadata(value: unknown, source: string): BundleMetadata {
  const bad = (detail: string) => new BundleError('invalid-metadata', source, detail);
  if (!isJsonObject(value)) throw bad('is not a JSON object');
  if (value['format'] !== BUNDLE_FORMAT) {
    throw new BundleError(
      'unsupported-format',
      source,
      `format is ${JSON.stringify(value['format'])}, not "${BUNDLE_FORMAT}"`,
    );
  }
  if (value['formatVersion'] !== BUNDLE_FORMAT_VERSION) {
    throw new BundleError(
      'unsupported-format',
      source,
      `formatVersion ${JSON.stringify(value['formatVersion'])} is not supported (this reader knows ${BUNDLE_FORMAT_VERSION})`,
    );
  }
  const labels = value['labels'];
  if (
    !Array.isArray(labels) ||
    labels.length === 0 ||
    !labels.every((l) => typeof l === 'string' && l !== '')
  ) {
    throw bad('labels must be a non-empty array of non-empty strings');
  }
  if (new Set(labels).size !== labels.length) throw bad('labels must be distinct');
  if (!isJsonObject(value['features'])) throw bad('features must be a JSON object');
  let features: FeatureConfig;
  try {
    features = resolveFeatureConfig(value['features'] as unknown as FeatureConfigInput);
  } catch (error) {
    throw bad(`features: ${(error as Error).message}`);
  }
  const input = value['input'];
  if (
    !isJsonObject(input) ||
    !(
      input['frames'] === null ||
      (Number.isInteger(input['frames']) && (input['frames'] as number) > 0)
    ) ||
    !(Number.isInteger(input['coefficients']) && (input['coefficients'] as number) > 0)
  ) {
    throw bad('input must be { frames: positive integer or null, coefficients: positive integer }');
  }
  const normalization = value['normalization'];
  if (normalization !== null) {
    const numbers = (x: unknown) =>
      Array.isArray(x) && x.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (
      !isJsonObject(normalization) ||
      !numbers(normalization['mean']) ||
      !numbers(normalization['std']) ||
      !(normalization['std'] as number[]).every((s) => s > 0)
    ) {
      throw bad('normalization must be null or { mean: number[], std: positive number[] }');
    }
  }
  const training = value['training'];
  if (
    !isJsonObject(training) ||
    typeof training['createdAt'] !== 'string' ||
    typeof training['tfjsVersion'] !== 'string'
  ) {
    throw bad('training must record createdAt and tfjsVersion');
  }
  const checksums = value['checksums'];
  if (
    !isJsonObject(checksums) ||
    !Object.entries(checksums).every(
      ([k, v]) => SAFE_FILE_NAME.test(k) && typeof v === 'string' && /^[0-9a-f]{64}$/.test(v),
    )
  ) {
    throw bad('checksums must map file names to sha256 hex digests');
  }
  return { ...(value as unknown as BundleMetadata), features };
}

async function readVerified(
  read: BundleFileReader,
  name: string,
  metadata: BundleMetadata,
  source: string,
): Promise<Uint8Array> {
  const expected = metadata.checksums[name];
  if (expected === undefined) {
    throw new BundleError(
      'invalid-metadata',
      `${source}/${METADATA_FILE}`,
      `has no checksum for ${name}`,
    );
  }
  const bytes = await read(name);
  const actual = await sha256Hex(bytes);
  if (actual !== expected) {
    throw new BundleError(
      'checksum-mismatch',
      `${source}/${name}`,
      `sha256 is ${actual} but ${METADATA_FILE} says ${expected}: the file is corrupt or was changed`,
    );
  }
  return bytes;
}

/**
 * Reads and checks `model.json`: a Layers model whose weight files have safe names.
 *
 * @example
 * ```ts
 * const modelJson = parseModelJson(bytes, 'models/ser-v1/model.json');
 * ```
 */
export function parseModelJson(
  bytes: Uint8Array,
  source: string,
): ModelJSON & { weightsManifest: tf.io.WeightsManifestConfig } {
  const json = parseJson(bytes, source);
  if (
    !isJsonObject(json) ||
    !isJsonObject(json['modelTopology']) ||
    !Array.isArray(json['weightsManifest'])
  ) {
    throw new BundleError(
      'unsupported-format',
      source,
      'is not a TensorFlow.js model.json (needs modelTopology and weightsManifest)',
    );
  }
  if (json['format'] !== undefined && json['format'] !== 'layers-model') {
    throw new BundleError(
      'unsupported-format',
      source,
      `format is ${JSON.stringify(json['format'])}, not "layers-model"`,
    );
  }
  for (const group of json['weightsManifest']) {
    if (
      !isJsonObject(group) ||
      !Array.isArray(group['paths']) ||
      !Array.isArray(group['weights'])
    ) {
      throw new BundleError(
        'unsupported-format',
        source,
        'weightsManifest entries need paths and weights',
      );
    }
    for (const path of group['paths']) {
      if (typeof path !== 'string' || !SAFE_FILE_NAME.test(path)) {
        throw new BundleError(
          'unsupported-format',
          source,
          `weight file name ${JSON.stringify(path)} is not a plain file name`,
        );
      }
    }
  }
  return json as unknown as ModelJSON & { weightsManifest: tf.io.WeightsManifestConfig };
}

/** Concatenates byte arrays. */
function concatenate(parts: readonly Uint8Array[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out.buffer;
}

/**
 * Reads a bundle from any file source, verifying every checksum, then the model against its
 * metadata. Throws {@link BundleError} on any problem.
 *
 * @example
 * ```ts
 * const bundle = await decodeBundle(async (name) => files.get(name)!, 'in-memory bundle');
 * ```
 */
export async function decodeBundle(read: BundleFileReader, source: string): Promise<LoadedBundle> {
  const metadata = parseBundleMetadata(
    parseJson(await read(METADATA_FILE), `${source}/${METADATA_FILE}`),
    `${source}/${METADATA_FILE}`,
  );
  const modelJson = parseModelJson(
    await readVerified(read, MODEL_FILE, metadata, source),
    `${source}/${MODEL_FILE}`,
  );
  const paths = modelJson.weightsManifest.flatMap((group) => group.paths);
  const listed = new Set([MODEL_FILE, ...paths]);
  const unlisted = Object.keys(metadata.checksums).filter((name) => !listed.has(name));
  if (unlisted.length > 0) {
    throw new BundleError(
      'invalid-metadata',
      `${source}/${METADATA_FILE}`,
      `lists files the model does not use: ${unlisted.join(', ')}`,
    );
  }
  const shards: Uint8Array[] = [];
  for (const path of paths) shards.push(await readVerified(read, path, metadata, source));
  const weightSpecs: WeightsManifestEntry[] = modelJson.weightsManifest.flatMap(
    (group) => group.weights,
  );
  registerSerializables();
  let model: LayersModel;
  try {
    model = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: convertKerasTopology(modelJson.modelTopology, `${source}/${MODEL_FILE}`),
        weightSpecs,
        weightData: concatenate(shards),
      }),
    );
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError(
      'unsupported-format',
      `${source}/${MODEL_FILE}`,
      `tfjs-layers cannot load it: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  try {
    verifyBundle(model, metadata, source);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, metadata };
}

/**
 * Loads a bundle held in memory (e.g. files a user dropped on a page, or {@link encodeBundle}'s
 * output).
 *
 * @example
 * ```ts
 * const { model, metadata } = await loadBundleFromFiles(await encodeBundle(model, input));
 * ```
 */
export function loadBundleFromFiles(
  files: ReadonlyMap<string, Uint8Array>,
  source = 'in-memory bundle',
): Promise<LoadedBundle> {
  return decodeBundle(async (name) => {
    const bytes = files.get(name);
    if (bytes === undefined)
      throw new BundleError('missing-file', `${source}/${name}`, 'is not in the bundle');
    return bytes;
  }, source);
}

/**
 * Loads a bundle served over HTTP(S): `<url>/metadata.json`, `<url>/model.json` and its weight
 * files, with `fetch` (or the one given).
 *
 * @example
 * ```ts
 * const { model, metadata } = await loadBundleFromUrl('/models/ser-v1');
 * ```
 */
export function loadBundleFromUrl(
  url: string,
  options: { readonly fetch?: typeof globalThis.fetch } = {},
): Promise<LoadedBundle> {
  const base = url.endsWith('/') ? url.slice(0, -1) : url;
  const fetchFile = options.fetch ?? globalThis.fetch;
  return decodeBundle(async (name) => {
    const address = `${base}/${name}`;
    let response: Response;
    try {
      response = await fetchFile(address);
    } catch (error) {
      throw new BundleError('io', address, `fetch failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!response.ok) {
      throw new BundleError(
        response.status === 404 ? 'missing-file' : 'io',
        address,
        `HTTP ${response.status}`,
      );
    }
    return new Uint8Array(await response.arrayBuffer());
  }, base);
}
