/**
 * Matrix products on the kernel module: C (+)= A · B for operands already in kernel memory,
 * each given by its byte address and element strides (so transposes cost nothing).
 */
import { TILES, type WasmKernels } from './runtime';

/** Rows of a packed A panel / columns of a packed B panel (as in assembly/gemm.ts). */
const MR = 4;
const NR = 8;

/** A matrix in kernel memory: element [i, j] at address + 4 (i · rowStride + j · colStride). */
export interface MatrixRef {
  readonly address: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** A row-major matrix with `columns` columns, or its transpose. */
export function rowMajor(address: number, columns: number, transposed = false): MatrixRef {
  return transposed
    ? { address, rowStride: 1, colStride: columns }
    : { address, rowStride: columns, colStride: 1 };
}

/** Floats taken by B packed for a K × N product. */
export function packedBSize(K: number, N: number): number {
  return Math.ceil(N / NR) * NR * K;
}

/** Floats taken by A packed for an M × K product. */
export function packedASize(M: number, K: number): number {
  return Math.ceil(M / MR) * MR * K;
}

/** Packs B (K × N) into fresh scratch for repeated products; returns its address. */
export function packB(
  kernels: WasmKernels,
  b: MatrixRef,
  K: number,
  N: number,
  threads: number,
): number {
  return packBInto(kernels, b, K, N, kernels.alloc(packedBSize(K, N)), threads);
}

/** Packs B (K × N) at `packed` ({@link packedBSize} floats); returns `packed`. */
export function packBInto(
  kernels: WasmKernels,
  b: MatrixRef,
  K: number,
  N: number,
  packed: number,
  threads: number,
): number {
  kernels.run('pack_b', [b.address, b.rowStride, b.colStride, K, N, packed], [], threads);
  return packed;
}

/** Floats taken by a K × (gates · units) matrix packed gate-interleaved ({@link packBGatesInto}). */
export function packedGatesSize(K: number, units: number, gates: number): number {
  return Math.ceil(units / NR) * NR * gates * K;
}

/**
 * Packs B (K × gates · units, gate i of unit u in column i · units + u) at `packed`
 * ({@link packedGatesSize} floats) with each group of NR units' gates in consecutive panels;
 * returns `packed`.
 */
export function packBGatesInto(
  kernels: WasmKernels,
  b: MatrixRef,
  K: number,
  units: number,
  gates: number,
  packed: number,
  threads: number,
): number {
  const args = [b.address, b.rowStride, b.colStride, K, units, gates, packed];
  kernels.run('pack_b_gates', args, [], threads);
  return packed;
}

/** Packs A (M × K) into fresh scratch; returns its address. */
export function packA(
  kernels: WasmKernels,
  a: MatrixRef,
  M: number,
  K: number,
  threads: number,
): number {
  const packed = kernels.alloc(packedASize(M, K));
  kernels.run('pack_a', [a.address, a.rowStride, a.colStride, M, K, packed], [], threads);
  return packed;
}

/** C (M × N, row stride ldc) (+)= Ap · Bp for operands packed by {@link packA} and {@link packB}. */
export function gemmPacked(
  kernels: WasmKernels,
  M: number,
  N: number,
  K: number,
  packedA: number,
  packedB: number,
  c: number,
  ldc: number,
  accumulate: boolean,
  threads: number,
): void {
  if (K === 0) {
    if (!accumulate) kernels.run('fill_rows', [c, M, N, ldc, 0], [], 1);
    return;
  }
  kernels.run(
    'gemm_packed',
    [M, N, K, packedA, packedB, c, ldc, accumulate ? 1 : 0, TILES],
    [],
    threads,
  );
}

/**
 * C (M × N, row stride ldc) (+)= A (M × K) · B (K × N), on as many threads as the size is worth.
 * Products with fewer than 4 rows and B in row-major order read B in place; the others pack
 * both operands.
 */
export function gemm(
  kernels: WasmKernels,
  M: number,
  N: number,
  K: number,
  a: MatrixRef,
  b: MatrixRef,
  c: number,
  ldc: number,
  accumulate: boolean,
): void {
  if (M === 0 || N === 0) return;
  const threads = kernels.threadsFor(M * N * K);
  if (M < MR && b.colStride === 1 && K > 0) {
    const args = [
      M,
      N,
      K,
      a.address,
      a.rowStride,
      a.colStride,
      b.address,
      b.rowStride,
      c,
      ldc,
      accumulate ? 1 : 0,
    ];
    kernels.run('gemm_small', args, [], threads);
    return;
  }
  const packedA = packA(kernels, a, M, K, threads);
  const packedB = packB(kernels, b, K, N, threads);
  gemmPacked(kernels, M, N, K, packedA, packedB, c, ldc, accumulate, threads);
}
