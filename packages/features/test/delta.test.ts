import { describe, expect, it } from 'vitest';
import { delta, savgolWeights } from '../src/delta';
import { FeatureParameterError } from '../src/errors';
import type { Matrix } from '../src/matrix';

/** Rows of values as a matrix (rows = coefficients, cols = frames). */
function matrix(rows: number[][]): Matrix {
  return { rows: rows.length, cols: rows[0]!.length, data: Float32Array.from(rows.flat()) };
}

const frames = Array.from({ length: 20 }, (_, t) => t);

describe('delta (librosa.feature.delta = savgol_filter, deriv = polyorder = order)', () => {
  it('width 5, order 1 interior weights are n/Σn² = [−2, −1, 0, 1, 2]/10', () => {
    expect(Array.from(savgolWeights(5, 1, 1, 2)).map((w) => Number(w.toFixed(12)))).toEqual([
      -0.2, -0.1, 0, 0.1, 0.2,
    ]);
  });

  it('width 3 in the interior is the central difference', () => {
    const x = [0, 1, 4, 9, 3, -2, 7];
    const d = delta(matrix([x]), { width: 3 });
    for (let t = 1; t < x.length - 1; t++)
      expect(d.data[t]).toBeCloseTo((x[t + 1]! - x[t - 1]!) / 2, 6);
  });

  it('a linear ramp has its slope everywhere, edges included (interp fits the edge window exactly)', () => {
    const d = delta(matrix([frames.map((t) => 3 * t - 5), frames.map((t) => -0.5 * t)]));
    for (let t = 0; t < 20; t++) {
      expect(d.data[t]).toBeCloseTo(3, 5);
      expect(d.data[20 + t]).toBeCloseTo(-0.5, 5);
    }
  });

  it('a parabola t² gives 2t inside, the edge window’s fitted slope at the edges, and 2 for order 2', () => {
    const d1 = delta(matrix([frames.map((t) => t * t)]), { width: 5 });
    // Interior: the symmetric least-squares slope of a parabola is its derivative 2t.
    for (let t = 2; t < 18; t++) expect(d1.data[t]).toBeCloseTo(2 * t, 4);
    // Edges: the line fitted to t = 0..4 has slope Σ(t−2)t²/Σ(t−2)² = 40/10 = 4; to t = 15..19, 2·17 = 34.
    expect(d1.data[0]).toBeCloseTo(4, 4);
    expect(d1.data[1]).toBeCloseTo(4, 4);
    expect(d1.data[18]).toBeCloseTo(34, 4);
    expect(d1.data[19]).toBeCloseTo(34, 4);
    const d2 = delta(matrix([frames.map((t) => t * t)]), { order: 2 });
    for (let t = 0; t < 20; t++) expect(d2.data[t]).toBeCloseTo(2, 4);
  });

  it("edge modes extend the data: 'nearest' at t = 0 of a ramp is (0·−2 + 0·−1 + 0 + 1 + 2·2)/10 = 0.5", () => {
    const ramp = matrix([frames]);
    expect(delta(ramp, { width: 5, mode: 'nearest' }).data[0]).toBeCloseTo(0.5, 6);
    // 'constant': zeros before t = 0 look like the ramp's own continuation (−1, −2 → 0), slope (1·1 + 2·2)/10.
    expect(delta(ramp, { width: 5, mode: 'constant' }).data[0]).toBeCloseTo(0.5, 6);
    // 'mirror' reflects around t = 0: values 2, 1 | 0, 1, 2 → an even function, slope 0.
    expect(delta(ramp, { width: 5, mode: 'mirror' }).data[0]).toBeCloseTo(0, 6);
    // 'wrap': 18, 19 | 0, 1, 2 → (−2·18 − 19 + 1 + 4)/10 = −5.
    expect(delta(ramp, { width: 5, mode: 'wrap' }).data[0]).toBeCloseTo(-5, 5);
  });

  it('axis 0 differentiates down each column', () => {
    const m = matrix(frames.map((t) => [t, 2 * t]));
    const d = delta(m, { axis: 0, width: 3 });
    for (let r = 0; r < 20; r++) {
      expect(d.data[2 * r]).toBeCloseTo(1, 5);
      expect(d.data[2 * r + 1]).toBeCloseTo(2, 5);
    }
  });

  it('rejects even or small widths, order ≥ width, and (interp) width beyond the frames', () => {
    const m = matrix([[1, 2, 3, 4, 5, 6]]);
    expect(() => delta(m, { width: 4 })).toThrow(FeatureParameterError);
    expect(() => delta(m, { width: 1 })).toThrow(/odd integer ≥ 3/);
    expect(() => delta(m, { width: 3, order: 3 })).toThrow(/order/);
    expect(() => delta(m)).toThrow(/cannot exceed the axis length 6/);
    expect(delta(m, { mode: 'nearest' }).cols).toBe(6);
  });
});
