/**
 * Relu and Step (the ReLU gradient's mask) over float32 tensors as plain loops, and the ReLU
 * gradient in one pass. The cpu kernels call a generic per-element function through a shared
 * unary template; these are the same formulas (Relu: max(0, x), so NaN stays NaN and −0 becomes
 * 0; Step: NaN stays NaN, 1 above 0, otherwise `alpha`) in one monomorphic loop each. tfjs'
 * ReLU gradient is dy · step(x), two activation-sized arrays; {@link reluGradient} makes the
 * same products in one. Other dtypes run the cpu kernels and tfjs' gradient.
 */
import type { KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../tf';
import { cpuKernel } from './cpu-kernels';
import type { FastGradient } from './gradients';
import type { KernelHost } from './products';

function relu(x: Float32Array): Float32Array {
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    y[i] = v > 0 || Number.isNaN(v) ? v : 0;
  }
  return y;
}

function step(x: Float32Array, alpha: number): Float32Array {
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    y[i] = v > 0 ? 1 : Number.isNaN(v) ? Number.NaN : alpha;
  }
  return y;
}

/** A float32 kernel computing `f(values, attrs)`, or the cpu kernel `name` for other dtypes. */
function unary(
  name: string,
  backendName: string,
  f: (x: Float32Array, attrs: Record<string, unknown>) => Float32Array,
): KernelConfig {
  const cpu = cpuKernel(name);
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs['x'] as TensorInfo;
    if (x.dtype !== 'float32') return cpu(args);
    const host = args.backend as KernelHost;
    return host.makeTensorInfo([...x.shape], 'float32', f(host.values(x), args.attrs ?? {}));
  };
  return { kernelName: name, backendName, kernelFunc };
}

/**
 * Relu and Step for the backend named `backendName`.
 *
 * @example
 * ```ts
 * for (const config of activationKernels('ser-simd')) tf.registerKernel(config);
 * ```
 */
export function activationKernels(backendName: string): KernelConfig[] {
  return [
    unary('Relu', backendName, relu),
    unary('Step', backendName, (x, attrs) => step(x, Number(attrs['alpha'] ?? 0))),
  ];
}

/**
 * tfjs' ReLU gradient, dy · step(x), for float32 tensors of one shape in one pass (null
 * otherwise). Register it with `gradientOnBackend`.
 *
 * @example
 * ```ts
 * const reference = tf.getGradient('Relu');
 * if (reference !== undefined)
 *   tf.registerGradient(gradientOnBackend(reference, 'ser-simd', reluGradient));
 * ```
 */
export const reluGradient: FastGradient = (dy, saved) => {
  const [x] = saved as [Tensor];
  const upstream = dy as Tensor;
  if (
    x.dtype !== 'float32' ||
    upstream.dtype !== 'float32' ||
    !tf.util.arraysEqual(x.shape, upstream.shape)
  )
    return null;
  return {
    x: () => {
      const host = tf.engine().backend as unknown as KernelHost;
      const xs = host.values(x);
      const g = host.values(upstream);
      const dx = new Float32Array(xs.length);
      for (let i = 0; i < xs.length; i++) {
        const v = xs[i] as number;
        dx[i] = (g[i] as number) * (v > 0 ? 1 : Number.isNaN(v) ? Number.NaN : 0);
      }
      return tf.tensor(dx, x.shape, 'float32');
    },
  };
};
