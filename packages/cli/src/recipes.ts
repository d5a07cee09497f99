/**
 * What `ser train --model NAME` builds: a model preset together with the features it reads and
 * the training defaults that go with it.
 */
import { type FeatureConfig, resolveFeatureConfig, seedFeatureConfig } from '@ser/features';
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

/** 40 MFCC (+ Δ) per frame at 22050 Hz over the whole utterance. */
const MFCC_DELTA_FRAMES = resolveFeatureConfig({
  kind: 'mfcc-sequence',
  sr: 22050,
  nMfcc: 40,
  deltas: 1,
});

/** 40 MFCC + Δ + ΔΔ per frame, as the BiLSTM preset expects. */
const MFCC_DELTA2_FRAMES = resolveFeatureConfig({
  kind: 'mfcc-sequence',
  sr: 22050,
  nMfcc: 40,
  deltas: 2,
});

/** 64-band log-mel at 16 kHz, 25 ms windows, 10 ms hop. */
const LOG_MEL_16K = resolveFeatureConfig({
  kind: 'log-mel-sequence',
  sr: 16000,
  nFft: 512,
  winLength: 400,
  hopLength: 160,
  nMels: 64,
});

function presetRecipe(name: string, presetName: string, features: FeatureConfig): Recipe {
  const preset = getPreset(presetName);
  return {
    name,
    preset: preset.name,
    description: preset.description,
    features,
    build: (options) => preset.build(options),
    training: preset.training,
  };
}

/**
 * Every model `ser train` can build, by name. `seed` is the notebook's pipeline and model
 * exactly; `mfcc-statistics` is a small dense network on standardised mean + standard deviation
 * of 40 MFCC and their deltas (no recurrent layer: it trains in seconds).
 *
 * @example
 * ```ts
 * Object.keys(RECIPES); // ['seed', 'mfcc-statistics', 'seed-lstm', 'bilstm-attention', …]
 * ```
 */
export const RECIPES: Readonly<Record<string, Recipe>> = {
  seed: presetRecipe('seed', 'seed-lstm', seedFeatureConfig),
  'mfcc-statistics': presetRecipe('mfcc-statistics', 'mfcc-statistics', MFCC_DELTA_FRAMES),
  'seed-lstm': presetRecipe('seed-lstm', 'seed-lstm', seedFeatureConfig),
  'bilstm-attention': presetRecipe('bilstm-attention', 'bilstm-attention', MFCC_DELTA2_FRAMES),
  'bigru-statistics': presetRecipe('bigru-statistics', 'bigru-statistics', LOG_MEL_16K),
  'cnn-bilstm-attention': presetRecipe('cnn-bilstm-attention', 'cnn-bilstm-attention', {
    ...LOG_MEL_16K,
    duration: 3,
  }),
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
