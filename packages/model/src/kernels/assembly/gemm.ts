/**
 * Single-precision matrix products C (+)= A · B on f32x4 lanes.
 *
 * Operands are described by element strides, so one routine serves every transposition:
 * A[m, k] lives at a + 4 (m · aRow + k · aCol), B[k, n] at b + 4 (k · bRow + n · bCol).
 *
 * The main path packs A into panels of 4 rows and B into panels of 8 columns (each panel holds
 * the whole depth K, k-major, padded with zeros) and runs a 4 × 8 register-tiled micro-kernel
 * over blocks of depth KC, so one B micro-panel stays in L1 while a block of A streams from L2.
 * Products with fewer than 4 rows skip packing and read B in place.
 */
import { loadN, madd, storeN } from './math';

/** Rows per A panel. */
export const MR: i32 = 4;
/** Columns per B panel. */
export const NR: i32 = 8;
/** Depth of one block of the product (the B micro-panel is KC × NR floats = 8 KiB). */
const KC: i32 = 256;
/** A panels per row block (MC_PANELS · MR · KC floats = 128 KiB of A kept in L2). */
const MC_PANELS: i32 = 32;

/** First index of thread `tid`'s share when n items are split among nt threads. */
@inline
export function share(n: i32, tid: i32, nt: i32): i32 {
  return <i32>((<i64>n * <i64>tid) / <i64>nt);
}

@inline
function at(base: usize, index: usize): usize {
  return base + (index << 2);
}

/** Packs row panels [p0, p1) of the M × K matrix A into dst. */
export function packA(a: usize, aRow: i32, aCol: i32, M: i32, K: i32, dst: usize, p0: i32, p1: i32): void {
  const kStep = <usize>aCol << 2;
  for (let p = p0; p < p1; p++) {
    const m0 = p * MR;
    const rows = min(MR, M - m0);
    let d = dst + <usize>p * <usize>K * <usize>(MR * 4);
    if (aRow == 1 && rows == MR) {
      let s = at(a, <usize>m0);
      for (let k = 0; k < K; k++) {
        v128.store(d, v128.load(s));
        d += 16;
        s += kStep;
      }
    } else if (aCol == 1 && rows == MR) {
      // Row-major A: transpose 4 × 4 blocks in registers.
      const rowStep = <usize>aRow << 2;
      let s = at(a, <usize>m0 * <usize>aRow);
      let k = 0;
      for (; k + 4 <= K; k += 4) {
        const r0 = v128.load(s);
        const r1 = v128.load(s + rowStep);
        const r2 = v128.load(s + 2 * rowStep);
        const r3 = v128.load(s + 3 * rowStep);
        const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
        const t1 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
        const t2 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
        const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
        v128.store(d, i64x2.shuffle(t0, t1, 0, 2));
        v128.store(d, i64x2.shuffle(t0, t1, 1, 3), 16);
        v128.store(d, i64x2.shuffle(t2, t3, 0, 2), 32);
        v128.store(d, i64x2.shuffle(t2, t3, 1, 3), 48);
        d += 64;
        s += 16;
      }
      for (; k < K; k++) {
        store<f32>(d, load<f32>(s));
        store<f32>(d, load<f32>(s + rowStep), 4);
        store<f32>(d, load<f32>(s + 2 * rowStep), 8);
        store<f32>(d, load<f32>(s + 3 * rowStep), 12);
        d += 16;
        s += 4;
      }
    } else {
      const rowStep = <usize>aRow << 2;
      const s0 = at(a, <usize>m0 * <usize>aRow);
      for (let k = 0; k < K; k++) {
        const s = s0 + <usize>k * kStep;
        store<f32>(d, load<f32>(s));
        store<f32>(d, rows > 1 ? load<f32>(s + rowStep) : 0, 4);
        store<f32>(d, rows > 2 ? load<f32>(s + 2 * rowStep) : 0, 8);
        store<f32>(d, rows > 3 ? load<f32>(s + 3 * rowStep) : 0, 12);
        d += 16;
      }
    }
  }
}

