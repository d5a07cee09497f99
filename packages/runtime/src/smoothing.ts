/**
 * Smoothing class probabilities over consecutive stream windows, so one odd window does not
 * flip the answer.
 */
import { RecognizerError } from './errors';

/**
 * How window probabilities are smoothed over time:
 * - `{ method: 'ema', alpha }`: exponential moving average, `s ← alpha·p + (1 − alpha)·s`
 *   (alpha in (0, 1]; 1 = no smoothing);
 * - `{ method: 'mean', windows }`: mean of the last `windows` speech windows;
 * - `'none'`: each window's own probabilities.
 *
 * @example
 * ```ts
 * const smoothing: Smoothing = { method: 'mean', windows: 4 };
 * ```
 */
export type Smoothing =
  | { readonly method: 'ema'; readonly alpha: number }
  | { readonly method: 'mean'; readonly windows: number }
  | 'none';

/**
 * Default smoothing: an exponential moving average giving the newest window half the weight.
 *
 * @example
 * ```ts
 * const stream = recognizer.stream({ smoothing: DEFAULT_SMOOTHING });
 * ```
 */
export const DEFAULT_SMOOTHING: Smoothing = { method: 'ema', alpha: 0.5 };

/**
 * Running smoother of probability vectors (one per speech window). Silent windows do not
 * update it; {@link ScoreSmoother.reset} forgets the past.
 *
 * @example
 * ```ts
 * const smoother = new ScoreSmoother({ method: 'ema', alpha: 0.3 });
 * const smoothed = smoother.update(Float32Array.of(0.9, 0.1));
 * ```
 */
export class ScoreSmoother {
  private readonly smoothing: Smoothing;
  private state: Float64Array | null = null;
  private readonly recent: Float32Array[] = [];

  /** @throws {@link RecognizerError} (`invalid-option`) for alpha ∉ (0, 1] or windows < 1. */
  constructor(smoothing: Smoothing = DEFAULT_SMOOTHING) {
    if (
      smoothing !== 'none' &&
      smoothing.method === 'ema' &&
      !(Number.isFinite(smoothing.alpha) && smoothing.alpha > 0 && smoothing.alpha <= 1)
    ) {
      throw new RecognizerError(
        'invalid-option',
        'smoothing.alpha',
        `must be in (0, 1], got ${smoothing.alpha}`,
      );
    }
    if (
      smoothing !== 'none' &&
      smoothing.method === 'mean' &&
      !(Number.isInteger(smoothing.windows) && smoothing.windows >= 1)
    ) {
      throw new RecognizerError(
        'invalid-option',
        'smoothing.windows',
        `must be a positive integer, got ${smoothing.windows}`,
      );
    }
    this.smoothing = smoothing;
  }

  /** Adds one window's probabilities; returns the smoothed probabilities (a new array). */
  update(probabilities: Float32Array): Float32Array {
    const s = this.smoothing;
    if (s === 'none') return Float32Array.from(probabilities);
    if (s.method === 'ema') {
      const state = this.state;
      if (state === null || state.length !== probabilities.length) {
        this.state = Float64Array.from(probabilities);
      } else {
        for (let i = 0; i < state.length; i++) {
          state[i] = s.alpha * probabilities[i]! + (1 - s.alpha) * state[i]!;
        }
      }
      return Float32Array.from(this.state!);
    }
    this.recent.push(Float32Array.from(probabilities));
    if (this.recent.length > s.windows) this.recent.shift();
    const mean = new Float64Array(probabilities.length);
    for (const p of this.recent) for (let i = 0; i < mean.length; i++) mean[i]! += p[i]!;
    return Float32Array.from(mean, (v) => v / this.recent.length);
  }

  /** Forgets every window seen. */
  reset(): void {
    this.state = null;
    this.recent.length = 0;
  }
}
