import { copyFile, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  computeFeatures,
  encodeWav,
  type FeatureTensor,
  resolveFeatureConfig,
  seedFeatureConfig,
} from '@ser/features';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPath, describeWithData } from '../../../tools/data';
import { DatasetError } from '../src/errors';
import { cachedFeaturesPath } from '../src/node/cache';
import {
  collectFeatures,
  type ExtractedFile,
  type ExtractOptions,
  extractFeatures,
} from '../src/node/extract';
import { sha256File } from '../src/node/hash';
import { temporaryFolder } from './helpers/tess-tree';

/** 1.5 s of a two-tone signal at 16 kHz, different for every `k`. */
function clip(k: number): Uint8Array {
  const sr = 16000;
  const y = Float32Array.from({ length: 1.5 * sr }, (_, n) => {
    const t = n / sr;
    return (
      0.3 * Math.sin(2 * Math.PI * (200 + 40 * k) * t) +
      0.1 * Math.sin(2 * Math.PI * (1500 + 90 * k) * t)
    );
  });
  return encodeWav([y], { sampleRate: sr });
}

async function run(files: readonly string[], options: Omit<ExtractOptions, 'onResult'>) {
  const results = new Map<string, ExtractedFile>();
  const report = await extractFeatures(files, {
    ...options,
    onResult: (r) => void results.set(r.path, r),
  });
  return { report, results };
}

