/**
 * A configurable classifier over frame sequences ([frames × coefficients]: MFCC with deltas,
 * log-mel bands, …): optional convolutional front end → stacked (bi)directional LSTM/GRU →
 * pooling over time → dense head → softmax.
 */
import type { LayersModel, RNN, SymbolicTensor } from '@tensorflow/tfjs-layers';
import { ModelConfigError } from '../errors';
import { OrthogonalInitializer } from '../initializers';
import { gru } from '../kernels/gru-layer';
import { lstm } from '../kernels/lstm-layer';
import { AttentionPooling } from '../layers/attention-pooling';
import { StatisticsPooling } from '../layers/statistics-pooling';
import type { PooledStatistics } from '../layers/weighted-statistics';
import { tfl } from '../tf';

/**
 * Convolutional front end: blocks of convolution → batch normalisation → ReLU → max pooling →
 * dropout. `'1d'` convolves over time with the coefficients as channels; `'2d'` treats the
 * sequence as a time × frequency image (one channel) and flattens frequency × channels back
 * into per-frame features before the recurrent layers.
 *
 * @example
 * ```ts
 * const convolution: ConvolutionConfig = { kind: '2d', filters: [16, 32, 64, 64] };
 * ```
 */
export interface ConvolutionConfig {
  /** `'1d'` over time, or `'2d'` over time × frequency. */
  readonly kind: '1d' | '2d';
  /** Filters of each block; the number of entries is the number of blocks. */
  readonly filters: readonly number[];
  /** Kernel width (both axes for `'2d'`). Default 3. */
  readonly kernelSize?: number;
  /** Max-pooling factor along time of each block. Default 2. */
  readonly timePool?: number;
  /** Max-pooling factor along frequency of each `'2d'` block. Default 2. */
  readonly frequencyPool?: number;
  /** Dropout after each block. Default 0.1. */
  readonly dropout?: number;
}

/**
 * Recurrent stack.
 *
 * @example
 * ```ts
 * const recurrent: RecurrentConfig = { cell: 'gru', units: [64, 64], bidirectional: true };
 * ```
 */
export interface RecurrentConfig {
  /** `'lstm'` or `'gru'` (tfjs's GRU is Keras's `reset_after=False` variant). */
  readonly cell: 'lstm' | 'gru';
  /** Units of each layer, first to last (one entry per stacked layer). */
  readonly units: readonly number[];
  /** Run every layer forwards and backwards and concatenate. Default false. */
  readonly bidirectional?: boolean;
  /** Input dropout of every recurrent layer. Default 0. */
  readonly dropout?: number;
}

/**
 * How the frame sequence becomes one vector: the last recurrent state (`'last'`, as in the
 * seed), masked mean or mean + standard deviation (`'mean'`, `'statistics'`), or
 * attention-weighted mean + standard deviation (`'attention'`).
 *
 * @example
 * ```ts
 * const pooling: PoolingKind = 'statistics';
 * ```
 */
export type PoolingKind = 'last' | 'mean' | 'statistics' | 'attention';

/**
 * Configuration of {@link buildSequenceModel}.
 *
 * @example
 * ```ts
 * const config: SequenceModelConfig = { numClasses: 8, coefficients: 64, frames: null, pooling: 'statistics' };
 * ```
 */
export interface SequenceModelConfig {
  /** Number of output classes (≥ 2). */
  readonly numClasses: number;
  /** Features per frame (e.g. 120 for 40 MFCC + deltas + delta-deltas, 64 for log-mel). */
  readonly coefficients: number;
  /**
   * Frames per example, or `null` for variable-length input padded per batch. A convolutional
   * front end needs a fixed length (pad or crop to it): masks cannot pass through convolutions.
   */
  readonly frames: number | null;
  /**
   * Value that marks padded frames (a frame whose every coefficient equals it is skipped by the
   * recurrent layers and pooling), or `null` for no masking. Default: `0` for variable-length
   * models without a convolutional front end, otherwise `null`. With per-feature
   * normalisation a real frame is all zeros only with probability zero.
   */
  readonly maskValue?: number | null;
  /** Optional convolutional front end. */
  readonly convolution?: ConvolutionConfig;
  /** Recurrent stack (omit for a convolution-only model). */
  readonly recurrent?: RecurrentConfig;
  /** Pooling over time. Default `'attention'` (`'last'` needs a recurrent stack). */
  readonly pooling?: PoolingKind;
  /** Hidden units of the attention scorer. Default 64. */
  readonly attentionUnits?: number;
  /** Hidden dense layers (ReLU) between pooling and the softmax. Default none. */
  readonly dense?: readonly number[];
  /** Dropout before each dense layer, including the softmax one. Default 0.3. */
  readonly denseDropout?: number;
  /**
   * Seed of every initializer. (Dropout masks stay unseeded: tfjs re-seeds a seeded dropout on
   * every call, which would drop the same units in every batch.)
   */
  readonly seed?: number;
  /** Model name. Default `'sequence_classifier'`. */
  readonly name?: string;
}

