import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gemm, packBGatesInto, packedGatesSize, rowMajor } from '../../src/kernels/matmul';
import { WasmKernels } from '../../src/kernels/runtime';

const kernels = await WasmKernels.create();

interface Case {
  M: number;
  N: number;
  K: number;
  transposeA: boolean;
  transposeB: boolean;
  accumulate: boolean;
  seed: number;
}

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32 - 0.5;
  };
}

/** Largest error of C = (C₀ +) A·B relative to Σ|terms| (the scale f32 rounding is bounded by). */
function productError(c: Case): number {
  const { M, N, K, transposeA, transposeB, accumulate } = c;
  const next = random(c.seed);
  const a = Float32Array.from({ length: M * K }, next);
  const b = Float32Array.from({ length: K * N }, next);
  const c0 = Float32Array.from({ length: M * N }, next);
  kernels.reset();
  const aAddress = kernels.write(a);
  const bAddress = kernels.write(b);
  const cAddress = kernels.write(c0);
  gemm(
    kernels,
    M,
    N,
    K,
    rowMajor(aAddress, transposeA ? M : K, transposeA),
    rowMajor(bAddress, transposeB ? K : N, transposeB),
    cAddress,
    N,
    accumulate,
  );
  const got = kernels.read(cAddress, M * N);
  let worst = 0;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let sum = accumulate ? (c0[i * N + j] as number) : 0;
      let scale = Math.abs(sum) + 1e-30;
      for (let k = 0; k < K; k++) {
        const term =
          (transposeA ? a[k * M + i] : a[i * K + k])! * (transposeB ? b[j * K + k] : b[k * N + j])!;
        sum += term;
        scale += Math.abs(term);
      }
      worst = Math.max(worst, Math.abs((got[i * N + j] as number) - sum) / scale);
    }
  }
  return worst;
}

const shapes = fc.record({
  M: fc.integer({ min: 0, max: 37 }),
  N: fc.integer({ min: 0, max: 41 }),
  K: fc.integer({ min: 0, max: 300 }),
  transposeA: fc.boolean(),
  transposeB: fc.boolean(),
  accumulate: fc.boolean(),
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
});

describe('gemm', () => {
  it('matches a double-precision product for any shape, transposition and accumulation', () => {
    fc.assert(
      fc.property(shapes, (c) => productError(c) < 1e-6),
      { numRuns: 150 },
    );
  });

  it('matches at the LSTM step size (64 × 1024 × 256) and across depth blocks (K = 700)', () => {
    expect(
      productError({
        M: 64,
        N: 1024,
        K: 256,
        transposeA: false,
        transposeB: false,
        accumulate: true,
        seed: 7,
      }),
    ).toBeLessThan(1e-6);
    expect(
      productError({
        M: 9,
        N: 70,
        K: 700,
        transposeA: true,
        transposeB: true,
        accumulate: false,
        seed: 8,
      }),
    ).toBeLessThan(1e-6);
  });

  it('writes zeros for an empty depth and leaves C alone when accumulating it', () => {
    kernels.reset();
    const c = kernels.write(new Float32Array([1, 2, 3, 4]));
    gemm(kernels, 2, 2, 0, rowMajor(c, 0), rowMajor(c, 2), c, 2, true);
    expect(Array.from(kernels.read(c, 4))).toEqual([1, 2, 3, 4]);
    gemm(kernels, 2, 2, 0, rowMajor(c, 0), rowMajor(c, 2), c, 2, false);
    expect(Array.from(kernels.read(c, 4))).toEqual([0, 0, 0, 0]);
  });
});

describe('gate-interleaved packing', () => {
  it('puts each group of 8 units of every gate in consecutive k-major panels, zero past the units', () => {
    const [K, units, gates, NR] = [3, 9, 4, 8];
    const N = gates * units;
    // B[k, n] = 1000 k + n + 1, so every packed value names its source.
    const b = Float32Array.from(
      { length: K * N },
      (_, i) => 1000 * Math.floor(i / N) + (i % N) + 1,
    );
    kernels.reset();
    const packed = kernels.alloc(packedGatesSize(K, units, gates));
    packBGatesInto(kernels, rowMajor(kernels.write(b), N), K, units, gates, packed, 1);
    const got = kernels.read(packed, packedGatesSize(K, units, gates));
    expect(got.length).toBe(2 * gates * K * NR);
    for (let group = 0; group < 2; group++) {
      for (let gate = 0; gate < gates; gate++) {
        const panel = (group * gates + gate) * K * NR;
        for (let k = 0; k < K; k++) {
          for (let j = 0; j < NR; j++) {
            const unit = group * NR + j;
            const expected = unit < units ? 1000 * k + gate * units + unit + 1 : 0;
            expect(got[panel + k * NR + j]).toBe(expected);
          }
        }
      }
    }
  });
});
