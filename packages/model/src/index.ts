/**
 * @ser/model: speech emotion recognition models on TensorFlow.js layers — the seed LSTM and
 * configurable sequence models, a trainer, evaluation and reports, and model bundles.
 *
 * @packageDocumentation
 */

export { buildSeedModel, SEED_INPUT_SHAPE, type SeedModelOptions } from './architectures/seed';
export {
  buildSequenceModel,
  type ConvolutionConfig,
  type PoolingKind,
  type RecurrentConfig,
  type SequenceModelConfig,
} from './architectures/sequence';
export {
  type Augmentation,
  composeAugmentations,
  gainOffset,
  gaussianNoise,
  randomCrop,
  type SpecAugmentOptions,
  specAugment,
} from './augment';
export {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  type BundleFileReader,
  type BundleMetadata,
  type BundleMetadataInput,
  decodeBundle,
  encodeBundle,
  encodeLayersModel,
  type LoadedBundle,
  loadBundleFromFiles,
  loadBundleFromUrl,
  METADATA_FILE,
  MODEL_FILE,
  modelArtifacts,
  parseBundleMetadata,
  sha256Hex,
  type TrainingProvenance,
  trainingProvenance,
  verifyBundle,
} from './bundle';
export {
  type BatchLogs,
  type EarlyStoppingOptions,
  EarlyStoppingTracker,
  type EpochLogs,
  type MonitoredMetric,
  type TrainingCallbacks,
} from './callbacks';
export {
  batchTensor,
  checkLabelledSequences,
  type FeatureSequence,
  type LabelledSequences,
  type LengthPolicy,
  sequenceFromMatrix,
  sequenceFromVector,
} from './data';
export {
  BackendError,
  BundleError,
  type BundleProblem,
  ModelConfigError,
  TrainingDataError,
} from './errors';
export { OrthogonalInitializer, type OrthogonalInitializerArgs } from './initializers';
export { describeModel, type ModelSpec } from './input-spec';
export type { JsonObject, JsonValue } from './json';
export { convertKerasTopology, modelFromKeras } from './keras';
export { adam, FusedAdam } from './kernels/adam';
export {
  registerSimdBackend,
  SIMD_BACKEND,
  SimdBackend,
  type SimdBackendOptions,
} from './kernels/backend';
export { KernelError, type KernelProblem } from './kernels/errors';
export { FastGRU, gru, registerFastGruLayer } from './kernels/gru-layer';
export { FastLSTM, lstm, registerFastLstmLayer } from './kernels/lstm-layer';
export { WasmKernels } from './kernels/runtime';
export { AttentionPooling, type AttentionPoolingArgs } from './layers/attention-pooling';
export { StatisticsPooling, type StatisticsPoolingArgs } from './layers/statistics-pooling';
export type { PooledStatistics } from './layers/weighted-statistics';
export {
  type ClassificationMetrics,
  type ClassMetrics,
  type ConfusionMatrix,
  classificationMetrics,
  confusionMatrix,
} from './metrics';
export {
  fitNormalizer,
  type Normalizer,
  normalizeBySpeaker,
  normalizeSequence,
} from './normalize';
export { confusionMatrixSvg, type PlotOptions, trainingCurvesSvg } from './plots';
export { evaluateModel, type PredictOptions, predictProbabilities } from './predict';
export {
  getPreset,
  MFCC_STATISTICS_FEATURES,
  MODEL_PRESETS,
  type ModelPreset,
  type PresetInput,
  type PresetName,
  SEED_TRAINING,
  STATISTICS_MLP_TRAINING,
} from './presets';
export { createRandom, normalRandom, type Random } from './random';
export { type ReportContext, reportToJson, reportToMarkdown } from './report';
export {
  cosineDecay,
  type LearningRateSchedule,
  oneCycle,
  stepDecay,
  type TrainingProgress,
} from './schedules';
export { registerSerializables, SERIALIZABLE_CLASSES } from './serializables';
export { type BackendName, tf, tfl, type UseBackendOptions, useBackend } from './tf';
export {
  balancedClassWeights,
  createOptimizer,
  type OptimizerConfig,
  type TrainingHistory,
  type TrainingResult,
  type TrainOptions,
  train,
} from './train';
