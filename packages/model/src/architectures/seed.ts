/**
 * The seed model of the project's Keras notebook, layer for layer, with Keras's defaults made
 * explicit where tfjs-layers' differ (LSTM recurrent activation `sigmoid`, not tfjs's
 * `hardSigmoid`; `unitForgetBias: true`; orthogonal recurrent kernel with gain 1).
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { ModelConfigError } from '../errors';
import { OrthogonalInitializer } from '../initializers';
import { lstm } from '../kernels/lstm-layer';
import { tfl } from '../tf';

/**
 * Options of {@link buildSeedModel}.
 *
 * @example
 * ```ts
 * const options: SeedModelOptions = { numClasses: 8, seed: 1 };
 * ```
 */
export interface SeedModelOptions {
  /** Number of emotion classes (7 for TESS, 8 for RAVDESS). */
  readonly numClasses: number;
  /**
   * Seed of every initializer, for repeatable initial weights. (Dropout masks stay unseeded:
   * tfjs re-seeds a seeded dropout on every call, which would drop the same units in every
   * batch.)
   */
  readonly seed?: number;
  /** Input length (the seed uses 40 mean MFCCs, one per time step). Default 40. */
  readonly frames?: number;
}

/**
 * Shape of one seed-model input: 40 mean MFCC values, each a one-feature time step.
 *
 * @example
 * ```ts
 * const [frames, coefficients] = SEED_INPUT_SHAPE; // 40, 1
 * ```
 */
export const SEED_INPUT_SHAPE = [40, 1] as const;

/**
 * Builds the seed model: input [40, 1] → LSTM(256) → Dropout 0.2 → Dense 128 relu → Dropout 0.2
 * → Dense 64 relu → Dropout 0.2 → Dense `numClasses` softmax (305,799 parameters for 7
 * classes). Uncompiled: train it with {@link train} and the `seed-lstm` preset's defaults
 * (Adam 0.001, categorical cross-entropy, 50 epochs, batch 64).
 *
 * @example
 * ```ts
 * const model = buildSeedModel({ numClasses: 7, seed: 1 });
 * model.countParams(); // 305799
 * ```
 */
export function buildSeedModel(options: SeedModelOptions): LayersModel {
  const { numClasses, seed } = options;
  const frames = options.frames ?? SEED_INPUT_SHAPE[0];
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new ModelConfigError('numClasses', `must be an integer ≥ 2, got ${numClasses}`);
  }
  if (!Number.isInteger(frames) || frames < 1) {
    throw new ModelConfigError('frames', `must be a positive integer, got ${frames}`);
  }
  const seeded = (offset: number) => (seed === undefined ? {} : { seed: seed + offset });
  const glorot = (offset: number) => tfl.initializers.glorotUniform(seeded(offset));
  return tfl.sequential({
    name: 'seed_lstm',
    layers: [
      lstm({
        name: 'lstm',
        units: 256,
        inputShape: [frames, SEED_INPUT_SHAPE[1]],
        activation: 'tanh',
        recurrentActivation: 'sigmoid',
        unitForgetBias: true,
        kernelInitializer: glorot(0),
        recurrentInitializer: new OrthogonalInitializer(seeded(1)),
        biasInitializer: 'zeros',
      }),
      tfl.layers.dropout({ name: 'dropout', rate: 0.2 }),
      tfl.layers.dense({
        name: 'dense',
        units: 128,
        activation: 'relu',
        kernelInitializer: glorot(2),
      }),
      tfl.layers.dropout({ name: 'dropout_1', rate: 0.2 }),
      tfl.layers.dense({
        name: 'dense_1',
        units: 64,
        activation: 'relu',
        kernelInitializer: glorot(3),
      }),
      tfl.layers.dropout({ name: 'dropout_2', rate: 0.2 }),
      tfl.layers.dense({
        name: 'dense_2',
        units: numClasses,
        activation: 'softmax',
        kernelInitializer: glorot(4),
      }),
    ],
  });
}
