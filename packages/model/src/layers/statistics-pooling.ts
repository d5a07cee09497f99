/**
 * Statistics pooling: a frame sequence becomes one vector of per-feature means (and standard
 * deviations) over its unpadded frames.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Shape } from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import { ModelConfigError } from '../errors';
import { tf, tfl } from '../tf';
import {
  checkPooledStatistics,
  frameMask,
  type PooledStatistics,
  weightedStatistics,
} from './weighted-statistics';

/**
 * Options of {@link StatisticsPooling}.
 *
 * @example
 * ```ts
 * const pooling = new StatisticsPooling({ statistics: 'mean' });
 * ```
 */
export interface StatisticsPoolingArgs extends LayerArgs {
  /** `'mean-std'` (default) concatenates means and standard deviations; `'mean'` only means. */
  statistics?: PooledStatistics;
  /** Floor of the variance before the square root. Default 1e-5. */
  epsilon?: number;
}

/**
 * Pools `[batch, frames, features]` to `[batch, features]` (`'mean'`) or
 * `[batch, 2 × features]` (`'mean-std'`), ignoring frames that a preceding `Masking` layer (or
 * an RNN with `returnSequences`) marked as padding. A registered serialisable class: models
 * that contain it save and load with `tf.loadLayersModel` once @ser/model is imported.
 *
 * @example
 * ```ts
 * const input = tfl.input({ shape: [null, 120] });
 * const masked = tfl.layers.masking({ maskValue: 0 }).apply(input);
 * const frames = tfl.layers.lstm({ units: 64, returnSequences: true }).apply(masked);
 * const pooled = new StatisticsPooling({ statistics: 'mean-std' }).apply(frames); // [null, 128]
 * ```
 */
export class StatisticsPooling extends tfl.layers.Layer {
  /** Serialisation name. */
  static className = 'StatisticsPooling';
  /** What the layer returns per sequence. */
  readonly statistics: PooledStatistics;
  /** Floor of the variance. */
  readonly epsilon: number;

  constructor(args: StatisticsPoolingArgs = {}) {
    super(args);
    this.statistics = checkPooledStatistics(args.statistics ?? 'mean-std');
    this.epsilon = args.epsilon ?? 1e-5;
    if (!(this.epsilon > 0)) {
      throw new ModelConfigError('epsilon', `must be positive, got ${this.epsilon}`);
    }
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const features = shape[2] ?? null;
    return [shape[0] ?? null, features === null ? null : features * this.multiplier()];
  }

  override computeMask(): Tensor {
    return null as unknown as Tensor; // the time axis is gone: nothing left to mask
  }

  override call(inputs: Tensor | Tensor[], kwargs: { mask?: Tensor }): Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const mask = frameMask(x, kwargs.mask);
      const counts = tf.maximum(tf.sum(mask, 1, true), 1);
      return weightedStatistics(x, tf.div(mask, counts), this.statistics, this.epsilon);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), statistics: this.statistics, epsilon: this.epsilon };
  }

  private multiplier(): number {
    return this.statistics === 'mean-std' ? 2 : 1;
  }
}
tf.serialization.registerClass(StatisticsPooling, 'ser');
