/**
 * @ser/features: a librosa-compatible audio front end in TypeScript — WAV decoding,
 * `loadAudio` with `librosa.load` semantics, soxr-HQ resampling, STFT, mel, MFCC, deltas,
 * frame features, streaming extraction and the serialisable feature pipeline. Mel spectrograms
 * and resampling run on WebAssembly SIMD kernels where the engine supports them, else in pure
 * TypeScript (see `setFeatureBackend`). Browser-safe; file access lives in `@ser/features/node`.
 *
 * @packageDocumentation
 */

export { type FeatureBackend, featureBackend, setFeatureBackend } from './backend';
export { type PowerToDbOptions, powerToDb } from './db';
export { type DctBasis, type DctNorm, dct, dctBasis } from './dct';
export { type DeltaMode, type DeltaOptions, delta } from './delta';
export { AudioFormatError, type AudioFormatProblem, FeatureParameterError } from './errors';
export { RealFft, realFftPlan } from './fft';
export {
  type FramingOptions,
  rms,
  type ZeroCrossingRateOptions,
  zeroCrossingRate,
} from './frame-features';
export {
  type AudioInput,
  type AudioSignal,
  type LoadAudioOptions,
  loadAudio,
  type MultichannelAudioSignal,
  type SampledAudio,
} from './load';
export { type LogMelSpectrogramOptions, logMelSpectrogram } from './log-mel';
export { createMatrix, isMatrix, type Matrix, rowMeans } from './matrix';
export {
  denseMelFilterBank,
  fftFrequencies,
  hzToMel,
  type MelFilterBank,
  type MelFilterBankOptions,
  type MelFrequenciesOptions,
  type MelScaleOptions,
  melFilterBank,
  melFrequencies,
  melToHz,
} from './mel';
export { type MelSpectrogramOptions, melspectrogram } from './melspectrogram';
export { type MfccOptions, mfcc } from './mfcc';
export type { PadMode } from './pad';
export {
  computeFeatures,
  FEATURE_ALGORITHM_VERSION,
  type FeatureConfig,
  type FeatureConfigInput,
  type FeatureKind,
  type FeatureTensor,
  featureConfigKey,
  featureShape,
  type LoadConfig,
  type LogMelSequenceConfig,
  type MfccMeanConfig,
  type MfccSequenceConfig,
  type MfccStatisticsConfig,
  type PartialFeatureConfig,
  resolveFeatureConfig,
  type SpectralConfig,
} from './pipeline';
export { seedFeatureConfig, seedFeatures } from './presets';
export {
  type ResampleOptions,
  Resampler,
  type ResamplerProcessOptions,
  resample,
} from './resample';
export {
  type ComplexSpectrogram,
  type PowerSpectrogramOptions,
  powerSpectrogram,
  type StftOptions,
  stft,
} from './stft';
export {
  StreamingExtractor,
  StreamingMfcc,
  type StreamingMfccOptions,
  StreamingSpectrogram,
} from './stream';
export {
  type DecodedWav,
  type DecodeWavOptions,
  decodeWav,
  readWavInfo,
  toMono,
  type WavEncoding,
  type WavInfo,
} from './wav';
export { type EncodeWavOptions, encodeWav, type WavSampleFormat } from './wav-encode';
export { hannWindow, padCenter, stftWindow, type WindowSpec } from './window';
