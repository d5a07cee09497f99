/**
 * Entry points of the kernel module. Every task has the signature (args, tid, nt): `args`
 * points at its argument block (32-bit slots), and thread `tid` of `nt` does its own share, so
 * the same call runs on one thread or on several threads sharing one memory.
 */
import { arg, at, ptr, real } from './args';
import { gemmPacked, gemmSmall, MR, NR, packA, packB, share } from './gemm';
import { loadN, sigmoid4, storeN } from './math';

export { lstm_backward, lstm_forward, lstm_forward_units, lstm_infer } from './lstm';
export { gru_backward, gru_forward } from './gru';
export { map_unary } from './math';

/** args: a, aRow, aCol, M, K, dst. Packs A's row panels. */
export function pack_a(args: usize, tid: i32, nt: i32): void {
  const M = arg(args, 3);
  const panels = (M + MR - 1) / MR;
  packA(
    ptr(args, 0),
    arg(args, 1),
    arg(args, 2),
    M,
    arg(args, 4),
    ptr(args, 5),
    share(panels, tid, nt),
    share(panels, tid + 1, nt),
  );
}

/** args: b, bRow, bCol, K, N, dst. Packs B's column panels. */
export function pack_b(args: usize, tid: i32, nt: i32): void {
  const N = arg(args, 4);
  const panels = (N + NR - 1) / NR;
  packB(
    ptr(args, 0),
    arg(args, 1),
    arg(args, 2),
    arg(args, 3),
    N,
    ptr(args, 5),
    share(panels, tid, nt),
    share(panels, tid + 1, nt),
  );
}

/** args: M, N, K, Ap, Bp, C, ldc, accumulate, tiles. C (+)= A · B from packed operands. */
export function gemm_packed(args: usize, tid: i32, nt: i32): void {
  const M = arg(args, 0);
  const N = arg(args, 1);
  const rowPanels = (M + MR - 1) / MR;
  const colPanels = (N + NR - 1) / NR;
  let p0 = 0;
  let p1 = rowPanels;
  let q0 = 0;
  let q1 = colPanels;
  if (colPanels >= rowPanels) {
    q0 = share(colPanels, tid, nt);
    q1 = share(colPanels, tid + 1, nt);
  } else {
    p0 = share(rowPanels, tid, nt);
    p1 = share(rowPanels, tid + 1, nt);
  }
  const tile = ptr(args, 8) + <usize>tid * <usize>(MR * NR * 4);
  gemmPacked(
    M,
    N,
    arg(args, 2),
    ptr(args, 3),
    ptr(args, 4),
    ptr(args, 5),
    arg(args, 6),
    arg(args, 7) != 0,
    p0,
    p1,
    q0,
    q1,
    tile,
  );
}

/** args: M, N, K, a, aRow, aCol, b, ldb, C, ldc, accumulate. C (+)= A · B with B read in place. */
export function gemm_small(args: usize, tid: i32, nt: i32): void {
  const N = arg(args, 1);
  const blocks = (N + 31) / 32;
  const n0 = share(blocks, tid, nt) * 32;
  const n1 = min(N, share(blocks, tid + 1, nt) * 32);
  if (n1 <= n0) return;
  gemmSmall(
    arg(args, 0),
    arg(args, 2),
    ptr(args, 3),
    arg(args, 4),
    arg(args, 5),
    ptr(args, 6),
    arg(args, 7),
    ptr(args, 8),
    arg(args, 9),
    arg(args, 10) != 0,
    n0,
    n1,
  );
}

/**
 * args: b, bRow, bCol, K, units, gates, dst. Packs the K × (gates · units) matrix B
 * gate-interleaved: panel gates · g + i holds units [NR · g, NR · g + NR) of gate i (columns
 * i · units + u; zeros past `units`), so a product over panels gates · g … gates · g + gates − 1
 * gives those units' gates side by side.
 */
