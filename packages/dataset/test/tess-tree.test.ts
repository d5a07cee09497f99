import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithData } from '../../../tools/data';
import type { ManifestEntry } from '../src/integrity';
import { createManifest, readManifest, verifyCorpus } from '../src/node/manifest';
import { loadCorpus } from '../src/node/scan';
import {
  KAGGLE_FOLDER,
  realTessPaths,
  temporaryFolder,
  tessManifestPath,
  tinyWav,
  writeTree,
} from './helpers/tess-tree';

function count(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

describeWithData('TESS: the real manifest', tessManifestPath, 'manifests/tess.tsv', (manifest) => {
  it('parses to 2800 entries: 14 folders of 200, 400 per emotion code, 1400 per speaker folder', async () => {
    const entries = await readManifest(manifest);
    expect(entries).toHaveLength(2800);
    expect(new Set(Object.values(count(entries.map((e) => e.path.split('/')[0]!))))).toEqual(
      new Set([200]),
    );
    const codes = count(
      entries.map(
        (e) =>
          e.path
            .replace(/\.wav$/, '')
            .split('_')
            .at(-1)!,
      ),
    );
    expect(codes).toEqual({
      angry: 400,
      disgust: 400,
      fear: 400,
      happy: 400,
      neutral: 400,
      ps: 400,
      sad: 400,
    });
    expect(count(entries.map((e) => e.path.slice(0, 3)))).toEqual({ OAF: 1400, YAF: 1400 });
    expect(entries.every((e) => e.sizeBytes > 44)).toBe(true);
  });
});

describeWithData(
  'TESS trees with the 2800 real names',
  tessManifestPath,
  'manifests/tess.tsv',
  (manifest) => {
    const names = realTessPaths(manifest);
    let single: string;
    let nested: string;

    beforeAll(async () => {
      single = await temporaryFolder('tess-single');
      nested = await temporaryFolder('tess-nested');
      await writeTree(join(single, KAGGLE_FOLDER), names);
      await writeTree(join(nested, KAGGLE_FOLDER), names);
      await writeTree(join(nested, KAGGLE_FOLDER, KAGGLE_FOLDER), names);
    });
    afterAll(async () => {
      await rm(single, { recursive: true, force: true });
      await rm(nested, { recursive: true, force: true });
    });

    function expectTessCounts(utterances: readonly { emotion: string; speaker: string }[]): void {
      expect(utterances).toHaveLength(2800);
      const perEmotion = count(utterances.map((u) => u.emotion));
      expect(Object.keys(perEmotion)).toHaveLength(7);
      expect(new Set(Object.values(perEmotion))).toEqual(new Set([400]));
      expect(count(utterances.map((u) => u.speaker))).toEqual({ OAF: 1400, YAF: 1400 });
    }

    it('loads a single tree: detected as TESS, 400 per emotion, 1400 per speaker, no notes', async () => {
      const tess = await loadCorpus(single);
      expect(tess.corpus).toBe('tess');
      expectTessCounts(tess.utterances);
      expect(tess.duplicates).toEqual([]);
      expect(tess.notes).toEqual([]);
      expect(tess.utterances[0]!.path.startsWith(join(single, KAGGLE_FOLDER))).toBe(true);
    });

    it('counts the nested duplicate once, keeping the outer copy, and says so', async () => {
      const tess = await loadCorpus(nested);
      expectTessCounts(tess.utterances);
      expect(tess.duplicates).toHaveLength(2800);
      const outer = join(nested, KAGGLE_FOLDER, 'OAF_Fear');
      expect(
        tess.utterances.every((u) => !u.path.includes(`${KAGGLE_FOLDER}/${KAGGLE_FOLDER}`)),
      ).toBe(true);
      expect(tess.duplicates[0]!.copies[0]).toContain(`${KAGGLE_FOLDER}/${KAGGLE_FOLDER}`);
      expect(tess.notes[0]).toMatch(/^2800 recordings are present more than once/);
      expect(tess.utterances.some((u) => u.path.startsWith(outer))).toBe(true);
    });

    it('verifies both halves of a nested download against the flat manifest', async () => {
      const reference = await createManifest(join(single, KAGGLE_FOLDER));
      const report = await verifyCorpus(nested, reference);
      expect(report.copies).toHaveLength(2800);
      expect(report.verified).toBe(5600);
      expect(report.intact).toBe(true);
    });

    it('verifies a copy against a manifest: intact, then missing, extra and corrupted files', async () => {
      // runs last: it damages the single tree
      const copy = join(single, KAGGLE_FOLDER);
      const reference: ManifestEntry[] = await createManifest(copy);
      expect(reference).toHaveLength(2800);
      expect((await verifyCorpus(copy, reference)).intact).toBe(true);

      await rm(join(copy, 'OAF_Fear/OAF_back_fear.wav'));
      await appendFile(join(copy, 'YAF_sad/YAF_bar_sad.wav'), new Uint8Array([1, 2]));
      await writeFile(join(copy, 'OAF_happy/OAF_bath_happy.wav'), tinyWav(99999)); // same size, other bytes
      await writeFile(join(copy, 'OAF_happy/OAF_extra_happy.wav'), tinyWav(1));
      let calls = 0;
      const report = await verifyCorpus(copy, reference, { onProgress: () => calls++ });
      expect(calls).toBe(2800);
      expect(report.missing).toEqual(['OAF_Fear/OAF_back_fear.wav']);
      expect(report.extra).toEqual(['OAF_happy/OAF_extra_happy.wav']);
      expect(report.corrupted.map((c) => [c.path, c.problem])).toEqual([
        ['OAF_happy/OAF_bath_happy.wav', 'sha256'],
        ['YAF_sad/YAF_bar_sad.wav', 'size'],
      ]);
      expect(report.verified).toBe(2797);
      expect(report.intact).toBe(false);
    });
  },
);

describe('loadCorpus on bad folders', () => {
  let root: string;
  beforeAll(async () => {
    root = await temporaryFolder('bad');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('names a missing folder, an empty folder and a folder of unknown names', async () => {
    await expect(loadCorpus(join(root, 'nope'))).rejects.toMatchObject({
      code: 'missing-path',
      path: join(root, 'nope'),
    });
    await mkdir(join(root, 'empty/sub'), { recursive: true });
    await expect(loadCorpus(join(root, 'empty'))).rejects.toMatchObject({
      code: 'empty-folder',
      path: join(root, 'empty'),
    });
    await writeTree(join(root, 'mine'), ['take1.wav', 'take2.wav']);
    await expect(loadCorpus(join(root, 'mine'))).rejects.toMatchObject({ code: 'unknown-naming' });
  });

  it('refuses a folder holding two corpora', async () => {
    await writeTree(join(root, 'mixed'), [
      'OAF_Fear/OAF_back_fear.wav',
      'Actor_01/03-01-01-01-01-01-01.wav',
    ]);
    await expect(loadCorpus(join(root, 'mixed'))).rejects.toMatchObject({ code: 'mixed-corpora' });
  });
});
