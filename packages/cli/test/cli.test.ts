import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createManifest, writeManifest } from '@ser/dataset/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, run } from '../src/program';
import { FIXTURE_EMOTIONS, memoryIo, toneCorpus } from './fixtures';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

let corpus: string;
let work: string;

beforeAll(async () => {
  corpus = await toneCorpus();
  work = await mkdtemp(join(tmpdir(), 'ser-cli-work-'));
});

afterAll(async () => {
  await rm(corpus, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

const emotions = Object.values(FIXTURE_EMOTIONS).sort();

describe('ser summary', () => {
  it('reports corpus, speakers and class counts as JSON', async () => {
    const io = memoryIo();
    expect(await run(['summary', '--data', corpus, '--json'], io)).toBe(EXIT.ok);
    const summary = JSON.parse(io.out());
    expect(summary.corpus).toBe('ravdess');
    expect(summary.utterances).toBe(32);
    expect(summary.speakers).toBe(4);
    expect(Object.keys(summary.classes).sort()).toEqual(emotions);
    for (const count of Object.values(summary.classes)) expect(count).toBe(8);
    expect(summary.duplicates).toEqual([]);
    expect(summary.identicalContent).toEqual([]);
    expect(summary.audio.sampleRates).toEqual({ '16000': 32 });
    expect(summary.audio.problems).toEqual([]);
  });

  it('lists the same audio under two names and a file that is not WAV', async () => {
    const small = await toneCorpus(1);
    try {
      const original = join(small, 'Actor_01', '03-01-03-01-01-01-01.wav');
      const copy = join(small, 'Actor_01', '03-01-03-02-01-01-01.wav');
      const broken = join(small, 'Actor_01', '03-01-05-02-01-01-01.wav');
      await copyFile(original, copy);
      await writeFile(broken, 'not a wav file');
      const io = memoryIo();
      expect(await run(['summary', '--data', small, '--json'], io)).toBe(EXIT.ok);
      const summary = JSON.parse(io.out());
      expect(summary.identicalContent).toEqual([[original, copy]]);
      expect(summary.audio.problems.map((p: { path: string }) => p.path)).toEqual([broken]);
    } finally {
      await rm(small, { recursive: true, force: true });
    }
  });

  it('prints a class table as text', async () => {
    const io = memoryIo();
    expect(await run(['summary', '--data', corpus], io)).toBe(EXIT.ok);
    expect(io.out()).toMatch(/ravdess\/01 +2 +2 +2 +2 +8/);
  });

  it('checks a manifest: a listed file that is absent makes exit 1 and is named', async () => {
    const manifestPath = join(work, 'manifest.tsv');
    const entries = await createManifest(corpus);
    const absent = 'Actor_09/03-01-01-01-01-01-09.wav';
    await writeManifest(manifestPath, [
      ...entries,
      { path: absent, sha256: entries[0]!.sha256, sizeBytes: entries[0]!.sizeBytes },
    ]);
    const io = memoryIo();
    expect(await run(['summary', '--data', corpus, '--manifest', manifestPath, '--json'], io)).toBe(
      EXIT.failure,
    );
    const { integrity } = JSON.parse(io.out());
    expect(integrity.missing).toEqual([absent]);
    expect(integrity.verified).toBe(32);
    expect(integrity.intact).toBe(false);
  });

  it('fails with exit 1 naming a missing folder', async () => {
    const io = memoryIo();
    const missing = join(work, 'no-such-corpus');
    expect(await run(['summary', '--data', missing], io)).toBe(EXIT.failure);
    expect(io.err()).toContain(missing);
  });
});

describe('ser train → evaluate → predict', () => {
  const out = () => join(work, 'model');

  it('trains, evaluates on held-out speakers and writes bundle and report', async () => {
    const io = memoryIo();
    const code = await run(
      [
        'train',
        '--data',
        corpus,
        '--test-speakers',
        '04',
        '--epochs',
        '2',
        '--out',
        out(),
        '--no-cache',
        '--workers',
        '0',
        '--backend',
        'cpu',
        '--json',
      ],
      io,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(EXIT.ok);
    const result = JSON.parse(io.out());
    expect(result.examples).toEqual({ train: 24, test: 8 });
    expect(result.split).toContain('ravdess/04');
    expect(result.n).toBe(8);
    expect(result.labels).toEqual(emotions);
    expect(result.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(8);
    for (const name of [
      'model.json',
      'metadata.json',
      'report.md',
      'report.json',
      'training-curves.svg',
      'confusion-matrix.svg',
      'emotion-views.svg',
    ]) {
      expect(existsSync(join(out(), name)), name).toBe(true);
    }
    const views = await readFile(join(out(), 'emotion-views.svg'), 'utf8');
    for (const emotion of emotions) expect(views).toContain(`>${emotion}</text>`);
    const report = await readFile(join(out(), 'report.md'), 'utf8');
    expect(report).toContain('| 8 |');
  });

  it('refuses to overwrite an existing model folder without --overwrite', async () => {
    const io = memoryIo();
    const code = await run(
      ['train', '--data', corpus, '--epochs', '1', '--out', out(), '--no-cache', '--workers', '0'],
      io,
    );
    expect(code).toBe(EXIT.failure);
    expect(io.err()).toContain(out());
  });

  it('evaluate --json prints n, labels, accuracy, uar, macroF1 and confusion', async () => {
    const io = memoryIo();
    const code = await run(
      ['evaluate', '--model', out(), '--data', corpus, '--json', '--no-cache', '--workers', '0'],
      io,
    );
    expect(code).toBe(EXIT.ok);
    const result = JSON.parse(io.out());
    expect(Object.keys(result).sort()).toEqual(
      ['accuracy', 'confusion', 'labels', 'macroF1', 'n', 'uar'].sort(),
    );
    expect(result.n).toBe(32);
    expect(result.labels).toEqual(emotions);
    const correct = result.confusion.reduce(
      (sum: number, row: number[], i: number) => sum + row[i]!,
      0,
    );
    expect(result.accuracy).toBeCloseTo(correct / 32, 10);
    expect(result.uar).toBeGreaterThanOrEqual(0);
    expect(result.macroF1).toBeLessThanOrEqual(1);
  });

  it('predict --json prints one object per file whose label is the best score', async () => {
    const files = [
      join(corpus, 'Actor_01', '03-01-05-01-01-01-01.wav'),
      join(corpus, 'Actor_02', '03-01-01-01-01-02-02.wav'),
    ];
    const io = memoryIo();
    expect(await run(['predict', '--model', out(), '--json', ...files], io)).toBe(EXIT.ok);
    const lines = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.file)).toEqual(files);
    for (const line of lines) {
      expect(Object.keys(line.scores).sort()).toEqual(emotions);
      const values = Object.values(line.scores) as number[];
      expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect(line.scores[line.label]).toBe(Math.max(...values));
    }
  });

  it('predict names a missing file on stderr, predicts the others and exits 1', async () => {
    const missing = join(work, 'missing.wav');
    const present = join(corpus, 'Actor_01', '03-01-03-01-01-01-01.wav');
    const io = memoryIo();
    expect(await run(['predict', '--model', out(), missing, present], io)).toBe(EXIT.failure);
    expect(io.err()).toContain(missing);
    expect(io.err()).toContain('no such file');
    expect(io.out()).toContain(present);
  });

  it('evaluate names a missing model folder and exits 1', async () => {
    const io = memoryIo();
    const missing = join(work, 'no-model');
    expect(await run(['evaluate', '--model', missing, '--data', corpus], io)).toBe(EXIT.failure);
    expect(io.err()).toContain(missing);
  });
});

describe('ser demo', () => {
  it('predicts the bundled samples with the shipped model', async () => {
    const io = memoryIo();
    expect(await run(['demo', '--json'], io)).toBe(EXIT.ok);
    const lines = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.file.split(/[\\/]/).pop())).toEqual([
      'dogs-sitting.wav',
      'kids-talking-slow.wav',
      'kids-talking.wav',
    ]);
    for (const line of lines) {
      expect(Object.keys(line.scores)).toHaveLength(8);
      const values = Object.values(line.scores) as number[];
      expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect(line.scores[line.label]).toBe(Math.max(...values));
    }
  });
});

describe('bad usage exits with 2', () => {
  it.each([
    [[]],
    [['train', '--out', 'x']],
    [['train', '--data', 'x', '--out', 'y', '--epochs', 'many']],
    [['train', '--data', 'x', '--out', 'y', '--split', 'sideways']],
    [['train', '--data', 'x', '--out', 'y', '--split', 'random', '--test-speakers', '01']],
    [['summary', '--data', 'x', '--corpus', 'unknown']],
    [['predict']],
    [['frobnicate']],
  ])('%j', async (argv) => {
    const io = memoryIo();
    expect(await run(argv, io)).toBe(EXIT.usage);
    expect(io.err()).not.toBe('');
  });

  it('--help exits with 0', async () => {
    const io = memoryIo();
    expect(await run(['train', '--help'], io)).toBe(EXIT.ok);
    expect(io.out()).toContain('--split <kind>');
  });
});

describe('the ser executable', () => {
  const bin = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(packageDir, 'src', 'bin.ts'), ...args], {
      cwd: packageDir,
      encoding: 'utf8',
    });

  it('exits 1 on a missing file, naming it on stderr', () => {
    const missing = join(work, 'absent.wav');
    const result = bin(['predict', '--model', join(work, 'model'), missing]);
    expect(result.stderr).toContain(missing);
    expect(result.status).toBe(EXIT.failure);
  });
});
