import { describe, expect, it } from 'vitest';
import { powerToDb } from '../src/db';
import { FeatureParameterError } from '../src/errors';
import { logMelSpectrogram } from '../src/log-mel';
import { createMatrix, isMatrix, type Matrix } from '../src/matrix';
import { melspectrogram } from '../src/melspectrogram';
import { mfcc } from '../src/mfcc';

const y = Float32Array.from(
  { length: 11025 },
  (_, n) => 0.4 * Math.sin(0.07 * n) + 0.05 * Math.sin(1.9 * n),
);

describe('mfcc', () => {
  it('defaults to 20 coefficients over librosa-default frames; nMfcc selects rows', () => {
    const c = mfcc(y);
    expect([c.rows, c.cols]).toEqual([20, 1 + Math.floor(11025 / 512)]);
    const c40 = mfcc(y, { nMfcc: 40 });
    expect(Array.from(c40.data.subarray(0, 20 * c40.cols))).toEqual(Array.from(c.data));
  });

  it('lifter scales coefficient k by 1 + (L/2)·sin(π(k+1)/L)', () => {
    const plain = mfcc(y, { nMfcc: 13 });
    const liftered = mfcc(y, { nMfcc: 13, lifter: 22 });
    // Float32 rounding (the WebAssembly backend sums in float32, as librosa): relative to the
    // largest liftered value.
    const largest = Math.max(...liftered.data.map(Math.abs));
    for (let k = 0; k < 13; k++) {
      const gain = 1 + 11 * Math.sin((Math.PI * (k + 1)) / 22);
      for (let t = 0; t < plain.cols; t += 5) {
        const i = k * plain.cols + t;
        expect(Math.abs(liftered.data[i]! - plain.data[i]! * gain)).toBeLessThan(1e-5 * largest);
      }
    }
  });

  it('accepts a log-mel matrix; topDb null skips the clamp; melNorm reaches the filter bank', () => {
    const logMel = logMelSpectrogram(y, { sr: 22050 });
    expect(logMel.data).toEqual(powerToDb(melspectrogram(y, { sr: 22050 })).data);
    expect(mfcc(logMel).data).toEqual(mfcc(y).data);
    const unclamped = logMelSpectrogram(y, { topDb: null });
    expect(mfcc(unclamped).data).toEqual(mfcc(y, { topDb: null }).data);
    const flat = powerToDb(melspectrogram(y, { norm: null }));
    expect(mfcc(flat).data).toEqual(mfcc(y, { melNorm: null }).data);
  });

  it('rejects unsupported DCT types and negative lifters', () => {
    expect(() => mfcc(y, { dctType: 3 })).toThrow(FeatureParameterError);
    expect(() => mfcc(y, { lifter: -1 })).toThrow(/lifter/);
    expect(() => mfcc(y, { nMfcc: 200 })).toThrow(/nMfcc/);
  });

  it('rejects input that is neither float32 samples nor a well-formed matrix', () => {
    expect(isMatrix(createMatrix(2, 3))).toBe(true);
    expect(isMatrix({ rows: 2, cols: 2, data: new Float32Array(3) })).toBe(false);
    expect(isMatrix(new Float32Array(4))).toBe(false);
    const samples64 = Float64Array.from(y) as unknown as Float32Array;
    expect(() => mfcc(samples64)).toThrow(FeatureParameterError);
    const broken = { rows: 2, cols: 2, data: new Float32Array(3) } as Matrix;
    expect(() => melspectrogram(broken)).toThrow(/power spectrogram Matrix/);
  });
});
