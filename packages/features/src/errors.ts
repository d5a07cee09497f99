/**
 * Why audio could not be read: one code per kind of problem, so callers can branch on it.
 *
 * `not-found` and `unreadable` come from file access (`loadAudioFile`): the file does not exist,
 * or it exists but cannot be read (a directory, no permission, an I/O error).
 */
export type AudioFormatProblem =
  | 'not-riff'
  | 'not-wave'
  | 'truncated'
  | 'missing-chunk'
  | 'bad-format'
  | 'unsupported-encoding'
  | 'empty'
  | 'non-finite'
  | 'not-found'
  | 'unreadable';

/**
 * Thrown when bytes are not audio we can decode, or decode to samples we cannot use.
 * The message names the source (file path when known) and the problem.
 *
 * @example
 * ```ts
 * try {
 *   decodeWav(bytes);
 * } catch (error) {
 *   if (error instanceof AudioFormatError && error.problem === 'unsupported-encoding') {
 *     console.error(error.message); // "clip.wav: unsupported WAV encoding: mu-law (format 7)"
 *   }
 * }
 * ```
 */
export class AudioFormatError extends Error {
  override readonly name = 'AudioFormatError';
  /** The kind of problem. */
  readonly problem: AudioFormatProblem;
  /** The file or source name, when known. */
  readonly source: string | undefined;

  /**
   * @param problem - The kind of problem.
   * @param detail - What is wrong, in words.
   * @param source - The file or source name, prefixed to the message when given.
   * @param options - `cause`: the underlying error (for example the file system's), kept for debugging.
   */
  constructor(
    problem: AudioFormatProblem,
    detail: string,
    source?: string,
    options?: { readonly cause?: unknown },
  ) {
    super(source === undefined ? detail : `${source}: ${detail}`, options);
    this.problem = problem;
    this.source = source;
  }
}

/**
 * Thrown when a feature parameter is out of its domain (for example `nFft` ≤ 0 or
 * `fmax` above the Nyquist rate). The message names the parameter and the allowed range.
 *
 * @example
 * ```ts
 * try {
 *   mfcc(y, { sr: 22050, nMfcc: 0 });
 * } catch (error) {
 *   if (error instanceof FeatureParameterError) console.error(error.parameter); // "nMfcc"
 * }
 * ```
 */
export class FeatureParameterError extends RangeError {
  override readonly name = 'FeatureParameterError';
  /** The offending parameter's name, as in the options object. */
  readonly parameter: string;

  constructor(parameter: string, detail: string) {
    super(`${parameter}: ${detail}`);
    this.parameter = parameter;
  }
}
