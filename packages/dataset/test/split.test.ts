import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataPath, describeWithData } from '../../../tools/data';
import { thrownBy } from '../../../tools/errors';
import { indexCorpus } from '../src/corpus';
import { DatasetError } from '../src/errors';
import { seededRandom, shuffled } from '../src/random';
import {
  type SplitItem,
  speakerFolds,
  speakerSplit,
  stratifiedSplit,
  tailSplit,
} from '../src/split';
import { realTessPaths } from './helpers/tess-tree';

interface Item extends SplitItem {
  readonly content: string | undefined;
}

/** Items with unique paths, a few speakers and emotions, some sharing content (same `content`). */
const itemsArbitrary = fc
  .array(
    fc.record({
      speaker: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      emotion: fc.constantFrom('angry', 'sad', 'happy'),
      content: fc.option(fc.constantFrom('x', 'y', 'z'), { nil: undefined }),
    }),
    { minLength: 2, maxLength: 80 },
  )
  .map((records) =>
    records.map(
      (r, i): Item => ({
        path: `f${String(i).padStart(3, '0')}.wav`,
        corpus: 'test',
        speaker: r.speaker,
        emotion: r.emotion,
        // identical content belongs to one speaker (a recording copied), so speaker splits can keep it together
        content: r.content === undefined ? undefined : `${r.speaker}:${r.content}`,
      }),
    ),
  );

const byContent = (item: Item) => item.content;
const paths = (items: readonly SplitItem[]) => items.map((i) => i.path).sort();

function expectPartition(
  items: readonly Item[],
  train: readonly Item[],
  test: readonly Item[],
): void {
  expect([...paths(train), ...paths(test)].sort()).toEqual(paths(items));
  const testSet = new Set(test);
  expect(train.some((item) => testSet.has(item))).toBe(false);
}

function expectGroupsTogether(train: readonly Item[], test: readonly Item[]): void {
  const trainGroups = new Set(train.map(byContent).filter((g) => g !== undefined));
  expect(
    test.filter((item) => item.content !== undefined && trainGroups.has(item.content)),
  ).toEqual([]);
}

const errorOf = (run: () => unknown): DatasetError => thrownBy(DatasetError, run);

describe('tailSplit (Keras validation_split parity)', () => {
  it('takes the last floor-complement of the items, in order', () => {
    const items = Array.from({ length: 2800 }, (_, i) => ({
      path: `${i}`,
      corpus: 'tess',
      speaker: 'OAF',
      emotion: 'sad',
    }));
    const { train, test } = tailSplit(items);
    expect(train).toEqual(items.slice(0, 2240));
    expect(test).toEqual(items.slice(2240));
    expect(tailSplit(items.slice(0, 7), { validationSplit: 0.5 }).train).toHaveLength(3); // floor(7 * 0.5)
  });

  it('moves a content group that straddles the boundary wholly to training', () => {
    fc.assert(
      fc.property(
        itemsArbitrary,
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (items, fraction) => {
          const { train, test } = tailSplit(items, { validationSplit: fraction, group: byContent });
          expectPartition(items, train, test);
          expectGroupsTogether(train, test);
          expect(train.slice(0, Math.floor(items.length * (1 - fraction)))).toEqual(
            items.slice(0, Math.floor(items.length * (1 - fraction))),
          );
        },
      ),
    );
  });

  it('rejects a fraction outside (0, 1)', () => {
    expect(errorOf(() => tailSplit([], { validationSplit: 1 })).code).toBe('bad-options');
  });
});

