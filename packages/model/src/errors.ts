/**
 * Why a model bundle could not be written, read or trusted: one code per kind of problem, so
 * callers can branch on it.
 *
 * @example
 * ```ts
 * if (error instanceof BundleError && error.problem === 'exists') await saveBundle(dir, model, meta, { overwrite: true });
 * ```
 */
export type BundleProblem =
  | 'exists'
  | 'missing-file'
  | 'invalid-json'
  | 'invalid-metadata'
  | 'checksum-mismatch'
  | 'label-count-mismatch'
  | 'input-shape-mismatch'
  | 'unsupported-format'
  | 'io';

/**
 * Thrown when a model bundle (a directory or URL holding `model.json`, weight files and
 * `metadata.json`) cannot be saved or loaded, or does not agree with itself. The message names
 * the bundle or file and the problem.
 *
 * @example
 * ```ts
 * try {
 *   await loadBundle('models/ser-v1');
 * } catch (error) {
 *   if (error instanceof BundleError && error.problem === 'checksum-mismatch') {
 *     console.error(error.message); // "models/ser-v1/group1-shard1of1.bin: sha256 is … but metadata.json says …"
 *   }
 * }
 * ```
 */
export class BundleError extends Error {
  override readonly name = 'BundleError';
  /** The kind of problem. */
  readonly problem: BundleProblem;
  /** The bundle, file or URL concerned. */
  readonly source: string;

  constructor(problem: BundleProblem, source: string, detail: string, options?: ErrorOptions) {
    super(`${source}: ${detail}`, options);
    this.problem = problem;
    this.source = source;
  }
}

/**
 * Thrown when a model builder or trainer option is outside its domain (for example
 * `numClasses` below 2 or a negative dropout rate). The message names the option and the
 * allowed range.
 *
 * @example
 * ```ts
 * try {
 *   buildSeedModel({ numClasses: 1 });
 * } catch (error) {
 *   if (error instanceof ModelConfigError) console.error(error.option); // "numClasses"
 * }
 * ```
 */
export class ModelConfigError extends RangeError {
  override readonly name = 'ModelConfigError';
  /** The offending option's name, as in the options object. */
  readonly option: string;

  constructor(option: string, detail: string) {
    super(`${option}: ${detail}`);
    this.option = option;
  }
}

/**
 * Thrown when training or evaluation data are unusable: examples whose shapes disagree with
 * each other or with the model, labels outside `[0, numClasses)`, non-finite values, or an
 * empty set. The message names the data set (`"training"`, `"validation"`, …) and the example.
 *
 * @example
 * ```ts
 * try {
 *   await train(model, { examples, labels: [0, 9] });
 * } catch (error) {
 *   if (error instanceof TrainingDataError) console.error(error.message); // "training: label 9 of example 1 …"
 * }
 * ```
 */
export class TrainingDataError extends Error {
  override readonly name = 'TrainingDataError';
  /** Which data set: `"training"`, `"validation"`, `"evaluation"`, … */
  readonly dataset: string;

  constructor(dataset: string, detail: string) {
    super(`${dataset}: ${detail}`);
    this.dataset = dataset;
  }
}

/**
 * Thrown when a requested TensorFlow.js backend cannot start (for example the wasm backend
 * when its `.wasm` file cannot be fetched). The message names the backend and the cause.
 *
 * @example
 * ```ts
 * try {
 *   await useBackend('wasm', { wasmPaths: '/static/tfjs/' });
 * } catch (error) {
 *   if (error instanceof BackendError) await useBackend('cpu');
 * }
 * ```
 */
export class BackendError extends Error {
  override readonly name = 'BackendError';
  /** The backend that failed. */
  readonly backend: string;

  constructor(backend: string, detail: string, options?: ErrorOptions) {
    super(`${backend} backend: ${detail}`, options);
    this.backend = backend;
  }
}
