import { describe, expect, it } from 'vitest';
import { WasmKernels } from '../../src/kernels/runtime';

const kernels = await WasmKernels.create();

const EXP = 0;
const SIGMOID = 1;
const HARD_SIGMOID = 2;
const TANH = 3;

function apply(kind: number, xs: Float32Array): Float32Array {
  kernels.reset();
  const src = kernels.write(xs);
  const dst = kernels.alloc(xs.length);
  kernels.mapUnary(kind, src, dst, xs.length);
  return kernels.read(dst, xs.length);
}

function grid(from: number, to: number, count: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));
}

/** Largest |got − want| / max(|want|, floor) over the grid. */
function worstError(
  got: Float32Array,
  want: (x: number) => number,
  xs: Float32Array,
  floor: number,
): number {
  let worst = 0;
  xs.forEach((x, i) => {
    const exact = want(x);
    worst = Math.max(
      worst,
      Math.abs((got[i] ?? Number.NaN) - exact) / Math.max(Math.abs(exact), floor),
    );
  });
  return worst;
}

describe('WebAssembly vector math', () => {
  it('computes exp within a few ulp from −80 to 80', () => {
    const xs = grid(-80, 80, 20_001);
    expect(worstError(apply(EXP, xs), Math.exp, xs, 0)).toBeLessThan(4e-7);
  });

  it('computes the sigmoid within a few ulp and saturates without overflow', () => {
    const xs = grid(-40, 40, 20_001);
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    expect(worstError(apply(SIGMOID, xs), sigmoid, xs, 1e-30)).toBeLessThan(4e-7);
    const [low, high] = apply(SIGMOID, new Float32Array([-1000, 1000]));
    expect(low).toBeGreaterThanOrEqual(0);
    expect(low).toBeLessThan(1e-37);
    expect(high).toBe(1);
  });

  it('computes tanh within a few ulp, small arguments included', () => {
    const xs = new Float32Array([
      ...grid(-12, 12, 24_001),
      ...grid(-1e-3, 1e-3, 2_001),
      1e-30,
      -1e-30,
    ]);
    expect(worstError(apply(TANH, xs), Math.tanh, xs, 1e-38)).toBeLessThan(4e-7);
    expect(Array.from(apply(TANH, new Float32Array([-1000, 0, 1000])))).toEqual([-1, 0, 1]);
  });

  it('computes the hard sigmoid in the same f32 steps as tfjs-layers', () => {
    const xs = grid(-4, 4, 8_001);
    const f32 = Math.fround;
    const expected = Array.from(xs, (x) => Math.min(Math.max(f32(0.5 + f32(f32(0.2) * x)), 0), 1));
    expect(Array.from(apply(HARD_SIGMOID, xs))).toEqual(expected);
  });

  it('handles lengths that are not a multiple of the vector width', () => {
    for (const length of [1, 2, 3, 5, 7]) {
      const xs = grid(-1, 1, length + 1).subarray(0, length);
      expect(worstError(apply(TANH, xs), Math.tanh, xs, 1e-38)).toBeLessThan(4e-7);
    }
  });
});
