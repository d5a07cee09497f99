import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeatureParameterError } from '../src/errors';
import { RealFft, realFftPlan } from '../src/fft';

/** The textbook DFT, bins 0..⌊n/2⌋, with exactly reduced angles. */
function naiveDft(x: ArrayLike<number>): { re: number[]; im: number[] } {
  const n = x.length;
  const re: number[] = [];
  const im: number[] = [];
  for (let k = 0; k <= n / 2; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const angle = (-2 * Math.PI * ((k * j) % n)) / n;
      sr += x[j]! * Math.cos(angle);
      si += x[j]! * Math.sin(angle);
    }
    re.push(sr);
    im.push(si);
  }
  return { re, im };
}

/** Largest deviation from the naive DFT relative to the largest bin magnitude. */
function relativeError(x: Float64Array): number {
  const plan = realFftPlan(x.length);
  const out = plan.createOutput();
  plan.forward(x, out);
  const { re, im } = naiveDft(x);
  expect(re.length).toBe(plan.bins);
  let error = 0;
  let scale = Number.MIN_VALUE;
  for (let k = 0; k < plan.bins; k++) {
    error = Math.max(error, Math.abs(out[2 * k]! - re[k]!), Math.abs(out[2 * k + 1]! - im[k]!));
    scale = Math.max(scale, Math.hypot(re[k]!, im[k]!));
  }
  return error / scale;
}

describe('RealFft', () => {
  it.each([1, 2, 3, 4, 5, 8, 12, 30, 64, 100, 257, 400, 401, 512, 1000, 2048])(
    'size %i agrees with the naive DFT to float64 rounding',
    (size) => {
      const x = Float64Array.from(
        { length: size },
        (_, n) => Math.sin(1.3 * n + 0.2) + 0.3 * Math.cos(0.07 * n * n),
      );
      expect(relativeError(x)).toBeLessThan(1e-13);
    },
  );

  it('matches the naive DFT on random frames of random sizes (powers of two, Bluestein, odd)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }).chain((size) =>
          fc.float64Array({
            minLength: size,
            maxLength: size,
            min: -1,
            max: 1,
            noNaN: true,
            noDefaultInfinity: true,
          }),
        ),
        (x) => relativeError(x) < 1e-12,
      ),
      { numRuns: 60 },
    );
  });

  it('powerSpectrum is |X|² of forward', () => {
    for (const size of [6, 400, 512, 801]) {
      const plan = realFftPlan(size);
      const x = Float64Array.from({ length: size }, (_, n) => Math.sin(0.31 * n) * (1 + n / size));
      const complex = plan.createOutput();
      plan.forward(x, complex);
      const power = new Float64Array(plan.bins);
      plan.powerSpectrum(x, power);
      for (let k = 0; k < plan.bins; k++) {
        expect(power[k]).toBeCloseTo(complex[2 * k]! ** 2 + complex[2 * k + 1]! ** 2, 9);
      }
    }
  });

  it('DC and Nyquist bins are real; a unit impulse has a flat spectrum', () => {
    const plan = realFftPlan(16);
    const out = plan.createOutput();
    const impulse = new Float64Array(16);
    impulse[0] = 1;
    plan.forward(impulse, out);
    for (let k = 0; k < plan.bins; k++) {
      expect(out[2 * k]).toBeCloseTo(1, 15);
      expect(out[2 * k + 1]).toBeCloseTo(0, 15);
    }
  });

  it('caches one plan per size', () => {
    expect(realFftPlan(2048)).toBe(realFftPlan(2048));
    expect(realFftPlan(400)).not.toBe(realFftPlan(512));
    expect(realFftPlan(400).bins).toBe(201);
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => new RealFft(0)).toThrow(FeatureParameterError);
    expect(() => new RealFft(12.5)).toThrow(/FFT size must be a positive integer/);
  });
});
