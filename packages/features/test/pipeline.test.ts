import { describe, expect, it } from 'vitest';
import { describeWithData, goldenPath } from '../../../tools/data';
import { delta } from '../src/delta';
import { FeatureParameterError } from '../src/errors';
import { loadAudio } from '../src/load';
import { logMelSpectrogram } from '../src/log-mel';
import { rowMeans } from '../src/matrix';
import { mfcc } from '../src/mfcc';
import {
  computeFeatures,
  type FeatureConfigInput,
  featureConfigKey,
  featureShape,
  resolveFeatureConfig,
} from '../src/pipeline';
import { encodeWav } from '../src/wav-encode';
import { describeEachBackend } from './backends';
import { type GoldenResample, golden, matrixOf, samplesOf, worstRatio } from './golden-data';

function voice(seconds: number, sampleRate: number): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * sampleRate) }, (_, n) => {
    const t = n / sampleRate;
    return (
      0.3 * Math.sin(2 * Math.PI * 190 * t) * (1 + 0.5 * Math.sin(2 * Math.PI * 3 * t)) +
      0.1 * Math.sin(2 * Math.PI * 2300 * t)
    );
  });
}

function parameterOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    if (error instanceof FeatureParameterError) return error.parameter;
    throw error;
  }
  return undefined;
}

describe('resolveFeatureConfig', () => {
  it("fills librosa's defaults", () => {
    expect(resolveFeatureConfig({ kind: 'mfcc-mean' })).toEqual({
      kind: 'mfcc-mean',
      sr: 22050,
      offset: 0,
      duration: null,
      nFft: 2048,
      hopLength: 512,
      winLength: 2048,
      window: 'hann',
      center: true,
      padMode: 'constant',
      power: 2,
      nMels: 128,
      fmin: 0,
      fmax: null,
      htk: false,
      melNorm: 'slaney',
      topDb: 80,
      nMfcc: 20,
      lifter: 0,
    });
    const sequence = resolveFeatureConfig({ kind: 'mfcc-sequence', nFft: 512 });
    expect(sequence).toMatchObject({
      kind: 'mfcc-sequence',
      winLength: 512,
      deltas: 0,
      deltaWidth: 9,
    });
    expect(resolveFeatureConfig({ kind: 'log-mel-sequence' })).not.toHaveProperty('nMfcc');
  });

  it('survives a JSON round trip unchanged and drops unknown fields', () => {
    const config = resolveFeatureConfig({
      kind: 'mfcc-sequence',
      sr: 16000,
      nFft: 512,
      hopLength: 160,
      winLength: 400,
      nMels: 40,
      nMfcc: 13,
      deltas: 2,
      fmax: 8000,
    });
    expect(resolveFeatureConfig(JSON.parse(JSON.stringify(config)) as FeatureConfigInput)).toEqual(
      config,
    );
    expect(
      resolveFeatureConfig({ kind: 'mfcc-mean', extra: 1 } as FeatureConfigInput),
    ).not.toHaveProperty('extra');
  });

  it('names the invalid field', () => {
    const bad: [FeatureConfigInput, string][] = [
      [{ kind: 'mfcc-median' } as unknown as FeatureConfigInput, 'kind'],
      [{ kind: 'mfcc-mean', sr: -1 }, 'sr'],
      [{ kind: 'mfcc-mean', nFft: 256, winLength: 400 }, 'winLength'],
      [{ kind: 'mfcc-mean', sr: 16000, fmax: 8001 }, 'fmax'],
      [{ kind: 'mfcc-mean', nMels: 40, nMfcc: 41 }, 'nMfcc'],
      [{ kind: 'mfcc-mean', offset: -0.5 }, 'offset'],
      [{ kind: 'mfcc-mean', hopLength: 1.5 }, 'hopLength'],
      [{ kind: 'mfcc-sequence', deltas: 3 as 2 }, 'deltas'],
      [{ kind: 'mfcc-sequence', deltaWidth: 4 }, 'deltaWidth'],
      [{ kind: 'mfcc-statistics', trimDb: -1 }, 'trimDb'],
      [{ kind: 'log-mel-sequence', melNorm: 'l2' as 'slaney' }, 'melNorm'],
      [{ kind: 'log-mel-sequence', center: 'yes' as unknown as boolean }, 'center'],
    ];
    for (const [input, parameter] of bad)
      expect(parameterOf(() => resolveFeatureConfig(input))).toBe(parameter);
  });
});

