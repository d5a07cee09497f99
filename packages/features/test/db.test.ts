import { describe, expect, it } from 'vitest';
import { powerToDb } from '../src/db';
import { FeatureParameterError } from '../src/errors';
import type { Matrix } from '../src/matrix';

const S: Matrix = { rows: 2, cols: 3, data: Float32Array.of(1, 10, 100, 1e-3, 1e-12, 0) };

describe('powerToDb', () => {
  it('is 10·log10(max(amin, S)) re 1, clamped at the whole-matrix max − 80 dB', () => {
    const db = powerToDb(S);
    expect(Array.from(db.data.subarray(0, 3))).toEqual([0, 10, 20]);
    expect(db.data[3]).toBeCloseTo(-30, 5);
    // 1e-12 and 0 would be −120 and −100 (amin): both clamp to 20 − 80 = −60.
    expect(db.data[4]).toBe(-60);
    expect(db.data[5]).toBe(-60);
  });

  it("ref 'max' puts the largest cell at 0 dB; topDb null keeps the amin floor", () => {
    const relative = powerToDb(S, { ref: 'max', topDb: null });
    expect(relative.data[2]).toBe(0);
    expect(relative.data[0]).toBe(-20);
    expect(relative.data[5]).toBeCloseTo(-120, 4); // amin 1e-10 → −100, minus 20
    expect(powerToDb(S, { ref: 10, topDb: null, amin: 1e-5 }).data[4]).toBeCloseTo(-60, 4);
  });

  it('rejects amin ≤ 0, negative topDb and a non-finite ref', () => {
    expect(() => powerToDb(S, { amin: 0 })).toThrow(FeatureParameterError);
    expect(() => powerToDb(S, { topDb: -1 })).toThrow(/topDb/);
    expect(() => powerToDb(S, { ref: Number.NaN })).toThrow(/ref/);
  });
});
