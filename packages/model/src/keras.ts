/**
 * Import of Keras models exported as TensorFlow.js Layers `model.json` (tensorflowjs_converter
 * or a hand-made export), including the Keras 3 topology that tfjs-layers 4.22 rejects.
 *
 * Keras 3 differences handled (found in Keras 3 `to_json()` output and converted models):
 * - every serialised object carries `module` and `registered_name` (and layers/models
 *   `build_config`, models `compile_config`): dropped;
 * - `InputLayer` says `batch_shape` (tfjs: `batch_input_shape`) and adds `optional`/`ragged`;
 * - `dtype` is a `DTypePolicy` object (`{"class_name": "DTypePolicy", "config": {"name":
 *   "float32"}}`): replaced by its name (only float32 is supported);
 * - functional `inbound_nodes` are `[{"args": [{"class_name": "__keras_tensor__", "config":
 *   {"keras_history": [layer, node, tensor]}}], "kwargs": {}}]` (tfjs: `[[[layer, node,
 *   tensor, kwargs]]]`), and a single input/output is written as a flat `[layer, node, tensor]`;
 * - the orthogonal initializer is `OrthogonalInitializer` (loads as this package's fast
 *   class; Keras 2's `Orthogonal` is mapped to it too, since tfjs's own needs chained ops and
 *   minutes), `IdentityInitializer` is tfjs's `Identity`;
 * - `Bidirectional` serialises its forward layer as `forward_<name>` plus a `backward_layer`
 *   (tfjs derives the backward layer itself);
 * - weight names no longer follow tfjs's scheme (`forward_lstm/lstm_cell/kernel`,
 *   `dense/vars/0`, …): weights are matched by name when possible, else by order and shape.
 * Not convertible (a `BundleError` says so): mixed-precision policies, GRU with
 * `reset_after=true` (the Keras 2/3 default; tfjs implements only `reset_after=false`).
 */
import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { BundleError } from './errors';
import { isJsonObject, type JsonObject, type JsonValue } from './json';
import { registerSerializables } from './serializables';
import { tf, tfl } from './tf';

/** Keras 3 class names that tfjs-layers knows under another name. */
const CLASS_RENAMES: Readonly<Record<string, string>> = {
  Orthogonal: 'OrthogonalInitializer',
  IdentityInitializer: 'Identity',
};

/** Keys Keras 3 adds around serialised objects that tfjs does not read. */
const WRAPPER_KEYS = ['module', 'registered_name', 'build_config', 'compile_config'];

type Mutable = { [key: string]: JsonValue };

/**
 * Converts a Keras (2 or 3) model topology — the `modelTopology` of a `model.json`, with or
 * without its `model_config` wrapper, or the output of Keras's `model.to_json()` — into the
 * form tfjs-layers 4.22 reads. Idempotent: tfjs topologies pass through unchanged except for
 * the orthogonal initializer's class name.
 *
 * @example
 * ```ts
 * const topology = convertKerasTopology(JSON.parse(kerasJson), 'model.json');
 * const model = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: topology }));
 * ```
 */
export function convertKerasTopology(topology: unknown, source: string): JsonObject {
  if (!isJsonObject(topology)) {
    throw new BundleError('unsupported-format', source, 'model topology is not a JSON object');
  }
  const root = isJsonObject(topology['model_config']) ? topology['model_config'] : topology;
  return convertValue(root, source, []) as JsonObject;
}

function convertValue(value: JsonValue, source: string, path: string[]): JsonValue {
  if (Array.isArray(value)) {
    return value.map((v: JsonValue, i: number) => convertValue(v, source, [...path, String(i)]));
  }
  if (!isJsonObject(value)) return value;
  const className = value['class_name'];
  if (className === 'DTypePolicy' || className === 'Policy' || className === 'DTypePolicyMap') {
    return dtypeOfPolicy(value, source, path);
  }
  const out: Mutable = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof className === 'string' && WRAPPER_KEYS.includes(key)) continue;
    out[key] =
      key === 'inbound_nodes'
        ? convertInboundNodes(v, source, path)
        : convertValue(v, source, [...path, key]);
  }
  if (typeof className === 'string') {
    const renamed = CLASS_RENAMES[className];
    if (renamed !== undefined) out['class_name'] = renamed;
    const config = out['config'];
    if (isJsonObject(config))
      out['config'] = convertLayerConfig(className, { ...config }, source, path);
  }
  return out;
}

function dtypeOfPolicy(policy: JsonObject, source: string, path: string[]): string {
  const config = policy['config'];
  const name = isJsonObject(config) ? config['name'] : undefined;
  if (name !== 'float32') {
    throw new BundleError(
      'unsupported-format',
      source,
      `${path.join('.')}: dtype policy ${JSON.stringify(name)} is not supported (TensorFlow.js layers run in float32)`,
    );
  }
  return name;
}

function convertLayerConfig(
  className: string,
  config: Mutable,
  source: string,
  path: string[],
): JsonObject {
  if (className === 'InputLayer') {
    if (config['batch_shape'] !== undefined && config['batch_input_shape'] === undefined) {
      config['batch_input_shape'] = config['batch_shape'];
    }
    delete config['batch_shape'];
    delete config['optional'];
    delete config['ragged'];
  }
  if (className === 'GRU' && config['reset_after'] === true) {
    throw new BundleError(
      'unsupported-format',
      source,
      `${describePath(path, config)}: GRU with reset_after=true cannot run on TensorFlow.js layers (it implements reset_after=false only)`,
    );
  }
  if (className === 'Bidirectional') convertBidirectional(config, source, path);
  // Keras 3 functional models write a single input or output as a flat [name, node, tensor].
  for (const key of ['input_layers', 'output_layers']) {
    const refs = config[key];
    if (Array.isArray(refs) && typeof refs[0] === 'string') config[key] = [refs];
  }
  return config;
}

