import { describe, expect, it } from 'vitest';
import { FeatureParameterError } from '../src/errors';
import {
  denseMelFilterBank,
  fftFrequencies,
  hzToMel,
  melFilterBank,
  melFrequencies,
  melToHz,
} from '../src/mel';
import { melspectrogram } from '../src/melspectrogram';
import { powerSpectrogram } from '../src/stft';

describe('mel scale', () => {
  it('Slaney: linear (3 bins per 200 Hz) below 1 kHz, logarithmic above; HTK formula on request', () => {
    expect(hzToMel(0)).toBe(0);
    expect(hzToMel(200)).toBeCloseTo(3, 12);
    expect(hzToMel(1000)).toBeCloseTo(15, 12);
    expect(hzToMel(6400)).toBeCloseTo(42, 12); // 15 + log(6.4)/(log(6.4)/27)
    expect(hzToMel(1000, { htk: true })).toBeCloseTo(2595 * Math.log10(1 + 1000 / 700), 10);
  });

  it('melToHz inverts hzToMel on both scales', () => {
    for (const f of [0, 50, 999.9, 1000, 4000, 11025]) {
      expect(melToHz(hzToMel(f))).toBeCloseTo(f, 8);
      expect(melToHz(hzToMel(f, { htk: true }), { htk: true })).toBeCloseTo(f, 8);
    }
  });

  it('melFrequencies are evenly spaced in mel from fmin to fmax, ends exact', () => {
    const f = melFrequencies({ nMels: 42, fmin: 20, fmax: 8000 });
    expect(f[0]).toBeCloseTo(20, 10);
    expect(f[41]).toBeCloseTo(8000, 8);
    const step = hzToMel(f[1]!) - hzToMel(f[0]!);
    for (let i = 1; i < 42; i++) expect(hzToMel(f[i]!) - hzToMel(f[i - 1]!)).toBeCloseTo(step, 9);
  });

  it('fftFrequencies are k·sr/nFft', () => {
    const f = fftFrequencies({ sr: 16000, nFft: 512 });
    expect(f).toHaveLength(257);
    expect(f[1]).toBe(31.25);
    expect(f[256]).toBe(8000);
  });
});

describe('melFilterBank', () => {
  it('sparse bands are contiguous triangles whose dense view has the same weights', () => {
    const bank = melFilterBank({ sr: 16000, nFft: 512, nMels: 40, fmax: 8000 });
    const dense = denseMelFilterBank(bank);
    expect([dense.rows, dense.cols]).toEqual([40, 257]);
    for (let m = 0; m < 40; m++) {
      const row = dense.data.subarray(m * 257, (m + 1) * 257);
      const nonZero = [...row.keys()].filter((k) => row[k]! > 0);
      expect(nonZero[0]).toBe(bank.firstBin[m]);
      expect(nonZero.length).toBe(bank.offsets[m + 1]! - bank.offsets[m]!);
      expect(nonZero.at(-1)! - nonZero[0]! + 1).toBe(nonZero.length);
    }
  });

  it("'slaney' norm gives each triangle unit area in Hz (2/width × peak 1 × width/2); null keeps peaks at 1", () => {
    const raw = denseMelFilterBank(melFilterBank({ sr: 22050, nMels: 20, norm: null }));
    const peak = Math.max(...raw.data);
    expect(peak).toBeLessThanOrEqual(1);
    expect(peak).toBeGreaterThan(0.9);
    const bank = melFilterBank({ sr: 22050, nMels: 20 });
    const f = bank.melFrequencies;
    for (const m of [0, 10, 19]) {
      const band = bank.weights.subarray(bank.offsets[m]!, bank.offsets[m + 1]!);
      const rawBand = raw.data.subarray(
        m * raw.cols + bank.firstBin[m]!,
        m * raw.cols + bank.firstBin[m]! + band.length,
      );
      for (let i = 0; i < band.length; i++)
        expect(band[i]).toBeCloseTo((rawBand[i]! * 2) / (f[m + 2]! - f[m]!), 7);
    }
  });

  it('rejects fmax above Nyquist, fmin ≥ fmax and unknown norms', () => {
    expect(() => melFilterBank({ sr: 16000, fmax: 9000 })).toThrow(FeatureParameterError);
    expect(() => melFilterBank({ sr: 16000, fmin: 500, fmax: 400 })).toThrow(/fmax/);
    expect(() => melFilterBank({ sr: 16000, norm: 'l1' as 'slaney' })).toThrow(/norm/);
    expect(() => melFilterBank({ sr: 0 })).toThrow(/sr/);
  });
});

describe('melspectrogram', () => {
  const y = Float32Array.from(
    { length: 8000 },
    (_, n) => Math.sin(0.2 * n) + 0.1 * Math.sin(2.1 * n),
  );

  it('from audio equals the filter bank applied to the power spectrogram', () => {
    const options = { sr: 16000, nFft: 512, hopLength: 160, nMels: 40 };
    const fromAudio = melspectrogram(y, options);
    const S = powerSpectrogram(y, options);
    const W = denseMelFilterBank(melFilterBank({ sr: 16000, nFft: 512, nMels: 40 }));
    for (const t of [0, 10, fromAudio.cols - 1]) {
      for (let m = 0; m < 40; m++) {
        let sum = 0;
        for (let k = 0; k < S.rows; k++) sum += W.data[m * W.cols + k]! * S.data[k * S.cols + t]!;
        expect(fromAudio.data[m * fromAudio.cols + t]).toBeCloseTo(sum, 3);
      }
    }
  });

  it('uses hopLength 512 by default and infers nFft from a spectrogram', () => {
    expect(melspectrogram(y).cols).toBe(1 + Math.floor(8000 / 512));
    const S = powerSpectrogram(y, { nFft: 1024, hopLength: 256 });
    expect(melspectrogram(S, { sr: 22050 }).rows).toBe(128);
    expect(() => melspectrogram(S, { nFft: 2048 })).toThrow(
      /does not match a spectrogram of 513 bins/,
    );
  });
});
