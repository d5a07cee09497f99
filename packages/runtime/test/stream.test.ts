import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { RecognizerError } from '../src/errors';
import { EmotionRecognizer } from '../src/recognizer';
import { ScoreSmoother } from '../src/smoothing';
import type { StreamPrediction } from '../src/stream';
import { LABELS, maxScoreDifference, SEQUENCE_FEATURES, tinyBundle, voiced } from './helpers';

const RATE = 16000;

/** Splits `samples` into chunks of the given sizes (cycled). */
function chunked(samples: Float32Array, sizes: readonly number[]): Float32Array[] {
  const out: Float32Array[] = [];
  for (let at = 0, i = 0; at < samples.length; i++) {
    const size = sizes[i % sizes.length]!;
    out.push(samples.subarray(at, at + size));
    at += size;
  }
  return out;
}

async function runStream(
  recognizer: EmotionRecognizer,
  samples: Float32Array,
  sizes: readonly number[],
  options: Parameters<EmotionRecognizer['stream']>[0] = {},
  rate = RATE,
): Promise<StreamPrediction[]> {
  const stream = recognizer.stream(options);
  const out: StreamPrediction[] = [];
  for (const chunk of chunked(samples, sizes)) out.push(...(await stream.push(chunk, rate)));
  out.push(...(await stream.flush()));
  return out;
}

function probabilities(scores: Readonly<Record<string, number>>): number[] {
  return LABELS.map((l) => scores[l]!);
}