export function pack_b_gates(args: usize, tid: i32, nt: i32): void {
  const b = ptr(args, 0);
  const bRow = arg(args, 1);
  const bCol = arg(args, 2);
  const K = arg(args, 3);
  const units = arg(args, 4);
  const gates = arg(args, 5);
  const dst = ptr(args, 6);
  const panel = <usize>K * <usize>(NR * 4);
  const count = ((units + NR - 1) / NR) * gates;
  for (let j = share(count, tid, nt); j < share(count, tid + 1, nt); j++) {
    const group = j / gates;
    const gate = j % gates;
    // packB puts panel `group` of this gate's columns at its dst + group · panel.
    const source = b + ((<usize>gate * <usize>units * <usize>bCol) << 2);
    packB(source, bRow, bCol, K, units, dst + <usize>(j - group) * panel, group, group + 1);
  }
}

/** args: C, M, N, ldc, bias (0: zeros). Sets every row of C to bias. */
export function fill_rows(args: usize, tid: i32, nt: i32): void {
  const c = ptr(args, 0);
  const M = arg(args, 1);
  const N = arg(args, 2);
  const ldc = arg(args, 3);
  const bias = ptr(args, 4);
  const bytes = (<usize>N) << 2;
  for (let m = share(M, tid, nt); m < share(M, tid + 1, nt); m++) {
    const row = at(c, <usize>m * <usize>ldc);
    if (bias == 0) memory.fill(row, 0, bytes);
    else memory.copy(row, bias, bytes);
  }
}

/** args: src, rows, cols, ld, dst, accumulate. dst[j] (+)= Σ_i src[i, j]. */
export function column_sums(args: usize, tid: i32, nt: i32): void {
  const src = ptr(args, 0);
  const rows = arg(args, 1);
  const cols = arg(args, 2);
  const ld = <usize>arg(args, 3);
  const dst = ptr(args, 4);
  const accumulate = arg(args, 5) != 0;
  const blocks = (cols + 3) / 4;
  for (let q = share(blocks, tid, nt); q < share(blocks, tid + 1, nt); q++) {
    const j = q * 4;
    const n = min(4, cols - j);
    let s = accumulate ? loadN(at(dst, <usize>j), n) : f32x4.splat(0.0);
    let p = at(src, <usize>j);
    for (let i = 0; i < rows; i++) {
      s = f32x4.add(s, loadN(p, n));
      p += ld << 2;
    }
    storeN(at(dst, <usize>j), s, n);
  }
}

/**
 * args: C, M, N, ldc, bias (0: none), activation (0 linear, 1 relu, 2 relu6, 3 sigmoid,
 * 4 leaky relu), alpha (f32, leaky relu's slope). C = act(C + bias) row by row.
 */
export function bias_activation(args: usize, tid: i32, nt: i32): void {
  const c = ptr(args, 0);
  const M = arg(args, 1);
  const N = arg(args, 2);
  const ldc = arg(args, 3);
  const bias = ptr(args, 4);
  const activation = arg(args, 5);
  const alpha = f32x4.splat(real(args, 6));
  const zero = f32x4.splat(0.0);
  for (let m = share(M, tid, nt); m < share(M, tid + 1, nt); m++) {
    const row = at(c, <usize>m * <usize>ldc);
    for (let j = 0; j < N; j += 4) {
      const n = min(4, N - j);
      const o = (<usize>j) << 2;
      let x = loadN(row + o, n);
      if (bias != 0) x = f32x4.add(x, loadN(bias + o, n));
      if (activation == 1) x = f32x4.max(x, zero);
      else if (activation == 2) x = f32x4.min(f32x4.max(x, zero), f32x4.splat(6.0));
      else if (activation == 3) x = sigmoid4(x);
      else if (activation == 4) x = v128.bitselect(x, f32x4.mul(x, alpha), f32x4.ge(x, zero));
      storeN(row + o, x, n);
    }
  }
}
