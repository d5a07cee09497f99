import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DctKernel, dct, dctBasis } from '../src/dct';
import { FeatureParameterError } from '../src/errors';

describe('dctBasis (DCT-II, scipy conventions)', () => {
  it("'ortho' is orthonormal", () => {
    for (const n of [7, 40, 128]) {
      const b = dctBasis(n, n);
      for (const [i, j] of [
        [0, 0],
        [1, 1],
        [0, 3],
        [2, 5],
        [n - 1, n - 1],
      ] as const) {
        let dot = 0;
        for (let m = 0; m < n; m++) dot += b.data[i * n + m]! * b.data[j * n + m]!;
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 13);
      }
    }
  });

  it('norm null is 2·Σ x[n]·cos(πk(2n+1)/2N), ortho rescales row 0 by √(1/4N) and others by √(1/2N)', () => {
    const n = 10;
    const plain = dctBasis(4, n, { norm: null });
    const ortho = dctBasis(4, n);
    for (let k = 0; k < 4; k++) {
      for (let m = 0; m < n; m++) {
        const expected = 2 * Math.cos((Math.PI * k * (2 * m + 1)) / (2 * n));
        expect(plain.data[k * n + m]).toBeCloseTo(expected, 14);
        expect(ortho.data[k * n + m]).toBeCloseTo(
          expected * Math.sqrt(1 / ((k === 0 ? 4 : 2) * n)),
          14,
        );
      }
    }
  });

  it('DctKernel (folded) equals the plain matrix–vector product, for even and odd lengths', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.integer({ min: 1, max: n }),
            fc.array(fc.double({ min: -200, max: 50, noNaN: true }), {
              minLength: n,
              maxLength: n,
            }),
          ),
        ),
        ([n, nOut, x]) => {
          const basis = dctBasis(nOut, n);
          const out = new Float64Array(nOut);
          new DctKernel(basis).apply(x, out);
          for (let k = 0; k < nOut; k++) {
            let sum = 0;
            for (let m = 0; m < n; m++) sum += basis.data[k * n + m]! * x[m]!;
            if (Math.abs(out[k]! - sum) > 1e-9 * (1 + Math.abs(sum))) return false;
          }
          return true;
        },
      ),
      { numRuns: 100 },
    );
  });

  it('dct works along rows and rejects other types and too many coefficients', () => {
    const S = { rows: 3, cols: 2, data: Float32Array.of(1, 2, 1, 2, 1, 2) };
    const c = dct(S);
    expect(c.data[0]).toBeCloseTo(Math.sqrt(3), 6);
    expect(c.data[1]).toBeCloseTo(2 * Math.sqrt(3), 6);
    expect(c.data[2]).toBeCloseTo(0, 6);
    expect(() => dct(S, { type: 3 })).toThrow(/only type 2/);
    expect(() => dctBasis(5, 4)).toThrow(FeatureParameterError);
  });
});
