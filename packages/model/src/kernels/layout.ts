/**
 * Plain-TypeScript replacements for tfjs-backend-cpu kernels whose cpu versions walk tensors
 * one element at a time through index arithmetic (`TensorBuffer.get/set`, transposes) or
 * through a shared loop that calls the op per element: Slice off the contiguous path, SplitV,
 * Reverse, float32 Sum and Mean, and the float32 element-wise binary ops. They copy, combine or
 * add up whole runs along the innermost (merged) axes instead. Results, shapes
 * and error messages are the cpu kernels' (the same checks run first); other dtypes and the
 * cases the cpu kernels already do well go to the cpu kernels.
 */
import type {
  DataType,
  KernelConfig,
  KernelFunc,
  TensorInfo,
  TypedArray,
} from '@tensorflow/tfjs-core';
import { tf } from '../tf';
import { type ArrayHost, cpuKernel, valuesOf } from './cpu-kernels';

/** Whether a tensor of this dtype is stored as one plain typed array element per value. */
function numeric(dtype: DataType): boolean {
  return dtype === 'float32' || dtype === 'int32' || dtype === 'bool';
}

/** Row-major strides of `shape`. */
function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--)
    strides[d] = (strides[d + 1] ?? 1) * (shape[d + 1] ?? 1);
  return strides;
}

/**
 * Calls `run(offset)` once per innermost run of a walk over `shape` in row-major order, where
 * `offset` is where the run starts in a source read with per-axis steps `steps` from `start`.
 */
function forEachRun(
  shape: readonly number[],
  steps: readonly number[],
  start: number,
  run: (offset: number) => void,
): void {
  const outer = shape.length - 1;
  const counter = new Array<number>(Math.max(outer, 0)).fill(0);
  let offset = start;
  const runs = shape.slice(0, outer).reduce((n, d) => n * d, 1);
  for (let r = 0; r < runs; r++) {
    run(offset);
    for (let d = outer - 1; d >= 0; d--) {
      const size = shape[d] ?? 1;
      const step = steps[d] ?? 0;
      if ((counter[d] ?? 0) + 1 < size) {
        counter[d] = (counter[d] ?? 0) + 1;
        offset += step;
        break;
      }
      counter[d] = 0;
      offset -= step * (size - 1);
    }
  }
}

/** Copies the box `begin` + `size` out of x (values `vals`, shape `shape`) into a new array. */
function sliceValues(
  vals: TypedArray,
  shape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
): TypedArray {
  const strides = stridesOf(shape);
  const out = new (vals.constructor as new (n: number) => TypedArray)(
    size.reduce((n, d) => n * d, 1),
  );
  if (out.length === 0) return out;
  const start = begin.reduce((sum, b, d) => sum + b * (strides[d] ?? 0), 0);
  const inner = size[size.length - 1] ?? 1;
  let o = 0;
  forEachRun(size, strides, start, (offset) => {
    out.set(vals.subarray(offset, offset + inner), o);
    o += inner;
  });
  return out;
}

function sliceKernel(): KernelFunc {
  const cpuSlice = cpuKernel('Slice');
  return (args) => {
    const x = args.inputs['x'] as TensorInfo;
    if (!numeric(x.dtype) || x.shape.length === 0) return cpuSlice(args);
    const [begin = [], size = []] = tf.slice_util.parseSliceParams(
      x as never,
      args.attrs?.['begin'] as number[],
      args.attrs?.['size'] as number[],
    );
    tf.slice_util.assertParamsValid(x as never, begin, size);
    if (tf.slice_util.isSliceContinous(x.shape, begin, size)) return cpuSlice(args);
    const host = args.backend as unknown as ArrayHost;
    return host.makeTensorInfo(size, x.dtype, sliceValues(valuesOf(host, x), x.shape, begin, size));
  };
}

function splitKernel(): KernelFunc {
  const cpuSplit = cpuKernel('SplitV');
  return (args) => {
    const x = args.inputs['x'] as TensorInfo;
    if (!numeric(x.dtype) || x.shape.length === 0) return cpuSplit(args);
    const [axis = 0] = tf.util.parseAxisParam(args.attrs?.['axis'] as number, x.shape);
    const sizes = tf.backend_util.prepareSplitSize(
      x as never,
      args.attrs?.['numOrSizeSplits'] as number[] | number,
      axis,
    );
    const host = args.backend as unknown as ArrayHost;
    const vals = valuesOf(host, x);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((piece) => {
      const size = [...x.shape];
      size[axis] = piece;
      const out = sliceValues(vals, x.shape, begin, size);
      begin[axis] = (begin[axis] ?? 0) + piece;
      return host.makeTensorInfo(size, x.dtype, out);
    });
  };
}