function positiveInteger(option: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new ModelConfigError(option, `must be a positive integer, got ${value}`);
  }
}

function rate(option: string, value: number): void {
  if (!(value >= 0 && value < 1)) {
    throw new ModelConfigError(option, `must be in [0, 1), got ${value}`);
  }
}

/** Validates `config` and fills its defaults. */
function resolve(config: SequenceModelConfig) {
  if (!Number.isInteger(config.numClasses) || config.numClasses < 2) {
    throw new ModelConfigError('numClasses', `must be an integer ≥ 2, got ${config.numClasses}`);
  }
  positiveInteger('coefficients', config.coefficients);
  if (config.frames !== null) positiveInteger('frames', config.frames);
  const convolution = config.convolution;
  if (convolution !== undefined) {
    if (config.frames === null) {
      throw new ModelConfigError(
        'frames',
        'a convolutional front end needs a fixed number of frames (masks cannot pass through convolutions)',
      );
    }
    if (convolution.filters.length === 0) {
      throw new ModelConfigError('convolution.filters', 'needs at least one block');
    }
    for (const f of convolution.filters) positiveInteger('convolution.filters', f);
    positiveInteger('convolution.kernelSize', convolution.kernelSize ?? 3);
    positiveInteger('convolution.timePool', convolution.timePool ?? 2);
    positiveInteger('convolution.frequencyPool', convolution.frequencyPool ?? 2);
    rate('convolution.dropout', convolution.dropout ?? 0.1);
  }
  const recurrent = config.recurrent;
  if (recurrent !== undefined) {
    if (recurrent.units.length === 0) {
      throw new ModelConfigError('recurrent.units', 'needs at least one layer');
    }
    for (const u of recurrent.units) positiveInteger('recurrent.units', u);
    rate('recurrent.dropout', recurrent.dropout ?? 0);
  }
  const pooling = config.pooling ?? 'attention';
  if (pooling === 'last' && recurrent === undefined) {
    throw new ModelConfigError('pooling', "'last' needs a recurrent stack");
  }
  const maskValue =
    config.maskValue !== undefined
      ? config.maskValue
      : config.frames === null && convolution === undefined
        ? 0
        : null;
  if (maskValue !== null && convolution !== undefined) {
    throw new ModelConfigError('maskValue', 'masks cannot pass through a convolutional front end');
  }
  const dense = config.dense ?? [];
  for (const u of dense) positiveInteger('dense', u);
  const denseDropout = config.denseDropout ?? 0.3;
  rate('denseDropout', denseDropout);
  const attentionUnits = config.attentionUnits ?? 64;
  positiveInteger('attentionUnits', attentionUnits);
  return { pooling, maskValue, dense, denseDropout, attentionUnits };
}

/**
 * Builds a classifier over frame sequences from `config`. Recurrent layers use Keras's
 * defaults (sigmoid recurrent activation, unit forget bias, fast orthogonal recurrent kernel);
 * pooling layers are registered serialisable classes, so the model saves and loads as an
 * ordinary TensorFlow.js Layers model.
 *
 * @example
 * ```ts
 * // 120 MFCC+delta features per frame, variable length, BiLSTM(64) + attention pooling.
 * const model = buildSequenceModel({
 *   numClasses: 8,
 *   coefficients: 120,
 *   frames: null,
 *   recurrent: { cell: 'lstm', units: [64], bidirectional: true },
 *   pooling: 'attention',
 * });
 * ```
 */
