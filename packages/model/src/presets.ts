/**
 * Named model presets: an architecture, the input it expects, and training defaults that go
 * with it. Names say what the model is.
 */
import { type FeatureConfig, resolveFeatureConfig, seedFeatureConfig } from '@ser/features';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { buildSeedModel } from './architectures/seed';
import { buildSequenceModel } from './architectures/sequence';
import { composeAugmentations, gainOffset, specAugment } from './augment';
import { ModelConfigError } from './errors';
import { oneCycle } from './schedules';
import type { TrainOptions } from './train';

/**
 * Names of the built-in presets.
 *
 * @example
 * ```ts
 * const name: PresetName = 'cnn-bilstm-attention';
 * ```
 */
export type PresetName =
  | 'seed-lstm'
  | 'mfcc-statistics'
  | 'statistics-mlp'
  | 'bilstm-attention'
  | 'bigru-statistics'
  | 'cnn-bilstm-attention';

/**
 * What a preset's model takes per example.
 *
 * @example
 * ```ts
 * const { frames, coefficients, features } = MODEL_PRESETS['bilstm-attention'].input;
 * // null, 120, { kind: 'mfcc-sequence', nMfcc: 40, deltas: 2, … }
 * const tensor = computeFeatures(wavBytes, features); // what the model reads
 * ```
 */
export interface PresetInput {
  /** Frames per example, or `null` for variable length. */
  readonly frames: number | null;
  /** Features per frame. */
  readonly coefficients: number;
  /** The features it was designed and measured with (compute them with `computeFeatures`). */
  readonly features: FeatureConfig;
}

/**
 * A named architecture with its input and training defaults.
 *
 * @example
 * ```ts
 * const preset = MODEL_PRESETS['cnn-bilstm-attention'];
 * const model = preset.build({ numClasses: 8, seed: 1 });
 * const result = await train(model, data, { ...preset.training, validation, seed: 1 });
 * ```
 */
export interface ModelPreset {
  /** Preset name. */
  readonly name: PresetName;
  /** One-line description. */
  readonly description: string;
  /** Expected input. */
  readonly input: PresetInput;
  /** Builds a fresh, untrained model. */
  build(options: { readonly numClasses: number; readonly seed?: number }): LayersModel;
  /** Training defaults (override any field when calling {@link train}). */
  readonly training: TrainOptions;
}

/**
 * The seed notebook's training: Adam 0.001, categorical cross-entropy, 50 epochs, batch 64,
 * unscaled features, Keras `validation_split=0.2` (the unshuffled last 20%).
 *
 * @example
 * ```ts
 * await train(buildSeedModel({ numClasses: 7 }), data, SEED_TRAINING);
 * ```
 */
export const SEED_TRAINING: TrainOptions = {
  epochs: 50,
  batchSize: 64,
  optimizer: { name: 'adam', learningRate: 0.001 },
  normalization: 'none',
  validationSplit: 0.2,
  shuffle: true,
};

/** 40 MFCC (+ Δ, + ΔΔ) per frame at 22050 Hz over the whole utterance. */
function mfccFrames(deltas: 1 | 2): FeatureConfig {
  return resolveFeatureConfig({ kind: 'mfcc-sequence', sr: 22050, nMfcc: 40, deltas });
}

/** 64-band log-mel at 16 kHz, 25 ms windows, 10 ms hop. */
const LOG_MEL_16K = resolveFeatureConfig({
  kind: 'log-mel-sequence',
  sr: 16000,
  nFft: 512,
  winLength: 400,
  hopLength: 160,
  nMels: 64,
});

/**
 * The features of the `statistics-mlp` preset: mean and standard deviation of 40 MFCC + Δ + ΔΔ
 * (librosa defaults at 22050 Hz, whole recording) over the frames within 30 dB of the loudest —
 * 240 numbers per utterance.
 *
 * @example
 * ```ts
 * const vector = computeFeatures(wavBytes, MFCC_STATISTICS_FEATURES); // shape [1, 240]
 * ```
 */
export const MFCC_STATISTICS_FEATURES: FeatureConfig = resolveFeatureConfig({
  kind: 'mfcc-statistics',
  sr: 22050,
  nMfcc: 40,
  deltas: 2,
  trimDb: 30,
});

/**
 * Training of the `statistics-mlp` preset, as measured by `packages/model/bench/accuracy.ts`:
 * Adam 0.001, 60 epochs of batch 32 (no early stopping), label smoothing 0.1, balanced class
 * weights, per-feature standardisation fitted on the training speakers.
 *
 * @example
 * ```ts
 * await train(MODEL_PRESETS['statistics-mlp'].build({ numClasses: 8 }), data, STATISTICS_MLP_TRAINING);
 * ```
 */
export const STATISTICS_MLP_TRAINING: TrainOptions = {
  epochs: 60,
  batchSize: 32,
  optimizer: { name: 'adam', learningRate: 1e-3 },
  normalization: 'per-feature',
  classWeights: 'balanced',
  labelSmoothing: 0.1,
};

/** Training of the frame-sequence presets, after the best Python peer (peers.md). */
function sequenceTraining(augment: TrainOptions['augment']): TrainOptions {
  return {
    epochs: 40,
    batchSize: 32,
    optimizer: { name: 'adam', learningRate: 3e-3 },
    learningRateSchedule: oneCycle({ maximum: 3e-3 }),
    labelSmoothing: 0.1,
    classWeights: 'balanced',
    normalization: 'per-feature',
    earlyStopping: { monitor: 'val_loss', patience: 10, restoreBestWeights: true },
    clipNorm: 5,
    ...(augment ? { augment } : {}),
  };
}

