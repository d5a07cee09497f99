import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeWav } from '@ser/features';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPath, describeWithData } from '../../../tools/data';
import { findContentGroups } from '../src/node/content-groups';
import { loadCorpus } from '../src/node/scan';
import { speakerSplit, stratifiedSplit } from '../src/split';
import { temporaryFolder } from './helpers/tess-tree';

describe('findContentGroups on generated files', () => {
  let root: string;
  const tone = Float32Array.from(
    { length: 4000 },
    (_, n) => 0.4 * Math.sin(n * 0.05) * Math.sin(n * 0.001),
  );
  const dithered = tone.map((x, n) => x + ((n % 3) - 1) / 32768); // ±1 step of 16-bit audio
  const louder = tone.map((x) => x * 1.05);
  beforeAll(async () => {
    root = await temporaryFolder('groups');
    await writeFile(join(root, 'a.wav'), encodeWav([tone], { sampleRate: 16000 }));
    await writeFile(join(root, 'b.wav'), encodeWav([tone], { sampleRate: 16000 })); // byte-identical to a
    await writeFile(join(root, 'c.wav'), encodeWav([dithered], { sampleRate: 16000 })); // a, re-dithered
    await writeFile(join(root, 'd.wav'), encodeWav([louder], { sampleRate: 16000 })); // another take
    await writeFile(join(root, 'e.wav'), encodeWav([tone], { sampleRate: 22050 })); // other rate
    await writeFile(join(root, 'f.wav'), new Uint8Array([1, 2, 3])); // not audio
    await writeFile(join(root, 'g.wav'), new Uint8Array([1, 2, 3])); // same bytes as f
  });
  afterAll(() => rm(root, { recursive: true, force: true }));
  const file = (name: string) => join(root, name);

  it('groups byte-identical and re-dithered copies, not other takes or rates', async () => {
    const groups = await findContentGroups(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => file(`${n}.wav`)),
    );
    expect(groups.groups).toEqual([
      [file('a.wav'), file('b.wav'), file('c.wav')],
      [file('f.wav'), file('g.wav')],
    ]);
    expect(groups.groupOf(file('c.wav'))).toBe(file('a.wav'));
    expect(groups.groupOf(file('d.wav'))).toBeUndefined();
    expect(groups.undecodable.map((u) => u.path)).toEqual([file('f.wav'), file('g.wav')]);
  });

  it('with tolerance 0 compares bytes only', async () => {
    const groups = await findContentGroups(
      ['a', 'b', 'c'].map((n) => file(`${n}.wav`)),
      { tolerance: 0 },
    );
    expect(groups.groups).toEqual([[file('a.wav'), file('b.wav')]]);
  });

  it('names an unreadable file', async () => {
    await expect(findContentGroups([file('nope.wav')])).rejects.toMatchObject({
      code: 'unreadable-file',
      path: file('nope.wav'),
    });
  });
});

describeWithData(
  'findContentGroups on RAVDESS',
  dataPath('ravdess-24k'),
  'RAVDESS audio',
  (dir) => {
    it('finds the Actor_07 pair, which is not byte-identical in the 24 kHz copy, and splits keep it together', async () => {
      const corpus = await loadCorpus(dir);
      const actors = corpus.utterances.filter((u) => u.speaker === '07' || u.speaker === '08');
      const pair = ['03-01-03-01-02-01-07.wav', '03-01-03-01-02-02-07.wav'].map((name) =>
        join(dir, 'Actor_07', name),
      );
      expect((await findContentGroups(pair, { tolerance: 0 })).groups).toEqual([]);
      const groups = await findContentGroups(actors.map((u) => u.path));
      expect(groups.groups).toEqual([pair]);
      const group = (u: { path: string }) => groups.groupOf(u.path);
      for (let seed = 0; seed < 20; seed++) {
        const { train, test } = stratifiedSplit(actors, { seed, testFraction: 0.5, group });
        const sides = pair.map((path) =>
          test.some((u) => u.path === path)
            ? 'test'
            : train.some((u) => u.path === path)
              ? 'train'
              : 'none',
        );
        expect(sides[0]).toBe(sides[1]);
      }
      expect(speakerSplit(actors, { seed: 1, group }).test.length).toBe(60);
    });
  },
);