describe('featureShape and featureConfigKey', () => {
  it('gives [nMfcc, 1] for a mean, [1, 2·dims] for statistics and [null, dims] for sequences', () => {
    expect(featureShape(resolveFeatureConfig({ kind: 'mfcc-mean', nMfcc: 40 }))).toEqual([40, 1]);
    const statistics = resolveFeatureConfig({ kind: 'mfcc-statistics', nMfcc: 40, deltas: 2 });
    expect(featureShape(statistics)).toEqual([1, 240]);
    expect(statistics).toMatchObject({ trimDb: 30, deltaWidth: 9 });
    expect(
      featureShape(resolveFeatureConfig({ kind: 'mfcc-sequence', nMfcc: 13, deltas: 2 })),
    ).toEqual([null, 39]);
    expect(featureShape(resolveFeatureConfig({ kind: 'log-mel-sequence', nMels: 64 }))).toEqual([
      null,
      64,
    ]);
  });

  it('is stable across equivalent descriptions and changes with any parameter', () => {
    const base = resolveFeatureConfig({ kind: 'mfcc-mean', nMfcc: 40 });
    const key = featureConfigKey(base);
    expect(key).toMatch(/^mfcc-mean-[0-9a-f]{16}$/);
    expect(
      featureConfigKey(
        resolveFeatureConfig({ nMfcc: 40, kind: 'mfcc-mean', sr: 22050, hopLength: 512 }),
      ),
    ).toBe(key);
    const reordered = Object.fromEntries(Object.entries(base).reverse()) as typeof base;
    expect(featureConfigKey(reordered)).toBe(key);
    const variants: FeatureConfigInput[] = [
      { kind: 'mfcc-mean', nMfcc: 39 },
      { kind: 'mfcc-mean', nMfcc: 40, offset: 0.5 },
      { kind: 'mfcc-mean', nMfcc: 40, duration: 3 },
      { kind: 'mfcc-mean', nMfcc: 40, topDb: null },
      { kind: 'mfcc-mean', nMfcc: 40, fmax: 8000 },
      { kind: 'mfcc-sequence', nMfcc: 40 },
    ];
    const keys = new Set([key, ...variants.map((v) => featureConfigKey(resolveFeatureConfig(v)))]);
    expect(keys.size).toBe(variants.length + 1);
  });
});

