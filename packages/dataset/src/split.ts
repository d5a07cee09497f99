import { DatasetError } from './errors';
import { seededRandom, shuffled } from './random';

/**
 * What the split functions need to know about an item; every `Utterance` has it.
 *
 * @example
 * ```ts
 * const item: SplitItem = { path: 'Actor_01/03-01-01-01-01-01-01.wav', corpus: 'ravdess', speaker: '01', emotion: 'neutral' };
 * ```
 */
export interface SplitItem {
  readonly path: string;
  readonly corpus: string;
  readonly speaker: string;
  readonly emotion: string;
}

/**
 * Items divided into a training and a test (or validation) side, each in input order.
 *
 * @example
 * ```ts
 * const { train, test }: Split<Utterance> = stratifiedSplit(utterances, { seed: 1 });
 * ```
 */
export interface Split<T> {
  readonly train: T[];
  readonly test: T[];
}

/**
 * A speaker-independent split: the test side holds every item of `testSpeakers` and nothing else.
 *
 * @example
 * ```ts
 * const { testSpeakers }: SpeakerSplit<Utterance> = speakerSplit(utterances, { seed: 1 });
 * ```
 */
export interface SpeakerSplit<T> extends Split<T> {
  /** The held-out speakers (`corpus/speaker`, or what the `speaker` option returns), sorted. */
  readonly testSpeakers: string[];
}

/**
 * Key of identical content: items with the same key always land on the same side. Return
 * `undefined` for an item that shares its content with no other (e.g. `(u) => groups.groupOf(u.path)`
 * with the groups from `findContentGroups` in `@ser/dataset/node`).
 *
 * @example
 * ```ts
 * const byHash: ContentGroupKey<{ path: string }> = (item) => hashes.get(item.path);
 * ```
 */
export type ContentGroupKey<T> = (item: T) => string | undefined;

/**
 * Options of {@link tailSplit}.
 *
 * @example
 * ```ts
 * const options: TailSplitOptions<Utterance> = { validationSplit: 0.2 };
 * ```
 */
export interface TailSplitOptions<T> {
  /** Fraction of items at the end that form the validation side; default 0.2 (the seed's). */
  readonly validationSplit?: number;
  /** Content groups kept together (a group reaching into the tail goes wholly to training). */
  readonly group?: ContentGroupKey<T>;
}

/**
 * Options of {@link stratifiedSplit}.
 *
 * @example
 * ```ts
 * const options: StratifiedSplitOptions<Utterance> = { testFraction: 0.2, seed: 42 };
 * ```
 */
export interface StratifiedSplitOptions<T> {
  /** Fraction of each class that goes to the test side (rounded per class); default 0.2. */
  readonly testFraction?: number;
  /** Seed of the shuffle; default 0. The same seed and items give the same split in any input order. */
  readonly seed?: number;
  /** The class of an item; default its `emotion`. */
  readonly label?: (item: T) => string;
  /** Content groups kept together. */
  readonly group?: ContentGroupKey<T>;
}

/**
 * Options of {@link speakerSplit}.
 *
 * @example
 * ```ts
 * const options: SpeakerSplitOptions<Utterance> = { testSpeakers: ['ravdess/01', 'ravdess/02'] };
 * ```
 */
export interface SpeakerSplitOptions<T> {
  /**
   * The speakers to hold out (as the `speaker` option names them), or how many to draw with
   * `seed`; when absent, `testFraction` of the speakers are drawn.
   */
  readonly testSpeakers?: number | readonly string[];
  /** Fraction of speakers held out (rounded, at least one, at most all but one); default 0.2. */
  readonly testFraction?: number;
  /** Seed of the draw; default 0. */
  readonly seed?: number;
  /** The speaker of an item; default `corpus/speaker` (speaker codes repeat across corpora). */
  readonly speaker?: (item: T) => string;
  /** Content groups: a group spoken by a held-out and a training speaker is an error. */
  readonly group?: ContentGroupKey<T>;
}

