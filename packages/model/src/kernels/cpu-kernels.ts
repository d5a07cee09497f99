/**
 * What the `ser-simd` kernels that replace tfjs-backend-cpu kernels share: the cpu kernel to
 * fall back on, and the backend's plain typed arrays.
 */
import type { DataType, KernelFunc, TensorInfo, TypedArray } from '@tensorflow/tfjs-core';
import { tf } from '../tf';

/** The part of the backend that kernels over plain typed arrays need. */
export interface ArrayHost {
  readonly data: { get(dataId: object): { values?: unknown } | undefined };
  makeTensorInfo(shape: number[], dtype: DataType, values: TypedArray): TensorInfo;
}

/** A tensor's values as the backend stores them (one typed array element per value for numeric dtypes). */
export function valuesOf(host: ArrayHost, info: TensorInfo): TypedArray {
  return host.data.get(info.dataId)?.values as TypedArray;
}

/**
 * tfjs-backend-cpu's kernel `name`, for the cases a replacement leaves to it.
 *
 * @throws Error when tfjs-backend-cpu has not registered it.
 */
export function cpuKernel(name: string): KernelFunc {
  const config = tf.getKernel(name, 'cpu');
  if (config === undefined) throw new Error(`tfjs-backend-cpu has no '${name}' kernel`);
  return config.kernelFunc;
}
