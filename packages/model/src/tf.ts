/**
 * The one place where @ser/model sets up TensorFlow.js. Every module of the package imports
 * `tf` (tfjs-core) and `tfl` (tfjs-layers) from here, so the registrations below always happen
 * first.
 *
 * What training needs, and where it comes from (checked with tfjs 4.22 under Node ESM, Node CJS
 * and vitest):
 * - gradients: `@tensorflow/tfjs-layers` registers every gradient itself (its ESM entry imports
 *   `@tensorflow/tfjs-core/dist/register_all_gradients`, its Node bundle inlines them), so
 *   importing tfjs-layers is enough. Importing the registration module directly would break
 *   plain Node: that file is ESM with extension-less relative imports inside a package without
 *   `"type": "module"`, so both `import` and `require` of it fail outside a bundler.
 * - chained ops (`tensor.flatten()`, …): not registered (same plain-Node problem; under tsx
 *   the module fails too, on a directory import). tfjs-layers' training does not use them, nor
 *   does this package; tfjs-layers' `orthogonal` initializer does, which is one more reason for
 *   our `OrthogonalInitializer` (loaders map `Orthogonal` to it).
 * - a backend: `cpu` is registered here and is the default; {@link useBackend} switches to
 *   `ser-simd` (our WebAssembly SIMD kernels for matrix products, the fused LSTM and Adam over
 *   the cpu backend's kernels) or tfjs's `wasm`, loaded on demand so that merely importing the
 *   package never starts WebAssembly.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { BackendError } from './errors';

export { tf, tfl };

/**
 * A pure-JS/WebAssembly TensorFlow.js backend this package can run on.
 *
 * @example
 * ```ts
 * const backend: BackendName = await useBackend('fastest');
 * ```
 */
export type BackendName = 'cpu' | 'wasm' | 'ser-simd';

/**
 * Options of {@link useBackend}.
 *
 * @example
 * ```ts
 * await useBackend('wasm', { wasmPaths: '/static/tfjs-wasm/' });
 * ```
 */
export interface UseBackendOptions {
  /**
   * Where the wasm backend finds its `.wasm` files (a URL prefix ending in `/`), for browsers
   * whose bundler does not serve them beside the script. Node finds them in `node_modules`.
   */
  readonly wasmPaths?: string;
}

/**
 * Makes `name` the active TensorFlow.js backend and waits until it is ready; returns the
 * backend actually in use. `'fastest'` tries `ser-simd` (our WebAssembly SIMD kernels: the seed
 * model trains about 50× faster than on `cpu`, with the same losses and gradients), then tfjs's
 * `wasm`, then `cpu`. Here `ser-simd` runs on one thread; in Node, `useSimdBackend` from
 * `@ser/model/node` starts it on every core (and `'ser-simd'` here then keeps that
 * registration). A failing explicit `'ser-simd'` or `'wasm'` throws {@link BackendError}.
 *
 * @example
 * ```ts
 * const backend = await useBackend('fastest'); // 'ser-simd' under Node 20 and modern browsers
 * ```
 */
export async function useBackend(
  name: BackendName | 'fastest' = 'fastest',
  options: UseBackendOptions = {},
): Promise<BackendName> {
  if (name === 'cpu') {
    await tf.setBackend('cpu');
    await tf.ready();
    return 'cpu';
  }
  let failure: unknown;
  if (name === 'ser-simd' || name === 'fastest') {
    try {
      const { registerSimdBackend, SIMD_BACKEND } = await import('./kernels/backend');
      if (tf.findBackendFactory(SIMD_BACKEND) === null) registerSimdBackend();
      if (await tf.setBackend(SIMD_BACKEND)) {
        await tf.ready();
        return 'ser-simd';
      }
    } catch (error) {
      failure = error;
    }
    if (name === 'ser-simd') {
      const reason = failure instanceof Error ? failure.message : 'tf.setBackend returned false';
      throw new BackendError('ser-simd', `could not start: ${reason}`, { cause: failure });
    }
  }
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (options.wasmPaths !== undefined) wasm.setWasmPaths(options.wasmPaths);
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      return 'wasm';
    }
  } catch (error) {
    failure = error;
  }
  if (name === 'wasm') {
    const reason = failure instanceof Error ? failure.message : 'tf.setBackend returned false';
    throw new BackendError('wasm', `could not start: ${reason}`, { cause: failure });
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}
