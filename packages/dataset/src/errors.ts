/**
 * What went wrong, one code per kind of problem, so callers can branch on it:
 *
 * - `missing-path`: a file or folder that should exist does not (or is not a folder).
 * - `empty-folder`: a folder holds no audio files.
 * - `unknown-naming`: a file name follows no known corpus convention (or not the expected one).
 * - `mixed-corpora`: one folder holds files named after more than one corpus.
 * - `label-mismatch`: two sources of a label disagree (e.g. a TESS folder and its file name).
 * - `unreadable-file`: a file or folder cannot be read.
 * - `bad-manifest`: a manifest (file list with hashes) is malformed.
 * - `bad-options`: an option is out of its domain (e.g. a test fraction of 1.5).
 * - `split-conflict`: a split cannot keep its promise (e.g. identical content spoken by two held-out sides).
 * - `worker-failed`: a feature-extraction worker died or could not start.
 * - `cache-error`: the feature cache cannot be read or written.
 *
 * @example
 * ```ts
 * const code: DatasetErrorCode = 'unknown-naming';
 * ```
 */
export type DatasetErrorCode =
  | 'missing-path'
  | 'empty-folder'
  | 'unknown-naming'
  | 'mixed-corpora'
  | 'label-mismatch'
  | 'unreadable-file'
  | 'bad-manifest'
  | 'bad-options'
  | 'split-conflict'
  | 'worker-failed'
  | 'cache-error';

/**
 * Thrown for bad corpora, manifests, options and failed extraction runs. The message starts with
 * the file or folder concerned (when there is one) and says what is wrong with it.
 *
 * @example
 * ```ts
 * try {
 *   parseRavdessName('Actor_01/hello.wav');
 * } catch (error) {
 *   if (error instanceof DatasetError && error.code === 'unknown-naming') console.error(error.message);
 *   // "Actor_01/hello.wav: not a RAVDESS file name (expected MM-VV-EE-II-SS-RR-AA.wav, e.g. 03-01-05-02-01-02-12.wav)"
 * }
 * ```
 */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  /** The kind of problem. */
  readonly code: DatasetErrorCode;
  /** The file or folder concerned, when there is one. */
  readonly path: string | undefined;

  constructor(
    code: DatasetErrorCode,
    detail: string,
    path?: string,
    options?: { cause?: unknown },
  ) {
    super(path === undefined ? detail : `${path}: ${detail}`, options);
    this.code = code;
    this.path = path;
  }
}
