/**
 * `ser evaluate`: a saved model's accuracy, UAR, macro-F1 and confusion matrix on a corpus folder.
 */
import type { CorpusName } from '@ser/dataset';
import { loadCorpus } from '@ser/dataset/node';
import { evaluateModel, reportToMarkdown } from '@ser/model';
import { loadBundle } from '@ser/model/node';
import { CliError } from '../errors';
import { extractSequences } from '../features';
import type { CliIo } from '../io';

/**
 * Options of {@link evaluateCommand}.
 *
 * @example
 * ```ts
 * const options: EvaluateOptions = { model: 'models/ravdess', data: '/data/ravdess', corpus: 'auto', json: true, cacheDir: null };
 * ```
 */
export interface EvaluateOptions {
  /** The model bundle folder. */
  readonly model: string;
  /** The corpus folder. */
  readonly data: string;
  /** Corpus, or `'auto'`. */
  readonly corpus: CorpusName | 'auto';
  /** Print `{ n, labels, accuracy, uar, macroF1, confusion }` as one JSON object. */
  readonly json: boolean;
  /** Feature cache folder, or `null`. */
  readonly cacheDir: string | null;
  /** Feature extraction threads (default all cores). */
  readonly workers?: number;
}

/**
 * Evaluates the bundle on every utterance of the folder whose emotion the model knows; others
 * are counted on stderr and left out.
 *
 * @example
 * ```ts
 * await evaluateCommand({ model: 'models/ravdess', data: '/data/ravdess', corpus: 'auto', json: true, cacheDir: null }, io);
 * ```
 */
export async function evaluateCommand(options: EvaluateOptions, io: CliIo): Promise<number> {
  const { model, metadata } = await loadBundle(options.model);
  const index = await loadCorpus(options.data, { corpus: options.corpus, onBadName: 'skip' });
  const labels = metadata.labels;
  const known = index.utterances.filter((u) => labels.includes(u.emotion));
  const unknown = index.utterances.length - known.length;
  if (known.length === 0) {
    throw new CliError(
      `no utterance has one of the model's emotions (${labels.join(', ')})`,
      index.root,
    );
  }
  if (unknown > 0) {
    io.stderr(`ser: left out ${unknown} utterances whose emotion the model does not know\n`);
  }
  const extracted = await extractSequences(known, {
    config: metadata.features,
    cacheDir: options.cacheDir,
    io,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
  });
  for (const failure of extracted.failed) io.stderr(`ser: skipped ${failure.message}\n`);
  if (extracted.items.length === 0) {
    throw new CliError('no file could be read', index.root);
  }
  const metrics = evaluateModel(
    model,
    { examples: extracted.examples, labels: extracted.items.map((u) => labels.indexOf(u.emotion)) },
    labels,
    { normalizer: metadata.normalization },
  );
  if (options.json) {
    io.stdout(
      `${JSON.stringify({
        n: metrics.count,
        labels,
        accuracy: metrics.accuracy,
        uar: metrics.uar,
        macroF1: metrics.macroF1,
        confusion: metrics.confusion.matrix,
      })}\n`,
    );
  } else {
    io.stdout(
      reportToMarkdown(metrics, {
        title: `Evaluation of ${options.model}`,
        details: { corpus: index.corpus, data: index.root },
      }),
    );
  }
  return extracted.failed.length > 0 ? 1 : 0;
}
