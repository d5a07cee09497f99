/**
 * tfjs kernels for matrix products on the WebAssembly module: BatchMatMul and _FusedMatMul
 * (Dense layers and their gradients). Shapes are checked as tfjs-backend-cpu checks them, with
 * the same messages; other dtypes and the rarer fused activations fall back to the cpu kernels.
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../tf';
import { cpuKernel } from './cpu-kernels';
import { gemm, rowMajor } from './matmul';
import type { WasmKernels } from './runtime';

/** The part of the backend these kernels need. */
export interface KernelHost {
  readonly kernels: WasmKernels;
  /** A tensor's values, read without copying. */
  values(info: TensorInfo): Float32Array;
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

interface ProductShape {
  readonly outShape: number[];
  readonly batch: number;
  readonly batchA: number;
  readonly batchB: number;
  readonly M: number;
  readonly N: number;
  readonly K: number;
}

/** Checks and sizes a (batched) product exactly as tfjs-backend-cpu's BatchMatMul does. */
function productShape(
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): ProductShape {
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  const innerA = (transposeA ? a.shape[aRank - 2] : a.shape[aRank - 1]) ?? 0;
  const innerB = (transposeB ? b.shape[bRank - 1] : b.shape[bRank - 2]) ?? 0;
  const outerA = (transposeA ? a.shape[aRank - 1] : a.shape[aRank - 2]) ?? 0;
  const outerB = (transposeB ? b.shape[bRank - 2] : b.shape[bRank - 1]) ?? 0;
  const outerDims = tf.broadcast_util.assertAndGetBroadcastShape(
    a.shape.slice(0, -2),
    b.shape.slice(0, -2),
  );
  tf.util.assert(
    innerA === innerB,
    () =>
      `Error in matMul: inner shapes (${innerA}) and (${innerB}) of Tensors with shapes ${a.shape} and ` +
      `${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
  );
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  return {
    outShape: [...outerDims, outerA, outerB],
    batch: Math.max(batchA, batchB),
    batchA,
    batchB,
    M: outerA,
    N: outerB,
    K: innerA,
  };
}

/** Computes the product into fresh kernel memory and returns its address. */
function product(
  host: KernelHost,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  size: ProductShape,
): number {
  const { kernels } = host;
  const { M, N, K } = size;
  kernels.reset();
  const aAddress = kernels.write(host.values(a));
  const bAddress = kernels.write(host.values(b));
  const c = kernels.alloc(size.batch * M * N);
  for (let i = 0; i < size.batch; i++) {
    const aMatrix = rowMajor(
      aAddress + 4 * (i % size.batchA) * M * K,
      transposeA ? M : K,
      transposeA,
    );
    const bMatrix = rowMajor(
      bAddress + 4 * (i % size.batchB) * K * N,
      transposeB ? K : N,
      transposeB,
    );
    gemm(kernels, M, N, K, aMatrix, bMatrix, c + 4 * i * M * N, N, false);
  }
  return c;
}

function flags(attrs: NamedAttrMap | undefined): { transposeA: boolean; transposeB: boolean } {
  return { transposeA: attrs?.['transposeA'] === true, transposeB: attrs?.['transposeB'] === true };
}

/** Fused activations computed in place (as bias_activation numbers them); the others use the cpu kernel. */
const ACTIVATIONS: Record<string, number> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  sigmoid: 3,
  leakyrelu: 4,
};

/** BatchMatMul and _FusedMatMul for the backend named `backendName`. */
export function productKernels(backendName: string): KernelConfig[] {
  const cpuBatchMatMul = cpuKernel('BatchMatMul');
  const cpuFusedMatMul = cpuKernel('_FusedMatMul');
  const batchMatMul: KernelFunc = (args) => {
    const { a, b } = args.inputs;
    if (a === undefined || b === undefined || a.dtype !== 'float32' || b.dtype !== 'float32')
      return cpuBatchMatMul(args);
    const host = args.backend as KernelHost;
    const { transposeA, transposeB } = flags(args.attrs);
    const size = productShape(a, b, transposeA, transposeB);
    const c = product(host, a, b, transposeA, transposeB, size);
    return host.makeTensorInfo(
      size.outShape,
      'float32',
      host.kernels.read(c, size.batch * size.M * size.N),
    );
  };
  const fusedMatMul: KernelFunc = (args) => {
    const { a, b, bias } = args.inputs;
    const activationName = String(args.attrs?.['activation'] ?? 'linear');
    const activation = ACTIVATIONS[activationName];
    const size =
      a !== undefined && b !== undefined
        ? productShape(a, b, flags(args.attrs).transposeA, flags(args.attrs).transposeB)
        : null;
    const plainBias =
      bias === undefined ||
      (bias.dtype === 'float32' &&
        bias.shape.every((d, i) => d === (i === bias.shape.length - 1 ? size?.N : 1)));
    if (
      a === undefined ||
      b === undefined ||
      size === null ||
      a.dtype !== 'float32' ||
      b.dtype !== 'float32' ||
      activation === undefined ||
      !plainBias
    ) {
      return cpuFusedMatMul(args);
    }
    const host = args.backend as KernelHost;
    const { transposeA, transposeB } = flags(args.attrs);
    const c = product(host, a, b, transposeA, transposeB, size);
    const { kernels } = host;
    const biasAddress = bias === undefined ? 0 : kernels.write(host.values(bias));
    const alpha = Number(args.attrs?.['leakyreluAlpha'] ?? 0.2);
    kernels.run(
      'bias_activation',
      [c, size.batch * size.M, size.N, size.N, biasAddress, activation],
      [alpha],
    );
    return host.makeTensorInfo(
      size.outShape,
      'float32',
      kernels.read(c, size.batch * size.M * size.N),
    );
  };
  return [
    { kernelName: 'BatchMatMul', backendName, kernelFunc: batchMatMul },
    { kernelName: '_FusedMatMul', backendName, kernelFunc: fusedMatMul },
  ];
}
