import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureTensor } from '@ser/features';
import { DatasetError } from '../errors';
import { writeFileAtomic } from './atomic';

/**
 * Version of the cache layout and entry format; part of every cache folder's name, so a change
 * here starts a fresh cache instead of misreading old entries.
 */
const CACHE_FORMAT = 1;
/** `SERF` read as a little-endian u32. */
const MAGIC = 0x46524553;
/** Magic, format, rank; then one u32 per dimension, then the float32 data (little-endian). */
const FIXED_HEADER_BYTES = 12;

/**
 * The folder of a feature cache that holds the entries of one feature configuration: a name
 * derived from the configuration key (and the cache format), so a changed setting never reads
 * entries computed with another.
 *
 * @example
 * ```ts
 * featureCacheFolder('/tmp/ser-cache', featureConfigKey(seedFeatureConfig)); // '/tmp/ser-cache/3f9a…'
 * ```
 */
export function featureCacheFolder(cacheDir: string, configKey: string): string {
  const digest = createHash('sha256')
    .update(`ser-feature-cache/${CACHE_FORMAT}\n${configKey}`)
    .digest('hex');
  return join(cacheDir, digest.slice(0, 20));
}

/**
 * Creates a cache folder for a configuration (if needed) and records the configuration key in
 * it (`config.txt`), so a person can tell folders apart.
 *
 * @throws {@link DatasetError} `cache-error` naming the folder when it cannot be created.
 * @example
 * ```ts
 * const folder = await prepareFeatureCache('/tmp/ser-cache', featureConfigKey(config));
 * ```
 */
export async function prepareFeatureCache(cacheDir: string, configKey: string): Promise<string> {
  const folder = featureCacheFolder(cacheDir, configKey);
  try {
    await mkdir(folder, { recursive: true });
    await writeFileAtomic(join(folder, 'config.txt'), `${configKey}\n`);
  } catch (error) {
    throw new DatasetError(
      'cache-error',
      `cannot create the feature cache: ${(error as Error).message}`,
      folder,
      { cause: error },
    );
  }
  return folder;
}

/**
 * Where the entry of a content hash lives in a cache folder.
 *
 * @example
 * ```ts
 * cachedFeaturesPath(folder, 'e5ec01b9…'); // `${folder}/e5/e5ec01b9….f32`
 * ```
 */
export function cachedFeaturesPath(folder: string, contentHash: string): string {
  return join(folder, contentHash.slice(0, 2), `${contentHash}.f32`);
}

/**
 * The cached features of a file's content, or `undefined` when there is no entry, or one that is
 * not a whole, valid entry (then it is recomputed and overwritten).
 *
 * @throws {@link DatasetError} `cache-error` when the entry exists but cannot be read.
 * @example
 * ```ts
 * const features = await readCachedFeatures(folder, await sha256File(path));
 * ```
 */
export async function readCachedFeatures(
  folder: string,
  contentHash: string,
): Promise<FeatureTensor | undefined> {
  const path = cachedFeaturesPath(folder, contentHash);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DatasetError(
      'cache-error',
      `cannot read cache entry: ${(error as Error).message}`,
      path,
      {
        cause: error,
      },
    );
  }
  if (bytes.length < FIXED_HEADER_BYTES) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== CACHE_FORMAT)
    return undefined;
  const rank = view.getUint32(8, true);
  const dataOffset = FIXED_HEADER_BYTES + 4 * rank;
  if (bytes.length < dataOffset) return undefined;
  const shape = Array.from({ length: rank }, (_, d) =>
    view.getUint32(FIXED_HEADER_BYTES + 4 * d, true),
  );
  const size = shape.reduce((product, n) => product * n, 1);
  if (bytes.length !== dataOffset + 4 * size) return undefined;
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = view.getFloat32(dataOffset + 4 * i, true);
  return { shape, data };
}

/**
 * Stores the features of a file's content in the cache, atomically (a run killed midway leaves
 * either no entry or a whole one).
 *
 * @throws {@link DatasetError} `cache-error` when the entry cannot be written.
 * @example
 * ```ts
 * await writeCachedFeatures(folder, contentHash, features);
 * ```
 */
export async function writeCachedFeatures(
  folder: string,
  contentHash: string,
  features: FeatureTensor,
): Promise<void> {
  const path = cachedFeaturesPath(folder, contentHash);
  const dataOffset = FIXED_HEADER_BYTES + 4 * features.shape.length;
  const bytes = new Uint8Array(dataOffset + 4 * features.data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, CACHE_FORMAT, true);
  view.setUint32(8, features.shape.length, true);
  features.shape.forEach((n, d) => {
    view.setUint32(FIXED_HEADER_BYTES + 4 * d, n, true);
  });
  for (let i = 0; i < features.data.length; i++) {
    view.setFloat32(dataOffset + 4 * i, features.data[i]!, true);
  }
  try {
    await mkdir(join(folder, contentHash.slice(0, 2)), { recursive: true });
    await writeFileAtomic(path, bytes);
  } catch (error) {
    throw new DatasetError(
      'cache-error',
      `cannot write cache entry: ${(error as Error).message}`,
      path,
      {
        cause: error,
      },
    );
  }
}
