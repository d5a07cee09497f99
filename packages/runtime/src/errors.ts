/**
 * Why the runtime could not answer: one code per kind of problem, so apps can branch on it.
 * Audio that cannot be decoded raises @ser/features' `AudioFormatError`; a bundle that cannot
 * be trusted raises @ser/model's `BundleError`; everything else is a {@link RecognizerError}.
 */

/**
 * The kinds of {@link RecognizerError}.
 *
 * - `too-short`: less audio than the model's features need (after the bundle's offset cut);
 * - `invalid-input`: not something `predict` understands (wrong type, bad sample rate, …);
 * - `invalid-option`: an option outside its domain (window, hop, top k, …);
 * - `sample-rate-changed`: a stream received chunks at two different sample rates;
 * - `backend-unavailable`: the backend asked for (or every automatic candidate) failed to start;
 * - `no-default-model`: no bundle ships in the package's `models/` folder;
 * - `io`: a file or URL given as input could not be read;
 * - `disposed`: the recognizer was used after `dispose()`.
 *
 * @example
 * ```ts
 * const problem: RecognizerProblem = 'too-short';
 * ```
 */
export type RecognizerProblem =
  | 'too-short'
  | 'invalid-input'
  | 'invalid-option'
  | 'sample-rate-changed'
  | 'backend-unavailable'
  | 'no-default-model'
  | 'io'
  | 'disposed';

/**
 * Thrown (or rejected) when the runtime cannot produce a prediction. The message starts with
 * the source (file, URL, stream or option) and says what is wrong.
 *
 * @example
 * ```ts
 * try {
 *   await recognizer.predict({ samples: new Float32Array(10), sampleRate: 16000 });
 * } catch (error) {
 *   if (error instanceof RecognizerError && error.problem === 'too-short') console.warn(error.message);
 * }
 * ```
 */
export class RecognizerError extends Error {
  override readonly name = 'RecognizerError';
  /** The kind of problem. */
  readonly problem: RecognizerProblem;
  /** The input, option, stream or bundle concerned. */
  readonly source: string;

  constructor(problem: RecognizerProblem, source: string, detail: string, options?: ErrorOptions) {
    super(`${source}: ${detail}`, options);
    this.problem = problem;
    this.source = source;
  }
}
