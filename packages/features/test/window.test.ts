import { describe, expect, it } from 'vitest';
import { FeatureParameterError } from '../src/errors';
import { hannWindow, padCenter, stftWindow } from '../src/window';

describe('hannWindow', () => {
  it('is periodic by default: 0.5 − 0.5·cos(2πn/N)', () => {
    const w = hannWindow(8);
    for (let n = 0; n < 8; n++)
      expect(w[n]).toBeCloseTo(0.5 - 0.5 * Math.cos((2 * Math.PI * n) / 8), 15);
    expect(Array.from(hannWindow(4))).toEqual([0, 0.5, 1, 0.5]);
  });

  it('is symmetric with periodic: false, and 1 for a single point', () => {
    const w = hannWindow(5, { periodic: false });
    expect(w[0]).toBe(0);
    expect(w[4]).toBeCloseTo(0, 15);
    expect(w[2]).toBe(1);
    expect(w[1]).toBeCloseTo(w[3]!, 15);
    expect(Array.from(hannWindow(1))).toEqual([1]);
    expect(hannWindow(0)).toHaveLength(0);
  });

  it('rejects a negative or fractional length', () => {
    expect(() => hannWindow(-1)).toThrow(FeatureParameterError);
    expect(() => hannWindow(2.5)).toThrow(/winLength/);
  });
});

describe('padCenter and stftWindow', () => {
  it("centres with ⌊(size − n)/2⌋ zeros on the left (librosa's pad_center)", () => {
    expect(Array.from(padCenter([1, 2, 3], 6))).toEqual([0, 1, 2, 3, 0, 0]);
    const w = stftWindow('hann', 400, 512);
    expect(w).toHaveLength(512);
    expect(Array.from(w.subarray(0, 56)).every((v) => v === 0)).toBe(true);
    expect(Array.from(w.subarray(56, 456))).toEqual(Array.from(hannWindow(400)));
    expect(Array.from(w.subarray(456)).every((v) => v === 0)).toBe(true);
  });

  it('accepts explicit weights of length winLength only', () => {
    const box = new Float32Array(4).fill(1);
    expect(Array.from(stftWindow(box, 4, 8))).toEqual([0, 0, 1, 1, 1, 1, 0, 0]);
    expect(() => stftWindow(box, 5, 8)).toThrow(/has 4 values but winLength is 5/);
    expect(() => padCenter([1, 2, 3], 2)).toThrow(FeatureParameterError);
  });
});
