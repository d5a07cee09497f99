/**
 * The trainer: a small custom loop over tfjs-layers models rather than `model.fit`, because
 * fit cannot do what SER training needs here — seeded shuffling (fit shuffles with
 * `Math.random`), per-batch augmentation and per-batch padding of variable-length examples
 * (fit takes one pre-padded tensor; `fitDataset` needs tfjs-data, not installed), early stopping
 * that restores the best weights (tfjs's `earlyStopping` cannot), per-batch learning-rate
 * schedules and gradient clipping. Each batch: augment raw examples → normalise → pad/crop into
 * a tensor → forward with `training: true` → weighted cross-entropy → gradients → optimizer.
 * Every tensor of a batch is released before the next, so `tf.memory().numTensors` stays flat.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Augmentation } from './augment';
import type { BatchLogs, EarlyStoppingOptions, EpochLogs, TrainingCallbacks } from './callbacks';
import { EarlyStoppingTracker } from './callbacks';
import {
  batchTensor,
  checkLabelledSequences,
  type FeatureSequence,
  type LabelledSequences,
} from './data';
import { ModelConfigError } from './errors';
import { describeModel, type ModelSpec } from './input-spec';
import { adam } from './kernels/adam';
import { crossEntropySum, oneHotTargets } from './loss';
import { fitNormalizer, type Normalizer, normalizeSequence } from './normalize';
import { createRandom, type Random, shuffleInPlace } from './random';
import type { LearningRateSchedule } from './schedules';
import { tf } from './tf';

/**
 * The optimizer and its hyper-parameters (tfjs's defaults where omitted, which match Keras's).
 *
 * @example
 * ```ts
 * const optimizer: OptimizerConfig = { name: 'adam', learningRate: 3e-4 };
 * ```
 */
export type OptimizerConfig =
  | {
      readonly name: 'adam';
      /** Default 0.001. */
      readonly learningRate?: number;
      /** Default 0.9. */
      readonly beta1?: number;
      /** Default 0.999. */
      readonly beta2?: number;
      /** Default 1e-7. */
      readonly epsilon?: number;
    }
  | { readonly name: 'sgd'; readonly learningRate?: number; readonly momentum?: number }
  | {
      readonly name: 'rmsprop';
      readonly learningRate?: number;
      readonly rho?: number;
      readonly momentum?: number;
      readonly epsilon?: number;
    };

/**
 * Options of {@link train}. Defaults follow Keras's `fit` where Keras has one.
 *
 * @example
 * ```ts
 * const options: TrainOptions = { epochs: 40, batchSize: 32, validation, seed: 1 };
 * ```
 */
export interface TrainOptions {
  /** Passes over the training data. Default 1 (as Keras). */
  readonly epochs?: number;
  /** Examples per gradient step. Default 32 (as Keras). */
  readonly batchSize?: number;
  /** Optimizer. Default Adam with learning rate 0.001. */
  readonly optimizer?: OptimizerConfig;
  /** Learning rate before every batch; overrides the optimizer's learning rate. */
  readonly learningRateSchedule?: LearningRateSchedule;
  /** Held-out examples evaluated after every epoch (inference mode). */
  readonly validation?: LabelledSequences;
  /**
   * Fraction of `data` held out for validation, taken from the end before any shuffling
   * (Keras's `validation_split`). Ignored when `validation` is given.
   */
  readonly validationSplit?: number;
  /** Shuffle the training examples every epoch. Default true. */
  readonly shuffle?: boolean;
  /** Seed of shuffling, random crops and augmentation. Without it runs differ. */
  readonly seed?: number;
  /**
   * `'per-feature'` (default) fits a {@link Normalizer} on the training part only and applies
   * it to training and validation data; `'none'` trains on raw features (the seed notebook);
   * a given normalizer is applied as is.
   */
  readonly normalization?: 'per-feature' | 'none' | Normalizer;
  /**
   * Loss weight of each class (indexed by class), or `'balanced'`:
   * `n / (numClasses · count(class))`, as scikit-learn's `compute_class_weight`.
   */
  readonly classWeights?: 'balanced' | readonly number[];
  /** Keras's `label_smoothing`. Default 0. */
  readonly labelSmoothing?: number;
  /** Training-time perturbation of each raw example (never applied to validation). */
  readonly augment?: Augmentation;
  /** Where fixed-length models crop longer training examples. Default `'random'`. */
  readonly trainingCrop?: 'random' | 'center';
  /** Early stopping; by default none. */
  readonly earlyStopping?: EarlyStoppingOptions;
  /** Rescale gradients whose global L2 norm exceeds this. */
  readonly clipNorm?: number;
  /** Progress hooks. */
  readonly callbacks?: TrainingCallbacks;
  /**
   * Stops training after the current batch when aborted; the result covers the epochs run (a
   * stopped epoch's metrics cover its finished batches).
   */
  readonly signal?: AbortSignal;
}

