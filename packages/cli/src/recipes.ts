/**
 * What `ser train --model NAME` builds: a model preset together with the features it reads and
 * the training defaults that go with it.
 */
import type { FeatureConfig } from '@ser/features';
import { getPreset, type TrainOptions } from '@ser/model';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { UsageError } from './errors';

/**
 * A trainable model: features, architecture and training defaults.
 *
 * @example
 * ```ts
 * const recipe = getRecipe('mfcc-statistics');
 * const model = recipe.build({ numClasses: 8, seed: 1 });
 * ```
 */
export interface Recipe {
  /** The name given to `--model`. */
  readonly name: string;
  /** The @ser/model preset it builds. */
  readonly preset: string;
  /** One line for `ser train --help`. */
  readonly description: string;
  /** Features the model reads. */
  readonly features: FeatureConfig;
  /** Builds a fresh model. */
  build(options: { readonly numClasses: number; readonly seed?: number }): LayersModel;
  /** Training defaults. */
  readonly training: TrainOptions;
}

/** The recipe of a preset: its features (`preset.input.features`), model and training. */
function presetRecipe(name: string, presetName: string): Recipe {
  const preset = getPreset(presetName);
  return {
    name,
    preset: preset.name,
    description: preset.description,
    features: preset.input.features,
    build: (options) => preset.build(options),
    training: preset.training,
  };
}

/**
 * Every model `ser train` can build, by name. `seed` is the notebook's pipeline and model
 * exactly; `mfcc-statistics` is a small dense network on standardised mean + standard deviation
 * of 40 MFCC and their deltas (no recurrent layer: it trains in seconds); `statistics-mlp`, the
 * most accurate on unseen speakers, is a dense network on 240 statistics of MFCC + Δ + ΔΔ over
 * the voiced frames (it trains in seconds too).
 *
 * @example
 * ```ts
 * Object.keys(RECIPES); // ['seed', 'mfcc-statistics', 'statistics-mlp', 'seed-lstm', …]
 * ```
 */
export const RECIPES: Readonly<Record<string, Recipe>> = {
  seed: presetRecipe('seed', 'seed-lstm'),
  'mfcc-statistics': presetRecipe('mfcc-statistics', 'mfcc-statistics'),
  'statistics-mlp': presetRecipe('statistics-mlp', 'statistics-mlp'),
  'seed-lstm': presetRecipe('seed-lstm', 'seed-lstm'),
  'bilstm-attention': presetRecipe('bilstm-attention', 'bilstm-attention'),
  'bigru-statistics': presetRecipe('bigru-statistics', 'bigru-statistics'),
  'cnn-bilstm-attention': presetRecipe('cnn-bilstm-attention', 'cnn-bilstm-attention'),
};

/**
 * The recipe called `name`; a {@link UsageError} listing the known names otherwise.
 *
 * @example
 * ```ts
 * getRecipe('seed').training.epochs; // 50
 * ```
 */
export function getRecipe(name: string): Recipe {
  const recipe = RECIPES[name];
  if (recipe === undefined) {
    throw new UsageError(`unknown model "${name}"; known: ${Object.keys(RECIPES).join(', ')}`);
  }
  return recipe;
}
