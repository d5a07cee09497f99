/**
 * Extracting the features of one file, with the cache: the unit of work that `extractFeatures`
 * runs in worker threads (or in the calling thread with `workers: 0`).
 */
import { readFile } from 'node:fs/promises';
import {
  AudioFormatError,
  computeFeatures,
  type FeatureConfig,
  FeatureParameterError,
  type FeatureTensor,
} from '@ser/features';
import { DatasetError } from '../errors';
import { readCachedFeatures, writeCachedFeatures } from './cache';
import { sha256Bytes } from './hash';

/** What a worker is started with. @internal */
export interface WorkerSetup {
  readonly config: FeatureConfig;
  /** The cache folder of this configuration, or `undefined` for no cache. */
  readonly cacheFolder: string | undefined;
}

/** One file to extract. @internal */
export interface WorkerTask {
  readonly index: number;
  readonly path: string;
}

/** The features of one file, or why there are none. @internal */
export type FileOutcome =
  | {
      readonly kind: 'features';
      readonly contentHash: string;
      readonly cached: boolean;
      readonly features: FeatureTensor;
    }
  | {
      readonly kind: 'failed';
      /** `unreadable-file`, or the `AudioFormatError` problem (`not-riff`, `truncated`, …), or `bad-parameter`. */
      readonly code: string;
      readonly message: string;
    };

/** What a worker sends back for a task: its outcome, or a problem that must stop the run. @internal */
export type WorkerReply =
  | { readonly kind: 'outcome'; readonly index: number; readonly outcome: FileOutcome }
  | {
      readonly kind: 'fatal';
      readonly index: number;
      readonly code: string;
      readonly message: string;
    };

/**
 * Reads a file, looks its content up in the cache, and computes (and caches) its features when
 * they are not there. A file that cannot be read or decoded gives a `failed` outcome; a cache
 * that cannot be read or written throws (it would fail for every file).
 *
 * @internal
 */
export async function extractFile(path: string, setup: WorkerSetup): Promise<FileOutcome> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return {
      kind: 'failed',
      code: 'unreadable-file',
      message: `${path}: cannot read: ${(error as Error).message}`,
    };
  }
  const contentHash = sha256Bytes(bytes);
  const { cacheFolder } = setup;
  if (cacheFolder !== undefined) {
    const cached = await readCachedFeatures(cacheFolder, contentHash);
    if (cached !== undefined)
      return { kind: 'features', contentHash, cached: true, features: cached };
  }
  let features: FeatureTensor;
  try {
    features = computeFeatures(bytes, setup.config, path);
  } catch (error) {
    if (error instanceof AudioFormatError)
      return { kind: 'failed', code: error.problem, message: error.message };
    if (error instanceof FeatureParameterError) {
      return { kind: 'failed', code: 'bad-parameter', message: `${path}: ${error.message}` };
    }
    throw error;
  }
  if (cacheFolder !== undefined) await writeCachedFeatures(cacheFolder, contentHash, features);
  return { kind: 'features', contentHash, cached: false, features };
}

/** The reply to a task: never throws; errors that must stop the run become `fatal`. @internal */
export async function replyTo(task: WorkerTask, setup: WorkerSetup): Promise<WorkerReply> {
  try {
    return { kind: 'outcome', index: task.index, outcome: await extractFile(task.path, setup) };
  } catch (error) {
    if (error instanceof DatasetError)
      return { kind: 'fatal', index: task.index, code: error.code, message: error.message };
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      kind: 'fatal',
      index: task.index,
      code: 'worker-failed',
      message: `${task.path}: ${detail}`,
    };
  }
}