/**
 * Per-epoch metrics, Keras's `History.history` plus the epoch numbers and learning rates.
 *
 * @example
 * ```ts
 * const { history } = await train(model, data, options);
 * const bestValAccuracy = Math.max(...history.val_accuracy);
 * ```
 */
export interface TrainingHistory {
  /** Epoch numbers, 0-based. */
  readonly epoch: number[];
  /** Training loss per epoch. */
  readonly loss: number[];
  /** Training accuracy per epoch. */
  readonly accuracy: number[];
  /** Validation loss per epoch (empty without validation data). */
  readonly val_loss: number[];
  /** Validation accuracy per epoch (empty without validation data). */
  readonly val_accuracy: number[];
  /** Learning rate at the end of each epoch. */
  readonly learningRate: number[];
}

/**
 * What {@link train} returns.
 *
 * @example
 * ```ts
 * const { history, normalizer, bestEpoch } = await train(model, data, options);
 * ```
 */
export interface TrainingResult {
  /** Metrics of every epoch run. */
  readonly history: TrainingHistory;
  /** The normalizer fitted on (or given for) the training part, to save with the model. */
  readonly normalizer: Normalizer | null;
  /** Epoch whose weights the model holds after training (best epoch when restored). */
  readonly bestEpoch: number | null;
  /** Whether early stopping (patience exhausted) ended training. */
  readonly stoppedEarly: boolean;
  /** Whether the best epoch's weights were put back. */
  readonly restoredBestWeights: boolean;
  /** Number of training and validation examples used. */
  readonly examples: { readonly training: number; readonly validation: number };
}

/** Resolved settings shared by the epoch loop's helpers. */
interface Run {
  readonly model: LayersModel;
  readonly spec: ModelSpec;
  readonly normalizer: Normalizer | null;
  readonly random: Random;
  readonly labelSmoothing: number;
  readonly classWeights: readonly number[] | null;
}

/**
 * Trains `model` in place on `data` and returns the history and the fitted normalizer.
 * Labels are class indices; the model must end in a softmax over `numClasses` units.
 *
 * @example
 * ```ts
 * const model = buildSeedModel({ numClasses: 7, seed: 1 });
 * const { history, normalizer } = await train(model, data, {
 *   ...SEED_TRAINING, // 50 epochs, batch 64, Adam 0.001, validationSplit 0.2, no normalisation
 *   seed: 1,
 *   callbacks: { onEpochEnd: (epoch, logs) => console.log(epoch, logs.val_accuracy) },
 * });
 * ```
 */
