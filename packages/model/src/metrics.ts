/**
 * Classification metrics from true and predicted class indices: accuracy, unweighted average
 * recall (UAR), macro-F1, per-class precision/recall/F1 and the confusion matrix. Conventions
 * follow scikit-learn: UAR is `balanced_accuracy_score` (mean recall over classes present in
 * the truth); macro-F1 averages over classes present in the truth or the predictions, an
 * undefined precision or recall counting as 0 (`zero_division=0`).
 */
import { TrainingDataError } from './errors';

/**
 * Counts: `matrix[t][p]` is the number of examples of true class `t` predicted as `p`.
 *
 * @example
 * ```ts
 * const confusion: ConfusionMatrix = { labels: ['calm', 'sad'], matrix: [[5, 1], [2, 4]] };
 * ```
 */
export interface ConfusionMatrix {
  /** Class names, in class-index order. */
  readonly labels: readonly string[];
  /** Rows: true class; columns: predicted class. */
  readonly matrix: readonly (readonly number[])[];
}

/**
 * Metrics of one class.
 *
 * @example
 * ```ts
 * for (const c of metrics.perClass) console.log(c.label, c.recall.toFixed(2));
 * ```
 */
export interface ClassMetrics {
  /** Class name. */
  readonly label: string;
  /** Of the examples predicted as this class, the fraction that are (0 when none predicted). */
  readonly precision: number;
  /** Of the examples of this class, the fraction predicted as it (0 when it has none). */
  readonly recall: number;
  /** Harmonic mean of precision and recall (0 when both are 0). */
  readonly f1: number;
  /** Number of examples of this class. */
  readonly support: number;
}

/**
 * Everything {@link classificationMetrics} computes.
 *
 * @example
 * ```ts
 * const { accuracy, uar, macroF1 } = classificationMetrics(truth, predicted, labels);
 * ```
 */
export interface ClassificationMetrics {
  /** Fraction of examples predicted correctly. */
  readonly accuracy: number;
  /** Unweighted average recall: mean recall over classes with examples. */
  readonly uar: number;
  /** Mean F1 over classes that occur in the truth or the predictions. */
  readonly macroF1: number;
  /** Per-class precision, recall, F1 and support, in class order. */
  readonly perClass: readonly ClassMetrics[];
  /** The confusion matrix. */
  readonly confusion: ConfusionMatrix;
  /** Number of examples. */
  readonly count: number;
}

/**
 * Builds the confusion matrix of `truth` against `predicted` (class indices).
 *
 * @example
 * ```ts
 * confusionMatrix([0, 1, 1], [0, 0, 1], ['calm', 'sad']).matrix; // [[1, 0], [1, 1]]
 * ```
 */
export function confusionMatrix(
  truth: readonly number[],
  predicted: readonly number[],
  labels: readonly string[],
): ConfusionMatrix {
  if (truth.length !== predicted.length) {
    throw new TrainingDataError(
      'metrics',
      `${truth.length} true labels but ${predicted.length} predictions`,
    );
  }
  const k = labels.length;
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  truth.forEach((t, i) => {
    const p = predicted[i]!;
    for (const [name, value] of [
      ['true label', t],
      ['prediction', p],
    ] as const) {
      if (!Number.isInteger(value) || value < 0 || value >= k) {
        throw new TrainingDataError(
          'metrics',
          `${name} ${value} of example ${i} is not a class index in [0, ${k})`,
        );
      }
    }
    matrix[t]![p]!++;
  });
  return { labels: [...labels], matrix };
}

/**
 * Accuracy, UAR, macro-F1, per-class metrics and confusion matrix of `predicted` against
 * `truth` (class indices into `labels`).
 *
 * @example
 * ```ts
 * const m = classificationMetrics([0, 1, 1, 2], [0, 1, 2, 2], ['angry', 'calm', 'sad']);
 * m.accuracy; // 0.75
 * m.uar; // (1 + 0.5 + 1) / 3
 * ```
 */
export function classificationMetrics(
  truth: readonly number[],
  predicted: readonly number[],
  labels: readonly string[],
): ClassificationMetrics {
  if (truth.length === 0) throw new TrainingDataError('metrics', 'no examples');
  const confusion = confusionMatrix(truth, predicted, labels);
  const k = labels.length;
  let correct = 0;
  const perClass: ClassMetrics[] = [];
  const recalls: number[] = [];
  const f1s: number[] = [];
  for (let c = 0; c < k; c++) {
    const row = confusion.matrix[c]!;
    const truePositives = row[c]!;
    correct += truePositives;
    const support = row.reduce((a, b) => a + b, 0);
    const predictedCount = confusion.matrix.reduce((sum, r) => sum + r[c]!, 0);
    const precision = predictedCount === 0 ? 0 : truePositives / predictedCount;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass.push({ label: labels[c]!, precision, recall, f1, support });
    if (support > 0) recalls.push(recall);
    if (support > 0 || predictedCount > 0) f1s.push(f1);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    accuracy: correct / truth.length,
    uar: mean(recalls),
    macroF1: mean(f1s),
    perClass,
    confusion,
    count: truth.length,
  };
}
