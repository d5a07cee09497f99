import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeatureParameterError } from '../src/errors';
import { logMelSpectrogram } from '../src/log-mel';
import type { Matrix } from '../src/matrix';
import { mfcc } from '../src/mfcc';
import { powerSpectrogram } from '../src/stft';
import { StreamingMfcc, StreamingSpectrogram } from '../src/stream';
import { describeEachBackend } from './backends';

function signal(length: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length }, (_, n) => {
    state = (state * 1103515245 + 12345) >>> 0;
    return 0.4 * Math.sin(0.03 * n * (1 + seed / 10)) + 0.05 * (state / 2 ** 32 - 0.5);
  });
}

/** Concatenates matrices of equal rows along the frames. */
function concatFrames(parts: readonly Matrix[]): Matrix {
  const rows = parts[0]!.rows;
  const cols = parts.reduce((sum, m) => sum + m.cols, 0);
  const data = new Float32Array(rows * cols);
  let first = 0;
  for (const part of parts) {
    for (let r = 0; r < rows; r++)
      data.set(part.data.subarray(r * part.cols, (r + 1) * part.cols), r * cols + first);
    first += part.cols;
  }
  return { rows, cols, data };
}

/** Feeds `y` in chunks of the given sizes (cycled), then flushes. */
function streamed(
  stream: { push(c: Float32Array): Matrix; flush(): Matrix },
  y: Float32Array,
  sizes: readonly number[],
): Matrix {
  const parts: Matrix[] = [];
  let i = 0;
  for (let j = 0; i < y.length; j++) {
    const size = sizes[j % sizes.length]!;
    parts.push(stream.push(y.subarray(i, i + size)));
    i += size;
  }
  parts.push(stream.flush());
  return concatFrames(parts);
}

const speech = { sr: 16000, nFft: 512, hopLength: 160, winLength: 400, nMels: 40, nMfcc: 13 };

describe('StreamingSpectrogram', () => {
  it('emits exactly the offline power spectrogram, edge frames included, for any chunking', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6000 }),
        fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 9 }),
        (length, sizes, seed) => {
          const y = signal(length, seed);
          const options = { nFft: 512, hopLength: 160, winLength: 400 };
          const offline = powerSpectrogram(y, options);
          const online = streamed(new StreamingSpectrogram(options), y, sizes);
          expect(online.cols).toBe(offline.cols);
          expect(online.data).toEqual(offline.data);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('works without centring (no flush frames) and with hop > nFft', () => {
    const y = signal(5000, 3);
    for (const options of [
      { nFft: 256, hopLength: 100, center: false },
      { nFft: 128, hopLength: 300 },
    ]) {
      const online = streamed(new StreamingSpectrogram(options), y, [777, 1]);
      expect(online.data).toEqual(powerSpectrogram(y, options).data);
    }
  });

  it('flush() starts a new stream; reset() drops the current one', () => {
    const stream = new StreamingSpectrogram({ nFft: 512, hopLength: 128 });
    const y = signal(3000, 5);
    const first = streamed(stream, y, [1000]);
    stream.push(signal(999, 7));
    stream.reset();
    expect(streamed(stream, y, [300]).data).toEqual(first.data);
  });

  it('rejects reflect padding and non-finite chunks (leaving the stream usable)', () => {
    expect(() => new StreamingSpectrogram({ padMode: 'reflect' })).toThrow(FeatureParameterError);
    const stream = new StreamingSpectrogram({ nFft: 256, hopLength: 64 });
    const y = signal(2000, 2);
    stream.push(y.subarray(0, 500));
    expect(() => stream.push(Float32Array.of(0, Number.NaN))).toThrow(/chunk/);
    const rest = concatFrames([stream.push(y.subarray(500)), stream.flush()]);
    const offline = powerSpectrogram(y, { nFft: 256, hopLength: 64 });
    expect(rest.data).toEqual(tail(offline, rest.cols).data);
  });
});

/** The last `cols` frames of `m`. */
function tail(m: Matrix, cols: number): Matrix {
  const data = new Float32Array(m.rows * cols);
  for (let r = 0; r < m.rows; r++)
    data.set(m.data.subarray((r + 1) * m.cols - cols, (r + 1) * m.cols), r * cols);
  return { rows: m.rows, cols, data };
}

describeEachBackend('StreamingMfcc', () => {
  it('with topDb null equals offline mfcc(y, { topDb: null }) exactly (seed and speech configurations)', () => {
    for (const [options, sizes] of [
      [{ sr: 22050, nMfcc: 40 }, [512, 333, 4096]],
      [speech, [160, 1, 2500]],
    ] as const) {
      const y = signal(20000, 4);
      const online = streamed(new StreamingMfcc({ ...options, topDb: null }), y, sizes);
      const offline = mfcc(y, { ...options, topDb: null });
      expect([online.rows, online.cols]).toEqual([offline.rows, offline.cols]);
      expect(online.data).toEqual(offline.data);
    }
  });

  it('with a topDb clamp follows the running maximum: identical from the loudest frame on', () => {
    // 0.5 s of near-silence, then a loud tone: offline clamps the quiet frames at (global max − 80 dB),
    // the stream cannot know that maximum yet.
    const y = Float32Array.from({ length: 16000 }, (_, n) =>
      n < 8000 ? 1e-7 * Math.sin(0.5 * n) : 0.8 * Math.sin(0.09 * n),
    );
    const online = streamed(new StreamingMfcc({ ...speech, topDb: 80 }), y, [1234]);
    const offline = mfcc(y, { ...speech, topDb: 80 });
    const logMel = logMelSpectrogram(y, { ...speech, topDb: null });
    let loudest = 0;
    for (let i = 0; i < logMel.data.length; i++)
      if (logMel.data[i]! > logMel.data[loudest]!) loudest = i;
    const fromLoudest = offline.cols - (loudest % logMel.cols);
    expect(tail(online, fromLoudest).data).toEqual(tail(offline, fromLoudest).data);
    expect(online.data.subarray(0, 10)).not.toEqual(offline.data.subarray(0, 10));
  });
});
