/**
 * Named model presets: an architecture, the input it expects, and training defaults that go
 * with it. Names say what the model is.
 */
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
  | 'bilstm-attention'
  | 'bigru-statistics'
  | 'cnn-bilstm-attention';

/**
 * What a preset's model takes per example.
 *
 * @example
 * ```ts
 * const { frames, coefficients } = MODEL_PRESETS['bilstm-attention'].input; // null, 120
 * ```
 */
export interface PresetInput {
  /** Frames per example, or `null` for variable length. */
  readonly frames: number | null;
  /** Features per frame. */
  readonly coefficients: number;
  /** The features it was designed for, in words. */
  readonly features: string;
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
    input: {
      frames: 40,
      coefficients: 1,
      features: 'mean over frames of 40 MFCC (librosa, 22050 Hz, 3 s from 0.5 s)',
    },
    build: ({ numClasses, seed }) =>
      buildSeedModel({ numClasses, ...(seed === undefined ? {} : { seed }) }),
    training: SEED_TRAINING,
  },
  'mfcc-statistics': {
    name: 'mfcc-statistics',
    description:
      'Mean and standard deviation of 40 standardised MFCC + Δ over the utterance, dense 256 → softmax.',
    input: {
      frames: null,
      coefficients: 80,
      features: '40 MFCC with deltas per frame (librosa, 22050 Hz, whole utterance)',
    },
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
  'bilstm-attention': {
    name: 'bilstm-attention',
    description:
      'BiLSTM(64) over variable-length MFCC+Δ+ΔΔ frames (masked), attentive mean/std pooling.',
    input: {
      frames: null,
      coefficients: 120,
      features: '40 MFCC with deltas and delta-deltas per frame',
    },
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
    input: {
      frames: null,
      coefficients: 64,
      features: '64-band log-mel spectrogram in dB per frame',
    },
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
    input: {
      frames: 300,
      coefficients: 64,
      features: '64-band log-mel in dB, 16 kHz, hop 160 (3 s, cropped/padded)',
    },
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
