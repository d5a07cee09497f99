/**
 * Inference over examples: class probabilities, and evaluation against known labels.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import {
  batchTensor,
  checkLabelledSequences,
  type FeatureSequence,
  type LabelledSequences,
} from './data';
import { ModelConfigError, TrainingDataError } from './errors';
import { describeModel } from './input-spec';
import { type ClassificationMetrics, classificationMetrics } from './metrics';
import { type Normalizer, normalizeSequence } from './normalize';
import { tf } from './tf';

/**
 * Options of {@link predictProbabilities} and {@link evaluateModel}.
 *
 * @example
 * ```ts
 * const probabilities = predictProbabilities(model, examples, { batchSize: 32, normalizer });
 * ```
 */
export interface PredictOptions {
  /** Examples per forward pass. Default 64. */
  readonly batchSize?: number;
  /** Statistics the model was trained with (`TrainingResult.normalizer`), or none. */
  readonly normalizer?: Normalizer | null;
}

/**
 * Class probabilities of every example (inference mode; longer examples are centre-cropped
 * and shorter ones padded for fixed-length models).
 *
 * @example
 * ```ts
 * const [probabilities] = predictProbabilities(model, [example], { normalizer });
 * const best = probabilities.indexOf(Math.max(...probabilities));
 * ```
 */
export function predictProbabilities(
  model: LayersModel,
  examples: readonly FeatureSequence[],
  options: PredictOptions = {},
): Float32Array[] {
  const spec = describeModel(model);
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ModelConfigError('batchSize', `must be a positive integer, got ${batchSize}`);
  }
  examples.forEach((e, i) => {
    if (
      e.coefficients !== spec.coefficients ||
      e.data.length !== e.frames * e.coefficients ||
      e.frames < 1
    ) {
      throw new TrainingDataError(
        'prediction',
        `example ${i} is ${e.frames} × ${e.coefficients} with ${e.data.length} values; the model expects … × ${spec.coefficients}`,
      );
    }
  });
  const normalizer = options.normalizer ?? null;
  const out: Float32Array[] = [];
  for (let start = 0; start < examples.length; start += batchSize) {
    const batch = examples
      .slice(start, start + batchSize)
      .map((e) => (normalizer ? normalizeSequence(e, normalizer) : e));
    const probabilities = tf.tidy(() => {
      const x = batchTensor(batch, { frames: spec.frames, padValue: spec.padValue });
      return model.predict(x) as Tensor;
    });
    const values = probabilities.dataSync() as Float32Array;
    probabilities.dispose();
    for (let i = 0; i < batch.length; i++) {
      out.push(values.slice(i * spec.numClasses, (i + 1) * spec.numClasses));
    }
  }
  return out;
}

/** Index of the largest value. */
function argMax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/**
 * Predicts every example of a labelled set and scores the predictions: accuracy, UAR,
 * macro-F1, per-class metrics and confusion matrix.
 *
 * @example
 * ```ts
 * const metrics = evaluateModel(model, testSet, ['angry', 'calm', 'sad'], { normalizer });
 * console.log(metrics.uar, metrics.macroF1);
 * ```
 */
export function evaluateModel(
  model: LayersModel,
  data: LabelledSequences,
  labels: readonly string[],
  options: PredictOptions = {},
): ClassificationMetrics {
  const spec = describeModel(model);
  if (labels.length !== spec.numClasses) {
    throw new ModelConfigError(
      'labels',
      `${labels.length} names for a model of ${spec.numClasses} classes`,
    );
  }
  checkLabelledSequences('evaluation', data, {
    numClasses: spec.numClasses,
    coefficients: spec.coefficients,
  });
  const predicted = predictProbabilities(model, data.examples, options).map(argMax);
  return classificationMetrics(data.labels, predicted, labels);
}
