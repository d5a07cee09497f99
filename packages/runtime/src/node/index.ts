/**
 * Node-only part of @ser/runtime: recognizers from bundle directories (string inputs are file
 * paths), the bundle shipped in the package, and async-iterator adapters for PCM streams.
 *
 * @packageDocumentation
 */

export { RecognizerError, type RecognizerProblem } from '../errors';
export {
  DEFAULT_MODEL_NAME,
  defaultModelDirectory,
  loadDefaultRecognizer,
  loadRecognizer,
} from './load';
export { type PcmChunk, type PcmFormat, pcmChunks, recognizeStream } from './stream';
