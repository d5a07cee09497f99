/**
 * Replacing one of tfjs' own gradients while a given backend is active: the replacement computes
 * the same values in fewer, larger steps, and every other backend keeps tfjs' gradient.
 */
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';
import { tf } from '../tf';

/** Gradient closures by input name, as a gradient function returns them. */
type NamedGradientMap = ReturnType<GradConfig['gradFunc']>;

/**
 * A faster gradient, or null where it does not apply (then tfjs' gradient runs).
 *
 * @example
 * ```ts
 * const negGradient: FastGradient = (dy) => ({ x: () => tf.neg(dy as Tensor) });
 * ```
 */
export type FastGradient = (
  dy: Tensor | Tensor[],
  saved: Tensor[],
  attrs: NamedAttrMap,
) => NamedGradientMap | null;

/** Gradient configs made by {@link gradientOnBackend}, so that it never wraps its own. */
const wrapped = new WeakSet<GradConfig>();

/**
 * tfjs' gradient `reference`, computed by `fast` while the backend named `backendName` is active
 * (and `fast` applies), otherwise by `reference` itself. Returns `reference` unchanged if it is
 * already such a wrapper, so registering again never stacks them.
 *
 * @example
 * ```ts
 * const reference = tf.getGradient('Mean');
 * if (reference !== undefined) tf.registerGradient(gradientOnBackend(reference, 'ser-simd', meanGradient));
 * ```
 */
export function gradientOnBackend(
  reference: GradConfig,
  backendName: string,
  fast: FastGradient,
): GradConfig {
  if (wrapped.has(reference)) return reference;
  const config: GradConfig = {
    ...reference,
    gradFunc: (dy, saved, attrs) =>
      (tf.getBackend() === backendName ? fast(dy, saved, attrs) : null) ??
      reference.gradFunc(dy, saved, attrs),
  };
  wrapped.add(config);
  return config;
}
