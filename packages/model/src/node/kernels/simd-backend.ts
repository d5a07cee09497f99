/**
 * Node's way to the `ser-simd` backend: worker threads on every core, and relaxed SIMD
 * (fused multiply–add) switched on in Node versions that still keep it behind a V8 flag.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { registerSimdBackend, SIMD_BACKEND } from '../../kernels/backend';
import { relaxedSimdSupported, WasmKernels } from '../../kernels/runtime';
import { tf } from '../../tf';
import { startWorkerPool } from './worker-pool';

/** Options of {@link useSimdBackend}. */
export interface NodeSimdBackendOptions {
  /** Threads per kernel, the calling one included (default: every core). */
  readonly threads?: number;
  /** A kernel task whose workers have not finished after this long fails the call (default 60 s). */
  readonly taskTimeoutMs?: number;
}

/**
 * Registers the `ser-simd` backend with worker threads and makes it the active TensorFlow.js
 * backend. Training and inference of models built with the package's LSTM run on WebAssembly
 * SIMD kernels on every core; everything else behaves as on `cpu`.
 *
 * @example
 * ```ts
 * await useSimdBackend();           // all cores
 * await model.fit(xs, ys, { epochs: 50, batchSize: 64 });
 * ```
 */
export async function useSimdBackend(options: NodeSimdBackendOptions = {}): Promise<void> {
  const { threads = availableParallelism(), taskTimeoutMs } = options;
  if (!relaxedSimdSupported()) setFlagsFromString('--experimental-wasm-relaxed-simd');
  const startRunner =
    threads > 1
      ? startWorkerPool({ threads, ...(taskTimeoutMs === undefined ? {} : { taskTimeoutMs }) })
      : undefined;
  const kernels = await WasmKernels.create(startRunner === undefined ? {} : { startRunner });
  registerSimdBackend({ kernels });
  if (!(await tf.setBackend(SIMD_BACKEND))) {
    throw new Error(`useSimdBackend: the ${SIMD_BACKEND} backend failed to initialise`);
  }
  await tf.ready();
}
