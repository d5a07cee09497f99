/**
 * @ser/runtime: speech emotion recognition in Node and browsers. Load a model bundle, let the
 * runtime pick the fastest backend, and ask what emotion is in a clip, a buffer or a live
 * stream; features are computed exactly as the bundle's training computed them.
 * Node-only loaders (bundle directories, file paths, PCM streams) are in `@ser/runtime/node`.
 *
 * @packageDocumentation
 */
export {
  BACKEND_ORDER,
  type BackendChoice,
  type BackendOptions,
  type BackendSelection,
  isNode,
  type RuntimeBackend,
  selectBackend,
} from './backend';
export {
  listenToMicrophone,
  type MicrophoneOptions,
  type MicrophoneSession,
} from './browser/microphone';
export {
  addCaptureWorklet,
  CAPTURE_PROCESSOR_NAME,
  CAPTURE_PROCESSOR_SOURCE,
} from './browser/worklet';
export { RecognizerError, type RecognizerProblem } from './errors';
export {
  type AudioBufferLike,
  fetchInput,
  type InputReader,
  isAudioBufferLike,
  type PredictInput,
} from './predict-input';
export {
  type BundleSource,
  EmotionRecognizer,
  type NoSpeechPrediction,
  type Prediction,
  type PredictOptions,
  type RankedLabel,
  type RecognizerOptions,
  type SpeechPrediction,
  type Timings,
} from './recognizer';
export { activeLevelDb, DEFAULT_SILENCE_THRESHOLD_DB, isSpeech, levelDb } from './silence';
export { DEFAULT_SMOOTHING, ScoreSmoother, type Smoothing } from './smoothing';
export {
  EmotionStream,
  type StreamOptions,
  type StreamPrediction,
  type WindowSpan,
} from './stream';
