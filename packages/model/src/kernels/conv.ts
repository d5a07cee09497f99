/**
 * 2-D convolutions (and so 1-D ones, which tfjs runs as 2-D) on the kernel module, as
 * im2col + one matrix product: Conv2D, FusedConv2D (with a plain bias and the activations
 * the product kernels fuse) and the two gradients Conv2DBackpropInput (the product, then
 * col2im) and Conv2DBackpropFilter. Channels-last (NHWC) float32 only; shapes go through
 * tfjs' own `computeConv2DInfo`, so sizes and errors are the cpu kernels'; anything else runs
 * the cpu kernels.
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../tf';
import { cpuKernel } from './cpu-kernels';
import { gemm, rowMajor } from './matmul';
import type { KernelHost } from './products';
import type { WasmKernels } from './runtime';

type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/** Fused activations done by the module's bias_activation task (as the product kernels number them). */
const ACTIVATIONS: Record<string, number> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  sigmoid: 3,
  leakyrelu: 4,
};

/** The cpu kernels' conv info for x's and the filter's shapes, or null for channels-first data. */
function convInfoOf(
  attrs: NamedAttrMap | undefined,
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  dilations: number | [number, number],
): ConvInfo | null {
  const dataFormat = tf.backend_util.convertConv2DDataFormat(
    (attrs?.['dataFormat'] as 'NHWC' | 'NCHW' | undefined) ?? 'NHWC',
  );
  if (dataFormat !== 'channelsLast') return null;
  return tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    attrs?.['strides'] as number | [number, number],
    dilations,
    attrs?.['pad'] as 'same',
    attrs?.['dimRoundingMode'] as 'round' | undefined,
    false,
    dataFormat,
  );
}

/** Patches of x as rows of [B·OH·OW, FH·FW·C] at `patches` (zeros where the filter hangs over the padding). */
function im2col(kernels: WasmKernels, x: Float32Array, info: ConvInfo, patches: number): void {
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } =
    info;
  const { top, left } = info.padInfo;
  const memory = kernels.view();
  const K = filterHeight * filterWidth * C;
  let row = patches / 4;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        let o = row;
        for (let fy = 0; fy < filterHeight; fy++) {
          const iy = oy * strideHeight - top + fy * dilationHeight;
          for (let fx = 0; fx < filterWidth; fx++) {
            const ix = ox * strideWidth - left + fx * dilationWidth;
            if (iy < 0 || iy >= inHeight || ix < 0 || ix >= inWidth) {
              memory.fill(0, o, o + C);
            } else {
              const from = ((b * inHeight + iy) * inWidth + ix) * C;
              if (C === 1) memory[o] = x[from] as number;
              else memory.set(x.subarray(from, from + C), o);
            }
            o += C;
          }
        }
        row += K;
      }
    }
  }
}

/** Sums the patch gradients at `patches` back into an image gradient (col2im). */
function col2im(kernels: WasmKernels, patches: number, info: ConvInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } =
    info;
  const { top, left } = info.padInfo;
  const memory = kernels.view();
  const dx = new Float32Array(batchSize * inHeight * inWidth * C);
  let o = patches / 4;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let fy = 0; fy < filterHeight; fy++) {
          const iy = oy * strideHeight - top + fy * dilationHeight;
          for (let fx = 0; fx < filterWidth; fx++) {
            const ix = ox * strideWidth - left + fx * dilationWidth;
            if (iy >= 0 && iy < inHeight && ix >= 0 && ix < inWidth) {
              const to = ((b * inHeight + iy) * inWidth + ix) * C;
              for (let c = 0; c < C; c++)
                dx[to + c] = (dx[to + c] as number) + (memory[o + c] as number);
            }
            o += C;
          }
        }
      }
    }
  }
  return dx;
}

/** y = im2col(x) · filter into fresh kernel memory; returns its address and element count. */
function convolve(
  host: KernelHost,
  x: TensorInfo,
  filter: TensorInfo,
  info: ConvInfo,
): { y: number; count: number } {
  const { kernels } = host;
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const N = info.outChannels;
  kernels.reset();
  const weights = kernels.write(host.values(filter));
  const patches = kernels.alloc(rows * K);
  const y = kernels.alloc(rows * N);
  im2col(kernels, host.values(x), info, patches);
  gemm(kernels, rows, N, K, rowMajor(patches, K), rowMajor(weights, N), y, N, false);
  return { y, count: rows * N };
}

function shape4(info: TensorInfo): [number, number, number, number] {
  return info.shape as [number, number, number, number];
}

function float32(...infos: (TensorInfo | undefined)[]): boolean {
  return infos.every((info) => info?.dtype === 'float32' && info.shape.length === 4);
}