/** Packs column panels [q0, q1) of the K × N matrix B into dst. */
export function packB(b: usize, bRow: i32, bCol: i32, K: i32, N: i32, dst: usize, q0: i32, q1: i32): void {
  for (let q = q0; q < q1; q++) {
    const n0 = q * NR;
    const cols = min(NR, N - n0);
    const d0 = dst + <usize>q * <usize>K * <usize>(NR * 4);
    if (bCol == 1 && cols == NR) {
      let d = d0;
      let s = at(b, <usize>n0);
      const kStep = <usize>bRow << 2;
      for (let k = 0; k < K; k++) {
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
        d += 32;
        s += kStep;
      }
    } else {
      for (let j = 0; j < NR; j++) {
        let d = d0 + (<usize>j << 2);
        if (j < cols) {
          let s = at(b, <usize>(n0 + j) * <usize>bCol);
          const kStep = <usize>bRow << 2;
          for (let k = 0; k < K; k++) {
            store<f32>(d, load<f32>(s));
            d += NR * 4;
            s += kStep;
          }
        } else {
          for (let k = 0; k < K; k++) {
            store<f32>(d, 0);
            d += NR * 4;
          }
        }
      }
    }
  }
}

@inline
function update(c: usize, offset: usize, acc: v128, accumulate: bool): void {
  v128.store(c + offset, accumulate ? f32x4.add(v128.load(c + offset), acc) : acc);
}

/** C[4 × 8] (+)= Ap[4 × kc] · Bp[kc × 8] with both operands packed. */
function micro4x8(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, accumulate: bool): void {
  let c00 = f32x4.splat(0.0);
  let c01 = f32x4.splat(0.0);
  let c10 = f32x4.splat(0.0);
  let c11 = f32x4.splat(0.0);
  let c20 = f32x4.splat(0.0);
  let c21 = f32x4.splat(0.0);
  let c30 = f32x4.splat(0.0);
  let c31 = f32x4.splat(0.0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(c00, a, b0);
    c01 = madd(c01, a, b1);
    a = v128.load32_splat(ap, 4);
    c10 = madd(c10, a, b0);
    c11 = madd(c11, a, b1);
    a = v128.load32_splat(ap, 8);
    c20 = madd(c20, a, b0);
    c21 = madd(c21, a, b1);
    a = v128.load32_splat(ap, 12);
    c30 = madd(c30, a, b0);
    c31 = madd(c31, a, b1);
    ap += 16;
    bp += 32;
  }
  const row = <usize>ldc << 2;
  update(c, 0, c00, accumulate);
  update(c, 16, c01, accumulate);
  update(c, row, c10, accumulate);
  update(c, row + 16, c11, accumulate);
  update(c, 2 * row, c20, accumulate);
  update(c, 2 * row + 16, c21, accumulate);
  update(c, 3 * row, c30, accumulate);
  update(c, 3 * row + 16, c31, accumulate);
}

/**
 * C[M × N] (+)= A · B from packed operands, over row panels [p0, p1) and column panels [q0, q1).
 * `tile` is 128 bytes of scratch for the edge tiles.
 */
export function gemmPacked(
  M: i32,
  N: i32,
  K: i32,
  ap: usize,
  bp: usize,
  c: usize,
  ldc: i32,
  accumulate: bool,
  p0: i32,
  p1: i32,
  q0: i32,
  q1: i32,
  tile: usize,
): void {
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    const add = accumulate || k0 > 0;
    for (let pb = p0; pb < p1; pb += MC_PANELS) {
      const pe = min(pb + MC_PANELS, p1);
      for (let q = q0; q < q1; q++) {
        const n0 = q * NR;
        const cols = min(NR, N - n0);
        const bpan = bp + (<usize>q * <usize>K + <usize>k0) * <usize>(NR * 4);
        for (let p = pb; p < pe; p++) {
          const m0 = p * MR;
          const rows = min(MR, M - m0);
          const apan = ap + (<usize>p * <usize>K + <usize>k0) * <usize>(MR * 4);
          const cp = at(c, <usize>m0 * <usize>ldc + <usize>n0);
          if (rows == MR && cols == NR) {
            micro4x8(kc, apan, bpan, cp, ldc, add);
          } else {
            micro4x8(kc, apan, bpan, tile, NR, false);
            for (let r = 0; r < rows; r++) {
              const dst = cp + ((<usize>r * <usize>ldc) << 2);
              const src = tile + <usize>(r * NR * 4);
              for (let j = 0; j < cols; j++) {
                const o = <usize>j << 2;
                const v = load<f32>(src + o);
                store<f32>(dst + o, add ? load<f32>(dst + o) + v : v);
              }
            }
          }
        }
      }
    }
  }
}

