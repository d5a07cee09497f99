/**
 * Node-only part of @ser/dataset: scanning corpus folders, manifests and integrity checks on
 * disk, content grouping, and cached feature extraction over all cores.
 *
 * @packageDocumentation
 */

export { DatasetError, type DatasetErrorCode } from '../errors';
export {
  cachedFeaturesPath,
  featureCacheFolder,
  prepareFeatureCache,
  readCachedFeatures,
  writeCachedFeatures,
} from './cache';
export { type ContentGroupOptions, type ContentGroups, findContentGroups } from './content-groups';
export {
  collectFeatures,
  type ExtractedFile,
  type ExtractionReport,
  type ExtractOptions,
  type ExtractProgress,
  extractFeatures,
  type FailedFile,
} from './extract';
export { sha256Bytes, sha256File } from './hash';
export {
  createManifest,
  readManifest,
  type VerifyOptions,
  verifyCorpus,
  writeManifest,
} from './manifest';
export { listFiles, loadCorpus } from './scan';
