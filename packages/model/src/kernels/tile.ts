/**
 * Tile for numeric tensors. The cpu kernel computes every output element's source index through
 * `TensorBuffer.indexToLoc/locToIndex`; this one builds each block once and repeats it with
 * `copyWithin`, innermost axis first (tfjs' batch-norm gradient tiles a [C] vector to the whole
 * activation shape every step). Output shape and checks are the cpu kernel's; strings run it.
 */
import type { KernelConfig, KernelFunc, TensorInfo, TypedArray } from '@tensorflow/tfjs-core';
import { tf } from '../tf';
import { type ArrayHost, cpuKernel, valuesOf } from './cpu-kernels';

/**
 * Writes x (values `x` from `from`, shape `shape` from axis `axis` on, row-major strides
 * `strides`) tiled `reps` times per axis into `out` at `to`; returns the elements written.
 */
function tileInto(
  out: TypedArray,
  to: number,
  x: TypedArray,
  from: number,
  shape: readonly number[],
  strides: readonly number[],
  reps: readonly number[],
  axis: number,
): number {
  const size = shape[axis] ?? 1;
  let block: number;
  if (axis === shape.length - 1) {
    if (size === 1) out[to] = x[from] as number;
    else out.set(x.subarray(from, from + size), to);
    block = size;
  } else {
    const stride = strides[axis] ?? 0;
    let o = to;
    for (let i = 0; i < size; i++) {
      o += tileInto(out, o, x, from + i * stride, shape, strides, reps, axis + 1);
    }
    block = o - to;
  }
  const times = reps[axis] ?? 1;
  if (block === 1 && times > 1) out.fill(out[to] as number, to + 1, to + times);
  else for (let r = 1; r < times; r++) out.copyWithin(to + r * block, to, to + block);
  return block * times;
}

/**
 * `values` (row-major, of `shape`) repeated `reps[d]` times along each axis d, in a new array of
 * the same kind.
 *
 * @example
 * ```ts
 * tileValues(new Float32Array([1, 2]), [1, 2], [2, 2]); // [1, 2, 1, 2, 1, 2, 1, 2]
 * ```
 */
export function tileValues<T extends TypedArray>(
  values: T,
  shape: readonly number[],
  reps: readonly number[],
): T {
  const out = new (values.constructor as new (n: number) => T)(
    shape.reduce((n, d, i) => n * d * (reps[i] ?? 1), 1),
  );
  if (out.length > 0)
    tileInto(out, 0, values, 0, shape, tf.util.computeStrides([...shape]), reps, 0);
  return out;
}

/**
 * Tile for the backend named `backendName`.
 *
 * @example
 * ```ts
 * tf.registerKernel(tileKernel('ser-simd'));
 * ```
 */
export function tileKernel(backendName: string): KernelConfig {
  const cpuTile = cpuKernel('Tile');
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs['x'] as TensorInfo;
    const reps = args.attrs?.['reps'] as number[];
    if (x.dtype === 'string' || x.dtype === 'complex64' || x.shape.length === 0)
      return cpuTile(args);
    const host = args.backend as unknown as ArrayHost;
    const values = valuesOf(host, x);
    const shape = x.shape.map((d, i) => d * (reps[i] ?? 1));
    return host.makeTensorInfo(shape, x.dtype, tileValues(values, x.shape, reps));
  };
  return { kernelName: 'Tile', backendName, kernelFunc };
}