describe('stratifiedSplit', () => {
  it('puts round(count × fraction) of every class in test, deterministically for a seed', () => {
    fc.assert(
      fc.property(
        itemsArbitrary,
        fc.integer(),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (items, seed, fraction) => {
          const { train, test } = stratifiedSplit(items, { seed, testFraction: fraction });
          expectPartition(items, train, test);
          for (const emotion of new Set(items.map((i) => i.emotion))) {
            const count = items.filter((i) => i.emotion === emotion).length;
            expect(test.filter((i) => i.emotion === emotion)).toHaveLength(
              Math.round(count * fraction),
            );
          }
          expect(stratifiedSplit(items, { seed, testFraction: fraction })).toEqual({ train, test });
        },
      ),
    );
  });

  it('gives the same sides whatever the input order', () => {
    fc.assert(
      fc.property(itemsArbitrary, fc.integer(), fc.integer(), (items, seed, orderSeed) => {
        const reordered = shuffled(items, seededRandom(orderSeed));
        const a = stratifiedSplit(items, { seed, group: byContent });
        const b = stratifiedSplit(reordered, { seed, group: byContent });
        expect(paths(b.test)).toEqual(paths(a.test));
      }),
    );
  });

  it('never splits a content group, and stays within one group of the target per class', () => {
    fc.assert(
      fc.property(itemsArbitrary, fc.integer(), (items, seed) => {
        // content shared within one class (the usual case: a copied recording keeps its label)
        const sameClass = items.map((i) => ({
          ...i,
          content: i.content && `${i.content}:${i.emotion}`,
        }));
        const { train, test } = stratifiedSplit(sameClass, { seed, group: byContent });
        expectPartition(sameClass, train, test);
        expectGroupsTogether(train, test);
        for (const emotion of new Set(sameClass.map((i) => i.emotion))) {
          const ofClass = sameClass.filter((i) => i.emotion === emotion);
          const sizes = new Map<string, number>();
          for (const i of ofClass)
            sizes.set(i.content ?? i.path, (sizes.get(i.content ?? i.path) ?? 0) + 1);
          const target = Math.round(ofClass.length * 0.2);
          const taken = test.filter((i) => i.emotion === emotion).length;
          expect(taken).toBeLessThanOrEqual(target);
          expect(taken).toBeGreaterThan(target - Math.max(...sizes.values()));
        }
      }),
    );
  });

  it('draws different test sets for different seeds', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({
      path: `${i}`,
      corpus: 'x',
      speaker: 's',
      emotion: i % 2 ? 'sad' : 'happy',
    }));
    const a = stratifiedSplit(items, { seed: 1 });
    const b = stratifiedSplit(items, { seed: 2 });
    expect(paths(a.test)).not.toEqual(paths(b.test));
  });
});

describe('speakerSplit', () => {
  it('holds out whole speakers: no speaker on both sides', () => {
    fc.assert(
      fc.property(itemsArbitrary, fc.integer(), (items, seed) => {
        const speakers = new Set(items.map((i) => i.speaker));
        fc.pre(speakers.size >= 2);
        const { train, test, testSpeakers } = speakerSplit(items, { seed, group: byContent });
        expectPartition(items, train, test);
        expectGroupsTogether(train, test);
        const trainSpeakers = new Set(train.map((i) => `test/${i.speaker}`));
        expect(testSpeakers.filter((s) => trainSpeakers.has(s))).toEqual([]);
        expect(new Set(test.map((i) => `test/${i.speaker}`))).toEqual(new Set(testSpeakers));
        expect(testSpeakers).toHaveLength(
          Math.min(speakers.size - 1, Math.max(1, Math.round(speakers.size * 0.2))),
        );
      }),
    );
  });

  it('draws a count of speakers the same way as the equivalent fraction', () => {
    const items = Array.from({ length: 16 }, (_, i) => ({
      path: `${i}`,
      corpus: 'ravdess',
      speaker: String(i),
      emotion: 'sad',
    }));
    expect(speakerSplit(items, { testSpeakers: 4, seed: 7 })).toEqual(
      speakerSplit(items, { testFraction: 0.25, seed: 7 }),
    );
  });

  it('holds out the speakers it is given', () => {
    const items = ['a', 'b', 'c'].map((speaker, i) => ({
      path: `${i}`,
      corpus: 'ravdess',
      speaker,
      emotion: 'sad',
    }));
    const { test, testSpeakers } = speakerSplit(items, { testSpeakers: ['ravdess/b'] });
    expect(test.map((i) => i.speaker)).toEqual(['b']);
    expect(testSpeakers).toEqual(['ravdess/b']);
    expect(errorOf(() => speakerSplit(items, { testSpeakers: ['ravdess/q'] })).message).toContain(
      'unknown test speakers ravdess/q',
    );
    expect(errorOf(() => speakerSplit(items.slice(0, 1))).code).toBe('bad-options');
    expect(speakerSplit(items, { testSpeakers: 2, seed: 5 }).testSpeakers).toHaveLength(2);
    expect(errorOf(() => speakerSplit(items, { testSpeakers: 3 })).message).toContain(
      'some but not all',
    );
    expect(errorOf(() => speakerSplit(items, { testSpeakers: [] })).code).toBe('bad-options');
    expect(errorOf(() => speakerSplit(items, { testSpeakers: 1.5 })).code).toBe('bad-options');
  });

  it('refuses identical content spoken by speakers on both sides', () => {
    const items = [
      { path: 'one.wav', corpus: 'c', speaker: 'a', emotion: 'sad', content: 'same' },
      { path: 'two.wav', corpus: 'c', speaker: 'b', emotion: 'sad', content: 'same' },
    ];
    const error = errorOf(() => speakerSplit(items, { testSpeakers: ['c/b'], group: byContent }));
    expect(error.code).toBe('split-conflict');
    expect(error.message).toContain('one.wav, two.wav');
  });
});