describe('EmotionStream', () => {
  let recognizer: EmotionRecognizer;
  const signal = voiced(5.2, RATE, { f0: 150, seed: 21 });

  beforeAll(async () => {
    recognizer = await EmotionRecognizer.load(await tinyBundle(SEQUENCE_FEATURES), {
      backend: 'cpu',
    });
  });

  it('emits one window per hop, and a last window covering the tail at flush', async () => {
    const windows = await runStream(recognizer, signal, [1000], {
      windowSeconds: 2,
      hopSeconds: 0.5,
    });
    expect(windows.map((w) => w.startSeconds)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.2]);
    expect(windows.map((w) => w.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const w of windows) expect(w.endSeconds - w.startSeconds).toBeCloseTo(2, 9);
    expect(windows.at(-1)!.endSeconds).toBeCloseTo(5.2, 9);
  });

  it('classifies each window as predict classifies that clip', async () => {
    const windows = await runStream(recognizer, signal, [4096], {
      windowSeconds: 1.5,
      hopSeconds: 1,
      smoothing: 'none',
    });
    for (const w of windows) {
      const clip = signal.slice(Math.round(w.startSeconds * RATE), Math.round(w.endSeconds * RATE));
      const p = await recognizer.predict({ samples: clip, sampleRate: RATE });
      if (!p.speech || !w.speech) throw new Error('expected speech');
      expect(maxScoreDifference(w.scores, p.scores)).toBeLessThan(1e-6);
      expect(w.windowScores).toEqual(w.scores);
    }
  });

  it('gives the same windows however the audio is chunked', async () => {
    const reference = await runStream(recognizer, signal, [RATE], {
      windowSeconds: 1,
      hopSeconds: 0.75,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 5 }),
        async (sizes) => {
          const windows = await runStream(recognizer, signal, sizes, {
            windowSeconds: 1,
            hopSeconds: 0.75,
          });
          expect(windows.map((w) => w.startSeconds)).toEqual(reference.map((w) => w.startSeconds));
          windows.forEach((w, i) => {
            const r = reference[i]!;
            if (!w.speech || !r.speech) throw new Error('expected speech');
            expect(maxScoreDifference(w.scores, r.scores)).toBeLessThan(1e-6);
          });
        },
      ),
      { numRuns: 4 },
    );
  });

  it('resamples any input rate as predict does', async () => {
    const at44k = voiced(2.5, 44100, { seed: 8 });
    const [first] = await runStream(
      recognizer,
      at44k,
      [3000],
      { windowSeconds: 2, hopSeconds: 1 },
      44100,
    );
    const p = await recognizer.predict({ samples: at44k.slice(0, 88200), sampleRate: 44100 });
    if (!p.speech || !first?.speech) throw new Error('expected speech');
    expect(maxScoreDifference(first.scores, p.scores)).toBeLessThan(1e-6);
  });

  it('smooths with an exponential moving average over speech windows', async () => {
    const windows = await runStream(recognizer, signal, [2500], {
      windowSeconds: 1,
      hopSeconds: 0.5,
      smoothing: { method: 'ema', alpha: 0.25 },
    });
    let state: number[] | null = null;
    for (const w of windows) {
      if (!w.speech) throw new Error('expected speech');
      const raw = probabilities(w.windowScores!);
      state = state === null ? raw : raw.map((p, i) => 0.25 * p + 0.75 * state![i]!);
      probabilities(w.scores).forEach((v, i) => {
        expect(v).toBeCloseTo(state![i]!, 6);
      });
      expect(w.label).toBe(LABELS[state.indexOf(Math.max(...state))]);
    }
  });

  it('smooths with a moving mean of the last windows', async () => {
    const windows = await runStream(recognizer, signal, [5000], {
      windowSeconds: 1,
      hopSeconds: 0.5,
      smoothing: { method: 'mean', windows: 3 },
    });
    const raws = windows.map((w) => probabilities(w.windowScores!));
    windows.forEach((w, i) => {
      const recent = raws.slice(Math.max(0, i - 2), i + 1);
      const mean = LABELS.map((_, k) => recent.reduce((s, r) => s + r[k]!, 0) / recent.length);
      probabilities(w.scores!).forEach((v, k) => {
        expect(v).toBeCloseTo(mean[k]!, 6);
      });
    });
  });

  it('reports no speech for silent windows and keeps them out of the smoothing', async () => {
    const gap = new Float32Array(2 * RATE);
    const audio = new Float32Array(signal.length + gap.length);
    audio.set(signal.subarray(0, 2 * RATE));
    audio.set(gap, 2 * RATE);
    audio.set(signal.subarray(2 * RATE, 4 * RATE), 4 * RATE);
    const windows = await runStream(recognizer, audio.subarray(0, 6 * RATE), [3000], {
      windowSeconds: 1,
      hopSeconds: 1,
      smoothing: { method: 'ema', alpha: 0.5 },
    });
    expect(windows.map((w) => w.speech)).toEqual([true, true, false, false, true, true]);
    const silent = windows[2]!;
    expect(silent).toMatchObject({ label: null, scores: null, windowScores: null, top: [] });
    const before = probabilities(windows[1]!.scores!);
    const after = windows[4]!;
    probabilities(after.scores!).forEach((v, i) => {
      expect(v).toBeCloseTo(0.5 * probabilities(after.windowScores!)[i]! + 0.5 * before[i]!, 6);
    });
  });

  it('returns nothing at flush when the stream is shorter than the features need', async () => {
    const stream = recognizer.stream({ windowSeconds: 1 });
    expect(await stream.push(voiced(0.01, RATE), RATE)).toEqual([]);
    expect(await stream.flush()).toEqual([]);
  });

  it('classifies a stream shorter than one window at flush', async () => {
    const windows = await runStream(recognizer, voiced(0.6, RATE), [700], { windowSeconds: 2 });
    expect(windows).toHaveLength(1);
    expect(windows[0]!.endSeconds).toBeCloseTo(0.6, 9);
  });

  it('refuses NaN samples and rate changes with typed errors, and keeps working', async () => {
    const stream = recognizer.stream({ windowSeconds: 0.5, hopSeconds: 0.5 });
    expect(await stream.push(signal.subarray(0, 4000), RATE)).toEqual([]);
    const bad = signal.slice(0, 100);
    bad[10] = Number.NaN;
    await expect(stream.push(bad, RATE)).rejects.toMatchObject({
      problem: 'invalid-input',
      message: 'stream: sample 4010 is NaN; audio must be finite',
    });
    await expect(stream.push(signal.subarray(0, 100), 8000)).rejects.toMatchObject({
      problem: 'sample-rate-changed',
    });
    await expect(stream.push(signal.subarray(0, 100), -1)).rejects.toBeInstanceOf(RecognizerError);
    expect(await stream.push(signal.subarray(4000, 8000), RATE)).toHaveLength(1);
  });

  it('rejects bad window options', () => {
    expect(() => recognizer.stream({ windowSeconds: 0 })).toThrow(/windowSeconds/);
    expect(() => recognizer.stream({ hopSeconds: Number.NaN })).toThrow(/hopSeconds/);
    expect(() => recognizer.stream({ smoothing: { method: 'ema', alpha: 0 } })).toThrow(/alpha/);
    expect(() => recognizer.stream({ smoothing: { method: 'mean', windows: 0 } })).toThrow(
      /windows/,
    );
  });
});

describe('ScoreSmoother', () => {
  it('passes scores through with none or alpha 1, and forgets on reset', () => {
    const a = Float32Array.of(0.9, 0.1);
    const b = Float32Array.of(0.2, 0.8);
    expect(new ScoreSmoother('none').update(b)).toEqual(b);
    const ema = new ScoreSmoother({ method: 'ema', alpha: 1 });
    ema.update(a);
    expect(ema.update(b)).toEqual(b);
    const mean = new ScoreSmoother({ method: 'mean', windows: 2 });
    mean.update(a);
    mean.reset();
    expect(mean.update(b)).toEqual(b);
  });
});
