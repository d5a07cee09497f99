import type { Emotion } from '../emotions';
import type { EmoDbUtterance, Sex } from '../utterance';
import { type CorpusFormat, fileAndFolder, lookup, notNamedLike } from './format';

/**
 * EmoDB's emotion letters (German initials) and the label each stands for: W Wut/Ärger,
 * L Langeweile, E Ekel, A Angst, F Freude, T Trauer, N neutral.
 *
 * @example
 * ```ts
 * EMODB_EMOTION_CODES.L; // 'boredom' (Langeweile)
 * ```
 */
export const EMODB_EMOTION_CODES: Readonly<Record<string, Emotion>> = {
  W: 'angry',
  L: 'boredom',
  E: 'disgust',
  A: 'fear',
  F: 'happy',
  T: 'sad',
  N: 'neutral',
};

/** The ten speakers and their sex, as the corpus documents them. */
const SPEAKERS: Readonly<Record<string, Sex>> = {
  '03': 'male',
  '08': 'female',
  '09': 'female',
  '10': 'male',
  '11': 'male',
  '12': 'male',
  '13': 'female',
  '14': 'female',
  '15': 'male',
  '16': 'female',
};

const TEXTS: ReadonlySet<string> = new Set([
  'a01',
  'a02',
  'a04',
  'a05',
  'a07',
  'b01',
  'b02',
  'b03',
  'b09',
  'b10',
]);
const FILE_NAME = /^(\d{2})([a-z]\d{2})([A-Z])([a-z])\.wav$/i;
const convention = 'SSTTTEV.wav (speaker, text code, emotion letter, version), e.g. 03a01Fa.wav';

/**
 * Parses an EmoDB path (`wav/03a01Fa.wav`): speaker (03, 08–16, with the documented sex), text
 * code (a01 … b10), emotion letter (W, L, E, A, F, T, N) and version letter.
 *
 * @throws {@link DatasetError} `unknown-naming` for a malformed name or an unknown code.
 * @example
 * ```ts
 * const u = parseEmoDbName('wav/16b10Tb.wav');
 * // u.speaker '16', u.sex 'female', u.sentence 'b10', u.emotion 'sad', u.version 'b'
 * ```
 */
export function parseEmoDbName(path: string): EmoDbUtterance {
  const match = FILE_NAME.exec(fileAndFolder(path).file);
  if (match === null) notNamedLike(EMODB_FORMAT, path);
  const [, speaker, textCode, letter, version] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  const sex = lookup(SPEAKERS, speaker);
  if (sex === undefined) notNamedLike(EMODB_FORMAT, path, `unknown speaker "${speaker}"`);
  const sentence = textCode.toLowerCase();
  if (!TEXTS.has(sentence)) notNamedLike(EMODB_FORMAT, path, `unknown text code "${textCode}"`);
  const emotion = lookup(EMODB_EMOTION_CODES, letter.toUpperCase());
  if (emotion === undefined) notNamedLike(EMODB_FORMAT, path, `unknown emotion letter "${letter}"`);
  return { path, corpus: 'emodb', speaker, emotion, sex, sentence, version: version.toLowerCase() };
}

/**
 * The EmoDB naming convention (Berlin Database of Emotional Speech).
 *
 * @example
 * ```ts
 * EMODB_FORMAT.matches('03a01Fa.wav'); // true
 * ```
 */
export const EMODB_FORMAT: CorpusFormat<EmoDbUtterance> = {
  corpus: 'emodb',
  title: 'EmoDB',
  convention,
  matches: (path) => FILE_NAME.test(fileAndFolder(path).file),
  parse: parseEmoDbName,
};