/**
 * Options of {@link speakerFolds}.
 *
 * @example
 * ```ts
 * const options: SpeakerFoldsOptions<Utterance> = { folds: 4, seed: 42 };
 * ```
 */
export interface SpeakerFoldsOptions<T> {
  /** Number of folds, from 2 to the number of speakers (= leave-one-speaker-out). */
  readonly folds: number;
  /** Seed of the assignment of speakers to folds; default 0. */
  readonly seed?: number;
  /** The speaker of an item; default `corpus/speaker`. */
  readonly speaker?: (item: T) => string;
  /** Content groups: a group spoken in two folds is an error. */
  readonly group?: ContentGroupKey<T>;
}

const defaultSpeaker = (item: SplitItem): string => `${item.corpus}/${item.speaker}`;

function checkFraction(name: string, value: number): number {
  if (!(value > 0 && value < 1)) {
    throw new DatasetError(
      'bad-options',
      `${name} must be between 0 and 1 (exclusive), got ${value}`,
    );
  }
  return value;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Indices of the items grouped into units that must stay together, in a canonical order
 * (by the smallest path in each unit) so that results do not depend on the input order.
 */
function units<T extends SplitItem>(
  items: readonly T[],
  group: ContentGroupKey<T> | undefined,
): number[][] {
  const keyed = new Map<string, number[]>();
  const all: number[][] = [];
  items.forEach((item, index) => {
    const key = group?.(item);
    if (key === undefined) {
      all.push([index]);
      return;
    }
    const unit = keyed.get(key);
    if (unit === undefined) {
      const fresh = [index];
      keyed.set(key, fresh);
      all.push(fresh);
    } else unit.push(index);
  });
  const firstPath = (unit: number[]) => unit.map((i) => items[i]!.path).sort(compareCodeUnits)[0]!;
  return all
    .map((unit) => ({ unit, key: firstPath(unit) }))
    .sort((a, b) => compareCodeUnits(a.key, b.key))
    .map((u) => u.unit);
}

function sides<T>(items: readonly T[], inTest: (index: number) => boolean): Split<T> {
  const train: T[] = [];
  const test: T[] = [];
  items.forEach((item, index) => {
    (inTest(index) ? test : train).push(item);
  });
  return { train, test };
}

/**
 * The seed's split, for parity figures only: like Keras `validation_split`, the items after
 * `splitAt = floor(n * (1 - validationSplit))` form the validation side, unshuffled.
 * It depends on the order of `items`: the seed used `os.walk` order (filesystem-dependent);
 * `indexCorpus`/`loadCorpus` give path order (code-unit sort), which is the order we use. On TESS
 * in that order the tail is 560 files of YAF alone, in three classes (neutral 160, pleasant
 * surprise 200, sad 200): no honest test set. Prefer {@link speakerSplit} or {@link stratifiedSplit}.
 *
 * @throws {@link DatasetError} `bad-options` for a fraction outside (0, 1).
 * @example
 * ```ts
 * const { train, test } = tailSplit(index.utterances, { validationSplit: 0.2 });
 * // 2800 TESS files → train = first 2240, test = last 560
 * ```
 */
export function tailSplit<T extends SplitItem>(
  items: readonly T[],
  options: TailSplitOptions<T> = {},
): Split<T> {
  const fraction = checkFraction('validationSplit', options.validationSplit ?? 0.2);
  const splitAt = Math.floor(items.length * (1 - fraction));
  const trainGroups = new Set<string>();
  items.forEach((item, index) => {
    const key = options.group?.(item);
    if (index < splitAt && key !== undefined) trainGroups.add(key);
  });
  return sides(items, (index) => {
    if (index < splitAt) return false;
    const key = options.group?.(items[index]!);
    return key === undefined || !trainGroups.has(key);
  });
}

/**
 * A random split that keeps each class's share (the default for parity figures): in every class,
 * `round(count * testFraction)` items go to the test side, drawn with a seeded shuffle. Identical
 * content (same `group` key) stays on one side; a group counts toward its most frequent class.
 *
 * @throws {@link DatasetError} `bad-options` for a fraction outside (0, 1).
 * @example
 * ```ts
 * const { train, test } = stratifiedSplit(index.utterances, { testFraction: 0.2, seed: 42 });
 * ```
 */
export function stratifiedSplit<T extends SplitItem>(
  items: readonly T[],
  options: StratifiedSplitOptions<T> = {},
): Split<T> {
  const fraction = checkFraction('testFraction', options.testFraction ?? 0.2);
  const label = options.label ?? ((item: T) => item.emotion);
  const byClass = new Map<string, number[][]>();
  const classSize = new Map<string, number>();
  for (const unit of units(items, options.group)) {
    const votes = new Map<string, number>();
    for (const i of unit) votes.set(label(items[i]!), (votes.get(label(items[i]!)) ?? 0) + 1);
    const [cls] = [...votes].sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]))[0]!;
    const classUnits = byClass.get(cls);
    if (classUnits === undefined) byClass.set(cls, [unit]);
    else classUnits.push(unit);
    classSize.set(cls, (classSize.get(cls) ?? 0) + unit.length);
  }
  const random = seededRandom(options.seed ?? 0);
  const test = new Set<number>();
  for (const cls of [...byClass.keys()].sort(compareCodeUnits)) {
    const target = Math.round(classSize.get(cls)! * fraction);
    let taken = 0;
    for (const unit of shuffled(byClass.get(cls)!, random)) {
      if (taken + unit.length > target) continue;
      for (const i of unit) test.add(i);
      taken += unit.length;
    }
  }
  return sides(items, (index) => test.has(index));
}

