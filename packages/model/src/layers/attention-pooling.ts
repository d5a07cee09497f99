/**
 * Attention pooling: a frame sequence becomes the attention-weighted mean (and standard
 * deviation) of its frames — "attentive statistics pooling" (Okabe et al., 2018), the pooling
 * of the best Python peer in /work/shared/bench/peers.md.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayerVariable, Shape } from '@tensorflow/tfjs-layers';
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
 * Options of {@link AttentionPooling}.
 *
 * @example
 * ```ts
 * const pooling = new AttentionPooling({ units: 32, statistics: 'mean' });
 * ```
 */
export interface AttentionPoolingArgs extends LayerArgs {
  /** Width of the attention scorer's hidden layer. Default 64. */
  units?: number;
  /** `'mean-std'` (default) concatenates weighted means and standard deviations. */
  statistics?: PooledStatistics;
  /** Floor of the variance before the square root. Default 1e-5. */
  epsilon?: number;
  /** Seed of the scorer's Glorot-uniform initial weights. */
  seed?: number;
}

/** Score added to padded frames so that softmax gives them (numerically) zero weight. */
const MASKED_SCORE = -1e9;

/**
 * Pools `[batch, frames, features]` to `[batch, features]` or `[batch, 2 × features]` with
 * learned frame weights: `score_t = vᵀ tanh(W h_t + b)`, `α = softmax_t(score)` over unpadded
 * frames, output the α-weighted mean (and standard deviation). A registered serialisable class.
 *
 * @example
 * ```ts
 * const input = tfl.input({ shape: [null, 128] });
 * const frames = tfl.layers.bidirectional({
 *   layer: tfl.layers.lstm({ units: 64, returnSequences: true }) as tfl.RNN,
 * }).apply(input);
 * const pooled = new AttentionPooling({ units: 64 }).apply(frames); // [null, 256]
 * ```
 */
export class AttentionPooling extends tfl.layers.Layer {
  /** Serialisation name. */
  static className = 'AttentionPooling';
  /** Width of the scorer's hidden layer. */
  readonly units: number;
  /** What the layer returns per sequence. */
  readonly statistics: PooledStatistics;
  /** Floor of the variance. */
  readonly epsilon: number;
  private readonly seed: number | undefined;
  private kernel: LayerVariable | undefined;
  private bias: LayerVariable | undefined;
  private scorer: LayerVariable | undefined;

  constructor(args: AttentionPoolingArgs = {}) {
    super(args);
    this.units = args.units ?? 64;
    if (!Number.isInteger(this.units) || this.units < 1) {
      throw new ModelConfigError('units', `must be a positive integer, got ${this.units}`);
    }
    this.statistics = checkPooledStatistics(args.statistics ?? 'mean-std');
    this.epsilon = args.epsilon ?? 1e-5;
    if (!(this.epsilon > 0)) {
      throw new ModelConfigError('epsilon', `must be positive, got ${this.epsilon}`);
    }
    this.seed = args.seed ?? undefined;
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const features = shape[2];
    if (features === null || features === undefined) {
      throw new ModelConfigError('inputShape', 'AttentionPooling needs a known feature axis');
    }
    const seed = this.seed;
    const glorot = (offset: number) =>
      tfl.initializers.glorotUniform(seed === undefined ? {} : { seed: seed + offset });
    this.kernel = this.addWeight('kernel', [features, this.units], 'float32', glorot(0));
    this.bias = this.addWeight('bias', [this.units], 'float32', tfl.initializers.zeros());
    this.scorer = this.addWeight('scorer', [this.units, 1], 'float32', glorot(1));
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const features = shape[2] ?? null;
    const multiplier = this.statistics === 'mean-std' ? 2 : 1;
    return [shape[0] ?? null, features === null ? null : features * multiplier];
  }

  override computeMask(): Tensor {
    return null as unknown as Tensor; // the time axis is gone: nothing left to mask
  }

  override call(inputs: Tensor | Tensor[], kwargs: { mask?: Tensor }): Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [batch, frames, features] = x.shape as [number, number, number];
      const flat = tf.reshape(x, [batch * frames, features]);
      const hidden = tf.tanh(tf.add(tf.matMul(flat, this.kernel!.read()), this.bias!.read()));
      const scores = tf.reshape(tf.matMul(hidden, this.scorer!.read()), [batch, frames]);
      const mask = frameMask(x, kwargs.mask);
      const masked = tf.add(scores, tf.mul(tf.sub(1, mask), MASKED_SCORE));
      const weights = tf.mul(tf.softmax(masked, 1), mask); // exact zeros on padding
      const normalised = tf.div(weights, tf.maximum(tf.sum(weights, 1, true), 1e-12));
      return weightedStatistics(x, normalised, this.statistics, this.epsilon);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      ...super.getConfig(),
      units: this.units,
      statistics: this.statistics,
      epsilon: this.epsilon,
    };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return config;
  }
}
tf.serialization.registerClass(AttentionPooling, 'ser');
