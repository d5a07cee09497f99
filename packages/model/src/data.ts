/**
 * The model's view of data: examples are frame sequences (time-major, `frames × coefficients`,
 * row after row), labels are class indices. Conversions from @ser/features' matrices, checks,
 * and batching into padded tensors.
 */

import type { Matrix } from '@ser/features';
import type { Tensor3D } from '@tensorflow/tfjs-core';
import { TrainingDataError } from './errors';
import { tf } from './tf';

/**
 * One example: `frames` time steps of `coefficients` features, stored frame after frame
 * (`data[t * coefficients + c]`), the layout a `[frames, coefficients]` model input expects.
 *
 * @example
 * ```ts
 * const example: FeatureSequence = { frames: 40, coefficients: 1, data: meanMfcc };
 * ```
 */
export interface FeatureSequence {
  /** Number of time steps. */
  readonly frames: number;
  /** Features per time step. */
  readonly coefficients: number;
  /** `frames * coefficients` values, frame after frame. */
  readonly data: Float32Array;
}

/**
 * Examples with their class indices (`labels[i]` in `[0, numClasses)` belongs to
 * `examples[i]`).
 *
 * @example
 * ```ts
 * const set: LabelledSequences = { examples: [a, b], labels: [0, 3] };
 * ```
 */
export interface LabelledSequences {
  /** The examples. */
  readonly examples: readonly FeatureSequence[];
  /** Class index of each example. */
  readonly labels: readonly number[];
}

/**
 * Turns a feature matrix in librosa's orientation (rows = coefficients or bands, columns =
 * frames), as @ser/features returns it, into a time-major sequence.
 *
 * @example
 * ```ts
 * const example = sequenceFromMatrix(logMelMatrix); // frames = matrix.cols, coefficients = matrix.rows
 * ```
 */
export function sequenceFromMatrix(matrix: Matrix): FeatureSequence {
  const { rows, cols } = matrix;
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) data[c * rows + r] = matrix.data[r * cols + c]!;
  }
  return { frames: cols, coefficients: rows, data };
}

/**
 * Turns a vector into a sequence of one-feature steps, the seed model's view of its 40 mean
 * MFCCs (input shape [40, 1]).
 *
 * @example
 * ```ts
 * const example = sequenceFromVector(rowMeans(mfccMatrix)); // frames 40, coefficients 1
 * ```
 */
export function sequenceFromVector(values: Float32Array): FeatureSequence {
  return { frames: values.length, coefficients: 1, data: Float32Array.from(values) };
}

/**
 * Checks that a labelled set is usable with a model of `numClasses` outputs and `coefficients`
 * features per frame (lengths may differ: batching pads or crops); throws
 * {@link TrainingDataError} naming the set and the first bad example.
 *
 * @example
 * ```ts
 * checkLabelledSequences('training', data, { numClasses: 8, coefficients: 120 });
 * ```
 */
export function checkLabelledSequences(
  name: string,
  set: LabelledSequences,
  expected: { numClasses: number; coefficients: number },
): void {
  if (set.examples.length === 0) throw new TrainingDataError(name, 'has no examples');
  if (set.examples.length !== set.labels.length) {
    throw new TrainingDataError(
      name,
      `${set.examples.length} examples but ${set.labels.length} labels`,
    );
  }
  set.examples.forEach((example, i) => {
    if (example.coefficients !== expected.coefficients) {
      throw new TrainingDataError(
        name,
        `example ${i} has ${example.coefficients} coefficients per frame; the model expects ${expected.coefficients}`,
      );
    }
    if (!Number.isInteger(example.frames) || example.frames < 1) {
      throw new TrainingDataError(name, `example ${i} has ${example.frames} frames`);
    }
    if (example.data.length !== example.frames * example.coefficients) {
      throw new TrainingDataError(
        name,
        `example ${i} holds ${example.data.length} values, not frames × coefficients = ${example.frames * example.coefficients}`,
      );
    }
    for (const v of example.data) {
      if (!Number.isFinite(v))
        throw new TrainingDataError(name, `example ${i} has a non-finite value`);
    }
    const label = set.labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= expected.numClasses) {
      throw new TrainingDataError(
        name,
        `label ${label} of example ${i} is not a class index in [0, ${expected.numClasses})`,
      );
    }
  });
}

/**
 * How examples of the wrong length are fitted into a fixed-length input.
 *
 * @example
 * ```ts
 * const policy: LengthPolicy = { frames: 300, padValue: 0, cropOffset: 0.5 };
 * ```
 */
export interface LengthPolicy {
  /** Frames the model takes, or `null` for variable length (pad to the longest in the batch). */
  readonly frames: number | null;
  /** Value of padded frames (the model's mask value when it masks). */
  readonly padValue: number;
  /**
   * Where a longer example is cut: a fraction in [0, 1] of the spare frames to skip (0 = keep
   * the start, 0.5 = centre). One number for every example or one per example.
   */
  readonly cropOffset?: number | readonly number[];
}

/**
 * Stacks examples into a `[batch, frames, coefficients]` tensor: padded at the end with
 * `padValue` up to the model's (or the batch's longest) length, cropped when longer.
 *
 * @example
 * ```ts
 * const x = batchTensor([a, b], { frames: null, padValue: 0 }); // [2, max(a.frames, b.frames), c]
 * ```
 */
export function batchTensor(examples: readonly FeatureSequence[], policy: LengthPolicy): Tensor3D {
  const coefficients = examples[0]?.coefficients ?? 0;
  const frames = policy.frames ?? Math.max(...examples.map((e) => e.frames));
  const out = new Float32Array(examples.length * frames * coefficients);
  if (policy.padValue !== 0) out.fill(policy.padValue);
  examples.forEach((example, i) => {
    const spare = Math.max(0, example.frames - frames);
    const offsetSetting = policy.cropOffset ?? 0.5;
    const offset = typeof offsetSetting === 'number' ? offsetSetting : (offsetSetting[i] ?? 0.5);
    const start = Math.round(spare * Math.min(1, Math.max(0, offset)));
    const kept = Math.min(frames, example.frames);
    out.set(
      example.data.subarray(start * coefficients, (start + kept) * coefficients),
      i * frames * coefficients,
    );
  });
  return tf.tensor3d(out, [examples.length, frames, coefficients]);
}