/** Throws when a content group has items on both sides of a speaker partition. */
function checkGroupsStayTogether<T extends SplitItem>(
  items: readonly T[],
  group: ContentGroupKey<T> | undefined,
  sideOf: (index: number) => number,
): void {
  if (group === undefined) return;
  for (const unit of units(items, group)) {
    const sidesOfUnit = new Set(unit.map(sideOf));
    if (sidesOfUnit.size > 1) {
      const paths = unit.map((i) => items[i]!.path);
      throw new DatasetError(
        'split-conflict',
        `identical content is spoken by speakers on different sides: ${paths.join(', ')}`,
        paths[0],
      );
    }
  }
}

/**
 * A speaker-independent split: whole speakers are held out, so the test side says how the model
 * does on voices it never heard. Give `testSpeakers`, or let `testFraction` of the speakers be
 * drawn with `seed`.
 *
 * @throws {@link DatasetError} `bad-options` for fewer than two speakers, an unknown test speaker,
 * holding out none or all, or a fraction outside (0, 1); `split-conflict` when identical content
 * crosses sides.
 * @example
 * ```ts
 * const { train, test, testSpeakers } = speakerSplit(ravdess.utterances, { testFraction: 0.25, seed: 7 });
 * // testSpeakers: 4 of the 16 actors, e.g. ['ravdess/03', 'ravdess/08', 'ravdess/11', 'ravdess/14']
 * speakerSplit(ravdess.utterances, { testSpeakers: 4, seed: 7 }); // the same four
 * ```
 */
