/**
 * Per-feature standardisation: statistics fitted on the training part only, stored in the model
 * bundle, applied identically at inference.
 */
import type { FeatureSequence } from './data';
import { TrainingDataError } from './errors';

/**
 * Per-coefficient mean and standard deviation; `normalizeSequence` maps `x` to
 * `(x - mean) / std`. Plain numbers, so it serialises into `metadata.json` as is.
 *
 * @example
 * ```ts
 * const normalizer: Normalizer = { mean: [0, 1], std: [1, 2] };
 * ```
 */
export interface Normalizer {
  /** Mean of each coefficient over every frame of the fitting set. */
  readonly mean: readonly number[];
  /** Standard deviation of each coefficient (1 where a coefficient is constant). */
  readonly std: readonly number[];
}

/**
 * Fits per-coefficient mean and (population) standard deviation over every frame of every
 * example, in float64. A coefficient whose standard deviation is below `1e-8` gets 1, as in
 * scikit-learn's `StandardScaler`, so it passes through centred but unscaled.
 *
 * @example
 * ```ts
 * const normalizer = fitNormalizer(trainingSet.examples); // never the validation or test part
 * const ready = normalizeSequence(example, normalizer);
 * ```
 */
export function fitNormalizer(examples: readonly FeatureSequence[]): Normalizer {
  const first = examples[0];
  if (first === undefined) throw new TrainingDataError('normalizer', 'no examples to fit on');
  const c = first.coefficients;
  const sum = new Float64Array(c);
  let count = 0;
  for (const [i, example] of examples.entries()) {
    if (example.coefficients !== c) {
      throw new TrainingDataError(
        'normalizer',
        `example ${i} has ${example.coefficients} coefficients, example 0 has ${c}`,
      );
    }
    for (let t = 0; t < example.frames; t++) {
      for (let k = 0; k < c; k++) sum[k]! += example.data[t * c + k]!;
    }
    count += example.frames;
  }
  const mean = Array.from(sum, (s) => s / count);
  const squares = new Float64Array(c);
  for (const example of examples) {
    for (let t = 0; t < example.frames; t++) {
      for (let k = 0; k < c; k++) {
        const d = example.data[t * c + k]! - mean[k]!;
        squares[k]! += d * d;
      }
    }
  }
  const std = Array.from(squares, (s) => {
    const sd = Math.sqrt(s / count);
    return sd < 1e-8 ? 1 : sd;
  });
  return { mean, std };
}

/**
 * Standardises one example with fitted statistics (a new sequence; the input is untouched).
 *
 * @example
 * ```ts
 * const ready = normalizeSequence(example, bundle.metadata.normalization!);
 * ```
 */
export function normalizeSequence(
  example: FeatureSequence,
  normalizer: Normalizer,
): FeatureSequence {
  const c = example.coefficients;
  if (normalizer.mean.length !== c || normalizer.std.length !== c) {
    throw new TrainingDataError(
      'normalizer',
      `fitted on ${normalizer.mean.length} coefficients, applied to ${c}`,
    );
  }
  const data = new Float32Array(example.data.length);
  for (let t = 0; t < example.frames; t++) {
    for (let k = 0; k < c; k++) {
      data[t * c + k] = (example.data[t * c + k]! - normalizer.mean[k]!) / normalizer.std[k]!;
    }
  }
  return { frames: example.frames, coefficients: c, data };
}

/**
 * Per-speaker standardisation: every example is standardised with the statistics of its own
 * speaker's examples ({@link fitNormalizer} over that speaker's frames), so what is left is how
 * an utterance differs from the speaker's usual voice. It needs no labels, only several
 * utterances of each speaker — a speaker's enrolment recordings, or the batch being classified —
 * and is applied identically to training and test speakers (each with its own statistics).
 * Returns new sequences in the input order.
 *
 * @throws {@link TrainingDataError} when `speakers` and `examples` differ in length, or a
 *   speaker's examples differ in coefficients.
 * @example
 * ```ts
 * const examples = normalizeBySpeaker(rows.map((r) => r.features), rows.map((r) => r.speaker));
 * // then train (and predict) as usual: the model's own normalizer sees per-speaker z-scores
 * ```
 */
export function normalizeBySpeaker(
  examples: readonly FeatureSequence[],
  speakers: readonly string[],
): FeatureSequence[] {
  if (speakers.length !== examples.length) {
    throw new TrainingDataError(
      'normalizer',
      `${examples.length} examples but ${speakers.length} speakers`,
    );
  }
  const bySpeaker = new Map<string, FeatureSequence[]>();
  examples.forEach((example, i) => {
    const own = bySpeaker.get(speakers[i]!);
    if (own === undefined) bySpeaker.set(speakers[i]!, [example]);
    else own.push(example);
  });
  const normalizers = new Map(
    [...bySpeaker].map(([speaker, own]) => [speaker, fitNormalizer(own)] as const),
  );
  return examples.map((example, i) => normalizeSequence(example, normalizers.get(speakers[i]!)!));
}
