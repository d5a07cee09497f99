/**
 * Softmax over the last axis of float32 logits, one pass per row. tfjs' cpu kernel runs it as
 * five ops (max, a broadcasting subtraction, exp, sum, a broadcasting division), and its
 * broadcasting ops work out every element's position one by one: most of the time a classifier
 * head spends. This kernel takes the same f32 steps (x − max rounded to f32, its exp rounded to
 * f32, their sum in double precision rounded to f32, the division rounded to f32), so its
 * results equal the cpu kernel's bit for bit. Other dtypes and axes run the cpu kernel.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../tf';
import { cpuKernel } from './cpu-kernels';
import type { KernelHost } from './products';

/** Softmax of each row of `width` values of `logits`. */
function softmaxRows(logits: Float32Array, width: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let offset = 0; offset < logits.length; offset += width) {
    // max as tfjs' maxImpl picks it: the first NaN wins
    let max = logits[offset] as number;
    for (let j = 0; j < width; j++) {
      const value = logits[offset + j] as number;
      if (Number.isNaN(value) || value > max) max = value;
    }
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const e = Math.fround(Math.exp(Math.fround((logits[offset + j] as number) - max)));
      out[offset + j] = e;
      sum += e;
    }
    const total = Math.fround(sum);
    for (let j = 0; j < width; j++) out[offset + j] = (out[offset + j] as number) / total;
  }
  return out;
}

/**
 * The Softmax kernel for the backend named `backendName`.
 *
 * @example
 * ```ts
 * tf.registerKernel(softmaxKernel('ser-simd'));
 * ```
 */
export function softmaxKernel(backendName: string): KernelConfig {
  const cpu = cpuKernel(tf.Softmax);
  const kernelFunc: KernelFunc = (args) => {
    const logits = args.inputs['logits'] as TensorInfo;
    const rank = logits.shape.length;
    const dim = Number(args.attrs?.['dim'] ?? -1);
    if (logits.dtype !== 'float32' || rank === 0 || (dim !== -1 && dim !== rank - 1)) {
      return cpu(args);
    }
    const host = args.backend as KernelHost;
    const width = logits.shape[rank - 1] as number;
    const values = width === 0 ? new Float32Array(0) : softmaxRows(host.values(logits), width);
    return host.makeTensorInfo([...logits.shape], 'float32', values);
  };
  return { kernelName: tf.Softmax, backendName, kernelFunc };
}