/**
 * C[M × N] (+)= A · B for columns [n0, n1) without packing, B read in place with unit column
 * stride (B[k, n] at b + 4 (k · ldb + n)). For products with fewer than MR rows.
 */
export function gemmSmall(
  M: i32,
  K: i32,
  a: usize,
  aRow: i32,
  aCol: i32,
  b: usize,
  ldb: i32,
  c: usize,
  ldc: i32,
  accumulate: bool,
  n0: i32,
  n1: i32,
): void {
  const kStepA = <usize>aCol << 2;
  const kStepB = <usize>ldb << 2;
  for (let m = 0; m < M; m++) {
    const arow = at(a, <usize>m * <usize>aRow);
    const crow = at(c, <usize>m * <usize>ldc);
    let j = n0;
    for (; j + 32 <= n1; j += 32) {
      const cp = at(crow, <usize>j);
      let s0 = accumulate ? v128.load(cp) : f32x4.splat(0.0);
      let s1 = accumulate ? v128.load(cp, 16) : f32x4.splat(0.0);
      let s2 = accumulate ? v128.load(cp, 32) : f32x4.splat(0.0);
      let s3 = accumulate ? v128.load(cp, 48) : f32x4.splat(0.0);
      let s4 = accumulate ? v128.load(cp, 64) : f32x4.splat(0.0);
      let s5 = accumulate ? v128.load(cp, 80) : f32x4.splat(0.0);
      let s6 = accumulate ? v128.load(cp, 96) : f32x4.splat(0.0);
      let s7 = accumulate ? v128.load(cp, 112) : f32x4.splat(0.0);
      let ap = arow;
      let bp = at(b, <usize>j);
      for (let k = 0; k < K; k++) {
        const x = v128.load32_splat(ap);
        s0 = madd(s0, x, v128.load(bp));
        s1 = madd(s1, x, v128.load(bp, 16));
        s2 = madd(s2, x, v128.load(bp, 32));
        s3 = madd(s3, x, v128.load(bp, 48));
        s4 = madd(s4, x, v128.load(bp, 64));
        s5 = madd(s5, x, v128.load(bp, 80));
        s6 = madd(s6, x, v128.load(bp, 96));
        s7 = madd(s7, x, v128.load(bp, 112));
        ap += kStepA;
        bp += kStepB;
      }
      v128.store(cp, s0);
      v128.store(cp, s1, 16);
      v128.store(cp, s2, 32);
      v128.store(cp, s3, 48);
      v128.store(cp, s4, 64);
      v128.store(cp, s5, 80);
      v128.store(cp, s6, 96);
      v128.store(cp, s7, 112);
    }
    for (; j < n1; j += 4) {
      const count = min(4, n1 - j);
      const cp = at(crow, <usize>j);
      let s = accumulate ? loadN(cp, count) : f32x4.splat(0.0);
      let ap = arow;
      let bp = at(b, <usize>j);
      for (let k = 0; k < K; k++) {
        s = madd(s, v128.load32_splat(ap), loadN(bp, count));
        ap += kStepA;
        bp += kStepB;
      }
      storeN(cp, s, count);
    }
  }
}

/**
 * C[m, cols of panels q0..q1) (+)= A[m, :] · Bp for each of M rows, B packed as for
 * {@link gemmPacked}: one row at a time over four panels at once, for products with fewer than
 * MR rows (four contiguous streams of B instead of K rows strided across memory).
 */
