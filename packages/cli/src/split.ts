/**
 * The `--split` choices of `ser train`: how utterances are divided into training and held-out
 * test parts.
 */
import { speakerSplit, stratifiedSplit, tailSplit, type Utterance } from '@ser/dataset';
import { findContentGroups } from '@ser/dataset/node';

/**
 * `speaker`: whole speakers held out (the honest figure); `random`: a stratified random 80/20
 * split with speakers on both sides; `seed-tail`: the seed notebook's unshuffled last 20%.
 *
 * @example
 * ```ts
 * const kind: SplitKind = 'speaker';
 * ```
 */
export type SplitKind = 'random' | 'speaker' | 'seed-tail';

/** The choices, for option parsing. */
export const SPLIT_KINDS: readonly SplitKind[] = ['speaker', 'random', 'seed-tail'];

/**
 * How to split.
 *
 * @example
 * ```ts
 * const options: SplitOptions = { kind: 'speaker', testSpeakers: ['13', '14', '15', '16'], seed: 1 };
 * ```
 */
export interface SplitOptions {
  /** The kind of split. */
  readonly kind: SplitKind;
  /** Speaker codes to hold out (speaker split only); default a seeded 20% of the speakers. */
  readonly testSpeakers?: readonly string[];
  /** Seed of random draws. */
  readonly seed: number;
}

/**
 * The split's two sides and a description of it for reports. The same recording under two names
 * (equal audio up to dither) is kept on one side.
 *
 * @example
 * ```ts
 * const { train, test, description } = await splitUtterances(index.utterances, options);
 * ```
 */
export async function splitUtterances<T extends Utterance>(
  utterances: readonly T[],
  options: SplitOptions,
): Promise<{ train: T[]; test: T[]; description: string }> {
  const groups = await findContentGroups(utterances.map((u) => u.path));
  const group = (u: T) => groups.groupOf(u.path);
  if (options.kind === 'seed-tail') {
    const { train, test } = tailSplit(utterances, { validationSplit: 0.2, group });
    return { train, test, description: 'seed notebook: unshuffled last 20% held out' };
  }
  if (options.kind === 'random') {
    const { train, test } = stratifiedSplit(utterances, {
      testFraction: 0.2,
      seed: options.seed,
      group,
    });
    return {
      train,
      test,
      description: `stratified random 20% (seed ${options.seed}; speakers on both sides)`,
    };
  }
  const testSpeakers =
    options.testSpeakers === undefined
      ? {}
      : { testSpeakers: options.testSpeakers.map((s) => `${utterances[0]?.corpus}/${s}`) };
  const split = speakerSplit(utterances, { seed: options.seed, group, ...testSpeakers });
  return {
    train: split.train,
    test: split.test,
    description: `speaker-independent: held-out speakers ${split.testSpeakers.join(', ')}`,
  };
}