export function buildSequenceModel(config: SequenceModelConfig): LayersModel {
  const { pooling, maskValue, dense, denseDropout, attentionUnits } = resolve(config);
  let seedOffset = 0;
  const seeded = () => (config.seed === undefined ? {} : { seed: config.seed + seedOffset++ });
  const glorot = () => tfl.initializers.glorotUniform(seeded());

  const input = tfl.input({ shape: [config.frames, config.coefficients], name: 'frames' });
  let x: SymbolicTensor = input;
  if (maskValue !== null) x = apply(tfl.layers.masking({ maskValue, name: 'padding_mask' }), x);
  if (config.convolution !== undefined) {
    x = convolutionalFrontEnd(x, config.convolution, [config.frames!, config.coefficients], glorot);
  }
  const recurrent = config.recurrent;
  if (recurrent !== undefined) {
    recurrent.units.forEach((units, index) => {
      const last = index === recurrent.units.length - 1;
      const args = {
        units,
        returnSequences: !(last && pooling === 'last'),
        recurrentActivation: 'sigmoid' as const,
        kernelInitializer: glorot(),
        recurrentInitializer: new OrthogonalInitializer(seeded()),
        dropout: recurrent.dropout ?? 0,
        name: `${recurrent.cell}_${index}`,
      };
      const cell = recurrent.cell === 'lstm' ? lstm({ ...args, unitForgetBias: true }) : gru(args);
      x = apply(
        recurrent.bidirectional === true
          ? tfl.layers.bidirectional({
              layer: cell as RNN,
              mergeMode: 'concat',
              name: `bidirectional_${index}`,
            })
          : cell,
        x,
      );
    });
  }
  if (pooling === 'attention') {
    x = apply(
      new AttentionPooling({ units: attentionUnits, name: 'attention_pooling', ...seeded() }),
      x,
    );
  } else if (pooling === 'mean' || pooling === 'statistics') {
    const statistics: PooledStatistics = pooling === 'mean' ? 'mean' : 'mean-std';
    x = apply(new StatisticsPooling({ statistics, name: 'statistics_pooling' }), x);
  }
  dense.forEach((units, index) => {
    if (denseDropout > 0) {
      x = apply(tfl.layers.dropout({ rate: denseDropout, name: `dropout_${index}` }), x);
    }
    x = apply(
      tfl.layers.dense({
        units,
        activation: 'relu',
        kernelInitializer: glorot(),
        name: `dense_${index}`,
      }),
      x,
    );
  });
  if (denseDropout > 0) {
    x = apply(tfl.layers.dropout({ rate: denseDropout, name: 'dropout_output' }), x);
  }
  const output = apply(
    tfl.layers.dense({
      units: config.numClasses,
      activation: 'softmax',
      kernelInitializer: glorot(),
      name: 'emotion',
    }),
    x,
  );
  return tfl.model({ inputs: input, outputs: output, name: config.name ?? 'sequence_classifier' });
}

function apply(layer: { apply(x: SymbolicTensor): unknown }, x: SymbolicTensor): SymbolicTensor {
  return layer.apply(x) as SymbolicTensor;
}

function convolutionalFrontEnd(
  input: SymbolicTensor,
  conv: ConvolutionConfig,
  [frames, coefficients]: [number, number],
  glorot: () => ReturnType<typeof tfl.initializers.glorotUniform>,
): SymbolicTensor {
  const kernelSize = conv.kernelSize ?? 3;
  const timePool = conv.timePool ?? 2;
  const frequencyPool = conv.frequencyPool ?? 2;
  const dropout = conv.dropout ?? 0.1;
  let x = input;
  if (conv.kind === '2d') {
    x = apply(tfl.layers.reshape({ targetShape: [frames, coefficients, 1], name: 'image' }), x);
  }
  conv.filters.forEach((filters, index) => {
    const common = { filters, kernelSize, padding: 'same' as const, useBias: false };
    x = apply(
      conv.kind === '1d'
        ? tfl.layers.conv1d({ ...common, kernelInitializer: glorot(), name: `conv_${index}` })
        : tfl.layers.conv2d({ ...common, kernelInitializer: glorot(), name: `conv_${index}` }),
      x,
    );
    x = apply(tfl.layers.batchNormalization({ name: `conv_${index}_norm` }), x);
    x = apply(tfl.layers.activation({ activation: 'relu', name: `conv_${index}_relu` }), x);
    x = apply(
      conv.kind === '1d'
        ? tfl.layers.maxPooling1d({
            poolSize: timePool,
            padding: 'same',
            name: `conv_${index}_pool`,
          })
        : tfl.layers.maxPooling2d({
            poolSize: [timePool, frequencyPool],
            padding: 'same',
            name: `conv_${index}_pool`,
          }),
      x,
    );
    if (dropout > 0) {
      x = apply(tfl.layers.dropout({ rate: dropout, name: `conv_${index}_dropout` }), x);
    }
  });
  if (conv.kind === '2d') {
    const [, pooledFrames, bands, channels] = x.shape as [null, number, number, number];
    x = apply(
      tfl.layers.reshape({
        targetShape: [pooledFrames, bands * channels],
        name: 'frames_from_image',
      }),
      x,
    );
  }
  return x;
}
