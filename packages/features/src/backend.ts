import { FeatureParameterError } from './errors';
import { type FeatureKernels, featureKernels } from './wasm-kernels';

/**
 * Which implementation computes mel spectrograms (hence log-mel, MFCC and the feature
 * pipeline) and resampling: `'wasm'` — WebAssembly SIMD kernels in single precision, as
 * librosa's float32 STFT and libsoxr's float32 engine; `'typescript'` — the pure TypeScript
 * code in float64; `'auto'` (the default) — WebAssembly when the engine supports SIMD, else
 * TypeScript. Both agree with librosa to the same tolerance; configurations the kernels do not
 * cover (an `nFft` that is not a power of two, `power` other than 1 or 2, resampling ratios
 * whose stages are not up-by-2 FIR + polyphase) use TypeScript on either setting.
 *
 * @example
 * ```ts
 * const choice: FeatureBackend = 'typescript';
 * setFeatureBackend(choice);
 * ```
 */
export type FeatureBackend = 'auto' | 'typescript' | 'wasm';

let requested: FeatureBackend = 'auto';

/**
 * Chooses the implementation of the hot loops for every later call (see
 * {@link FeatureBackend}). Returns the implementation now in use.
 *
 * @throws {@link FeatureParameterError} (`backend`) for `'wasm'` when this engine lacks
 *   WebAssembly SIMD, or for an unknown name.
 * @example
 * ```ts
 * setFeatureBackend('typescript'); // force the pure TypeScript path (e.g. to compare)
 * const a = mfcc(y, { sr: 22050, nMfcc: 40 });
 * setFeatureBackend('auto'); // back to WebAssembly SIMD where available
 * ```
 */
export function setFeatureBackend(backend: FeatureBackend): 'typescript' | 'wasm' {
  if (backend !== 'auto' && backend !== 'typescript' && backend !== 'wasm') {
    throw new FeatureParameterError(
      'backend',
      `must be 'auto', 'typescript' or 'wasm', got ${String(backend)}`,
    );
  }
  if (backend === 'wasm' && featureKernels() === undefined) {
    throw new FeatureParameterError(
      'backend',
      'WebAssembly SIMD is not available in this JavaScript engine',
    );
  }
  requested = backend;
  return featureBackend();
}

/**
 * The implementation in use: `'wasm'` when WebAssembly SIMD kernels run the hot loops,
 * `'typescript'` otherwise (see {@link setFeatureBackend}).
 *
 * @example
 * ```ts
 * console.log(`features computed with ${featureBackend()}`); // 'wasm' in Node ≥ 16 and modern browsers
 * ```
 */
export function featureBackend(): 'typescript' | 'wasm' {
  return activeKernels() === undefined ? 'typescript' : 'wasm';
}

/**
 * The kernels to use now, or `undefined` for the TypeScript path.
 *
 * @internal
 */
export function activeKernels(): FeatureKernels | undefined {
  return requested === 'typescript' ? undefined : featureKernels();
}
