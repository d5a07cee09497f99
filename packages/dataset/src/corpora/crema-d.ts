import type { Emotion } from '../emotions';
import type { CremaDIntensity, CremaDUtterance } from '../utterance';
import { type CorpusFormat, fileAndFolder, lookup, notNamedLike } from './format';

/**
 * CREMA-D's emotion codes (third field) and the label each stands for.
 *
 * @example
 * ```ts
 * CREMA_D_EMOTION_CODES.FEA; // 'fear'
 * ```
 */
export const CREMA_D_EMOTION_CODES: Readonly<Record<string, Emotion>> = {
  ANG: 'angry',
  DIS: 'disgust',
  FEA: 'fear',
  HAP: 'happy',
  NEU: 'neutral',
  SAD: 'sad',
};

/**
 * CREMA-D's twelve sentence codes (second field) and their words.
 *
 * @example
 * ```ts
 * CREMA_D_SENTENCES.IEO; // "It's eleven o'clock"
 * ```
 */
export const CREMA_D_SENTENCES: Readonly<Record<string, string>> = {
  IEO: "It's eleven o'clock",
  TIE: 'That is exactly what happened',
  IOM: "I'm on my way to the meeting",
  IWW: 'I wonder what this is about',
  TAI: 'The airplane is almost full',
  MTI: 'Maybe tomorrow it will be cold',
  IWL: 'I would like a new alarm clock',
  ITH: "I think I have a doctor's appointment",
  DFA: "Don't forget a jacket",
  ITS: "I think I've seen this before",
  TSI: 'The surface is slick',
  WSI: "We'll stop in a couple of minutes",
};

/** Intensity codes; the real file `1040_ITH_SAD_X.wav` writes `X` for `XX`. */
const INTENSITIES: Readonly<Record<string, CremaDIntensity>> = {
  LO: 'low',
  MD: 'medium',
  HI: 'high',
  XX: 'unspecified',
  X: 'unspecified',
};

const FILE_NAME = /^(\d{4})_([A-Za-z]{3})_([A-Za-z]{3})_([A-Za-z]{1,2})\.wav$/i;
const convention = 'ACTOR_SENTENCE_EMOTION_INTENSITY.wav, e.g. 1001_DFA_ANG_XX.wav';

/**
 * Parses a CREMA-D path (`1001_DFA_ANG_XX.wav`): actor 1001–1091, sentence code, emotion
 * (ANG, DIS, FEA, HAP, NEU, SAD) and intensity (LO, MD, HI, or XX = unspecified).
 *
 * @throws {@link DatasetError} `unknown-naming` for a malformed name or an unknown code.
 * @example
 * ```ts
 * const u = parseCremaDName('AudioWAV/1001_DFA_ANG_XX.wav');
 * // u.speaker '1001', u.sentence 'DFA', u.statement "Don't forget a jacket", u.emotion 'angry', u.intensity 'unspecified'
 * ```
 */
export function parseCremaDName(path: string): CremaDUtterance {
  const match = FILE_NAME.exec(fileAndFolder(path).file);
  if (match === null) notNamedLike(CREMA_D_FORMAT, path);
  const [, actor, sentenceCode, emotionCode, intensityCode] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  const actorNumber = Number(actor);
  if (actorNumber < 1001 || actorNumber > 1091)
    notNamedLike(CREMA_D_FORMAT, path, `actor "${actor}" is not 1001–1091`);
  const sentence = sentenceCode.toUpperCase();
  const statement = lookup(CREMA_D_SENTENCES, sentence);
  if (statement === undefined)
    notNamedLike(CREMA_D_FORMAT, path, `unknown sentence code "${sentenceCode}"`);
  const emotion = lookup(CREMA_D_EMOTION_CODES, emotionCode.toUpperCase());
  if (emotion === undefined)
    notNamedLike(CREMA_D_FORMAT, path, `unknown emotion code "${emotionCode}"`);
  const intensity = lookup(INTENSITIES, intensityCode.toUpperCase());
  if (intensity === undefined)
    notNamedLike(CREMA_D_FORMAT, path, `unknown intensity code "${intensityCode}"`);
  return { path, corpus: 'crema-d', speaker: actor, emotion, sentence, statement, intensity };
}

/**
 * The CREMA-D naming convention (Crowd-sourced Emotional Multimodal Actors Dataset).
 *
 * @example
 * ```ts
 * CREMA_D_FORMAT.matches('1091_WSI_SAD_XX.wav'); // true
 * ```
 */
export const CREMA_D_FORMAT: CorpusFormat<CremaDUtterance> = {
  corpus: 'crema-d',
  title: 'CREMA-D',
  convention,
  matches: (path) => FILE_NAME.test(fileAndFolder(path).file),
  parse: parseCremaDName,
};
