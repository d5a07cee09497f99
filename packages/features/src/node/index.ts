/**
 * Node-only part of @ser/features: loading audio files from disk with `librosa.load`
 * semantics, reading only the bytes of the requested span.
 *
 * @packageDocumentation
 */
export { type LoadAudioFileOptions, loadAudioFile } from './load-file';
