import { DatasetError } from '../errors';
import type { CorpusName, Utterance } from '../utterance';

/**
 * How one corpus names its files: recognise a name, and parse it into an utterance.
 *
 * @example
 * ```ts
 * RAVDESS_FORMAT.matches('Actor_01/03-01-01-01-01-01-01.wav'); // true
 * RAVDESS_FORMAT.parse('Actor_01/03-01-01-01-01-01-01.wav').emotion; // 'neutral'
 * ```
 */
export interface CorpusFormat<U extends Utterance = Utterance> {
  /** The corpus. */
  readonly corpus: CorpusName;
  /** Its usual written name (`'RAVDESS'`). */
  readonly title: string;
  /** The naming convention in words, with an example, for error messages. */
  readonly convention: string;
  /** Whether the path's file name has this corpus's shape (field values are checked by `parse`). */
  matches(path: string): boolean;
  /** The utterance a path names; throws {@link DatasetError} (`unknown-naming`, `label-mismatch`) when it cannot. */
  parse(path: string): U;
}

/**
 * The last two components of a path written with `/` or `\` separators.
 *
 * @example
 * ```ts
 * fileAndFolder('tess/OAF_Fear/OAF_back_fear.wav'); // { file: 'OAF_back_fear.wav', folder: 'OAF_Fear' }
 * ```
 */
export function fileAndFolder(path: string): { file: string; folder: string | undefined } {
  const parts = path.split(/[\\/]/).filter((part) => part !== '');
  return { file: parts.at(-1) ?? '', folder: parts.at(-2) };
}

/**
 * Whether a file name ends in `.wav` (any case).
 *
 * @example
 * ```ts
 * isWavName('a.WAV'); // true
 * ```
 */
export function isWavName(name: string): boolean {
  return /\.wav$/i.test(name);
}

/**
 * Throws the `unknown-naming` error of a format for a path.
 *
 * @example
 * ```ts
 * notNamedLike(RAVDESS_FORMAT, 'x.wav', 'unknown emotion code "09"'); // throws DatasetError
 * ```
 */
export function notNamedLike(
  format: { title: string; convention: string },
  path: string,
  why?: string,
): never {
  const reason = why === undefined ? '' : `: ${why}`;
  throw new DatasetError(
    'unknown-naming',
    `not a ${format.title} file name${reason} (expected ${format.convention})`,
    path,
  );
}

/**
 * `record[key]` when `key` is the record's own property (so `'constructor'` finds nothing).
 *
 * @example
 * ```ts
 * lookup({ a: 1 }, 'constructor'); // undefined
 * ```
 */
export function lookup<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