/**
 * Every built-in preset, by name.
 *
 * @example
 * ```ts
 * for (const preset of Object.values(MODEL_PRESETS)) console.log(preset.name, preset.description);
 * ```
 */
export const MODEL_PRESETS: Readonly<Record<PresetName, ModelPreset>> = {
  'seed-lstm': {
    name: 'seed-lstm',
    description:
      'The seed notebook: LSTM(256) over 40 mean MFCCs as 40 one-feature steps, 3 dense layers.',
    input: { frames: 40, coefficients: 1, features: seedFeatureConfig },
    build: ({ numClasses, seed }) =>
      buildSeedModel({ numClasses, ...(seed === undefined ? {} : { seed }) }),
    training: SEED_TRAINING,
  },
  'mfcc-statistics': {
    name: 'mfcc-statistics',
    description:
      'Mean and standard deviation of 40 standardised MFCC + Δ over the utterance, dense 256 → softmax.',
    input: { frames: null, coefficients: 80, features: mfccFrames(1) },
    build: ({ numClasses, seed }) =>
      buildSequenceModel({
        numClasses,
        coefficients: 80,
        frames: null,
        pooling: 'statistics',
        dense: [256],
        denseDropout: 0.3,
        name: 'mfcc_statistics',
        ...(seed === undefined ? {} : { seed }),
      }),
    training: {
      epochs: 100,
      batchSize: 32,
      optimizer: { name: 'adam', learningRate: 1e-3 },
      normalization: 'per-feature',
      classWeights: 'balanced',
      labelSmoothing: 0.1,
    },
  },
  'statistics-mlp': {
    name: 'statistics-mlp',
    description:
      'Mean and std of 40 MFCC + Δ + ΔΔ over the voiced frames (240 statistics), standardised, dense 256 → softmax.',
    input: { frames: 1, coefficients: 240, features: MFCC_STATISTICS_FEATURES },
    build: ({ numClasses, seed }) =>
      buildSequenceModel({
        numClasses,
        coefficients: 240,
        frames: 1,
        maskValue: null,
        pooling: 'mean',
        dense: [256],
        denseDropout: 0.3,
        name: 'statistics_mlp',
        ...(seed === undefined ? {} : { seed }),
      }),
    training: STATISTICS_MLP_TRAINING,
  },
  'bilstm-attention': {
    name: 'bilstm-attention',
    description:
      'BiLSTM(64) over variable-length MFCC+Δ+ΔΔ frames (masked), attentive mean/std pooling.',
    input: { frames: null, coefficients: 120, features: mfccFrames(2) },
    build: ({ numClasses, seed }) =>
      buildSequenceModel({
        numClasses,
        coefficients: 120,
        frames: null,
        recurrent: { cell: 'lstm', units: [64], bidirectional: true },
        pooling: 'attention',
        attentionUnits: 64,
        name: 'bilstm_attention',
        ...(seed === undefined ? {} : { seed }),
      }),
    training: sequenceTraining(specAugment({ frequencyMasks: 0 })),
  },
  'bigru-statistics': {
    name: 'bigru-statistics',
    description:
      'Two BiGRU(64) layers over variable-length log-mel frames (masked), mean/std pooling.',
    input: { frames: null, coefficients: 64, features: LOG_MEL_16K },
    build: ({ numClasses, seed }) =>
      buildSequenceModel({
        numClasses,
        coefficients: 64,
        frames: null,
        recurrent: { cell: 'gru', units: [64, 64], bidirectional: true },
        pooling: 'statistics',
        name: 'bigru_statistics',
        ...(seed === undefined ? {} : { seed }),
      }),
    training: sequenceTraining(composeAugmentations(gainOffset({ maxOffset: 6 }), specAugment())),
  },
  'cnn-bilstm-attention': {
    name: 'cnn-bilstm-attention',
    description:
      '4 conv blocks over a 300 × 64 log-mel image, BiLSTM(64), attentive mean/std pooling (after the best Python peer).',
    input: { frames: 300, coefficients: 64, features: { ...LOG_MEL_16K, duration: 3 } },
    build: ({ numClasses, seed }) =>
      buildSequenceModel({
        numClasses,
        coefficients: 64,
        frames: 300,
        convolution: {
          kind: '2d',
          filters: [16, 32, 64, 64],
          kernelSize: 3,
          timePool: 2,
          frequencyPool: 2,
          dropout: 0.1,
        },
        recurrent: { cell: 'lstm', units: [64], bidirectional: true },
        pooling: 'attention',
        attentionUnits: 64,
        name: 'cnn_bilstm_attention',
        ...(seed === undefined ? {} : { seed }),
      }),
    training: sequenceTraining(composeAugmentations(gainOffset({ maxOffset: 6 }), specAugment())),
  },
};

/**
 * The preset called `name`; throws {@link ModelConfigError} listing the known names otherwise.
 *
 * @example
 * ```ts
 * const model = getPreset('bilstm-attention').build({ numClasses: 8 });
 * ```
 */
export function getPreset(name: string): ModelPreset {
  const preset = (MODEL_PRESETS as Readonly<Record<string, ModelPreset>>)[name];
  if (preset === undefined) {
    throw new ModelConfigError(
      'preset',
      `unknown preset "${name}"; known: ${Object.keys(MODEL_PRESETS).join(', ')}`,
    );
  }
  return preset;
}
