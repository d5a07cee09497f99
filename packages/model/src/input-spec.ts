/**
 * What a model expects and returns, read from the model itself: frames (fixed or variable),
 * coefficients per frame, padding value (its `Masking` value, if any) and number of classes.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { ModelConfigError } from './errors';

/**
 * Input and output sizes of a sequence classifier.
 *
 * @example
 * ```ts
 * const spec = describeModel(buildSeedModel({ numClasses: 7 }));
 * // { frames: 40, coefficients: 1, padValue: 0, masked: false, numClasses: 7 }
 * ```
 */
export interface ModelSpec {
  /** Frames per example, or `null` for variable length. */
  readonly frames: number | null;
  /** Features per frame. */
  readonly coefficients: number;
  /** Value padded frames get: the model's mask value, or 0. */
  readonly padValue: number;
  /** Whether the model skips padded frames (has a `Masking` layer). */
  readonly masked: boolean;
  /** Number of output classes. */
  readonly numClasses: number;
}

/**
 * Reads a {@link ModelSpec} from a one-input, one-output model over `[frames, coefficients]`.
 *
 * @example
 * ```ts
 * const { frames, coefficients, numClasses } = describeModel(model);
 * ```
 */
export function describeModel(model: LayersModel): ModelSpec {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new ModelConfigError(
      'model',
      `expected one input and one output, got ${model.inputs.length} and ${model.outputs.length}`,
    );
  }
  const inputShape = model.inputs[0]!.shape;
  const outputShape = model.outputs[0]!.shape;
  const coefficients = inputShape[2];
  const numClasses = outputShape[1];
  if (inputShape.length !== 3 || typeof coefficients !== 'number') {
    throw new ModelConfigError(
      'model',
      `input must be [batch, frames, coefficients] with known coefficients, got [${inputShape}]`,
    );
  }
  if (outputShape.length !== 2 || typeof numClasses !== 'number') {
    throw new ModelConfigError('model', `output must be [batch, classes], got [${outputShape}]`);
  }
  const masking = model.layers.find((layer) => layer.getClassName() === 'Masking');
  const maskValue = masking?.getConfig()['maskValue'];
  return {
    frames: inputShape[1] ?? null,
    coefficients,
    padValue: typeof maskValue === 'number' ? maskValue : 0,
    masked: masking !== undefined,
    numClasses,
  };
}
