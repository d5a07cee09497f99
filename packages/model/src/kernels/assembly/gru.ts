/**
 * The whole-sequence GRU of tfjs-layers (Keras' reset_after = false; gate order z, r, h):
 * z = σ(x Wz + h Uz + bz), r = σ(x Wr + h Ur + br), hh = tanh(x Wh + (r · h) Uh + bh),
 * h' = z · h + (1 − z) · hh; forward and backward through time, for a share of the batch rows
 * per thread.
 *
 * Layout, all row-major f32, batch-major like the layer's input [B, T, D]:
 * - G [B, T, 3U]: on entry x · W + b per input step (or empty when each step projects its own
 *   input); the forward pass replaces it with z, r and hh, the backward pass with the gradient
 *   of the pre-activations (dG).
 * - HP [B, T, U]: the h entering each step, and RH [B, T, U]: r · h, both in the slot of the
 *   input step the step reads (as for the LSTM), so that HPᵀ · dG and RHᵀ · dG pair rows in
 *   either direction. Skipped steps (mask 0) carry h over and leave RH zero.
 */
import { arg, at, ptr } from './args';
import { gemmPacked, gemmPackedRows, MR, NR, packA, share } from './gemm';
import { gate4, gateGrad4, loadN, storeN, tanh4 } from './math';
import { project, skipped, slot } from './steps';

/**
 * C[rows × N] (+)= A[rows × K] · Bp (B packed), A's rows `aRow` floats apart: packs A into
 * `packs` when there are enough rows to use the register-tiled kernel.
 */
@inline
function product(rows: i32, N: i32, K: i32, a: usize, aRow: i32, bp: usize, c: usize, ldc: i32, accumulate: bool, packs: usize, tile: usize): void {
  const columnPanels = (N + NR - 1) / NR;
  if (rows >= MR) {
    const panels = (rows + MR - 1) / MR;
    packA(a, aRow, 1, rows, K, packs, 0, panels);
    gemmPacked(rows, N, K, packs, bp, c, ldc, accumulate, 0, panels, 0, columnPanels, tile);
  } else {
    gemmPackedRows(rows, N, K, a, aRow, 1, bp, c, ldc, accumulate, 0, columnPanels);
  }
}

/**
 * Forward pass for batch rows [share(B, tid), share(B, tid + 1)).
 *
 * args (i32): B, T, U, backwards, hard, G, HP, RH, hT, Y (0: none), Pzr (Uz|Ur packed as a
 * U × 2U B operand), Ph (Uh packed, U × U), scratch, scratchBytesPerThread, tiles, h0, mask
 * (0: none), x, D, W, bias, project (1: each step computes its own bias + x · W into G).
 */