export async function train(
  model: LayersModel,
  data: LabelledSequences,
  options: TrainOptions = {},
): Promise<TrainingResult> {
  const spec = describeModel(model);
  const epochs = options.epochs ?? 1;
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new ModelConfigError('epochs', `must be a positive integer, got ${epochs}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ModelConfigError('batchSize', `must be a positive integer, got ${batchSize}`);
  }
  const labelSmoothing = options.labelSmoothing ?? 0;
  if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
    throw new ModelConfigError('labelSmoothing', `must be in [0, 1), got ${labelSmoothing}`);
  }
  if (options.clipNorm !== undefined && !(options.clipNorm > 0)) {
    throw new ModelConfigError('clipNorm', `must be > 0, got ${options.clipNorm}`);
  }
  const expected = { numClasses: spec.numClasses, coefficients: spec.coefficients };
  checkLabelledSequences('training', data, expected);
  const [training, validation] = splitValidation(data, options);
  if (validation !== undefined) checkLabelledSequences('validation', validation, expected);

  const normalization = options.normalization ?? 'per-feature';
  const normalizer =
    normalization === 'none'
      ? null
      : normalization === 'per-feature'
        ? fitNormalizer(training.examples)
        : normalization;
  const run: Run = {
    model,
    spec,
    normalizer,
    random: createRandom(options.seed),
    labelSmoothing,
    classWeights: resolveClassWeights(options.classWeights, training.labels, spec.numClasses),
  };
  const normalisedValidation =
    validation === undefined
      ? undefined
      : {
          examples: validation.examples.map((e) =>
            normalizer ? normalizeSequence(e, normalizer) : e,
          ),
          labels: validation.labels,
        };

  const optimizer = createOptimizer(options.optimizer ?? { name: 'adam' });
  const baseLearningRate = learningRateOf(optimizer);
  const monitor = options.earlyStopping?.monitor ?? (validation ? 'val_loss' : 'loss');
  if (options.earlyStopping && monitor.startsWith('val_') && validation === undefined) {
    throw new ModelConfigError(
      'earlyStopping.monitor',
      `${monitor} needs validation data or validationSplit`,
    );
  }
  const tracker = options.earlyStopping
    ? new EarlyStoppingTracker({ ...options.earlyStopping, monitor })
    : null;
  const restoreBest = tracker !== null && options.earlyStopping?.restoreBestWeights !== false;
  let bestWeights: Float32Array[] | null = null;
  const history: TrainingHistory = {
    epoch: [],
    loss: [],
    accuracy: [],
    val_loss: [],
    val_accuracy: [],
    learningRate: [],
  };
  const callbacks = options.callbacks ?? {};
  const order = training.examples.map((_, i) => i);
  const batchesPerEpoch = Math.ceil(order.length / batchSize);
  let stoppedEarly = false;
  let stopRequested = (await callbacks.onTrainBegin?.()) === 'stop';

  try {
    for (let epoch = 0; epoch < epochs && !stopRequested; epoch++) {
      if ((await callbacks.onEpochBegin?.(epoch)) === 'stop') break;
      if (options.shuffle !== false) shuffleInPlace(order, run.random);
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      let learningRate = baseLearningRate;
      for (let batch = 0; batch < batchesPerEpoch; batch++) {
        if (options.signal?.aborted) {
          stopRequested = true;
          break;
        }
        if (options.learningRateSchedule) {
          learningRate = options.learningRateSchedule({ epoch, batch, batchesPerEpoch, epochs });
          setLearningRate(optimizer, learningRate);
        }
        const indices = order.slice(batch * batchSize, (batch + 1) * batchSize);
        const result = trainBatch(run, optimizer, training, indices, options, options.clipNorm);
        lossSum += result.lossSum;
        correct += result.correct;
        seen += indices.length;
        const logs: BatchLogs = {
          loss: result.lossSum / indices.length,
          accuracy: result.correct / indices.length,
          size: indices.length,
          learningRate,
        };
        if ((await callbacks.onBatchEnd?.(batch, logs, epoch)) === 'stop') {
          stopRequested = true;
          break;
        }
      }
      if (seen === 0) break; // aborted before the epoch's first batch
      const logs: EpochLogs = {
        loss: lossSum / seen,
        accuracy: correct / seen,
        ...(normalisedValidation ? evaluateLoss(run, normalisedValidation, batchSize) : {}),
        learningRate,
      };
      history.epoch.push(epoch);
      history.loss.push(logs.loss);
      history.accuracy.push(logs.accuracy);
      if (logs.val_loss !== undefined) history.val_loss.push(logs.val_loss);
      if (logs.val_accuracy !== undefined) history.val_accuracy.push(logs.val_accuracy);
      history.learningRate.push(learningRate);
      if (tracker) {
        const { improved, stop } = tracker.update(epoch, logs);
        if (improved && restoreBest) bestWeights = snapshotWeights(model);
        if (stop) {
          stoppedEarly = true;
          stopRequested = true;
        }
      }
      if ((await callbacks.onEpochEnd?.(epoch, logs)) === 'stop') stopRequested = true;
    }
  } finally {
    optimizer.dispose();
  }
  let restoredBestWeights = false;
  if (bestWeights !== null && tracker !== null && tracker.bestEpoch !== history.epoch.at(-1)) {
    restoreWeights(model, bestWeights);
    restoredBestWeights = true;
  }
  await callbacks.onTrainEnd?.();
  return {
    history,
    normalizer,
    bestEpoch: restoredBestWeights ? tracker!.bestEpoch : (history.epoch.at(-1) ?? null),
    stoppedEarly,
    restoredBestWeights,
    examples: { training: training.examples.length, validation: validation?.examples.length ?? 0 },
  };
}

function splitValidation(
  data: LabelledSequences,
  options: TrainOptions,
): [LabelledSequences, LabelledSequences | undefined] {
  if (options.validation !== undefined) return [data, options.validation];
  const fraction = options.validationSplit ?? 0;
  if (!(fraction >= 0 && fraction < 1)) {
    throw new ModelConfigError('validationSplit', `must be in [0, 1), got ${fraction}`);
  }
  if (fraction === 0) return [data, undefined];
  // Keras: split_at = int(n * (1 - validation_split)); the tail is validation.
  const splitAt = Math.floor(data.examples.length * (1 - fraction));
  if (splitAt === 0 || splitAt === data.examples.length) {
    throw new ModelConfigError(
      'validationSplit',
      `${fraction} of ${data.examples.length} examples leaves one side empty`,
    );
  }
  return [
    { examples: data.examples.slice(0, splitAt), labels: data.labels.slice(0, splitAt) },
    { examples: data.examples.slice(splitAt), labels: data.labels.slice(splitAt) },
  ];
}

function resolveClassWeights(
  setting: TrainOptions['classWeights'],
  labels: readonly number[],
  numClasses: number,
): readonly number[] | null {
  if (setting === undefined) return null;
  if (setting === 'balanced') return balancedClassWeights(labels, numClasses);
  if (setting.length !== numClasses || setting.some((w) => !(w >= 0) || !Number.isFinite(w))) {
    throw new ModelConfigError(
      'classWeights',
      `needs ${numClasses} finite weights ≥ 0, got [${setting.join(', ')}]`,
    );
  }
  return setting;
}

/**
 * scikit-learn's `compute_class_weight('balanced')`: `n / (numClasses · count(class))`, so every
 * class contributes equally to the loss (0 for a class without examples).
 *
 * @example
 * ```ts
 * balancedClassWeights([0, 0, 0, 1], 2); // [0.667, 2]
 * ```
 */
export function balancedClassWeights(labels: readonly number[], numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of labels) counts[label]!++;
  return counts.map((count) => (count === 0 ? 0 : labels.length / (numClasses * count)));
}

/**
 * Builds the tfjs optimizer of `config`.
 *
 * @example
 * ```ts
 * const optimizer = createOptimizer({ name: 'adam', learningRate: 3e-4 });
 * ```
 */
export function createOptimizer(config: OptimizerConfig): tf.Optimizer {
  const learningRate = config.learningRate ?? 0.001;
  if (!(learningRate > 0)) {
    throw new ModelConfigError('optimizer.learningRate', `must be > 0, got ${learningRate}`);
  }
  switch (config.name) {
    case 'adam':
      return adam(learningRate, config.beta1, config.beta2, config.epsilon);
    case 'sgd':
      return config.momentum
        ? tf.train.momentum(learningRate, config.momentum)
        : tf.train.sgd(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, config.rho, config.momentum, config.epsilon);
  }
}

/** tfjs optimizers keep their rate in a `learningRate` field read at every update. */
function learningRateOf(optimizer: tf.Optimizer): number {
  return (optimizer as unknown as { learningRate: number }).learningRate;
}

function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new ModelConfigError('learningRateSchedule', `returned ${learningRate}`);
  }
  (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
}

/** Augments, normalises and stacks the examples at `indices` of a set. */
function prepareBatch(
  run: Run,
  set: LabelledSequences,
  indices: readonly number[],
  augment: Augmentation | undefined,
): FeatureSequence[] {
  return indices.map((i) => {
    let example = set.examples[i]!;
    if (augment) example = augment(example, run.random);
    return run.normalizer ? normalizeSequence(example, run.normalizer) : example;
  });
}

function trainBatch(
  run: Run,
  optimizer: tf.Optimizer,
  set: LabelledSequences,
  indices: readonly number[],
  options: TrainOptions,
  clipNorm: number | undefined,
): { lossSum: number; correct: number } {
  const examples = prepareBatch(run, set, indices, options.augment);
  const labels = indices.map((i) => set.labels[i]!);
  const cropOffset = options.trainingCrop === 'center' ? 0.5 : examples.map(() => run.random());
  let correctTensor: Tensor | undefined;
  const lossSum = tf.tidy(() => {
    const x = batchTensor(examples, {
      frames: run.spec.frames,
      padValue: run.spec.padValue,
      cropOffset,
    });
    const y = oneHotTargets(labels, run.spec.numClasses, run.labelSmoothing);
    const weights = run.classWeights
      ? tf.tensor1d(labels.map((l) => run.classWeights![l]!))
      : undefined;
    const variables = run.model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = optimizer.computeGradients(() => {
      const probabilities = run.model.apply(x, { training: true }) as Tensor;
      correctTensor = tf.keep(countCorrect(probabilities, labels));
      const total = crossEntropySum(y, probabilities, weights);
      const regularisation = run.model.calculateLosses();
      const mean = tf.div(total, labels.length);
      return (regularisation.length > 0 ? tf.addN([mean, ...regularisation]) : mean) as tf.Scalar;
    }, variables);
    optimizer.applyGradients(clipNorm === undefined ? grads : clipByGlobalNorm(grads, clipNorm));
    return tf.mul(value, labels.length);
  });
  const result = { lossSum: lossSum.dataSync()[0]!, correct: correctTensor!.dataSync()[0]! };
  lossSum.dispose();
  correctTensor!.dispose();
  return result;
}

function countCorrect(probabilities: Tensor, labels: readonly number[]): Tensor {
  return tf.tidy(() =>
    tf.sum(
      tf.cast(tf.equal(tf.argMax(probabilities, -1), tf.tensor1d([...labels], 'int32')), 'float32'),
    ),
  );
}

function clipByGlobalNorm(grads: tf.NamedTensorMap, clipNorm: number): tf.NamedTensorMap {
  const names = Object.keys(grads);
  const norm = Math.sqrt(
    tf.tidy(() => tf.addN(names.map((n) => tf.sum(tf.square(grads[n]!))))).dataSync()[0]!,
  );
  if (norm <= clipNorm) return grads;
  const scale = clipNorm / norm;
  const clipped: tf.NamedTensorMap = {};
  for (const name of names) clipped[name] = tf.mul(grads[name]!, scale);
  return clipped;
}

/** Mean loss and accuracy on already-normalised examples, in inference mode. */
function evaluateLoss(
  run: Run,
  set: LabelledSequences,
  batchSize: number,
): { val_loss: number; val_accuracy: number } {
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < set.examples.length; start += batchSize) {
    const examples = set.examples.slice(start, start + batchSize);
    const labels = set.labels.slice(start, start + batchSize);
    const [loss, hits] = tf.tidy(() => {
      const x = batchTensor(examples, { frames: run.spec.frames, padValue: run.spec.padValue });
      const probabilities = run.model.apply(x, { training: false }) as Tensor;
      const y = oneHotTargets(labels, run.spec.numClasses, run.labelSmoothing);
      return [crossEntropySum(y, probabilities), countCorrect(probabilities, labels)];
    });
    lossSum += loss.dataSync()[0]!;
    correct += hits.dataSync()[0]!;
    tf.dispose([loss, hits]);
  }
  return { val_loss: lossSum / set.examples.length, val_accuracy: correct / set.examples.length };
}

function snapshotWeights(model: LayersModel): Float32Array[] {
  return model.getWeights().map((w) => Float32Array.from(w.dataSync() as Float32Array));
}

function restoreWeights(model: LayersModel, values: readonly Float32Array[]): void {
  const current = model.getWeights();
  const tensors = values.map((v, i) => tf.tensor(v, current[i]!.shape));
  model.setWeights(tensors);
  tf.dispose(tensors);
}
