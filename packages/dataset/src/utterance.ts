import type { Emotion } from './emotions';

/**
 * The corpora whose naming conventions this package reads.
 *
 * @example
 * ```ts
 * const corpus: CorpusName = 'ravdess';
 * ```
 */
export type CorpusName = 'tess' | 'ravdess' | 'crema-d' | 'savee' | 'emodb';

/**
 * Every supported corpus, in a fixed order.
 *
 * @example
 * ```ts
 * for (const corpus of CORPORA) console.log(corpus); // 'tess', 'ravdess', 'crema-d', 'savee', 'emodb'
 * ```
 */
export const CORPORA: readonly CorpusName[] = ['tess', 'ravdess', 'crema-d', 'savee', 'emodb'];

/**
 * A speaker's sex as the corpus documents it.
 *
 * @example
 * ```ts
 * const sex: Sex = 'female';
 * ```
 */
export type Sex = 'female' | 'male';

/**
 * What every utterance has, whatever its corpus.
 *
 * @example
 * ```ts
 * const base: UtteranceBase = { path: 'OAF_Fear/OAF_back_fear.wav', speaker: 'OAF', emotion: 'fear' };
 * ```
 */
export interface UtteranceBase {
  /** Where the file is: relative to the corpus folder when parsed from names, absolute from `loadCorpus`. */
  readonly path: string;
  /** The speaker's code as the corpus writes it (`OAF`, `07`, `1001`, `DC`, `03`). */
  readonly speaker: string;
  /** The label, from the shared vocabulary. */
  readonly emotion: Emotion;
  /** The speaker's sex, when the corpus documents it. */
  readonly sex?: Sex;
}

/**
 * A TESS utterance (`OAF_back_fear.wav`): one of 200 target words said by one of two women
 * (OAF, aged 64; YAF, aged 26) in the carrier phrase "Say the word …".
 *
 * @example
 * ```ts
 * const u: TessUtterance = parseTessName('OAF_Fear/OAF_back_fear.wav');
 * u.word; // 'back'
 * ```
 */
export interface TessUtterance extends UtteranceBase {
  readonly corpus: 'tess';
  readonly speaker: 'OAF' | 'YAF';
  /** The target word. */
  readonly word: string;
}

/** RAVDESS modality: the file's first field. */
export type RavdessModality = 'audio-video' | 'video-only' | 'audio-only';
/** RAVDESS vocal channel: the file's second field. */
export type RavdessVocalChannel = 'speech' | 'song';
/** RAVDESS emotional intensity: normal (01) or strong (02); neutral is never strong. */
export type RavdessIntensity = 'normal' | 'strong';

/**
 * A RAVDESS utterance (`03-01-05-02-01-02-12.wav`): every field of its name decoded.
 *
 * @example
 * ```ts
 * const u: RavdessUtterance = parseRavdessName('Actor_12/03-01-05-02-01-02-12.wav');
 * u.emotion; // 'angry'
 * u.intensity; // 'strong'
 * ```
 */
export interface RavdessUtterance extends UtteranceBase {
  readonly corpus: 'ravdess';
  readonly modality: RavdessModality;
  readonly vocalChannel: RavdessVocalChannel;
  readonly intensity: RavdessIntensity;
  /** Statement code: `'01'` or `'02'`. */
  readonly sentence: '01' | '02';
  /** The statement's words. */
  readonly statement: 'Kids are talking by the door' | 'Dogs are sitting by the door';
  /** Repetition: 1 or 2. */
  readonly repetition: 1 | 2;
  /** Actor number, 1–24 (odd male, even female). */
  readonly actor: number;
  readonly sex: Sex;
}

/** CREMA-D emotional intensity: LO, MD, HI, or XX (unspecified; one real file writes `X`). */
export type CremaDIntensity = 'low' | 'medium' | 'high' | 'unspecified';

/**
 * A CREMA-D utterance (`1001_DFA_ANG_XX.wav`): actor, sentence code, emotion, intensity.
 * The actors' sex is not in the file names (it is in the corpus's demographics table), so it is
 * left unset.
 *
 * @example
 * ```ts
 * const u: CremaDUtterance = parseCremaDName('1001_DFA_ANG_XX.wav');
 * u.sentence; // 'DFA'
 * ```
 */
export interface CremaDUtterance extends UtteranceBase {
  readonly corpus: 'crema-d';
  /** One of the twelve sentence codes (`DFA`, `IEO`, `IOM`, …). */
  readonly sentence: string;
  /** The sentence's words (`DFA`: "Don't forget a jacket"). */
  readonly statement: string;
  readonly intensity: CremaDIntensity;
}

/**
 * A SAVEE utterance (`DC_a01.wav`, or `DC/a01.wav` in the original layout): one of four male
 * speakers (DC, JE, JK, KL); the number counts the sentences within one emotion (1–15, neutral 1–30).
 *
 * @example
 * ```ts
 * const u: SaveeUtterance = parseSaveeName('DC_su07.wav');
 * u.emotion; // 'surprise'
 * ```
 */
export interface SaveeUtterance extends UtteranceBase {
  readonly corpus: 'savee';
  readonly speaker: 'DC' | 'JE' | 'JK' | 'KL';
  /** The sentence number within the emotion. */
  readonly sentenceNumber: number;
  readonly sex: 'male';
}

/**
 * An EmoDB utterance (`03a01Fa.wav`): speaker, text code, emotion (German initial), version.
 *
 * @example
 * ```ts
 * const u: EmoDbUtterance = parseEmoDbName('03a01Fa.wav');
 * u.emotion; // 'happy' (F = Freude)
 * ```
 */
export interface EmoDbUtterance extends UtteranceBase {
  readonly corpus: 'emodb';
  /** Text code: `a01`, `a02`, `a04`, `a05`, `a07`, `b01`, `b02`, `b03`, `b09`, `b10`. */
  readonly sentence: string;
  /** Version letter (`a`, `b`, …) of repeated takes. */
  readonly version: string;
}

/**
 * One labelled recording of any supported corpus; `corpus` tells which fields it has.
 *
 * @example
 * ```ts
 * function describe(u: Utterance): string {
 *   return u.corpus === 'tess' ? `${u.speaker} says "${u.word}" (${u.emotion})` : `${u.speaker}: ${u.emotion}`;
 * }
 * ```
 */
export type Utterance =
  | TessUtterance
  | RavdessUtterance
  | CremaDUtterance
  | SaveeUtterance
  | EmoDbUtterance;

/**
 * A speaker's identity across corpora (`'ravdess/07'`): speaker codes alone repeat between corpora.
 *
 * @example
 * ```ts
 * speakerId({ corpus: 'tess', speaker: 'OAF' }); // 'tess/OAF'
 * ```
 */
export function speakerId(utterance: {
  readonly corpus: CorpusName;
  readonly speaker: string;
}): string {
  return `${utterance.corpus}/${utterance.speaker}`;
}
