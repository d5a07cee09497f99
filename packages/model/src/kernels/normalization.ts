/**
 * Batch normalisation (FusedBatchNorm) and its gradient over float32 tensors whose mean,
 * variance, scale and offset hold one value per channel (the last axis) or a single value, as
 * tfjs-layers' batchNormalization passes them. The forward kernel is the cpu formula
 * (offset + (x − mean) · scale / √(variance + ε), in doubles) with the square roots taken once
 * per channel. tfjs' gradient builds it from about a dozen whole-tensor ops (a Tile of 1/√ to the
 * activation shape, products, differences, sums); on `ser-simd` it is one pass that computes the
 * same float32 roundings per element and adds up the four per-channel gradients in doubles, so
 * only dx is a new activation-sized array. Other dtypes and shapes keep tfjs' gradient and the
 * cpu kernel.
 */
import type {
  KernelConfig,
  KernelFunc,
  NamedAttrMap,
  Tensor,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { tf } from '../tf';
import { cpuKernel } from './cpu-kernels';
import type { FastGradient } from './gradients';
import type { KernelHost } from './products';

/** Per-channel parameters of x: each of length 1 or x's channel count `C`. */
interface Channels {
  readonly C: number;
  readonly mean: Float32Array;
  readonly variance: Float32Array;
  readonly scale: Float32Array;
  readonly offset: Float32Array;
}

const ONE = new Float32Array([1]);
const ZERO = new Float32Array([0]);

/** x's per-channel parameters, or null when one is neither per channel nor single (or not float32). */
function channelsOf(
  host: KernelHost,
  x: TensorInfo,
  params: Record<'mean' | 'variance' | 'scale' | 'offset', TensorInfo | undefined>,
): Channels | null {
  const C = x.shape[x.shape.length - 1] ?? 1;
  const values: Record<string, Float32Array> = {};
  for (const [name, info] of Object.entries(params)) {
    if (info === undefined) continue;
    const size = tf.util.sizeFromShape(info.shape);
    if (info.dtype !== 'float32' || (size !== C && size !== 1)) return null;
    values[name] = host.values(info);
  }
  const { mean, variance } = values;
  if (x.dtype !== 'float32' || mean === undefined || variance === undefined) return null;
  return { C, mean, variance, scale: values['scale'] ?? ONE, offset: values['offset'] ?? ZERO };
}

/** `array`'s value for channel c (its only value when it has one). */
function at(array: Float32Array, c: number): number {
  return (array.length === 1 ? array[0] : array[c]) as number;
}

function normalize(x: Float32Array, p: Channels, epsilon: number): Float32Array {
  const { C } = p;
  const root = Float64Array.from({ length: C }, (_, c) => Math.sqrt(at(p.variance, c) + epsilon));
  const mean = Float64Array.from({ length: C }, (_, c) => at(p.mean, c));
  const scale = Float64Array.from({ length: C }, (_, c) => at(p.scale, c));
  const offset = Float64Array.from({ length: C }, (_, c) => at(p.offset, c));
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i += C) {
    for (let c = 0; c < C; c++) {
      y[i + c] =
        (offset[c] as number) +
        (((x[i + c] as number) - (mean[c] as number)) * (scale[c] as number)) / (root[c] as number);
    }
  }
  return y;
}

/** The five gradients of FusedBatchNorm (dx, and per channel: mean, variance, scale, offset). */
interface BatchNormGradients {
  readonly dx: Float32Array;
  readonly mean: Float32Array;
  readonly variance: Float32Array;
  readonly scale: Float32Array;
  readonly offset: Float32Array;
}

/**
 * The gradients as tfjs' FusedBatchNorm gradient computes them, each float32 product and
 * difference rounded as its ops round them: r = rsqrt(variance + ε), dx = dy · r · scale,
 * d mean = Σ −r · (dy · scale), d variance = Σ (−½ r³ · (x − mean)) · (dy · scale),
 * d scale = Σ dy · ((x − mean) · r), d offset = Σ dy. `size` is the parameters' length (1 or C).
 */