export function gru_forward(args: usize, tid: i32, nt: i32): void {
  const B = arg(args, 0);
  const T = arg(args, 1);
  const U = arg(args, 2);
  const backwards = arg(args, 3) != 0;
  const hard = arg(args, 4) != 0;
  const G = ptr(args, 5);
  const HP = ptr(args, 6);
  const RH = ptr(args, 7);
  const hT = ptr(args, 8);
  const Y = ptr(args, 9);
  const packedZR = ptr(args, 10);
  const packedH = ptr(args, 11);
  const packs = ptr(args, 12) + <usize>tid * ptr(args, 13);
  const tile = ptr(args, 14) + <usize>tid * <usize>(MR * NR * 4);
  const h0 = ptr(args, 15);
  const mask = ptr(args, 16);
  const x = ptr(args, 17);
  const D = arg(args, 18);
  const W = ptr(args, 19);
  const bias = ptr(args, 20);
  const projectSteps = arg(args, 21) != 0;
  const r0 = share(B, tid, nt);
  const rows = share(B, tid + 1, nt) - r0;
  if (rows <= 0) return;
  const U3 = 3 * U;
  const rowBytes = <usize>U << 2;
  const gate = rowBytes;
  const first = slot(0, T, backwards);
  for (let r = 0; r < rows; r++) {
    const b = <usize>(r0 + r);
    memory.copy(at(HP, (b * <usize>T + <usize>first) * <usize>U), at(h0, b * <usize>U), rowBytes);
  }
  for (let s = 0; s < T; s++) {
    const t = slot(s, T, backwards);
    const last = s == T - 1;
    const next = last ? 0 : slot(s + 1, T, backwards);
    const top = <usize>r0 * <usize>T + <usize>t;
    const gRows = at(G, top * <usize>U3);
    const hRows = at(HP, top * <usize>U);
    const rhRows = at(RH, top * <usize>U);
    if (projectSteps) {
      for (let r = 0; r < rows; r++) {
        const row = <usize>(r0 + r) * <usize>T + <usize>t;
        project(at(G, row * <usize>U3), at(x, row * <usize>D), D, W, bias, U, U, 3, U);
      }
    }
    product(rows, 2 * U, U, hRows, T * U, packedZR, gRows, T * U3, true, packs, tile);
    for (let r = 0; r < rows; r++) {
      const row = <usize>(r0 + r) * <usize>T + <usize>t;
      const g = at(G, row * <usize>U3);
      const hPrev = at(HP, row * <usize>U);
      const rh = at(RH, row * <usize>U);
      if (skipped(mask, <usize>(r0 + r) * <usize>T, t)) {
        memory.fill(rh, 0, rowBytes);
        continue;
      }
      for (let u = 0; u < U; u += 4) {
        const n = min(4, U - u);
        const o = <usize>u << 2;
        const z = gate4(loadN(g + o, n), hard);
        const rr = gate4(loadN(g + gate + o, n), hard);
        storeN(g + o, z, n);
        storeN(g + gate + o, rr, n);
        storeN(rh + o, f32x4.mul(rr, loadN(hPrev + o, n)), n);
      }
    }
    product(rows, U, U, rhRows, T * U, packedH, gRows + 2 * gate, T * U3, true, packs, tile);
    for (let r = 0; r < rows; r++) {
      const b = <usize>(r0 + r);
      const row = b * <usize>T;
      const g = at(G, (row + <usize>t) * <usize>U3);
      const hPrev = at(HP, (row + <usize>t) * <usize>U);
      const hNext = last ? at(hT, b * <usize>U) : at(HP, (row + <usize>next) * <usize>U);
      const y: usize = Y == 0 ? 0 : at(Y, (row + <usize>s) * <usize>U);
      if (skipped(mask, row, t)) {
        memory.copy(hNext, hPrev, rowBytes);
        if (y != 0) memory.copy(y, hPrev, rowBytes);
        continue;
      }
      const one = f32x4.splat(1.0);
      for (let u = 0; u < U; u += 4) {
        const n = min(4, U - u);
        const o = <usize>u << 2;
        const z = loadN(g + o, n);
        const hh = tanh4(loadN(g + 2 * gate + o, n));
        storeN(g + 2 * gate + o, hh, n);
        const h = f32x4.add(f32x4.mul(z, loadN(hPrev + o, n)), f32x4.mul(f32x4.sub(one, z), hh));
        storeN(hNext + o, h, n);
        if (y != 0) storeN(y + o, h, n);
      }
    }
  }
}

/**
 * Backward pass through time for batch rows [share(B, tid), share(B, tid + 1)): replaces the
 * activated gates in G by dG and writes dh0.
 *
 * args (i32): B, T, U, backwards, hard, G, HP, dY (0: none), dhT (0: none), PzrT ((Uz|Ur)ᵀ
 * packed as a 2U × U B operand), PhT (Uhᵀ packed, U × U), dh0, scratch, scratchBytesPerThread,
 * tiles, mask (0: none). Scratch per thread: dh and d(r · h) (rows × U each), then packs.
 */
