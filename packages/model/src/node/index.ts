/**
 * Node-only part of @ser/model: model bundles on the file system (no tfjs-node needed) and
 * Keras model import.
 *
 * @packageDocumentation
 */
export { type AtomicWriteOptions, writeDirectoryAtomically } from './atomic';
export { fileSystemHandler, importKerasModel, loadBundle, saveBundle } from './io';
export { type NodeSimdBackendOptions, useSimdBackend } from './kernels/simd-backend';