function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('extractFeatures', () => {
  let root: string;
  let files: string[];
  let good: string[];
  const config = seedFeatureConfig;

  beforeAll(async () => {
    root = await temporaryFolder('extract');
    good = Array.from({ length: 6 }, (_, k) => join(root, `clip${k}.wav`));
    await Promise.all(good.map((path, k) => writeFile(path, clip(k))));
    await writeFile(join(root, 'broken.wav'), 'this is not audio');
    files = [
      good[0]!,
      good[1]!,
      join(root, 'broken.wav'),
      good[2]!,
      join(root, 'gone.wav'),
      ...good.slice(3),
    ];
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  async function expectDirectFeatures(results: Map<string, ExtractedFile>): Promise<void> {
    expect([...results.keys()].sort()).toEqual([...good].sort());
    for (const path of good) {
      const direct: FeatureTensor = computeFeatures(await readFile(path), config, path);
      const extracted = results.get(path)!;
      expect(extracted.features.shape).toEqual([40, 1]);
      expect(extracted.features.data).toEqual(direct.data);
      expect(extracted.contentHash).toBe(await sha256File(path));
      expect(extracted.index).toBe(files.indexOf(path));
    }
  }

  it('in the calling thread: features of every readable file, the others listed with their error', async () => {
    const progress: number[] = [];
    const results = new Map<string, ExtractedFile>();
    const report = await extractFeatures(files, {
      config,
      workers: 0,
      onResult: (r) => void results.set(r.path, r),
      onProgress: (p) => progress.push(p.done),
    });
    expect([report.total, report.computed, report.cached, report.workers]).toEqual([8, 6, 0, 0]);
    expect(report.failed.map((f) => [f.index, f.code])).toEqual([
      [2, 'not-riff'],
      [4, 'unreadable-file'],
    ]);
    expect(report.failed[0]!.message).toContain('broken.wav');
    expect(report.failed[1]!.message).toContain('gone.wav');
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await expectDirectFeatures(results);
  });

  it('caches by content and configuration: a rerun reads, a changed setting recomputes', async () => {
    const cacheDir = join(root, 'cache-a');
    const first = await run(files, { config, cacheDir, workers: 0 });
    expect([first.report.computed, first.report.cached]).toEqual([6, 0]);
    const second = await run(files, { config, cacheDir, workers: 0 });
    expect([second.report.computed, second.report.cached, second.report.failed.length]).toEqual([
      0, 6, 2,
    ]);
    for (const path of good)
      expect(second.results.get(path)!.features).toEqual(first.results.get(path)!.features);
    expect(second.results.get(good[0]!)!.cached).toBe(true);

    const other = resolveFeatureConfig({ ...config, nMfcc: 20 });
    const changed = await run(good, { config: other, cacheDir, workers: 0 });
    expect([changed.report.computed, changed.report.cached]).toEqual([6, 0]);
    expect(changed.report.cacheFolder).not.toBe(first.report.cacheFolder);
    expect(changed.results.get(good[0]!)!.features.shape).toEqual([20, 1]);

    const copy = join(root, 'renamed-copy.wav');
    await copyFile(good[0]!, copy);
    const renamed = await run([copy], { config, cacheDir, workers: 0 });
    expect(renamed.report.cached).toBe(1); // keyed by content, not by name
  });

  it('resumes an interrupted run from the entries already written', async () => {
    const cacheDir = join(root, 'cache-b');
    const controller = new AbortController();
    let seen = 0;
    const error = await errorOf(
      extractFeatures(good, {
        config,
        cacheDir,
        workers: 0,
        signal: controller.signal,
        onResult: () => {
          if (++seen === 3) controller.abort();
        },
      }),
    );
    expect((error as Error).name).toBe('AbortError');
    const resumed = await run(good, { config, cacheDir, workers: 0 });
    expect(resumed.report.cached).toBe(3);
    expect(resumed.report.computed).toBe(3);
  });

  it('recomputes a damaged cache entry and repairs it', async () => {
    const cacheDir = join(root, 'cache-c');
    const { report } = await run(good, { config, cacheDir, workers: 0 });
    const entry = cachedFeaturesPath(report.cacheFolder!, await sha256File(good[1]!));
    const { size } = await stat(entry);
    await truncate(entry, size - 7);
    const again = await run(good, { config, cacheDir, workers: 0 });
    expect([again.report.computed, again.report.cached]).toEqual([1, 5]);
    expect((await stat(entry)).size).toBe(size);
  });

  it('in worker threads: the same features and errors', async () => {
    const cacheDir = join(root, 'cache-d');
    const { report, results } = await run(files, { config, cacheDir, workers: 2 });
    expect([report.workers, report.computed, report.cached]).toEqual([2, 6, 0]);
    expect(report.failed.map((f) => [f.index, f.code])).toEqual([
      [2, 'not-riff'],
      [4, 'unreadable-file'],
    ]);
    await expectDirectFeatures(results);
    const warm = await run(files, { config, cacheDir, workers: 2 });
    expect([warm.report.computed, warm.report.cached]).toEqual([0, 6]);
  });

  it('fails the run with a clear error when a worker dies, instead of hanging', async () => {
    const error = await errorOf(
      extractFeatures(good, {
        config,
        workers: 1,
        workerResourceLimits: { maxOldGenerationSizeMb: 1, maxYoungGenerationSizeMb: 1 },
      }),
    );
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).code).toBe('worker-failed');
    expect((error as DatasetError).message).toMatch(
      /feature worker 1 of 1 failed \(.*memory limit/,
    );
  });

  it('collects features in input order, without the failed files', async () => {
    const items = files.map((path, n) => ({ path, n }));
    const { rows, report } = await collectFeatures(items, { config, workers: 0 });
    expect(rows.map((row) => row.item.n)).toEqual([0, 1, 3, 5, 6, 7]);
    expect(rows[0]!.features.data).toEqual(computeFeatures(await readFile(good[0]!), config).data);
    expect(report.failed).toHaveLength(2);
  });

  it('rejects a bad worker count', async () => {
    expect(await errorOf(extractFeatures(good, { config, workers: -1 }))).toMatchObject({
      code: 'bad-options',
    });
  });
});

describeWithData('extractFeatures on RAVDESS', dataPath('ravdess-24k'), 'RAVDESS audio', (dir) => {
  it('extracts the seed features of real files', async () => {
    const paths = ['03-01-01-01-01-01-01.wav', '03-01-05-02-01-02-01.wav'].map((name) =>
      join(dir, 'Actor_01', name),
    );
    const { report, results } = await run(paths, { config: seedFeatureConfig, workers: 0 });
    expect(report.failed).toEqual([]);
    for (const path of paths) {
      expect(results.get(path)!.features.data).toEqual(
        computeFeatures(await readFile(path), seedFeatureConfig, path).data,
      );
    }
  });
});