describe('computeFeatures', () => {
  const sr = 22050;
  const y = voice(2, sr);

  it('mfcc-mean: the mean over frames of the MFCCs of the cut signal (native rate = target rate)', () => {
    const config = resolveFeatureConfig({ kind: 'mfcc-mean', nMfcc: 40, offset: 0.5, duration: 1 });
    const tensor = computeFeatures({ samples: y, sampleRate: sr }, config);
    expect(tensor.shape).toEqual([40, 1]);
    const cut = y.slice(Math.floor(0.5 * sr), Math.floor(0.5 * sr) + sr);
    // The DCT of the mean log-mel column: the mean of the MFCCs up to float32 rounding.
    expect(worstRatio(tensor.data, rowMeans(mfcc(cut, { sr, nMfcc: 40 })))).toBeLessThan(1e-5);
  });

  it('gives the same features for a clip whatever was computed before (reused scratch buffers)', () => {
    const clip = encodeWav([voice(1.3, 24414)], { sampleRate: 24414, format: 'float32' });
    const longer = encodeWav([voice(4, 24414), voice(4, 24414)], { sampleRate: 24414 });
    for (const config of [
      resolveFeatureConfig({ kind: 'mfcc-sequence', nMfcc: 13 }),
      resolveFeatureConfig({ kind: 'mfcc-mean', nMfcc: 40, offset: 0.2 }),
    ]) {
      const first = computeFeatures(clip, config);
      const other = computeFeatures(longer, config);
      expect(computeFeatures(clip, config)).toEqual(first);
      expect(computeFeatures(longer, config)).toEqual(other);
      expect(computeFeatures({ samples: voice(1.3, 24414), sampleRate: 24414 }, config)).toEqual(
        first,
      );
    }
  });

  it('cuts at the native rate, then resamples (librosa.load order); WAV bytes give the same result', () => {
    const native = voice(2, 24414);
    const config = resolveFeatureConfig({
      kind: 'mfcc-mean',
      nMfcc: 20,
      offset: 0.25,
      duration: 1,
    });
    const tensor = computeFeatures({ samples: native, sampleRate: 24414 }, config);
    const loaded = loadAudio(
      { samples: native, sampleRate: 24414 },
      { sr, offset: 0.25, duration: 1 },
    );
    expect(loaded.samples.length).toBe(Math.ceil((Math.floor(1 * 24414) * sr) / 24414));
    expect(worstRatio(tensor.data, rowMeans(mfcc(loaded.samples, { sr, nMfcc: 20 })))).toBeLessThan(
      1e-6,
    );
    const bytes = encodeWav([native], { sampleRate: 24414, format: 'float32' });
    expect(computeFeatures(bytes, config, 'voice.wav').data).toEqual(tensor.data);
  });

  it('mfcc-sequence: one row per frame holding [MFCC, delta, delta-delta]', () => {
    const config = resolveFeatureConfig({ kind: 'mfcc-sequence', nMfcc: 13, deltas: 2, sr });
    const tensor = computeFeatures({ samples: y, sampleRate: sr }, config);
    const c = mfcc(y, { sr, nMfcc: 13 });
    const d1 = delta(c);
    const d2 = delta(c, { order: 2 });
    expect(tensor.shape).toEqual([c.cols, 39]);
    for (const t of [0, 7, c.cols - 1]) {
      for (let k = 0; k < 13; k++) {
        expect(tensor.data[t * 39 + k]).toBe(c.data[k * c.cols + t]);
        expect(tensor.data[t * 39 + 13 + k]).toBe(d1.data[k * c.cols + t]);
        expect(tensor.data[t * 39 + 26 + k]).toBe(d2.data[k * c.cols + t]);
      }
    }
  });

  /** Mean and population std over `frames` of every column of a frame-major sequence. */
  function columnStatistics(data: Float32Array, dims: number, frames: readonly number[]) {
    const means: number[] = [];
    const stds: number[] = [];
    for (let k = 0; k < dims; k++) {
      const values = frames.map((t) => data[t * dims + k]!);
      const m = values.reduce((a, b) => a + b, 0) / values.length;
      means.push(m);
      stds.push(Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / values.length));
    }
    return [...means, ...stds];
  }

  it('mfcc-statistics: means then stds of the mfcc-sequence columns, over every frame without trimming', () => {
    const common = { sr, nMfcc: 13, deltas: 2 as const };
    const sequence = computeFeatures(
      { samples: y, sampleRate: sr },
      resolveFeatureConfig({ kind: 'mfcc-sequence', ...common }),
    );
    const stats = computeFeatures(
      { samples: y, sampleRate: sr },
      resolveFeatureConfig({ kind: 'mfcc-statistics', ...common, trimDb: null }),
    );
    expect(stats.shape).toEqual([1, 78]);
    const frames = Array.from({ length: sequence.shape[0]! }, (_, t) => t);
    const expected = columnStatistics(sequence.data, 39, frames);
    for (const [i, v] of expected.entries()) expect(stats.data[i]).toBeCloseTo(v, 3);
  });

  it('mfcc-statistics: trimDb leaves out the frames far below the loudest, so added silence hardly matters', () => {
    const padded = new Float32Array(y.length + sr);
    padded.set(y, sr / 2); // half a second of silence on each side
    const base = { kind: 'mfcc-statistics', sr, nMfcc: 13 } as const;
    const config = resolveFeatureConfig({ ...base, trimDb: 20 });
    const sequence = computeFeatures(
      { samples: padded, sampleRate: sr },
      resolveFeatureConfig({ kind: 'mfcc-sequence', sr, nMfcc: 13 }),
    );
    const level = (t: number) => sequence.data[t * 13]! / Math.sqrt(128);
    const all = Array.from({ length: sequence.shape[0]! }, (_, t) => t);
    const loudest = Math.max(...all.map(level));
    const kept = all.filter((t) => level(t) >= loudest - 20);
    expect(kept.length).toBeLessThan(all.length * 0.85); // the silent second is gone
    const stats = computeFeatures({ samples: padded, sampleRate: sr }, config);
    const expected = columnStatistics(sequence.data, 13, kept);
    for (const [i, v] of expected.entries()) expect(stats.data[i]).toBeCloseTo(v, 3);
    const untrimmed = computeFeatures({ samples: y, sampleRate: sr }, config);
    const withoutSilence = computeFeatures(
      { samples: padded, sampleRate: sr },
      resolveFeatureConfig({ ...base, trimDb: null }),
    );
    // MFCC 0's mean moves far less with trimming than without it.
    expect(Math.abs(stats.data[0]! - untrimmed.data[0]!)).toBeLessThan(
      Math.abs(withoutSilence.data[0]! - untrimmed.data[0]!) / 3,
    );
  });

  it('log-mel-sequence: the log-mel spectrogram, frame-major', () => {
    const config = resolveFeatureConfig({
      kind: 'log-mel-sequence',
      sr: 16000,
      nFft: 512,
      hopLength: 160,
      nMels: 64,
    });
    const y16 = voice(1, 16000);
    const tensor = computeFeatures({ samples: y16, sampleRate: 16000 }, config);
    const logMel = logMelSpectrogram(y16, { sr: 16000, nFft: 512, hopLength: 160, nMels: 64 });
    expect(tensor.shape).toEqual([logMel.cols, 64]);
    expect(tensor.data[5 * 64 + 10]).toBe(logMel.data[10 * logMel.cols + 5]);
  });

  it('an offset past the end gives one silent frame; deltas on too few frames throw', () => {
    const empty = computeFeatures(
      { samples: y, sampleRate: sr },
      resolveFeatureConfig({ kind: 'mfcc-mean', offset: 10 }),
    );
    expect(empty.shape).toEqual([20, 1]);
    const tooShort = resolveFeatureConfig({ kind: 'mfcc-sequence', deltas: 1, duration: 0.1 });
    expect(() => computeFeatures({ samples: y, sampleRate: sr }, tooShort)).toThrow(
      FeatureParameterError,
    );
  });
});

describeEachBackend('computeFeatures vs librosa', (backend) =>
  describeWithData(
    'computeFeatures vs librosa (resampling included)',
    goldenPath('resample_chirp_24414_to_22050.json'),
    'golden librosa outputs',
    () => {
      it('mean of 40 MFCCs of a 24414 Hz chirp loaded at 22050 Hz matches librosa', () => {
        const file = golden<GoldenResample>('resample_chirp_24414_to_22050.json')!;
        const tensor = computeFeatures(
          { samples: samplesOf(file), sampleRate: file.resample.orig_sr },
          resolveFeatureConfig({ kind: 'mfcc-mean', sr: file.resample.target_sr, nMfcc: 40 }),
        );
        const ratio = worstRatio(tensor.data, matrixOf(file.resample.mfcc_mean).data);
        console.log(
          `seed-style MFCC mean after resampling [${backend}]: max|Δ|/max|ref| = ${ratio.toExponential(2)}`,
        );
        expect(ratio).toBeLessThanOrEqual(1e-4);
      });
    },
  ),
);