function describePath(path: string[], config: JsonObject): string {
  const name = config['name'];
  return typeof name === 'string' ? `layer ${name}` : path.join('.');
}

function convertBidirectional(config: Mutable, source: string, path: string[]): void {
  const forward = config['layer'];
  const backward = config['backward_layer'];
  if (isJsonObject(forward) && isJsonObject(forward['config'])) {
    const forwardConfig = forward['config'];
    const name = forwardConfig['name'];
    if (isJsonObject(backward) && isJsonObject(backward['config'])) {
      const backwardConfig = backward['config'];
      const mirrored =
        backward['class_name'] === forward['class_name'] &&
        backwardConfig['units'] === forwardConfig['units'] &&
        backwardConfig['go_backwards'] !== forwardConfig['go_backwards'];
      if (!mirrored) {
        throw new BundleError(
          'unsupported-format',
          source,
          `${describePath(path, config)}: a Bidirectional backward layer that is not the mirror of the forward one is not supported`,
        );
      }
    }
    if (typeof name === 'string' && name.startsWith('forward_')) {
      config['layer'] = {
        ...forward,
        config: { ...forwardConfig, name: name.slice('forward_'.length) },
      };
    }
  }
  delete config['backward_layer'];
}

/** Keras 3 node objects → tfjs's `[[layer, node, tensor, kwargs], …]`. */
function convertInboundNodes(nodes: JsonValue, source: string, path: string[]): JsonValue {
  if (!Array.isArray(nodes)) return nodes;
  return nodes.map((node: JsonValue) => {
    if (!isJsonObject(node) || !('args' in node)) return convertValue(node, source, path);
    const kwargs: Mutable = {};
    const rawKwargs = node['kwargs'];
    if (isJsonObject(rawKwargs)) {
      for (const [key, v] of Object.entries(rawKwargs)) {
        if (kerasTensorRefs(v).length === 0) kwargs[key] = v;
      }
    }
    const refs = kerasTensorRefs(node['args']);
    if (refs.length === 0) {
      throw new BundleError(
        'unsupported-format',
        source,
        `${path.join('.')}: inbound node without input tensors`,
      );
    }
    return refs.map(([layer, nodeIndex, tensorIndex]) => [layer, nodeIndex, tensorIndex, kwargs]);
  });
}

/** Every `__keras_tensor__`'s `keras_history`, in order, however deeply nested. */
function kerasTensorRefs(value: JsonValue | undefined): [string, number, number][] {
  if (Array.isArray(value)) return value.flatMap((v: JsonValue) => kerasTensorRefs(v));
  if (!isJsonObject(value)) return [];
  if (value['class_name'] === '__keras_tensor__') {
    const config = value['config'];
    const history = isJsonObject(config) ? config['keras_history'] : undefined;
    if (Array.isArray(history) && typeof history[0] === 'string') {
      return [[history[0], Number(history[1] ?? 0), Number(history[2] ?? 0)]];
    }
    return [];
  }
  return Object.values(value).flatMap((v) => kerasTensorRefs(v));
}

/**
 * Builds a model from a Keras topology and puts the weights in: by tfjs name when the names
 * match, otherwise in order, checking every shape.
 *
 * @example
 * ```ts
 * const weights = tf.io.decodeWeights(weightData, weightSpecs);
 * const model = await modelFromKeras(modelJson.modelTopology, weightSpecs.map((s) => s.name), weights, 'model.json');
 * ```
 */
export async function modelFromKeras(
  topology: unknown,
  weightNames: readonly string[],
  weights: NamedTensorMap,
  source: string,
): Promise<LayersModel> {
  registerSerializables();
  const converted = convertKerasTopology(topology, source);
  let model: LayersModel;
  try {
    model = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: converted }));
  } catch (error) {
    throw new BundleError(
      'unsupported-format',
      source,
      `tfjs-layers cannot build this topology: ${(error as Error).message}`,
      { cause: error },
    );
  }
  try {
    model.loadWeights(weights, true);
  } catch {
    assignWeightsInOrder(model, weightNames, weights, source);
  }
  return model;
}

function assignWeightsInOrder(
  model: LayersModel,
  names: readonly string[],
  weights: NamedTensorMap,
  source: string,
): void {
  const targets = model.weights;
  if (targets.length !== names.length) {
    model.dispose();
    throw new BundleError(
      'unsupported-format',
      source,
      `the model has ${targets.length} weights but the file provides ${names.length}, and their names do not match`,
    );
  }
  targets.forEach((target, i) => {
    const given = weights[names[i]!]!;
    if (
      target.shape.length !== given.shape.length ||
      target.shape.some((d, j) => d !== given.shape[j])
    ) {
      model.dispose();
      throw new BundleError(
        'unsupported-format',
        source,
        `weight ${i} (${names[i]}) has shape [${given.shape}] but ${target.originalName} needs [${target.shape}]`,
      );
    }
  });
  model.setWeights(names.map((name) => weights[name]!));
}
