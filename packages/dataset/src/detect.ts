import { CREMA_D_FORMAT } from './corpora/crema-d';
import { EMODB_FORMAT } from './corpora/emodb';
import { type CorpusFormat, isWavName } from './corpora/format';
import { RAVDESS_FORMAT } from './corpora/ravdess';
import { SAVEE_FORMAT } from './corpora/savee';
import { TESS_FORMAT } from './corpora/tess';
import { DatasetError } from './errors';
import { CORPORA, type CorpusName } from './utterance';

/**
 * The naming convention of every supported corpus, by name.
 *
 * @example
 * ```ts
 * CORPUS_FORMATS.savee.parse('DC_a01.wav').emotion; // 'angry'
 * ```
 */
export const CORPUS_FORMATS: {
  readonly tess: typeof TESS_FORMAT;
  readonly ravdess: typeof RAVDESS_FORMAT;
  readonly 'crema-d': typeof CREMA_D_FORMAT;
  readonly savee: typeof SAVEE_FORMAT;
  readonly emodb: typeof EMODB_FORMAT;
} = {
  tess: TESS_FORMAT,
  ravdess: RAVDESS_FORMAT,
  'crema-d': CREMA_D_FORMAT,
  savee: SAVEE_FORMAT,
  emodb: EMODB_FORMAT,
};

/**
 * The formats a file name has the shape of (zero or one: the conventions do not overlap).
 *
 * @example
 * ```ts
 * formatsMatching('DC_a01.wav').map((f) => f.corpus); // ['savee']
 * ```
 */
export function formatsMatching(path: string): CorpusFormat[] {
  return CORPORA.map((corpus): CorpusFormat => CORPUS_FORMATS[corpus]).filter((format) =>
    format.matches(path),
  );
}

/**
 * Which corpus a list of file paths belongs to, from the shape of the `.wav` file names (other
 * files are ignored). `source` (the folder, say) only goes into error messages.
 *
 * @throws {@link DatasetError} `empty-folder` when there is no `.wav` file, `unknown-naming` when
 * no file is named like any supported corpus, `mixed-corpora` when files of several corpora are
 * present (the message counts each, with an example).
 * @example
 * ```ts
 * detectCorpus(['Actor_01/03-01-01-01-01-01-01.wav', 'Actor_01/03-01-01-01-01-02-01.wav']); // 'ravdess'
 * detectCorpus(['OAF_Fear/OAF_back_fear.wav', 'readme.txt']); // 'tess'
 * ```
 */
export function detectCorpus(paths: readonly string[], source?: string): CorpusName {
  const wavs = paths.filter(isWavName);
  if (wavs.length === 0) {
    throw new DatasetError('empty-folder', `no .wav files (${paths.length} other files)`, source);
  }
  const found = new Map<CorpusName, { count: number; example: string }>();
  for (const path of wavs) {
    for (const format of formatsMatching(path)) {
      const entry = found.get(format.corpus);
      if (entry === undefined) found.set(format.corpus, { count: 1, example: path });
      else entry.count++;
    }
  }
  if (found.size === 0) {
    const names = CORPORA.map((corpus) => CORPUS_FORMATS[corpus].title).join(', ');
    throw new DatasetError(
      'unknown-naming',
      `none of ${wavs.length} .wav files is named like ${names} (e.g. "${wavs[0]}")`,
      source,
    );
  }
  if (found.size > 1) {
    const parts = [...found].map(
      ([corpus, { count, example }]) =>
        `${CORPUS_FORMATS[corpus].title} (${count}, e.g. "${example}")`,
    );
    throw new DatasetError(
      'mixed-corpora',
      `files of several corpora: ${parts.join(', ')}`,
      source,
    );
  }
  return [...found.keys()][0]!;
}
