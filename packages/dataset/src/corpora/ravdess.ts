import type { Emotion } from '../emotions';
import { DatasetError } from '../errors';
import type {
  RavdessIntensity,
  RavdessModality,
  RavdessUtterance,
  RavdessVocalChannel,
} from '../utterance';
import { type CorpusFormat, fileAndFolder, lookup, notNamedLike } from './format';

/**
 * RAVDESS's emotion codes (third field) and the label each stands for.
 *
 * @example
 * ```ts
 * RAVDESS_EMOTION_CODES['06']; // 'fear' (RAVDESS: "fearful")
 * ```
 */
export const RAVDESS_EMOTION_CODES: Readonly<Record<string, Emotion>> = {
  '01': 'neutral',
  '02': 'calm',
  '03': 'happy',
  '04': 'sad',
  '05': 'angry',
  '06': 'fear',
  '07': 'disgust',
  '08': 'surprise',
};

const MODALITIES: Readonly<Record<string, RavdessModality>> = {
  '01': 'audio-video',
  '02': 'video-only',
  '03': 'audio-only',
};
const VOCAL_CHANNELS: Readonly<Record<string, RavdessVocalChannel>> = {
  '01': 'speech',
  '02': 'song',
};
const INTENSITIES: Readonly<Record<string, RavdessIntensity>> = { '01': 'normal', '02': 'strong' };
const STATEMENTS = {
  '01': 'Kids are talking by the door',
  '02': 'Dogs are sitting by the door',
} as const;

const FILE_NAME = /^(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})\.wav$/i;
const ACTOR_FOLDER = /^Actor_(\d+)$/i;

const convention = 'MM-VV-EE-II-SS-RR-AA.wav, e.g. 03-01-05-02-01-02-12.wav';

function field<V>(table: Readonly<Record<string, V>>, code: string, name: string, path: string): V {
  const value = lookup(table, code);
  if (value === undefined) notNamedLike(RAVDESS_FORMAT, path, `unknown ${name} code "${code}"`);
  return value;
}

/**
 * Parses a RAVDESS path (`Actor_12/03-01-05-02-01-02-12.wav`): modality, vocal channel,
 * emotion, intensity, statement, repetition, actor and the actor's sex (odd male, even female).
 * A parent folder named `Actor_NN` must agree with the actor field.
 *
 * @throws {@link DatasetError} `unknown-naming` for a malformed name or an unknown code
 * (including a "strong" neutral, which RAVDESS does not have), `label-mismatch` for a file in
 * another actor's folder.
 * @example
 * ```ts
 * const u = parseRavdessName('Actor_07/03-01-03-01-02-01-07.wav');
 * // u.emotion 'happy', u.intensity 'normal', u.statement 'Dogs are sitting by the door',
 * // u.repetition 1, u.actor 7, u.speaker '07', u.sex 'male'
 * ```
 */
export function parseRavdessName(path: string): RavdessUtterance {
  const { file, folder } = fileAndFolder(path);
  const match = FILE_NAME.exec(file);
  if (match === null) notNamedLike(RAVDESS_FORMAT, path);
  const [
    ,
    modalityCode,
    channelCode,
    emotionCode,
    intensityCode,
    statementCode,
    repetitionCode,
    actorCode,
  ] = match as unknown as [string, string, string, string, string, string, string, string];
  const emotion = field(RAVDESS_EMOTION_CODES, emotionCode, 'emotion', path);
  const intensity = field(INTENSITIES, intensityCode, 'intensity', path);
  if (emotion === 'neutral' && intensity === 'strong') {
    notNamedLike(RAVDESS_FORMAT, path, 'neutral has no strong intensity in RAVDESS');
  }
  if (statementCode !== '01' && statementCode !== '02') {
    notNamedLike(RAVDESS_FORMAT, path, `unknown statement code "${statementCode}"`);
  }
  if (repetitionCode !== '01' && repetitionCode !== '02') {
    notNamedLike(RAVDESS_FORMAT, path, `unknown repetition code "${repetitionCode}"`);
  }
  const actor = Number(actorCode);
  if (actor < 1 || actor > 24)
    notNamedLike(RAVDESS_FORMAT, path, `actor "${actorCode}" is not 01–24`);
  const folderActor = folder === undefined ? null : ACTOR_FOLDER.exec(folder);
  if (folderActor !== null && Number(folderActor[1]) !== actor) {
    throw new DatasetError(
      'label-mismatch',
      `file of actor ${actorCode} is in folder "${folder}"`,
      path,
    );
  }
  return {
    path,
    corpus: 'ravdess',
    speaker: actorCode,
    emotion,
    sex: actor % 2 === 1 ? 'male' : 'female',
    modality: field(MODALITIES, modalityCode, 'modality', path),
    vocalChannel: field(VOCAL_CHANNELS, channelCode, 'vocal channel', path),
    intensity,
    sentence: statementCode,
    statement: STATEMENTS[statementCode],
    repetition: repetitionCode === '01' ? 1 : 2,
    actor,
  };
}

/**
 * The RAVDESS naming convention (Ryerson Audio-Visual Database of Emotional Speech and Song).
 *
 * @example
 * ```ts
 * RAVDESS_FORMAT.matches('03-01-08-02-02-01-16.wav'); // true
 * ```
 */
export const RAVDESS_FORMAT: CorpusFormat<RavdessUtterance> = {
  corpus: 'ravdess',
  title: 'RAVDESS',
  convention,
  matches: (path) => FILE_NAME.test(fileAndFolder(path).file),
  parse: parseRavdessName,
};