function reverseKernel(): KernelFunc {
  const cpuReverse = cpuKernel('Reverse');
  return (args) => {
    const x = args.inputs['x'] as TensorInfo;
    if (!numeric(x.dtype) || x.shape.length === 0) return cpuReverse(args);
    const axes = tf.util.parseAxisParam(args.attrs?.['dims'] as number[], x.shape);
    const host = args.backend as unknown as ArrayHost;
    const vals = valuesOf(host, x);
    const strides = stridesOf(x.shape);
    const steps = strides.map((s, d) => (axes.includes(d) ? -s : s));
    const start = axes.reduce((sum, d) => sum + ((x.shape[d] ?? 1) - 1) * (strides[d] ?? 0), 0);
    const out = new (vals.constructor as new (n: number) => TypedArray)(vals.length);
    const rank = x.shape.length;
    const inner = x.shape[rank - 1] ?? 1;
    const step = steps[rank - 1] ?? 1;
    let o = 0;
    if (out.length > 0) {
      forEachRun(x.shape, steps, start, (offset) => {
        if (step === 1) out.set(vals.subarray(offset, offset + inner), o);
        else for (let j = 0; j < inner; j++) out[o + j] = vals[offset - j] as number;
        o += inner;
      });
    }
    return host.makeTensorInfo([...x.shape], x.dtype, out);
  };
}

/** Element-wise float32 ops, by their codes in {@link combineRun}. */
const BINARY_OPS = {
  Add: 0,
  Sub: 1,
  Multiply: 2,
  RealDiv: 3,
  Maximum: 4,
  Minimum: 5,
  SquaredDifference: 6,
} as const;

/**
 * out[o + j] = a[ia + j · sa] op b[ib + j · sb] for j < n: one loop per op, so that each stays
 * monomorphic (the arithmetic is done in doubles and rounded once, as the cpu kernels do).
 */
function combineRun(
  code: number,
  out: Float32Array,
  o: number,
  a: TypedArray,
  ia: number,
  sa: number,
  b: TypedArray,
  ib: number,
  sb: number,
  n: number,
): void {
  switch (code) {
    case 0:
      for (let j = 0; j < n; j++)
        out[o + j] = (a[ia + j * sa] as number) + (b[ib + j * sb] as number);
      break;
    case 1:
      for (let j = 0; j < n; j++)
        out[o + j] = (a[ia + j * sa] as number) - (b[ib + j * sb] as number);
      break;
    case 2:
      for (let j = 0; j < n; j++)
        out[o + j] = (a[ia + j * sa] as number) * (b[ib + j * sb] as number);
      break;
    case 3:
      for (let j = 0; j < n; j++)
        out[o + j] = (a[ia + j * sa] as number) / (b[ib + j * sb] as number);
      break;
    case 4:
      for (let j = 0; j < n; j++)
        out[o + j] = Math.max(a[ia + j * sa] as number, b[ib + j * sb] as number);
      break;
    case 5:
      for (let j = 0; j < n; j++)
        out[o + j] = Math.min(a[ia + j * sa] as number, b[ib + j * sb] as number);
      break;
    default:
      for (let j = 0; j < n; j++) {
        const d = (a[ia + j * sa] as number) - (b[ib + j * sb] as number);
        out[o + j] = d * d;
      }
  }
}

/** Per-axis steps of an operand of `shape` read along `outShape` (0 where it is broadcast). */
function broadcastSteps(shape: readonly number[], outShape: readonly number[]): number[] {
  const strides = stridesOf(shape);
  const pad = outShape.length - shape.length;
  return outShape.map((_, d) => (d < pad || shape[d - pad] === 1 ? 0 : (strides[d - pad] ?? 0)));
}

/**
 * Merges neighbouring axes that every walker (one list of per-axis steps each) crosses in one
 * stride, so that inner runs are as long as possible; returns the merged shape and steps.
 */
function coalesce(
  shape: readonly number[],
  walkers: readonly (readonly number[])[],
): { shape: number[]; steps: number[][] } {
  const merged = [shape[0] ?? 1];
  const steps = walkers.map((w) => [w[0] ?? 0]);
  for (let d = 1; d < shape.length; d++) {
    const size = shape[d] ?? 1;
    const last = merged.length - 1;
    if (walkers.every((w, k) => (steps[k]?.[last] ?? 0) === (w[d] ?? 0) * size)) {
      merged[last] = (merged[last] ?? 1) * size;
      walkers.forEach((w, k) => {
        (steps[k] as number[])[last] = w[d] ?? 0;
      });
    } else {
      merged.push(size);
      walkers.forEach((w, k) => {
        (steps[k] as number[]).push(w[d] ?? 0);
      });
    }
  }
  return { shape: merged, steps };
}