export function gru_backward(args: usize, tid: i32, nt: i32): void {
  const B = arg(args, 0);
  const T = arg(args, 1);
  const U = arg(args, 2);
  const backwards = arg(args, 3) != 0;
  const hard = arg(args, 4) != 0;
  const G = ptr(args, 5);
  const HP = ptr(args, 6);
  const dY = ptr(args, 7);
  const dhT = ptr(args, 8);
  const packedZRT = ptr(args, 9);
  const packedHT = ptr(args, 10);
  const dh0 = ptr(args, 11);
  const scratch = ptr(args, 12) + <usize>tid * ptr(args, 13);
  const tile = ptr(args, 14) + <usize>tid * <usize>(MR * NR * 4);
  const mask = ptr(args, 15);
  const r0 = share(B, tid, nt);
  const rows = share(B, tid + 1, nt) - r0;
  if (rows <= 0) return;
  const U3 = 3 * U;
  const rowBytes = <usize>U << 2;
  const gate = rowBytes;
  const dh = scratch;
  const dRH = dh + <usize>rows * rowBytes;
  const packs = dRH + <usize>rows * rowBytes;
  if (dhT != 0) memory.copy(dh, at(dhT, <usize>r0 * <usize>U), <usize>rows * rowBytes);
  else memory.fill(dh, 0, <usize>rows * rowBytes);
  const one = f32x4.splat(1.0);
  for (let s = T - 1; s >= 0; s--) {
    const t = slot(s, T, backwards);
    const gRows = at(G, (<usize>r0 * <usize>T + <usize>t) * <usize>U3);
    for (let r = 0; r < rows; r++) {
      const b = <usize>(r0 + r);
      const row = b * <usize>T;
      const dhRow = dh + <usize>r * rowBytes;
      if (dY != 0) {
        const y = at(dY, (row + <usize>s) * <usize>U);
        for (let u = 0; u < U; u += 4) {
          const n = min(4, U - u);
          const o = <usize>u << 2;
          storeN(dhRow + o, f32x4.add(loadN(dhRow + o, n), loadN(y + o, n)), n);
        }
      }
      const g = at(G, (row + <usize>t) * <usize>U3);
      if (skipped(mask, row, t)) {
        // dh passes through to the step before; the gates get no gradient.
        memory.fill(g, 0, 3 * rowBytes);
        continue;
      }
      const hPrev = at(HP, (row + <usize>t) * <usize>U);
      for (let u = 0; u < U; u += 4) {
        const n = min(4, U - u);
        const o = <usize>u << 2;
        const z = loadN(g + o, n);
        const hh = loadN(g + 2 * gate + o, n);
        const d = loadN(dhRow + o, n);
        const dz = f32x4.mul(d, f32x4.sub(loadN(hPrev + o, n), hh));
        const dhh = f32x4.mul(d, f32x4.sub(one, z));
        storeN(g + o, f32x4.mul(dz, gateGrad4(z, hard)), n);
        storeN(g + 2 * gate + o, f32x4.mul(dhh, f32x4.sub(one, f32x4.mul(hh, hh))), n);
        storeN(dhRow + o, f32x4.mul(d, z), n);
      }
    }
    // d(r · h) = dGh · Uhᵀ
    product(rows, U, U, gRows + 2 * gate, T * U3, packedHT, dRH, U, false, packs, tile);
    for (let r = 0; r < rows; r++) {
      const row = <usize>(r0 + r) * <usize>T;
      if (skipped(mask, row, t)) continue;
      const g = at(G, (row + <usize>t) * <usize>U3);
      const hPrev = at(HP, (row + <usize>t) * <usize>U);
      const dhRow = dh + <usize>r * rowBytes;
      const dRow = dRH + <usize>r * rowBytes;
      for (let u = 0; u < U; u += 4) {
        const n = min(4, U - u);
        const o = <usize>u << 2;
        const rr = loadN(g + gate + o, n);
        const d = loadN(dRow + o, n);
        storeN(dhRow + o, f32x4.add(loadN(dhRow + o, n), f32x4.mul(d, rr)), n);
        storeN(g + gate + o, f32x4.mul(f32x4.mul(d, loadN(hPrev + o, n)), gateGrad4(rr, hard)), n);
      }
    }
    // dh entering the step += (dGz | dGr) · (Uz | Ur)ᵀ
    product(rows, U, 2 * U, gRows, T * U3, packedZRT, dh, U, true, packs, tile);
  }
  memory.copy(at(dh0, <usize>r0 * <usize>U), dh, <usize>rows * rowBytes);
}
