/**
 * Utterances → model inputs: cached, parallel feature extraction with a progress bar, and the
 * conversion of feature tensors into the model's frame sequences.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Utterance } from '@ser/dataset';
import { collectFeatures, type FailedFile } from '@ser/dataset/node';
import type { FeatureConfig, FeatureTensor } from '@ser/features';
import type { FeatureSequence } from '@ser/model';
import type { CliIo } from './io';
import { progressBar } from './progress';

/**
 * The feature cache used when `--cache` is not given: `$XDG_CACHE_HOME/ser/features`, or
 * `~/.cache/ser/features`.
 *
 * @example
 * ```ts
 * defaultCacheDir({}); // '/home/me/.cache/ser/features'
 * ```
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(base, 'ser', 'features');
}

/**
 * A feature tensor (`[frames, coefficients]`, or `[40, 1]` for the seed's mean MFCCs) as the
 * model's time-major sequence.
 *
 * @example
 * ```ts
 * const example = toSequence({ shape: [40, 1], data }); // frames 40, coefficients 1
 * ```
 */
export function toSequence(tensor: FeatureTensor): FeatureSequence {
  const [frames = 0, coefficients = 1] = tensor.shape;
  return { frames, coefficients, data: tensor.data };
}

/**
 * How {@link extractSequences} runs.
 *
 * @example
 * ```ts
 * const options: ExtractSequencesOptions = { config: seedFeatureConfig, cacheDir: null, io };
 * ```
 */
export interface ExtractSequencesOptions {
  /** The features to compute. */
  readonly config: FeatureConfig;
  /** Cache folder, or `null` for none. */
  readonly cacheDir: string | null;
  /** Worker threads (`0`: in this thread); default all cores. */
  readonly workers?: number;
  /** Where the progress bar goes. */
  readonly io: CliIo;
}

/**
 * Computes (or reads from the cache) the features of every utterance, in order. Files that fail
 * are left out and returned with their error.
 *
 * @example
 * ```ts
 * const { items, examples, failed } = await extractSequences(index.utterances, { config, cacheDir, io });
 * ```
 */
export async function extractSequences<T extends Utterance>(
  utterances: readonly T[],
  options: ExtractSequencesOptions,
): Promise<{ items: T[]; examples: FeatureSequence[]; failed: readonly FailedFile[] }> {
  const bar = progressBar(options.io, 'features');
  try {
    const { rows, report } = await collectFeatures(utterances, {
      config: options.config,
      ...(options.cacheDir === null ? {} : { cacheDir: options.cacheDir }),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      onProgress: (p) => bar.update(p.done, p.total),
    });
    return {
      items: rows.map((row) => row.item),
      examples: rows.map((row) => toSequence(row.features)),
      failed: report.failed,
    };
  } finally {
    bar.stop();
  }
}
