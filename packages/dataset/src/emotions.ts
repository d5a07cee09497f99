/**
 * The one emotion vocabulary shared by every corpus, in alphabetical order.
 *
 * Labels are kept as distinct as the corpora make them: TESS's "pleasant surprise" (`ps`) is not
 * merged into RAVDESS's and SAVEE's "surprise", RAVDESS's "calm" is not merged into "neutral",
 * EmoDB's "boredom" has its own label. Restricted to the TESS classes this order is the seed's
 * class order (its one-hot encoder sorted `angry, disgust, fear, happy, neutral, ps, sad`).
 *
 * @example
 * ```ts
 * EMOTIONS.includes('pleasant_surprise'); // true
 * ```
 */
export const EMOTIONS = [
  'angry',
  'boredom',
  'calm',
  'disgust',
  'fear',
  'happy',
  'neutral',
  'pleasant_surprise',
  'sad',
  'surprise',
] as const;

/**
 * One emotion of the shared vocabulary ({@link EMOTIONS}).
 *
 * @example
 * ```ts
 * const label: Emotion = 'fear';
 * ```
 */
export type Emotion = (typeof EMOTIONS)[number];

const EMOTION_SET: ReadonlySet<string> = new Set(EMOTIONS);

/**
 * Whether a string is one of the shared emotion labels.
 *
 * @example
 * ```ts
 * isEmotion('happy'); // true
 * isEmotion('ps'); // false: that is TESS's file-name code, the label is 'pleasant_surprise'
 * ```
 */
export function isEmotion(value: string): value is Emotion {
  return EMOTION_SET.has(value);
}

/**
 * The distinct emotions of some labelled items, in the vocabulary's order: the class list a
 * model's outputs are indexed by. For TESS it is the seed's seven classes in the seed's order.
 *
 * @example
 * ```ts
 * emotionClasses([{ emotion: 'sad' }, { emotion: 'angry' }, { emotion: 'sad' }]); // ['angry', 'sad']
 * ```
 */
export function emotionClasses(items: Iterable<{ readonly emotion: Emotion }>): Emotion[] {
  const present = new Set<Emotion>();
  for (const item of items) present.add(item.emotion);
  return EMOTIONS.filter((emotion) => present.has(emotion));
}
