import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMatrix, rowMeans } from '../src/matrix';

describe('rowMeans', () => {
  it('averages each row over its frames', () => {
    const m = createMatrix(2, 3);
    m.data.set([1, 2, 3, -4, 0, 10]);
    expect(Array.from(rowMeans(m))).toEqual([2, 2]);
  });

  it('gives zeros for a matrix without frames', () => {
    expect(Array.from(rowMeans(createMatrix(3, 0)))).toEqual([0, 0, 0]);
  });

  it('lies between the row minimum and maximum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: -1000, max: 1000, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (values) => {
          const m = { rows: 1, cols: values.length, data: Float32Array.from(values) };
          const mean = rowMeans(m)[0]!;
          const lo = Math.min(...m.data);
          const hi = Math.max(...m.data);
          expect(mean).toBeGreaterThanOrEqual(Math.fround(lo) - 1e-3);
          expect(mean).toBeLessThanOrEqual(Math.fround(hi) + 1e-3);
        },
      ),
    );
  });
});
