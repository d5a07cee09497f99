/**
 * @ser/dataset: speech emotion corpora as labelled utterances, integrity checks against file
 * lists, honest splits and class summaries. Browser-safe; file-system scanning and cached
 * parallel feature extraction live in `@ser/dataset/node`.
 *
 * @packageDocumentation
 */
export {
  CREMA_D_EMOTION_CODES,
  CREMA_D_FORMAT,
  CREMA_D_SENTENCES,
  parseCremaDName,
} from './corpora/crema-d';
export { EMODB_EMOTION_CODES, EMODB_FORMAT, parseEmoDbName } from './corpora/emodb';
export type { CorpusFormat } from './corpora/format';
export { parseRavdessName, RAVDESS_EMOTION_CODES, RAVDESS_FORMAT } from './corpora/ravdess';
export { parseSaveeName, SAVEE_EMOTION_CODES, SAVEE_FORMAT } from './corpora/savee';
export { parseTessName, TESS_EMOTION_CODES, TESS_FORMAT } from './corpora/tess';
export {
  type CorpusIndex,
  type DuplicateFiles,
  type IndexCorpusOptions,
  indexCorpus,
} from './corpus';
export { CORPUS_FORMATS, detectCorpus } from './detect';
export { EMOTIONS, type Emotion, emotionClasses, isEmotion } from './emotions';
export { DatasetError, type DatasetErrorCode } from './errors';
export {
  type CorruptedFile,
  compareWithManifest,
  formatManifest,
  type IntegrityReport,
  type ManifestEntry,
  manifestMatcher,
  type ObservedFile,
  parseManifest,
} from './integrity';
export { seededRandom, shuffled } from './random';
export {
  type ContentGroupKey,
  type SpeakerFoldsOptions,
  type SpeakerSplit,
  type SpeakerSplitOptions,
  type Split,
  type SplitItem,
  type StratifiedSplitOptions,
  speakerFolds,
  speakerSplit,
  stratifiedSplit,
  type TailSplitOptions,
  tailSplit,
} from './split';
export {
  type ClassCount,
  type ClassDistribution,
  classDistribution,
  type DistributionRow,
  formatDistribution,
} from './summary';
export {
  CORPORA,
  type CorpusName,
  type CremaDIntensity,
  type CremaDUtterance,
  type EmoDbUtterance,
  type RavdessIntensity,
  type RavdessModality,
  type RavdessUtterance,
  type RavdessVocalChannel,
  type SaveeUtterance,
  type Sex,
  speakerId,
  type TessUtterance,
  type Utterance,
  type UtteranceBase,
} from './utterance';
