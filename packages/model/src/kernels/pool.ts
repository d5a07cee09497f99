/**
 * 2-D max pooling and its gradient over channels-last (NHWC) float32 tensors: MaxPool and
 * MaxPoolGrad. The cpu kernels walk one channel at a time through `TensorBuffer.get/set`
 * (MaxPoolGrad also gathers, for every input pixel, over every window that could hold it); these
 * walk each window once with the channels innermost, and the gradient scatters each output
 * gradient onto the input pixel that won its window. Shapes go through tfjs'
 * `computePool2DInfo`, so sizes and errors are the cpu kernels'; the winner of a window is the
 * cpu kernels' (the first strictly greatest value in row-major window order, NaN never winning),
 * so ties, which ReLU's zeros make common, send the gradient to the same pixel. Other dtypes
 * run the cpu kernels.
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../tf';
import { cpuKernel } from './cpu-kernels';
import type { KernelHost } from './products';

type PoolInfo = ReturnType<typeof tf.backend_util.computePool2DInfo>;

/** The cpu kernels' pooling info for an x of `shape` (dilation 1, as tfjs' MaxPool has). */
function poolInfoOf(attrs: NamedAttrMap | undefined, shape: readonly number[]): PoolInfo {
  return tf.backend_util.computePool2DInfo(
    shape as [number, number, number, number],
    attrs?.['filterSize'] as number | [number, number],
    attrs?.['strides'] as number | [number, number],
    1,
    attrs?.['pad'] as 'same',
    attrs?.['dimRoundingMode'] as 'round' | undefined,
  );
}

/** Rows [from, to) of the input (clipped to it) under the window of output row `y` along one axis. */
function windowRange(
  y: number,
  stride: number,
  pad: number,
  filter: number,
  size: number,
): [number, number] {
  const corner = y * stride - pad;
  return [Math.max(0, corner), Math.min(size, corner + filter)];
}

/**
 * Visits every window: `visit(o, rowFrom, rowTo, colFrom, colTo, base)` with `o` the output
 * pixel's first element and `base` the offset of the window's image in x.
 */
function forEachWindow(
  info: PoolInfo,
  visit: (o: number, r0: number, r1: number, c0: number, c1: number, base: number) => void,
): void {
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const { top, left } = info.padInfo;
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    const base = b * inHeight * inWidth * C;
    for (let yr = 0; yr < outHeight; yr++) {
      const [r0, r1] = windowRange(yr, strideHeight, top, effectiveFilterHeight, inHeight);
      for (let yc = 0; yc < outWidth; yc++) {
        const [c0, c1] = windowRange(yc, strideWidth, left, effectiveFilterWidth, inWidth);
        visit(o, r0, r1, c0, c1, base);
        o += C;
      }
    }
  }
}

/** Max of every window per channel (−∞ for a window with no number in it). */
function maxPoolValues(x: Float32Array, info: PoolInfo): Float32Array {
  const { inWidth, inChannels: C } = info;
  const y = new Float32Array(tf.util.sizeFromShape(info.outShape)).fill(Number.NEGATIVE_INFINITY);
  forEachWindow(info, (o, r0, r1, c0, c1, base) => {
    for (let r = r0; r < r1; r++) {
      for (let c = c0; c < c1; c++) {
        const at = base + (r * inWidth + c) * C;
        for (let d = 0; d < C; d++) {
          const v = x[at + d] as number;
          if (v > (y[o + d] as number)) y[o + d] = v;
        }
      }
    }
  });
  return y;
}

/**
 * dx: each output gradient added to the input pixel that won its window (none where the window
 * held no number). `best` and `winner` are scratch rows of C elements.
 */
function maxPoolGradValues(dy: Float32Array, x: Float32Array, info: PoolInfo): Float32Array {
  const { inWidth, inChannels: C } = info;
  const dx = new Float32Array(tf.util.sizeFromShape(info.inShape));
  const best = new Float64Array(C);
  const winner = new Int32Array(C);
  forEachWindow(info, (o, r0, r1, c0, c1, base) => {
    best.fill(Number.NEGATIVE_INFINITY);
    winner.fill(-1);
    for (let r = r0; r < r1; r++) {
      for (let c = c0; c < c1; c++) {
        const at = base + (r * inWidth + c) * C;
        for (let d = 0; d < C; d++) {
          const v = x[at + d] as number;
          if (v > (best[d] as number)) {
            best[d] = v;
            winner[d] = at + d;
          }
        }
      }
    }
    for (let d = 0; d < C; d++) {
      const at = winner[d] as number;
      if (at >= 0) dx[at] = (dx[at] as number) + (dy[o + d] as number);
    }
  });
  return dx;
}

/**
 * MaxPool and MaxPoolGrad for the backend named `backendName`.
 *
 * @example
 * ```ts
 * for (const config of poolingKernels('ser-simd')) tf.registerKernel(config);
 * ```
 */
export function poolingKernels(backendName: string): KernelConfig[] {
  const cpuMaxPool = cpuKernel('MaxPool');
  const cpuMaxPoolGrad = cpuKernel('MaxPoolGrad');

  const maxPool: KernelFunc = (args) => {
    const x = args.inputs['x'] as TensorInfo;
    if (x.dtype !== 'float32' || x.shape.length !== 4) return cpuMaxPool(args);
    const strides = args.attrs?.['strides'] as number | [number, number];
    tf.util.assert(
      tf.backend_util.eitherStridesOrDilationsAreOne(strides, 1),
      () =>
        'Error in maxPool: Either strides or dilations must be 1. ' +
        `Got strides ${strides} and dilations '1'`,
    );
    const info = poolInfoOf(args.attrs, x.shape);
    if (
      info.filterWidth === 1 &&
      info.filterHeight === 1 &&
      tf.util.arraysEqual(info.inShape, info.outShape)
    )
      return cpuMaxPool(args);
    const host = args.backend as KernelHost;
    return host.makeTensorInfo(info.outShape, 'float32', maxPoolValues(host.values(x), info));
  };

  const maxPoolGrad: KernelFunc = (args) => {
    const dy = args.inputs['dy'] as TensorInfo;
    const x = args.inputs['input'] as TensorInfo;
    if (x.dtype !== 'float32' || dy.dtype !== 'float32' || x.shape.length !== 4)
      return cpuMaxPoolGrad(args);
    const info = poolInfoOf(args.attrs, x.shape);
    const host = args.backend as KernelHost;
    const dx = maxPoolGradValues(host.values(dy), host.values(x), info);
    return host.makeTensorInfo([...x.shape], 'float32', dx);
  };

  return [
    { kernelName: 'MaxPool', backendName, kernelFunc: maxPool },
    { kernelName: 'MaxPoolGrad', backendName, kernelFunc: maxPoolGrad },
  ];
}
