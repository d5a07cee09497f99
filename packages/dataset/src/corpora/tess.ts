import type { Emotion } from '../emotions';
import { DatasetError } from '../errors';
import type { TessUtterance } from '../utterance';
import { type CorpusFormat, fileAndFolder, lookup, notNamedLike } from './format';

/**
 * TESS's file-name emotion codes (the last `_` token, lower-cased: the seed's labelling rule)
 * and the label each stands for.
 *
 * @example
 * ```ts
 * TESS_EMOTION_CODES.ps; // 'pleasant_surprise'
 * ```
 */
export const TESS_EMOTION_CODES: Readonly<Record<string, Emotion>> = {
  angry: 'angry',
  disgust: 'disgust',
  fear: 'fear',
  happy: 'happy',
  neutral: 'neutral',
  ps: 'pleasant_surprise',
  sad: 'sad',
};

/** Emotion parts of the real folder names (`OAF_Fear`, `OAF_Pleasant_surprise`, `YAF_pleasant_surprised`, …), lower-cased. */
const FOLDER_EMOTIONS: Readonly<Record<string, Emotion>> = {
  ...TESS_EMOTION_CODES,
  pleasant_surprise: 'pleasant_surprise',
  pleasant_surprised: 'pleasant_surprise',
};

const SPEAKERS = ['OAF', 'YAF'] as const;
const FILE_NAME = /^([A-Za-z]+)_(.+)_([A-Za-z]+)\.wav$/i;
const FOLDER_NAME = /^(OAF|YAF)[_ ](.+)$/i;

const convention = 'SPEAKER_word_emotion.wav with SPEAKER OAF or YAF, e.g. OAF_back_fear.wav';

/**
 * The speaker a name's first token stands for: `OAF`/`YAF`, or a shortened form of exactly one of
 * them (the real file `OAF_neutral/OA_bite_neutral.wav` writes `OA`).
 */
function resolveSpeaker(token: string): 'OAF' | 'YAF' | undefined {
  const upper = token.toUpperCase();
  const candidates = SPEAKERS.filter(
    (speaker) => speaker === upper || (upper.length >= 2 && speaker.startsWith(upper)),
  );
  return candidates.length === 1 ? candidates[0] : undefined;
}

/**
 * Speaker and emotion that a TESS folder name states (`OAF_Fear`, `YAF_pleasant_surprised`), or
 * `undefined` when the folder is not named like a TESS folder (then nothing is cross-checked).
 */
function parseFolder(
  folder: string,
  path: string,
): { speaker: 'OAF' | 'YAF'; emotion: Emotion } | undefined {
  const match = FOLDER_NAME.exec(folder);
  if (match === null) return undefined;
  const emotion = lookup(FOLDER_EMOTIONS, match[2]!.toLowerCase().replace(/[\s-]+/g, '_'));
  if (emotion === undefined) {
    throw new DatasetError(
      'unknown-naming',
      `TESS folder "${folder}" names no known emotion (expected e.g. OAF_Fear, YAF_pleasant_surprised)`,
      path,
    );
  }
  return { speaker: match[1]!.toUpperCase() as 'OAF' | 'YAF', emotion };
}

/**
 * Parses a TESS path (`OAF_Fear/OAF_back_fear.wav`). Speaker, word and emotion come from the
 * file name (emotion = last `_` token, as in the seed); when the folder is named like a TESS
 * folder, its speaker and emotion must agree with the file name's.
 *
 * @throws {@link DatasetError} `unknown-naming` for a name TESS does not use, `label-mismatch`
 * when folder and file name disagree.
 * @example
 * ```ts
 * parseTessName('YAF_pleasant_surprised/YAF_chair_ps.wav');
 * // { corpus: 'tess', path: 'YAF_pleasant_surprised/YAF_chair_ps.wav', speaker: 'YAF', word: 'chair',
 * //   emotion: 'pleasant_surprise', sex: 'female' }
 * parseTessName('OAF_neutral/OA_bite_neutral.wav').speaker; // 'OAF'
 * ```
 */
export function parseTessName(path: string): TessUtterance {
  const { file, folder } = fileAndFolder(path);
  const match = FILE_NAME.exec(file);
  if (match === null) notNamedLike(TESS_FORMAT, path);
  const speaker = resolveSpeaker(match[1]!);
  if (speaker === undefined) notNamedLike(TESS_FORMAT, path, `unknown speaker "${match[1]}"`);
  const code = match[3]!.toLowerCase();
  const emotion = lookup(TESS_EMOTION_CODES, code);
  if (emotion === undefined) notNamedLike(TESS_FORMAT, path, `unknown emotion code "${match[3]}"`);
  const stated = folder === undefined ? undefined : parseFolder(folder, path);
  if (stated !== undefined && (stated.speaker !== speaker || stated.emotion !== emotion)) {
    throw new DatasetError(
      'label-mismatch',
      `folder "${folder}" says ${stated.speaker} ${stated.emotion} but the file name says ${speaker} ${emotion}`,
      path,
    );
  }
  return { path, corpus: 'tess', speaker, emotion, word: match[2]!.toLowerCase(), sex: 'female' };
}

/**
 * The TESS naming convention (Toronto Emotional Speech Set, Kaggle layout
 * `OAF_Fear/OAF_back_fear.wav`).
 *
 * @example
 * ```ts
 * TESS_FORMAT.matches('OAF_back_fear.wav'); // true
 * ```
 */
export const TESS_FORMAT: CorpusFormat<TessUtterance> = {
  corpus: 'tess',
  title: 'TESS',
  convention,
  matches(path) {
    const match = FILE_NAME.exec(fileAndFolder(path).file);
    return (
      match !== null &&
      resolveSpeaker(match[1]!) !== undefined &&
      lookup(TESS_EMOTION_CODES, match[3]!.toLowerCase()) !== undefined
    );
  },
  parse: parseTessName,
};
