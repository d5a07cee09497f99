/**
 * The work behind `ser train`: corpus → split → cached features → training → evaluation on the
 * held-out part → one folder with the model bundle and its report.
 */
import { type CorpusName, emotionClasses } from '@ser/dataset';
import { loadCorpus } from '@ser/dataset/node';
import {
  type ClassificationMetrics,
  describeModel,
  encodeBundle,
  evaluateModel,
  type FeatureSequence,
  type TrainingResult,
  tf,
  train,
  trainingProvenance,
} from '@ser/model';
import { writeDirectoryAtomically } from '@ser/model/node';
import { CliError } from './errors';
import { extractSequences } from './features';
import type { CliIo } from './io';
import { progressBar } from './progress';
import { getRecipe } from './recipes';
import { reportFiles } from './report';
import { type SplitKind, splitUtterances } from './split';

/**
 * Options of {@link trainAndEvaluate}.
 *
 * @example
 * ```ts
 * const options: TrainRunOptions = {
 *   data: '/data/ravdess', corpus: 'auto', model: 'mfcc-statistics', split: 'speaker',
 *   out: 'models/ravdess', seed: 1, cacheDir: null, overwrite: false,
 * };
 * ```
 */
export interface TrainRunOptions {
  /** Corpus folder. */
  readonly data: string;
  /** Corpus, or `'auto'`. */
  readonly corpus: CorpusName | 'auto';
  /** Model recipe name (see `RECIPES`). */
  readonly model: string;
  /** How to hold out the test part. */
  readonly split: SplitKind;
  /** Speakers to hold out with the speaker split. */
  readonly testSpeakers?: readonly string[];
  /** Epochs (default: the recipe's). */
  readonly epochs?: number;
  /** Batch size (default: the recipe's). */
  readonly batchSize?: number;
  /** Seed of the split, initialisation and shuffling. */
  readonly seed: number;
  /** Output folder of the bundle and report. */
  readonly out: string;
  /** Feature cache folder, or `null`. */
  readonly cacheDir: string | null;
  /** Feature extraction threads (default all cores). */
  readonly workers?: number;
  /** Replace an existing output folder. */
  readonly overwrite: boolean;
}

/**
 * What a training run produced.
 *
 * @example
 * ```ts
 * const { metrics, seconds } = await trainAndEvaluate(options, io);
 * ```
 */
export interface TrainRunResult {
  /** Metrics on the held-out part. */
  readonly metrics: ClassificationMetrics;
  /** The training history and normalizer. */
  readonly training: TrainingResult;
  /** The split, in words. */
  readonly split: string;
  /** Utterances trained and tested on. */
  readonly examples: { readonly train: number; readonly test: number };
  /** Seconds spent training (without feature extraction). */
  readonly trainingSeconds: number;
  /** The folder written. */
  readonly out: string;
}

function labelled(
  items: readonly { path: string; emotion: string }[],
  byPath: ReadonlyMap<string, FeatureSequence>,
  labels: readonly string[],
) {
  const present = items.filter((u) => byPath.has(u.path));
  return {
    examples: present.map((u) => byPath.get(u.path)!),
    labels: present.map((u) => labels.indexOf(u.emotion)),
  };
}

/**
 * Trains the recipe `options.model` on `options.data`, evaluates it on the held-out part and
 * writes bundle + report into `options.out` atomically.
 *
 * @example
 * ```ts
 * const { metrics } = await trainAndEvaluate({ ...options, epochs: 2 }, io);
 * console.log(metrics.accuracy, metrics.uar);
 * ```
 */
export async function trainAndEvaluate(
  options: TrainRunOptions,
  io: CliIo,
): Promise<TrainRunResult> {
  const recipe = getRecipe(options.model);
  const index = await loadCorpus(options.data, { corpus: options.corpus, onBadName: 'skip' });
  const split = await splitUtterances(index.utterances, {
    kind: options.split,
    seed: options.seed,
    ...(options.testSpeakers === undefined ? {} : { testSpeakers: options.testSpeakers }),
  });
  const extracted = await extractSequences(index.utterances, {
    config: recipe.features,
    cacheDir: options.cacheDir,
    io,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
  });
  for (const failure of extracted.failed) io.stderr(`ser: skipped ${failure.message}\n`);
  const byPath = new Map(extracted.items.map((u, i) => [u.path, extracted.examples[i]!]));
  const labels = emotionClasses(index.utterances);
  const trainSet = labelled(split.train, byPath, labels);
  const testSet = labelled(split.test, byPath, labels);
  if (trainSet.examples.length === 0 || testSet.examples.length === 0) {
    throw new CliError(
      `cannot train: ${trainSet.examples.length} training and ${testSet.examples.length} test utterances have features`,
      index.root,
    );
  }
  const model = recipe.build({ numClasses: labels.length, seed: options.seed });
  const epochs = options.epochs ?? recipe.training.epochs ?? 1;
  const batchSize = options.batchSize ?? recipe.training.batchSize ?? 32;
  const batchesPerEpoch = Math.ceil(trainSet.examples.length / batchSize);
  const bar = progressBar(io, 'training');
  const started = performance.now();
  const {
    earlyStopping: _notOnTestData,
    validationSplit: _replaced,
    ...defaults
  } = recipe.training;
  let result: TrainingResult;
  try {
    result = await train(model, trainSet, {
      ...defaults,
      epochs,
      batchSize,
      seed: options.seed,
      // The held-out part is evaluated after every epoch for the curves only: nothing is chosen on it.
      validation: testSet,
      callbacks: {
        onBatchEnd: (batch, logs) =>
          bar.update(batch + 1, batchesPerEpoch, `loss ${logs.loss.toFixed(3)}`),
        onEpochEnd: (epoch, logs) => {
          if (!io.interactive) return;
          io.stderr(
            `\nepoch ${epoch + 1}/${epochs}: loss ${logs.loss.toFixed(3)}, test accuracy ${logs.val_accuracy?.toFixed(3)}\n`,
          );
        },
      },
    });
  } finally {
    bar.stop();
  }
  const trainingSeconds = (performance.now() - started) / 1000;
  const metrics = evaluateModel(model, testSet, labels, { normalizer: result.normalizer });
  const spec = describeModel(model);
  const details = {
    corpus: index.corpus,
    data: index.root,
    model: recipe.name,
    split: split.description,
    'training utterances': trainSet.examples.length,
    'test utterances': testSet.examples.length,
    epochs: result.history.epoch.length,
    'batch size': batchSize,
    seed: options.seed,
    backend: tf.getBackend(),
    'training seconds': Math.round(trainingSeconds),
  };
  const files = await encodeBundle(model, {
    labels,
    features: recipe.features,
    input: { frames: spec.frames, coefficients: spec.coefficients },
    normalization: result.normalizer,
    training: trainingProvenance(result, {
      preset: recipe.preset,
      seed: options.seed,
      backend: tf.getBackend(),
      data: {
        corpus: index.corpus,
        split: split.description,
        test: { accuracy: metrics.accuracy, uar: metrics.uar, macroF1: metrics.macroF1 },
      },
      notes: `ser train --model ${recipe.name} --split ${options.split}`,
    }),
  });
  const samples = split.test.length > 0 ? split.test : split.train;
  for (const [name, bytes] of await reportFiles({ metrics, result, details, samples })) {
    files.set(name, bytes);
  }
  await writeDirectoryAtomically(options.out, files, { overwrite: options.overwrite });
  return {
    metrics,
    training: result,
    split: split.description,
    examples: { train: trainSet.examples.length, test: testSet.examples.length },
    trainingSeconds,
    out: options.out,
  };
}
