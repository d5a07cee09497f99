/**
 * Node-only part of @ser/features: loading audio files from disk with `librosa.load`
 * semantics, reading only the bytes of the requested span. The error classes are re-exported
 * here so that Node code can import everything it catches from one place.
 *
 * @packageDocumentation
 */

export { AudioFormatError, type AudioFormatProblem, FeatureParameterError } from '../errors';
export { type LoadAudioFileOptions, loadAudioFile } from './load-file';