describe('speakerFolds', () => {
  it('tests every item exactly once, each fold on speakers it does not train on', () => {
    fc.assert(
      fc.property(
        itemsArbitrary,
        fc.integer(),
        fc.integer({ min: 2, max: 5 }),
        (items, seed, folds) => {
          const speakers = new Set(items.map((i) => i.speaker));
          fc.pre(speakers.size >= folds);
          const result = speakerFolds(items, { folds, seed, group: byContent });
          expect(result).toHaveLength(folds);
          expect(result.flatMap((f) => paths(f.test)).sort()).toEqual(paths(items));
          for (const { train, test, testSpeakers } of result) {
            expect(test.length).toBeGreaterThan(0);
            expectPartition(items, train, test);
            const trainSpeakers = new Set(train.map((i) => `test/${i.speaker}`));
            expect(testSpeakers.some((s) => trainSpeakers.has(s))).toBe(false);
          }
          expect(speakerFolds(items, { folds, seed })).toEqual(
            speakerFolds(items, { folds, seed }),
          );
        },
      ),
    );
  });

  it('balances equal-sized speakers evenly and rejects impossible fold counts', () => {
    const items = Array.from({ length: 16 * 60 }, (_, i) => ({
      path: `${i}`,
      corpus: 'ravdess',
      speaker: String(Math.floor(i / 60)),
      emotion: 'sad',
    }));
    expect(
      speakerFolds(items, { folds: 4, seed: 3 }).map((f) => [f.train.length, f.test.length]),
    ).toEqual(Array.from({ length: 4 }, () => [720, 240]));
    expect(errorOf(() => speakerFolds(items, { folds: 17 })).code).toBe('bad-options');
    expect(errorOf(() => speakerFolds(items, { folds: 1.5 })).code).toBe('bad-options');
  });
});

describeWithData(
  'tailSplit on the real TESS names',
  dataPath('manifests', 'tess.tsv'),
  'manifests/tess.tsv',
  (manifest) => {
    it('in path order, the seed-style tail is one speaker and three classes (why it is parity only)', () => {
      const { utterances } = indexCorpus(realTessPaths(manifest));
      const { train, test } = tailSplit(utterances);
      expect([train.length, test.length]).toEqual([2240, 560]);
      expect(new Set(test.map((u) => u.speaker))).toEqual(new Set(['YAF']));
      expect(new Set(test.map((u) => u.emotion))).toEqual(
        new Set(['neutral', 'pleasant_surprise', 'sad']),
      );
    });
  },
);