export function gemmPackedRows(
  M: i32,
  N: i32,
  K: i32,
  a: usize,
  aRow: i32,
  aCol: i32,
  bp: usize,
  c: usize,
  ldc: i32,
  accumulate: bool,
  q0: i32,
  q1: i32,
): void {
  const kStepA = <usize>aCol << 2;
  const panel = <usize>K * <usize>(NR * 4);
  for (let m = 0; m < M; m++) {
    const arow = at(a, <usize>m * <usize>aRow);
    const crow = at(c, <usize>m * <usize>ldc);
    let q = q0;
    for (; q + 4 <= q1 && (q + 4) * NR <= N; q += 4) {
      const cp = at(crow, <usize>(q * NR));
      let s0 = accumulate ? v128.load(cp) : f32x4.splat(0.0);
      let s1 = accumulate ? v128.load(cp, 16) : f32x4.splat(0.0);
      let s2 = accumulate ? v128.load(cp, 32) : f32x4.splat(0.0);
      let s3 = accumulate ? v128.load(cp, 48) : f32x4.splat(0.0);
      let s4 = accumulate ? v128.load(cp, 64) : f32x4.splat(0.0);
      let s5 = accumulate ? v128.load(cp, 80) : f32x4.splat(0.0);
      let s6 = accumulate ? v128.load(cp, 96) : f32x4.splat(0.0);
      let s7 = accumulate ? v128.load(cp, 112) : f32x4.splat(0.0);
      let p = bp + <usize>q * panel;
      let ap = arow;
      let k = 0;
      // Two steps of k per iteration: a whole cache line of each of the four streams.
      for (; k + 2 <= K; k += 2) {
        let x = v128.load32_splat(ap);
        s0 = madd(s0, x, v128.load(p));
        s1 = madd(s1, x, v128.load(p, 16));
        s2 = madd(s2, x, v128.load(p + panel));
        s3 = madd(s3, x, v128.load(p + panel, 16));
        s4 = madd(s4, x, v128.load(p + 2 * panel));
        s5 = madd(s5, x, v128.load(p + 2 * panel, 16));
        s6 = madd(s6, x, v128.load(p + 3 * panel));
        s7 = madd(s7, x, v128.load(p + 3 * panel, 16));
        x = v128.load32_splat(ap + kStepA);
        s0 = madd(s0, x, v128.load(p, 32));
        s1 = madd(s1, x, v128.load(p, 48));
        s2 = madd(s2, x, v128.load(p + panel, 32));
        s3 = madd(s3, x, v128.load(p + panel, 48));
        s4 = madd(s4, x, v128.load(p + 2 * panel, 32));
        s5 = madd(s5, x, v128.load(p + 2 * panel, 48));
        s6 = madd(s6, x, v128.load(p + 3 * panel, 32));
        s7 = madd(s7, x, v128.load(p + 3 * panel, 48));
        p += 2 * NR * 4;
        ap += 2 * kStepA;
      }
      if (k < K) {
        const x = v128.load32_splat(ap);
        s0 = madd(s0, x, v128.load(p));
        s1 = madd(s1, x, v128.load(p, 16));
        s2 = madd(s2, x, v128.load(p + panel));
        s3 = madd(s3, x, v128.load(p + panel, 16));
        s4 = madd(s4, x, v128.load(p + 2 * panel));
        s5 = madd(s5, x, v128.load(p + 2 * panel, 16));
        s6 = madd(s6, x, v128.load(p + 3 * panel));
        s7 = madd(s7, x, v128.load(p + 3 * panel, 16));
      }
      v128.store(cp, s0);
      v128.store(cp, s1, 16);
      v128.store(cp, s2, 32);
      v128.store(cp, s3, 48);
      v128.store(cp, s4, 64);
      v128.store(cp, s5, 80);
      v128.store(cp, s6, 96);
      v128.store(cp, s7, 112);
    }
    for (; q < q1; q++) {
      const n0 = q * NR;
      const cp = at(crow, <usize>n0);
      const lo = min(4, N - n0);
      const hi = min(4, N - n0 - 4);
      let s0 = accumulate ? loadN(cp, lo) : f32x4.splat(0.0);
      let s1 = accumulate && hi > 0 ? loadN(cp + 16, hi) : f32x4.splat(0.0);
      let p = bp + <usize>q * panel;
      let ap = arow;
      for (let k = 0; k < K; k++) {
        const x = v128.load32_splat(ap);
        s0 = madd(s0, x, v128.load(p));
        s1 = madd(s1, x, v128.load(p, 16));
        p += NR * 4;
        ap += kStepA;
      }
      storeN(cp, s0, lo);
      if (hi > 0) storeN(cp + 16, s1, hi);
    }
  }
}
