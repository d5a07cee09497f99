/**
 * Choosing the TensorFlow.js backend inference runs on: an explicit name, or the first
 * candidate of {@link BACKEND_ORDER} that starts in this environment.
 */
import { type BackendName, tf, useBackend } from '@ser/model';
import { RecognizerError } from './errors';

/**
 * A backend the runtime can run on. `tensorflow` is @tensorflow/tfjs-node's native backend
 * (used only when the app installed it); `webgpu` and `webgl` run in browsers; `wasm` and `cpu`
 * run everywhere.
 *
 * @example
 * ```ts
 * const backend: RuntimeBackend = 'wasm';
 * ```
 */
export type RuntimeBackend = 'tensorflow' | 'webgpu' | 'webgl' | BackendName;

/**
 * What the app asks for: one backend, or `'auto'` for the first of {@link BACKEND_ORDER} that
 * starts.
 *
 * @example
 * ```ts
 * const choice: BackendChoice = process.env.SER_BACKEND === 'cpu' ? 'cpu' : 'auto';
 * ```
 */
export type BackendChoice = RuntimeBackend | 'auto';

/**
 * The order `'auto'` tries backends in, fastest first, per environment. The only place this
 * order is written: a faster backend that @ser/model's `useBackend` knows is added by putting
 * its name in the list.
 *
 * @example
 * ```ts
 * console.log(BACKEND_ORDER.node); // ['tensorflow', 'ser-simd', 'wasm', 'cpu']
 * ```
 */
export const BACKEND_ORDER: {
  readonly node: readonly RuntimeBackend[];
  readonly browser: readonly RuntimeBackend[];
} = {
  node: ['tensorflow', 'ser-simd', 'wasm', 'cpu'],
  browser: ['webgpu', 'webgl', 'ser-simd', 'wasm', 'cpu'],
};

/**
 * Options of {@link selectBackend}.
 *
 * @example
 * ```ts
 * const options: BackendOptions = { backend: 'auto', wasmPaths: '/static/tfjs-wasm/' };
 * ```
 */
export interface BackendOptions {
  /** Backend to use; default `'auto'`. */
  readonly backend?: BackendChoice;
  /** Where the wasm backend finds its `.wasm` files in a browser (URL prefix ending in `/`). */
  readonly wasmPaths?: string;
}

/**
 * The backend in use and, for `'auto'`, the faster candidates that did not start and why.
 *
 * @example
 * ```ts
 * const { backend, skipped } = await selectBackend();
 * for (const s of skipped) console.info(`${s.backend} unavailable: ${s.reason}`);
 * ```
 */
export interface BackendSelection {
  /** The active backend. */
  readonly backend: RuntimeBackend;
  /** Candidates tried before it, with the reason each failed. */
  readonly skipped: readonly { readonly backend: RuntimeBackend; readonly reason: string }[];
}

/**
 * Whether this code runs in Node (not a browser, a worker of a browser or a Deno-like shell
 * that only imitates `process`).
 *
 * @example
 * ```ts
 * const order = isNode() ? BACKEND_ORDER.node : BACKEND_ORDER.browser;
 * ```
 */
export function isNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return (
    typeof process?.versions?.node === 'string' &&
    typeof (globalThis as { document?: unknown }).document === 'undefined'
  );
}

/** Imports a module the app may or may not have installed, hidden from bundlers and tsc. */
function importOptional(name: string): Promise<unknown> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ name);
}

async function activate(name: string): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
}

/** Throws unless the browser can give a WebGPU adapter (tfjs would only say `false`). */
async function checkWebGpuAdapter(): Promise<void> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } })
    .navigator?.gpu;
  if (gpu === undefined) throw new Error('navigator.gpu is not available');
  if ((await gpu.requestAdapter()) === null) throw new Error('no WebGPU adapter (no usable GPU)');
}

/** Starts one backend or throws why it cannot. */
async function start(backend: RuntimeBackend, options: BackendOptions): Promise<void> {
  switch (backend) {
    case 'tensorflow':
      await importOptional('@tensorflow/tfjs-node');
      return activate('tensorflow');
    case 'webgpu':
      await checkWebGpuAdapter();
      await import('@tensorflow/tfjs-backend-webgpu');
      return activate('webgpu');
    case 'webgl':
      if (isNode()) throw new Error('WebGL needs a browser');
      await import('@tensorflow/tfjs-backend-webgl');
      return activate('webgl');
    default:
      await useBackend(
        backend,
        options.wasmPaths === undefined ? {} : { wasmPaths: options.wasmPaths },
      );
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Makes a backend active for TensorFlow.js: the one named, or with `'auto'` (default) the
 * first of {@link BACKEND_ORDER} for this environment that starts (Node: `tensorflow` when
 * @tensorflow/tfjs-node is installed, else @ser/model's WebAssembly SIMD kernels `ser-simd`,
 * else `wasm`, else `cpu`; browsers: `webgpu`, `webgl`, `ser-simd`, `wasm`, `cpu`). The backend is global to TensorFlow.js.
 *
 * @throws {@link RecognizerError} (`backend-unavailable`) when the named backend cannot start.
 * @example
 * ```ts
 * const { backend } = await selectBackend({ backend: 'auto' });
 * console.log(`running on ${backend}`); // e.g. "running on wasm"
 * ```
 */
export async function selectBackend(options: BackendOptions = {}): Promise<BackendSelection> {
  const choice = options.backend ?? 'auto';
  const candidates =
    choice === 'auto' ? (isNode() ? BACKEND_ORDER.node : BACKEND_ORDER.browser) : [choice];
  const skipped: { backend: RuntimeBackend; reason: string }[] = [];
  for (const backend of candidates) {
    try {
      await start(backend, options);
      return { backend, skipped };
    } catch (error) {
      skipped.push({ backend, reason: reasonOf(error) });
    }
  }
  throw new RecognizerError(
    'backend-unavailable',
    `backend ${choice}`,
    skipped.map((s) => `${s.backend}: ${s.reason}`).join('; '),
  );
}

/**
 * Makes `backend` active again if something else switched TensorFlow.js to another one.
 *
 * @internal
 */
export async function ensureBackend(backend: RuntimeBackend): Promise<void> {
  if (tf.getBackend() !== backend) await activate(backend);
}