function batchNormGradients(
  x: Float32Array,
  dy: Float32Array,
  p: Channels,
  epsilon: number,
  size: number,
): BatchNormGradients {
  const f = Math.fround;
  const { C } = p;
  const r = new Float64Array(C);
  const minusR = new Float64Array(C);
  const minusHalfRCube = new Float64Array(C);
  const mean = new Float64Array(C);
  const scale = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const rc = f(1 / Math.sqrt(f(at(p.variance, c) + f(epsilon))));
    r[c] = rc;
    minusR[c] = -rc;
    minusHalfRCube[c] = f(f(f(rc * rc) * rc) * -0.5);
    mean[c] = at(p.mean, c);
    scale[c] = at(p.scale, c);
  }
  const sums = { mean: new Float64Array(C), variance: new Float64Array(C) };
  const scaleSum = new Float64Array(C);
  const offsetSum = new Float64Array(C);
  const dx = new Float32Array(x.length);
  for (let i = 0; i < x.length; i += C) {
    for (let c = 0; c < C; c++) {
      const g = dy[i + c] as number;
      const rc = r[c] as number;
      const gs = f(g * (scale[c] as number));
      const centred = f((x[i + c] as number) - (mean[c] as number));
      dx[i + c] = f(g * rc) * (scale[c] as number);
      sums.mean[c] = (sums.mean[c] as number) + f((minusR[c] as number) * gs);
      sums.variance[c] =
        (sums.variance[c] as number) + f(f((minusHalfRCube[c] as number) * centred) * gs);
      scaleSum[c] = (scaleSum[c] as number) + f(g * f(centred * rc));
      offsetSum[c] = (offsetSum[c] as number) + g;
    }
  }
  /** Per-channel sums folded to the parameters' length. */
  const fold = (s: Float64Array) =>
    size === C ? Float32Array.from(s) : new Float32Array([s.reduce((a, b) => a + b, 0)]);
  return {
    dx,
    mean: fold(sums.mean),
    variance: fold(sums.variance),
    scale: fold(scaleSum),
    offset: fold(offsetSum),
  };
}

function epsilonOf(attrs: NamedAttrMap | undefined): number {
  return Number(attrs?.['varianceEpsilon'] ?? 0.001);
}

/**
 * FusedBatchNorm for the backend named `backendName`.
 *
 * @example
 * ```ts
 * tf.registerKernel(batchNormKernel('ser-simd'));
 * ```
 */
export function batchNormKernel(backendName: string): KernelConfig {
  const cpu = cpuKernel('FusedBatchNorm');
  const kernelFunc: KernelFunc = (args) => {
    const { x, mean, variance, scale, offset } = args.inputs;
    const host = args.backend as KernelHost;
    const p =
      x === undefined
        ? null
        : channelsOf(host, x, { mean, variance, scale, offset } as Record<
            'mean' | 'variance' | 'scale' | 'offset',
            TensorInfo | undefined
          >);
    if (
      x === undefined ||
      p === null ||
      (mean as TensorInfo).shape.length !== (variance as TensorInfo).shape.length ||
      [scale, offset].some(
        (t) => t !== undefined && t.shape.length !== (mean as TensorInfo).shape.length,
      )
    )
      return cpu(args);
    return host.makeTensorInfo(
      [...x.shape],
      'float32',
      normalize(host.values(x), p, epsilonOf(args.attrs)),
    );
  };
  return { kernelName: 'FusedBatchNorm', backendName, kernelFunc };
}

/**
 * tfjs' FusedBatchNorm gradient in one pass, for float32 tensors with rank-1 per-channel (or
 * single-value) parameters, as batch normalisation layers have; null otherwise. Register it
 * with {@link gradientOnBackend}.
 *
 * @example
 * ```ts
 * const reference = tf.getGradient('FusedBatchNorm');
 * if (reference !== undefined)
 *   tf.registerGradient(gradientOnBackend(reference, 'ser-simd', batchNormGradient));
 * ```
 */
export const batchNormGradient: FastGradient = (dy, saved, attrs) => {
  const [x, mean, variance, scale] = saved as [Tensor, Tensor, Tensor, Tensor | undefined];
  const upstream = dy as Tensor;
  const host = tf.engine().backend as unknown as KernelHost;
  if (
    mean.rank !== 1 ||
    variance.rank !== 1 ||
    (scale !== undefined && scale.rank !== 1) ||
    upstream.dtype !== 'float32'
  )
    return null;
  const p = channelsOf(host, x, { mean, variance, scale, offset: undefined });
  if (p === null) return null;
  const g = batchNormGradients(
    host.values(x),
    host.values(upstream),
    p,
    epsilonOf(attrs),
    mean.size,
  );
  const shape = mean.shape;
  return {
    x: () => tf.tensor(g.dx, x.shape, 'float32'),
    mean: () => tf.tensor(g.mean, shape, 'float32'),
    variance: () => tf.tensor(g.variance, shape, 'float32'),
    scale: () => tf.tensor(g.scale, shape, 'float32'),
    offset: () => tf.tensor(g.offset, shape, 'float32'),
  };
};
