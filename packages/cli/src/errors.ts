/**
 * Errors of the command line: bad usage (exit code 2) and runtime failures it detects itself
 * (exit code 1).
 */

/**
 * The command was called wrongly (unknown option value, missing argument): exit code 2.
 *
 * @example
 * ```ts
 * throw new UsageError('--epochs must be a positive integer, got "x"');
 * ```
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * The command was called rightly but could not do its work (a file is missing, a folder holds
 * no usable audio): exit code 1. `path` names the file concerned.
 *
 * @example
 * ```ts
 * throw new CliError('no utterance of the model\'s emotions', '/data/tess');
 * ```
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  /** The file or folder concerned, when there is one. */
  readonly path: string | undefined;

  constructor(detail: string, path?: string, options?: { cause?: unknown }) {
    super(path === undefined ? detail : `${path}: ${detail}`, options);
    this.path = path;
  }
}
