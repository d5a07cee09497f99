import { fileAndFolder, isWavName } from './corpora/format';
import { CORPUS_FORMATS, detectCorpus, formatsMatching } from './detect';
import { DatasetError } from './errors';
import type { CorpusName, Utterance } from './utterance';

/**
 * Options of {@link indexCorpus}.
 *
 * @example
 * ```ts
 * const options: IndexCorpusOptions = { corpus: 'tess', onBadName: 'skip', source: '/data/tess' };
 * ```
 */
export interface IndexCorpusOptions {
  /** The corpus, or `'auto'` (default) to detect it from the names ({@link detectCorpus}). */
  readonly corpus?: CorpusName | 'auto';
  /**
   * What to do with a `.wav` file whose name cannot be parsed (unknown naming, another corpus's
   * naming, folder and name disagreeing): `'error'` (default) throws its {@link DatasetError};
   * `'skip'` lists it in {@link CorpusIndex.skipped} and goes on.
   */
  readonly onBadName?: 'error' | 'skip';
  /** Where the paths come from (a folder), for error messages. */
  readonly source?: string;
}

/**
 * Files found more than once under the same identity (speaker and file name), e.g. the nested
 * copy of the common Kaggle TESS download.
 *
 * @example
 * ```ts
 * const d: DuplicateFiles = { kept: 'TESS/OAF_Fear/OAF_back_fear.wav', copies: ['TESS/TESS/OAF_Fear/OAF_back_fear.wav'] };
 * ```
 */
export interface DuplicateFiles {
  /** The copy that is used: the one nearest the top of the tree (then the first in path order). */
  readonly kept: string;
  /** The other copies, not used. */
  readonly copies: readonly string[];
}

/**
 * A corpus's utterances, from a list of its file paths.
 *
 * @example
 * ```ts
 * const index: CorpusIndex = indexCorpus(['OAF_Fear/OAF_back_fear.wav']);
 * index.utterances[0]?.emotion; // 'fear'
 * ```
 */
export interface CorpusIndex {
  /** The corpus the files belong to. */
  readonly corpus: CorpusName;
  /** One utterance per distinct recording, sorted by path (code-unit order). */
  readonly utterances: readonly Utterance[];
  /** Recordings found more than once: each is counted once. */
  readonly duplicates: readonly DuplicateFiles[];
  /** `.wav` files that could not be parsed (only with `onBadName: 'skip'`), with the reason. */
  readonly skipped: readonly { readonly path: string; readonly error: DatasetError }[];
  /** Files that are not `.wav` (notes, spreadsheets, `.DS_Store`, …), not used. */
  readonly ignored: readonly string[];
  /** What a reader should know about this index, in words (duplicates dropped, files skipped). */
  readonly notes: readonly string[];
}

function depth(path: string): number {
  return path.split(/[\\/]/).filter((part) => part !== '').length;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Parses one path as `corpus`, naming another corpus when the file is named like one. */
function parseAs(corpus: CorpusName, path: string): Utterance {
  const format = CORPUS_FORMATS[corpus];
  if (!format.matches(path)) {
    const other = formatsMatching(path)[0];
    if (other !== undefined) {
      throw new DatasetError(
        'mixed-corpora',
        `named like ${other.title}, not ${format.title}`,
        path,
      );
    }
  }
  return format.parse(path);
}

/**
 * Turns a corpus's file paths into utterances: detects (or takes) the corpus, parses every
 * `.wav` name, ignores other files, and counts a recording found more than once (same speaker
 * and file name, e.g. a nested copy of the whole tree) once, saying so in `duplicates` and
 * `notes`. Browser-safe: works on names only; `loadCorpus` from `@ser/dataset/node` scans a folder.
 *
 * @throws {@link DatasetError} as {@link detectCorpus} does, and for a bad name (unless
 * `onBadName: 'skip'`); `unknown-naming` when no file at all could be parsed.
 * @example
 * ```ts
 * const index = indexCorpus([
 *   'TESS/OAF_Fear/OAF_back_fear.wav',
 *   'TESS/TESS/OAF_Fear/OAF_back_fear.wav', // nested copy
 *   'TESS/YAF_sad/YAF_back_sad.wav',
 * ]);
 * index.utterances.length; // 2
 * index.duplicates; // [{ kept: 'TESS/OAF_Fear/OAF_back_fear.wav', copies: ['TESS/TESS/OAF_Fear/OAF_back_fear.wav'] }]
 * ```
 */
export function indexCorpus(
  paths: readonly string[],
  options: IndexCorpusOptions = {},
): CorpusIndex {
  if (!paths.some(isWavName)) {
    throw new DatasetError(
      'empty-folder',
      `no .wav files (${paths.length} other files)`,
      options.source,
    );
  }
  const requested = options.corpus ?? 'auto';
  const corpus = requested === 'auto' ? detectCorpus(paths, options.source) : requested;
  const ordered = [...paths].sort(compareCodeUnits);
  const ignored = ordered.filter((path) => !isWavName(path));
  const skipped: { path: string; error: DatasetError }[] = [];
  const byIdentity = new Map<string, Utterance[]>();
  for (const path of ordered) {
    if (!isWavName(path)) continue;
    let utterance: Utterance;
    try {
      utterance = parseAs(corpus, path);
    } catch (error) {
      if (!(error instanceof DatasetError) || options.onBadName !== 'skip') throw error;
      skipped.push({ path, error });
      continue;
    }
    const identity = `${utterance.speaker}/${fileAndFolder(path).file.toLowerCase()}`;
    const copies = byIdentity.get(identity);
    if (copies === undefined) byIdentity.set(identity, [utterance]);
    else copies.push(utterance);
  }
  if (byIdentity.size === 0) {
    const first = skipped[0];
    throw new DatasetError(
      'unknown-naming',
      `no file could be parsed as ${CORPUS_FORMATS[corpus].title}${first === undefined ? '' : ` (e.g. ${first.error.message})`}`,
      options.source,
    );
  }
  const utterances: Utterance[] = [];
  const duplicates: DuplicateFiles[] = [];
  for (const copies of byIdentity.values()) {
    copies.sort((a, b) => depth(a.path) - depth(b.path) || compareCodeUnits(a.path, b.path));
    const [kept, ...rest] = copies as [Utterance, ...Utterance[]];
    utterances.push(kept);
    if (rest.length > 0) duplicates.push({ kept: kept.path, copies: rest.map((u) => u.path) });
  }
  utterances.sort((a, b) => compareCodeUnits(a.path, b.path));
  duplicates.sort((a, b) => compareCodeUnits(a.kept, b.kept));
  return {
    corpus,
    utterances,
    duplicates,
    skipped,
    ignored,
    notes: describe(duplicates, skipped, ignored),
  };
}

function describe(
  duplicates: readonly DuplicateFiles[],
  skipped: readonly { path: string; error: DatasetError }[],
  ignored: readonly string[],
): string[] {
  const notes: string[] = [];
  const first = duplicates[0];
  if (first !== undefined) {
    notes.push(
      `${duplicates.length} recordings are present more than once (e.g. "${first.kept}" also as "${first.copies[0]}"); ` +
        'each is counted once, using the copy nearest the top of the tree',
    );
  }
  if (skipped.length > 0)
    notes.push(`${skipped.length} .wav files skipped because of their names (see skipped)`);
  if (ignored.length > 0) notes.push(`${ignored.length} files that are not .wav ignored`);
  return notes;
}