export function speakerSplit<T extends SplitItem>(
  items: readonly T[],
  options: SpeakerSplitOptions<T> = {},
): SpeakerSplit<T> {
  const speakerOf = options.speaker ?? defaultSpeaker;
  const speakers = [...new Set(items.map(speakerOf))].sort(compareCodeUnits);
  if (speakers.length < 2) {
    throw new DatasetError(
      'bad-options',
      `a speaker split needs at least two speakers, found ${speakers.length}`,
    );
  }
  let held: string[];
  const { testSpeakers } = options;
  if (typeof testSpeakers === 'object') {
    const unknown = testSpeakers.filter((s) => !speakers.includes(s));
    if (unknown.length > 0) {
      throw new DatasetError(
        'bad-options',
        `unknown test speakers ${unknown.join(', ')} (known: ${speakers.join(', ')})`,
      );
    }
    held = [...new Set(testSpeakers)];
  } else {
    const count =
      testSpeakers ??
      Math.min(
        speakers.length - 1,
        Math.max(
          1,
          Math.round(speakers.length * checkFraction('testFraction', options.testFraction ?? 0.2)),
        ),
      );
    if (!Number.isInteger(count)) {
      throw new DatasetError(
        'bad-options',
        `testSpeakers must be a whole number of speakers, got ${count}`,
      );
    }
    held = shuffled(speakers, seededRandom(options.seed ?? 0)).slice(0, count);
  }
  if (held.length === 0 || held.length >= speakers.length) {
    throw new DatasetError(
      'bad-options',
      `a speaker split must hold out some but not all of the ${speakers.length} speakers, got ${held.length}`,
    );
  }
  const heldSet = new Set(held);
  const inTest = (index: number) => heldSet.has(speakerOf(items[index]!));
  checkGroupsStayTogether(items, options.group, (index) => (inTest(index) ? 1 : 0));
  return { ...sides(items, inTest), testSpeakers: held.sort(compareCodeUnits) };
}

/**
 * Leave-speakers-out cross-validation: the speakers are dealt (seeded shuffle, then each to the
 * fold with the fewest items so far) into `folds` folds; fold `k` tests on its speakers and trains
 * on all others. Every item is tested exactly once.
 *
 * @throws {@link DatasetError} `bad-options` when `folds` is not an integer from 2 to the number of
 * speakers; `split-conflict` when identical content is spoken in two folds.
 * @example
 * ```ts
 * for (const { train, test, testSpeakers } of speakerFolds(ravdess.utterances, { folds: 4, seed: 1 })) {
 *   console.log(testSpeakers, train.length, test.length); // 4 actors held out per fold, 720/240
 * }
 * ```
 */
export function speakerFolds<T extends SplitItem>(
  items: readonly T[],
  options: SpeakerFoldsOptions<T>,
): SpeakerSplit<T>[] {
  const speakerOf = options.speaker ?? defaultSpeaker;
  const counts = new Map<string, number>();
  for (const item of items) counts.set(speakerOf(item), (counts.get(speakerOf(item)) ?? 0) + 1);
  const speakers = [...counts.keys()].sort(compareCodeUnits);
  const { folds } = options;
  if (!(Number.isInteger(folds) && folds >= 2 && folds <= speakers.length)) {
    throw new DatasetError(
      'bad-options',
      `folds must be an integer from 2 to ${speakers.length} (the speakers), got ${folds}`,
    );
  }
  const foldSpeakers: string[][] = Array.from({ length: folds }, () => []);
  const foldSize = new Array<number>(folds).fill(0);
  for (const speaker of shuffled(speakers, seededRandom(options.seed ?? 0))) {
    const smallest = foldSize.indexOf(Math.min(...foldSize));
    foldSpeakers[smallest]!.push(speaker);
    foldSize[smallest]! += counts.get(speaker)!;
  }
  const foldOf = new Map<string, number>();
  foldSpeakers.forEach((list, fold) => {
    for (const speaker of list) foldOf.set(speaker, fold);
  });
  const foldOfItem = (index: number) => foldOf.get(speakerOf(items[index]!))!;
  checkGroupsStayTogether(items, options.group, foldOfItem);
  return foldSpeakers.map((list, fold) => ({
    ...sides(items, (index) => foldOfItem(index) === fold),
    testSpeakers: [...list].sort(compareCodeUnits),
  }));
}
