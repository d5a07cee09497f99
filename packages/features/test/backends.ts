/**
 * Runs a group of tests once per feature backend (pure TypeScript, WebAssembly SIMD), so every
 * comparison against librosa holds on both paths.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { type FeatureBackend, setFeatureBackend } from '../src/backend';

/** The two implementations every golden comparison runs on. */
export const BACKENDS = ['typescript', 'wasm'] as const satisfies readonly FeatureBackend[];

/** `describe`s `body` once per backend, with that backend selected while its tests run. */
export function describeEachBackend(
  title: string,
  body: (backend: (typeof BACKENDS)[number]) => void,
): void {
  for (const backend of BACKENDS) {
    describe(`${title} [${backend}]`, () => {
      beforeAll(() => {
        setFeatureBackend(backend);
      });
      afterAll(() => {
        setFeatureBackend('auto');
      });
      body(backend);
    });
  }
}
