import { describe, expect, it } from 'vitest';
import { FeatureParameterError } from '../src/errors';
import { padSignal } from '../src/pad';
import { powerSpectrogram, stft } from '../src/stft';
import { hannWindow } from '../src/window';

function tone(length: number, seed = 1): Float32Array {
  return Float32Array.from(
    { length },
    (_, n) => 0.5 * Math.sin(0.05 * n * seed) + 0.2 * Math.cos(0.31 * n + seed),
  );
}

describe('padSignal (numpy np.pad semantics)', () => {
  it('reflects without repeating the edge, also beyond the signal length', () => {
    expect(Array.from(padSignal(Float32Array.of(1, 2, 3), 2, 2, 'reflect'))).toEqual([
      3, 2, 1, 2, 3, 2, 1,
    ]);
    expect(Array.from(padSignal(Float32Array.of(1, 2, 3), 5, 5, 'reflect'))).toEqual([
      2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2,
    ]);
    expect(Array.from(padSignal(Float32Array.of(7), 3, 3, 'reflect'))).toEqual([
      7, 7, 7, 7, 7, 7, 7,
    ]);
  });

  it("repeats the edge sample in 'edge' mode and pads zeros in 'constant' mode", () => {
    expect(Array.from(padSignal(Float32Array.of(1, 2, 3), 2, 4, 'edge'))).toEqual([
      1, 1, 1, 2, 3, 3, 3, 3, 3,
    ]);
    expect(Array.from(padSignal(Float32Array.of(1, 2), 1, 2, 'constant'))).toEqual([0, 1, 2, 0, 0]);
  });

  it('rejects non-finite samples and padding an empty signal by reflection', () => {
    expect(() => padSignal(Float32Array.of(0, Number.NaN), 1, 1, 'constant')).toThrow(
      /sample 1 is NaN/,
    );
    expect(() => padSignal(new Float32Array(0), 1, 1, 'reflect')).toThrow(FeatureParameterError);
  });
});

describe('stft framing (librosa 0.11)', () => {
  it('centred: 1 + ⌊n/hop⌋ frames, also for signals shorter than nFft and for an empty one', () => {
    for (const [n, nFft, hop] of [
      [1500, 2048, 512],
      [300, 512, 160],
      [0, 2048, 512],
      [1, 16, 4],
      [22050, 2048, 512],
    ] as const) {
      const S = powerSpectrogram(tone(n), { nFft, hopLength: hop });
      expect(S.cols).toBe(1 + Math.floor(n / hop));
      expect(S.rows).toBe(1 + nFft / 2);
    }
  });

  it('not centred: 1 + ⌊(n − nFft)/hop⌋ frames; shorter than one frame throws', () => {
    expect(powerSpectrogram(tone(1000), { nFft: 256, hopLength: 100, center: false }).cols).toBe(8);
    expect(() => powerSpectrogram(tone(100), { nFft: 256, center: false })).toThrow(/too short/);
  });

  it('hopLength defaults to ⌊winLength/4⌋', () => {
    expect(stft(tone(1000), { nFft: 512, winLength: 400 }).cols).toBe(1 + Math.floor(1000 / 100));
  });

  it.each(['reflect', 'edge', 'constant'] as const)(
    "centred '%s' padding equals the non-centred STFT of the explicitly padded signal",
    (padMode) => {
      const y = tone(700, 3);
      const centred = stft(y, { nFft: 256, hopLength: 64, padMode });
      const padded = stft(padSignal(y, 128, 128, padMode), {
        nFft: 256,
        hopLength: 64,
        center: false,
      });
      expect(centred.cols).toBe(padded.cols);
      expect(centred.re).toEqual(padded.re);
      expect(centred.im).toEqual(padded.im);
    },
  );

  it('a non-power-of-two nFft (400) with a shorter window matches a naive DFT of the windowed frames', () => {
    const y = tone(2000, 2);
    const nFft = 400;
    const winLength = 300;
    const hop = 160;
    const X = stft(y, { nFft, winLength, hopLength: hop });
    const window = new Float64Array(nFft);
    window.set(hannWindow(winLength), (nFft - winLength) / 2);
    const padded = padSignal(y, nFft / 2, nFft / 2, 'constant');
    let error = 0;
    let scale = 0;
    for (const t of [0, 3, X.cols - 1]) {
      for (let k = 0; k < X.rows; k++) {
        let re = 0;
        let im = 0;
        for (let n = 0; n < nFft; n++) {
          const v = padded[t * hop + n]! * window[n]!;
          const angle = (-2 * Math.PI * ((k * n) % nFft)) / nFft;
          re += v * Math.cos(angle);
          im += v * Math.sin(angle);
        }
        error = Math.max(
          error,
          Math.abs(X.re[k * X.cols + t]! - re),
          Math.abs(X.im[k * X.cols + t]! - im),
        );
        scale = Math.max(scale, Math.hypot(re, im));
      }
    }
    // float32 storage: about 6e-8 of the largest bin.
    expect(error / scale).toBeLessThan(2e-7);
  });

  it('power 1 is the magnitude, power 2 its square', () => {
    const y = tone(3000);
    const magnitude = powerSpectrogram(y, { nFft: 512, power: 1 });
    const power = powerSpectrogram(y, { nFft: 512 });
    for (let i = 0; i < power.data.length; i += 97) {
      expect(Math.abs(magnitude.data[i]! ** 2 - power.data[i]!)).toBeLessThanOrEqual(
        3e-7 * power.data[i]!,
      );
    }
  });

  it('rejects bad parameters and non-finite audio with a named parameter', () => {
    const y = tone(1000);
    const parameterOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (error) {
        if (error instanceof FeatureParameterError) return error.parameter;
      }
      return undefined;
    };
    expect(parameterOf(() => stft(y, { nFft: 256, winLength: 300 }))).toBe('winLength');
    expect(parameterOf(() => stft(y, { hopLength: 0 }))).toBe('hopLength');
    expect(parameterOf(() => stft(y, { nFft: -4 }))).toBe('nFft');
    expect(parameterOf(() => stft(y, { padMode: 'wrap' as 'reflect' }))).toBe('padMode');
    expect(parameterOf(() => powerSpectrogram(y, { power: 0 }))).toBe('power');
    expect(parameterOf(() => stft(Float32Array.of(0, Number.POSITIVE_INFINITY)))).toBe('y');
    expect(parameterOf(() => stft(new Float32Array(0), { padMode: 'reflect' }))).toBe('y');
  });
});

describe('reused analysis frames', () => {
  it('give the same spectrogram whatever configuration ran in between', () => {
    const y = tone(5000, 3);
    const first = powerSpectrogram(y, { nFft: 512, hopLength: 128 });
    const firstComplex = stft(y, { nFft: 512, hopLength: 128 });
    // Same nFft with another window and padding, another size, then the first again.
    const rectangular = powerSpectrogram(y, {
      nFft: 512,
      hopLength: 128,
      window: new Float64Array(512).fill(1),
    });
    powerSpectrogram(y, { nFft: 512, hopLength: 128, padMode: 'reflect' });
    powerSpectrogram(y, { nFft: 2048, hopLength: 512 });
    expect(powerSpectrogram(y, { nFft: 512, hopLength: 128 }).data).toEqual(first.data);
    expect(stft(y, { nFft: 512, hopLength: 128 }).re).toEqual(firstComplex.re);
    expect(rectangular.data).not.toEqual(first.data);
    const reflected = powerSpectrogram(y, { nFft: 512, hopLength: 128, padMode: 'reflect' });
    expect(reflected.data).not.toEqual(first.data);
  });
});
