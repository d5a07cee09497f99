import type { Emotion } from '../emotions';
import type { SaveeUtterance } from '../utterance';
import { type CorpusFormat, fileAndFolder, lookup, notNamedLike } from './format';

/**
 * SAVEE's emotion codes (the letters before the number) and the label each stands for.
 *
 * @example
 * ```ts
 * SAVEE_EMOTION_CODES.su; // 'surprise'
 * ```
 */
export const SAVEE_EMOTION_CODES: Readonly<Record<string, Emotion>> = {
  a: 'angry',
  d: 'disgust',
  f: 'fear',
  h: 'happy',
  n: 'neutral',
  sa: 'sad',
  su: 'surprise',
};

const SPEAKERS = ['DC', 'JE', 'JK', 'KL'] as const;
type SaveeSpeaker = (typeof SPEAKERS)[number];
/** Flat layout: `DC_a01.wav`. */
const FLAT_NAME = /^([A-Za-z]{2})_([a-z]{1,2})(\d{2})\.wav$/i;
/** Original layout: `DC/a01.wav`. */
const FOLDER_NAME = /^([a-z]{1,2})(\d{2})\.wav$/i;
const convention =
  'SPEAKER_EMOTIONNN.wav or SPEAKER/EMOTIONNN.wav with SPEAKER DC, JE, JK or KL, e.g. DC_a01.wav';

function isSpeaker(code: string): code is SaveeSpeaker {
  return (SPEAKERS as readonly string[]).includes(code);
}

/** Speaker, emotion code and number of a SAVEE path in either layout, or `undefined`. */
function fields(path: string): { speaker: string; code: string; number: string } | undefined {
  const { file, folder } = fileAndFolder(path);
  const flat = FLAT_NAME.exec(file);
  if (flat !== null)
    return { speaker: flat[1]!.toUpperCase(), code: flat[2]!.toLowerCase(), number: flat[3]! };
  const nested = FOLDER_NAME.exec(file);
  if (nested !== null && folder !== undefined && isSpeaker(folder.toUpperCase())) {
    return { speaker: folder.toUpperCase(), code: nested[1]!.toLowerCase(), number: nested[2]! };
  }
  return undefined;
}

/**
 * Parses a SAVEE path, flat (`ALL/DC_a01.wav`) or in the original per-speaker folders
 * (`AudioData/DC/a01.wav`): speaker (DC, JE, JK, KL; all male), emotion (a, d, f, h, n, sa, su)
 * and the sentence number within the emotion (1–15; neutral 1–30).
 *
 * @throws {@link DatasetError} `unknown-naming` for a malformed name, an unknown speaker or code,
 * or a sentence number out of range.
 * @example
 * ```ts
 * const u = parseSaveeName('ALL/KL_sa12.wav');
 * // u.speaker 'KL', u.emotion 'sad', u.sentenceNumber 12, u.sex 'male'
 * ```
 */
export function parseSaveeName(path: string): SaveeUtterance {
  const parts = fields(path);
  if (parts === undefined) notNamedLike(SAVEE_FORMAT, path);
  const { speaker, code, number } = parts;
  if (!isSpeaker(speaker)) notNamedLike(SAVEE_FORMAT, path, `unknown speaker "${speaker}"`);
  const emotion = lookup(SAVEE_EMOTION_CODES, code);
  if (emotion === undefined) notNamedLike(SAVEE_FORMAT, path, `unknown emotion code "${code}"`);
  const sentenceNumber = Number(number);
  const last = code === 'n' ? 30 : 15;
  if (sentenceNumber < 1 || sentenceNumber > last) {
    notNamedLike(SAVEE_FORMAT, path, `sentence number ${number} is not 01–${last}`);
  }
  return { path, corpus: 'savee', speaker, emotion, sentenceNumber, sex: 'male' };
}

/**
 * The SAVEE naming convention (Surrey Audio-Visual Expressed Emotion).
 *
 * @example
 * ```ts
 * SAVEE_FORMAT.matches('JK_n30.wav'); // true
 * SAVEE_FORMAT.matches('AudioData/JK/n30.wav'); // true
 * ```
 */
export const SAVEE_FORMAT: CorpusFormat<SaveeUtterance> = {
  corpus: 'savee',
  title: 'SAVEE',
  convention,
  matches: (path) => fields(path) !== undefined,
  parse: parseSaveeName,
};