function binaryKernel(name: keyof typeof BINARY_OPS): KernelFunc {
  const cpuBinary = cpuKernel(name);
  const code = BINARY_OPS[name];
  return (args) => {
    const a = args.inputs['a'] as TensorInfo;
    const b = args.inputs['b'] as TensorInfo;
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return cpuBinary(args);
    const outShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const host = args.backend as unknown as ArrayHost;
    const aVals = valuesOf(host, a);
    const bVals = valuesOf(host, b);
    const out = new Float32Array(tf.util.sizeFromShape(outShape));
    const walk = coalesce(outShape, [
      broadcastSteps(a.shape, outShape),
      broadcastSteps(b.shape, outShape),
    ]);
    const [aSteps = [], bSteps = []] = walk.steps;
    const rank = walk.shape.length;
    const inner = walk.shape[rank - 1] ?? 1;
    const aStep = aSteps[rank - 1] ?? 0;
    const bStep = bSteps[rank - 1] ?? 0;
    if (rank === 2) {
      // Rows of one stride each (a [C] vector against rows of C, the usual broadcast): no walk.
      const aRow = aSteps[0] ?? 0;
      const bRow = bSteps[0] ?? 0;
      const rows = walk.shape[0] ?? 0;
      for (let r = 0; r < rows; r++)
        combineRun(code, out, r * inner, aVals, r * aRow, aStep, bVals, r * bRow, bStep, inner);
      return host.makeTensorInfo(outShape, 'float32', out);
    }
    // b's run starts, in the same order as a's.
    const bStarts: number[] = [];
    forEachRun(walk.shape, bSteps, 0, (offset) => void bStarts.push(offset));
    let o = 0;
    let r = 0;
    if (out.length > 0) {
      forEachRun(walk.shape, aSteps, 0, (aOffset) => {
        combineRun(code, out, o, aVals, aOffset, aStep, bVals, bStarts[r++] ?? 0, bStep, inner);
        o += inner;
      });
    }
    return host.makeTensorInfo(outShape, 'float32', out);
  };
}

/**
 * Sums a float32 tensor over `axes` into a new float32 array of the kept axes, in doubles and in
 * the cpu kernel's order (row-major over the reduced axes), each term first divided by `divisor`
 * and rounded to float32 as the cpu Mean kernel does (1: plain sum).
 */
function reduceSum(
  vals: TypedArray,
  shape: readonly number[],
  axes: readonly number[],
  divisor: number,
): Float32Array {
  const outShape = shape.filter((_, d) => !axes.includes(d));
  const outStrides = stridesOf(outShape);
  let k = 0;
  const steps = shape.map((_, d) => (axes.includes(d) ? 0 : (outStrides[k++] ?? 0)));
  const walk = coalesce(shape, [steps]);
  const [outSteps = []] = walk.steps;
  const rank = walk.shape.length;
  const inner = walk.shape[rank - 1] ?? 1;
  const step = outSteps[rank - 1] ?? 0;
  const sums = new Float64Array(tf.util.sizeFromShape(outShape));
  let i = 0;
  if (vals.length > 0) {
    forEachRun(walk.shape, outSteps, 0, (o) => {
      for (let j = 0; j < inner; j++) {
        const value = vals[i + j] as number;
        const at = o + j * step;
        sums[at] = (sums[at] as number) + (divisor === 1 ? value : Math.fround(value / divisor));
      }
      i += inner;
    });
  }
  return Float32Array.from(sums);
}

/** Sum and Mean of float32 tensors over any axes, without the cpu kernels' transpose. */
function reductionKernel(name: 'Sum' | 'Mean'): KernelFunc {
  const cpuReduce = cpuKernel(name);
  return (args) => {
    const x = args.inputs['x'] as TensorInfo;
    if (x.dtype !== 'float32' || x.shape.length === 0) return cpuReduce(args);
    const axes = tf.util.parseAxisParam(args.attrs?.['axis'] as number[], x.shape);
    const [outShape, reduceShape] = tf.backend_util.computeOutAndReduceShapes(x.shape, axes);
    const divisor = name === 'Mean' ? tf.util.sizeFromShape(reduceShape) : 1;
    const host = args.backend as unknown as ArrayHost;
    const values = reduceSum(valuesOf(host, x), x.shape, axes, divisor);
    const shape =
      args.attrs?.['keepDims'] === true
        ? tf.backend_util.expandShapeToKeepDim(outShape, axes)
        : outShape;
    return host.makeTensorInfo(shape, 'float32', values);
  };
}

/** The layout and broadcasting kernels for the backend named `backendName`. */
export function layoutKernels(backendName: string): KernelConfig[] {
  return [
    { kernelName: 'Slice', backendName, kernelFunc: sliceKernel() },
    { kernelName: 'SplitV', backendName, kernelFunc: splitKernel() },
    { kernelName: 'Reverse', backendName, kernelFunc: reverseKernel() },
    ...(Object.keys(BINARY_OPS) as (keyof typeof BINARY_OPS)[]).map((kernelName) => ({
      kernelName,
      backendName,
      kernelFunc: binaryKernel(kernelName),
    })),
    { kernelName: 'Sum', backendName, kernelFunc: reductionKernel('Sum') },
    { kernelName: 'Mean', backendName, kernelFunc: reductionKernel('Mean') },
  ];
}