/** Conv2D, FusedConv2D, Conv2DBackpropInput and Conv2DBackpropFilter for the backend named `backendName`. */
export function convolutionKernels(backendName: string): KernelConfig[] {
  const cpuConv = cpuKernel('Conv2D');
  const cpuFused = cpuKernel('FusedConv2D');
  const cpuInput = cpuKernel('Conv2DBackpropInput');
  const cpuFilter = cpuKernel('Conv2DBackpropFilter');

  const conv2d: KernelFunc = (args) => {
    const { x, filter } = args.inputs;
    if (!float32(x, filter)) return cpuConv(args);
    const dilations = (args.attrs?.['dilations'] as number | [number, number] | undefined) ?? 1;
    const info = convInfoOf(
      args.attrs,
      shape4(x as TensorInfo),
      shape4(filter as TensorInfo),
      dilations,
    );
    if (info === null) return cpuConv(args);
    const host = args.backend as KernelHost;
    const { y, count } = convolve(host, x as TensorInfo, filter as TensorInfo, info);
    return host.makeTensorInfo(info.outShape, 'float32', host.kernels.read(y, count));
  };

  const fusedConv2d: KernelFunc = (args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs;
    const activation = ACTIVATIONS[String(args.attrs?.['activation'] ?? 'linear')];
    const outChannels = filter?.shape[3];
    const plainBias =
      bias === undefined ||
      (bias.dtype === 'float32' && bias.shape.length === 1 && bias.shape[0] === outChannels);
    if (
      !float32(x, filter) ||
      preluActivationWeights !== undefined ||
      activation === undefined ||
      !plainBias
    )
      return cpuFused(args);
    const dilations = (args.attrs?.['dilations'] as number | [number, number] | undefined) ?? 1;
    const info = convInfoOf(
      args.attrs,
      shape4(x as TensorInfo),
      shape4(filter as TensorInfo),
      dilations,
    );
    if (info === null) return cpuFused(args);
    const host = args.backend as KernelHost;
    const { kernels } = host;
    const { y, count } = convolve(host, x as TensorInfo, filter as TensorInfo, info);
    const biasAddress = bias === undefined ? 0 : kernels.write(host.values(bias));
    const N = info.outChannels;
    const alpha = Number(args.attrs?.['leakyreluAlpha'] ?? 0.2);
    kernels.run('bias_activation', [y, count / N, N, N, biasAddress, activation], [alpha]);
    return host.makeTensorInfo(info.outShape, 'float32', kernels.read(y, count));
  };

  const backpropInput: KernelFunc = (args) => {
    const { dy, filter } = args.inputs;
    if (!float32(dy, filter)) return cpuInput(args);
    const inputShape = args.attrs?.['inputShape'] as [number, number, number, number];
    const info = convInfoOf(args.attrs, inputShape, shape4(filter as TensorInfo), 1);
    if (info === null) return cpuInput(args);
    const host = args.backend as KernelHost;
    const { kernels } = host;
    const rows = info.batchSize * info.outHeight * info.outWidth;
    const K = info.filterHeight * info.filterWidth * info.inChannels;
    const N = info.outChannels;
    kernels.reset();
    const gradient = kernels.write(host.values(dy as TensorInfo));
    const weights = kernels.write(host.values(filter as TensorInfo));
    const patches = kernels.alloc(rows * K);
    gemm(kernels, rows, K, N, rowMajor(gradient, N), rowMajor(weights, N, true), patches, K, false);
    return host.makeTensorInfo(info.inShape, 'float32', col2im(kernels, patches, info));
  };

  const backpropFilter: KernelFunc = (args) => {
    const { x, dy } = args.inputs;
    if (!float32(x, dy)) return cpuFilter(args);
    const filterShape = args.attrs?.['filterShape'] as [number, number, number, number];
    const info = convInfoOf(args.attrs, shape4(x as TensorInfo), filterShape, 1);
    if (info === null) return cpuFilter(args);
    const host = args.backend as KernelHost;
    const { kernels } = host;
    const rows = info.batchSize * info.outHeight * info.outWidth;
    const K = info.filterHeight * info.filterWidth * info.inChannels;
    const N = info.outChannels;
    kernels.reset();
    const gradient = kernels.write(host.values(dy as TensorInfo));
    const patches = kernels.alloc(rows * K);
    const dw = kernels.alloc(K * N);
    im2col(kernels, host.values(x as TensorInfo), info, patches);
    gemm(kernels, K, N, rows, rowMajor(patches, K, true), rowMajor(gradient, N), dw, N, false);
    return host.makeTensorInfo([...filterShape], 'float32', kernels.read(dw, K * N));
  };

  return [
    { kernelName: 'Conv2D', backendName, kernelFunc: conv2d },
    { kernelName: 'FusedConv2D', backendName, kernelFunc: fusedConv2d },
    { kernelName: 'Conv2DBackpropInput', backendName, kernelFunc: backpropInput },
    { kernelName: 'Conv2DBackpropFilter', backendName, kernelFunc: backpropFilter },
  ];
}
