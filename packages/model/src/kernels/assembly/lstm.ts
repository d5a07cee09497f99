/**
 * The whole-sequence LSTM of tfjs-layers (gate order i, f, c, o; h = o · tanh(c)), forward and
 * backward through time, for a share of the batch rows per thread.
 *
 * Layout, all row-major f32, batch-major like the layer's input [B, T, D]:
 * - G [B, T, 4U]: on entry to the forward pass x · W + b per input step; the forward pass
 *   replaces it with the activated gates, the backward pass with the gradient of the
 *   pre-activations (dZ).
 * - HP, CP [B, T, U]: the h and c entering each step, stored in the slot of the input step the
 *   step reads (slot τ(s) = s, or T − 1 − s when going backwards), so that HPᵀ · dZ and Xᵀ · dZ
 *   pair rows correctly in either direction.
 * - hT, cT [B, U]: the final states; Y [B, T, U] (optional): h after each step, in step order.
 * - h0, c0 [B, U]: the start states; a null pointer stands for zeros (then the first step's
 *   gates are the input's projection alone, without the recurrent product).
 * - mask [B, T] (optional), by input step: where it is 0 the step is skipped as tfjs-layers
 *   skips it: h and c carry over, the step's output is the h entering it, its gates get no
 *   gradient and the gradients of h and c pass through unchanged.
 */
import { arg, at, ptr } from './args';
import { gemmPacked, gemmPackedRows, MR, NR, packA, share } from './gemm';
import { project, skipped, slot } from './steps';
import { barrier } from './sync';
import { gate4, gateGrad4, loadN, storeN, tanh4 } from './math';

/**
 * Activates `count` units of one row's gates in place (gate i of unit u at g + 4 (i · stride + u))
 * and writes their new c and h.
 */
@inline
function cellForward(g: usize, cPrev: usize, cNext: usize, hNext: usize, y: usize, count: i32, stride: i32, hard: bool): void {
  const gate = <usize>stride << 2;
  for (let u = 0; u < count; u += 4) {
    const n = min(4, count - u);
    const o = <usize>u << 2;
    const i = gate4(loadN(g + o, n), hard);
    const f = gate4(loadN(g + gate + o, n), hard);
    const z = tanh4(loadN(g + 2 * gate + o, n));
    const og = gate4(loadN(g + 3 * gate + o, n), hard);
    const c = f32x4.add(f32x4.mul(f, loadN(cPrev + o, n)), f32x4.mul(i, z));
    const h = f32x4.mul(og, tanh4(c));
    storeN(g + o, i, n);
    storeN(g + gate + o, f, n);
    storeN(g + 2 * gate + o, z, n);
    storeN(g + 3 * gate + o, og, n);
    storeN(cNext + o, c, n);
    storeN(hNext + o, h, n);
    if (y != 0) storeN(y + o, h, n);
  }
}

/** Copies `bytes` of a start state from `state` at element `index` to `dst`, or zeros them when `state` is 0 (all zero). */
@inline
function startState(dst: usize, state: usize, index: usize, bytes: usize): void {
  if (state == 0) memory.fill(dst, 0, bytes);
  else memory.copy(dst, at(state, index), bytes);
}

/** A skipped step: `count` units of h and c carry over, and the output is the h entering it. */
@inline
function carry(hPrev: usize, cPrev: usize, hNext: usize, cNext: usize, y: usize, count: i32): void {
  const bytes = <usize>count << 2;
  memory.copy(hNext, hPrev, bytes);
  memory.copy(cNext, cPrev, bytes);
  if (y != 0) memory.copy(y, hPrev, bytes);
}

/**
 * Forward pass for batch rows [share(B, tid), share(B, tid + 1)).
 *
 * args (i32): B, T, U, backwards, hard, G, HP, CP, hT, cT, Y (0: none), Upacked (U as a packed
 * B operand), scratch, scratchBytesPerThread, tiles, h0, c0, mask (0: none), x, D, W, bias,
 * project (1: G is empty and each step computes its bias + x · W; 0: G already holds them).
 */
export function lstm_forward(args: usize, tid: i32, nt: i32): void {
  const B = arg(args, 0);
  const T = arg(args, 1);
  const U = arg(args, 2);
  const backwards = arg(args, 3) != 0;
  const hard = arg(args, 4) != 0;
  const G = ptr(args, 5);
  const HP = ptr(args, 6);
  const CP = ptr(args, 7);
  const hT = ptr(args, 8);
  const cT = ptr(args, 9);
  const Y = ptr(args, 10);
  const packedU = ptr(args, 11);
  const scratch = ptr(args, 12) + <usize>tid * ptr(args, 13);
  const tile = ptr(args, 14) + <usize>tid * <usize>(MR * NR * 4);
  const h0 = ptr(args, 15);
  const c0 = ptr(args, 16);
  const mask = ptr(args, 17);
  const x = ptr(args, 18);
  const D = arg(args, 19);
  const W = ptr(args, 20);
  const bias = ptr(args, 21);
  const projected = arg(args, 22) == 0;
  const r0 = share(B, tid, nt);
  const rows = share(B, tid + 1, nt) - r0;
  if (rows <= 0) return;
  const U4 = 4 * U;
  const first = slot(0, T, backwards);
  for (let r = 0; r < rows; r++) {
    const b = <usize>(r0 + r);
    startState(at(HP, (b * <usize>T + <usize>first) * <usize>U), h0, b * <usize>U, <usize>U << 2);
    startState(at(CP, (b * <usize>T + <usize>first) * <usize>U), c0, b * <usize>U, <usize>U << 2);
  }
  const packed = rows >= MR;
  const panels = (rows + MR - 1) / MR;
  const columnPanels = (U4 + NR - 1) / NR;
  for (let s = 0; s < T; s++) {
    const t = slot(s, T, backwards);
    const hRows = at(HP, (<usize>r0 * <usize>T + <usize>t) * <usize>U);
    const gRows = at(G, (<usize>r0 * <usize>T + <usize>t) * <usize>U4);
    if (!projected) {
      for (let r = 0; r < rows; r++) {
        const row = <usize>(r0 + r) * <usize>T + <usize>t;
        project(at(G, row * <usize>U4), at(x, row * <usize>D), D, W, bias, U, U, 4, U);
      }
    }
    if (s == 0 && h0 == 0) {
      // h entering is zero: the gates are the input's projection alone
    } else if (packed) {
      packA(hRows, T * U, 1, rows, U, scratch, 0, panels);
      gemmPacked(rows, U4, U, scratch, packedU, gRows, T * U4, true, 0, panels, 0, columnPanels, tile);
    } else {
      gemmPackedRows(rows, U4, U, hRows, T * U, 1, packedU, gRows, T * U4, true, 0, columnPanels);
    }
    const last = s == T - 1;
    const next = last ? 0 : slot(s + 1, T, backwards);
    for (let r = 0; r < rows; r++) {
      const b = <usize>(r0 + r);
      const row = b * <usize>T;
      const g = at(G, (row + <usize>t) * <usize>U4);
      const cPrev = at(CP, (row + <usize>t) * <usize>U);
      const cNext = last ? at(cT, b * <usize>U) : at(CP, (row + <usize>next) * <usize>U);
      const hNext = last ? at(hT, b * <usize>U) : at(HP, (row + <usize>next) * <usize>U);
      const y: usize = Y == 0 ? 0 : at(Y, (row + <usize>s) * <usize>U);
      if (skipped(mask, row, t)) carry(at(HP, (row + <usize>t) * <usize>U), cPrev, hNext, cNext, y, U);
      else cellForward(g, cPrev, cNext, hNext, y, U, U, hard);
    }
  }
}

/**
 * Forward pass split by units instead of rows, for batches too small to share: thread tid
 * computes units [u0, u1) (multiples of NR; U must be one) of every row, reading only its
 * columns of the packed recurrent kernel, and the threads meet at a barrier after every step.
 *
 * args: as {@link lstm_forward}.
 */
export function lstm_forward_units(args: usize, tid: i32, nt: i32): void {
  const B = arg(args, 0);
  const T = arg(args, 1);
  const U = arg(args, 2);
  const backwards = arg(args, 3) != 0;
  const hard = arg(args, 4) != 0;
  const G = ptr(args, 5);
  const HP = ptr(args, 6);
  const CP = ptr(args, 7);
  const hT = ptr(args, 8);
  const cT = ptr(args, 9);
  const Y = ptr(args, 10);
  const packedU = ptr(args, 11);
  const h0 = ptr(args, 15);
  const c0 = ptr(args, 16);
  const mask = ptr(args, 17);
  const x = ptr(args, 18);
  const D = arg(args, 19);
  const W = ptr(args, 20);
  const bias = ptr(args, 21);
  const projected = arg(args, 22) == 0;
  const U4 = 4 * U;
  const blocks = U / NR;
  const u0 = share(blocks, tid, nt) * NR;
  const count = share(blocks, tid + 1, nt) * NR - u0;
  const offset = <usize>u0 << 2;
  const bytes = <usize>count << 2;
  const first = slot(0, T, backwards);
  for (let b = 0; b < B; b++) {
    const row = <usize>b * <usize>T + <usize>first;
    startState(at(HP, row * <usize>U) + offset, h0, <usize>b * <usize>U + <usize>u0, bytes);
    startState(at(CP, row * <usize>U) + offset, c0, <usize>b * <usize>U + <usize>u0, bytes);
  }
  if (!barrier(nt, 1)) return;
  for (let s = 0; s < T; s++) {
    const t = slot(s, T, backwards);
    const last = s == T - 1;
    const next = last ? 0 : slot(s + 1, T, backwards);
    if (count > 0) {
      const hRows = at(HP, <usize>t * <usize>U);
      const gRows = at(G, <usize>t * <usize>U4);
      if (!projected) {
        for (let b = 0; b < B; b++) {
          const row = <usize>b * <usize>T + <usize>t;
          project(at(G, row * <usize>U4) + offset, at(x, row * <usize>D), D, W + offset, bias + offset, count, U, 4, U);
        }
      }
      for (let gate = 0; gate < 4 && (s > 0 || h0 != 0); gate++) {
        const q0 = (gate * U + u0) / NR;
        gemmPackedRows(B, U4, U, hRows, T * U, 1, packedU, gRows, T * U4, true, q0, q0 + count / NR);
      }
      for (let b = 0; b < B; b++) {
        const row = <usize>b * <usize>T;
        const g = at(G, (row + <usize>t) * <usize>U4) + offset;
        const cPrev = at(CP, (row + <usize>t) * <usize>U) + offset;
        const cNext = (last ? at(cT, <usize>b * <usize>U) : at(CP, (row + <usize>next) * <usize>U)) + offset;
        const hNext = (last ? at(hT, <usize>b * <usize>U) : at(HP, (row + <usize>next) * <usize>U)) + offset;
        const y: usize = Y == 0 ? 0 : at(Y, (row + <usize>s) * <usize>U) + offset;
        if (skipped(mask, row, t)) carry(at(HP, (row + <usize>t) * <usize>U) + offset, cPrev, hNext, cNext, y, count);
        else cellForward(g, cPrev, cNext, hNext, y, count, U, hard);
      }
    }
    if (!barrier(nt, s + 2)) return;
  }
}

/**
 * One step of one row for inference: activates `count` units' gates (gate i of unit u at
 * g + 4 (i · stride + u); read, not stored) and updates their c and h in place.
 */
@inline
function cellInfer(g: usize, stride: i32, c: usize, h: usize, y: usize, count: i32, hard: bool): void {
  const gate = <usize>stride << 2;
  for (let u = 0; u < count; u += 4) {
    const n = min(4, count - u);
    const o = <usize>u << 2;
    const i = gate4(loadN(g + o, n), hard);
    const f = gate4(loadN(g + gate + o, n), hard);
    const z = tanh4(loadN(g + 2 * gate + o, n));
    const og = gate4(loadN(g + 3 * gate + o, n), hard);
    const cNew = f32x4.add(f32x4.mul(f, loadN(c + o, n)), f32x4.mul(i, z));
    const hNew = f32x4.mul(og, tanh4(cNew));
    storeN(c + o, cNew, n);
    storeN(h + o, hNew, n);
    if (y != 0) storeN(y + o, hNew, n);
  }
}

/** Floats per row of the inference tile: the four gates of {@link NR} units. */
const TILE_ROW: i32 = 4 * NR;

/**
 * Forward pass for inference: keeps nothing for a backward pass. Thread tid takes batch rows
 * [bounds[tid], bounds[tid + 1]) (the caller sizes the shares to the threads' speeds), in
 * chunks of at most `chunkRows` rows, each run through every step in the thread's scratch: its
 * rows' h and c, a copy of h entering the step (packed when it has MR rows or more) and a tile
 * of gates. The recurrent kernel is packed gate-interleaved (`pack_b_gates`), so each step runs
 * 8 units at a time: their four gates' products land side by side in the tile (rows × 32
 * floats, in L1), and the cell update reads them there instead of a whole [rows, 4U] gate block.
 *
 * args (i32): B, T, U, backwards, hard, G (x · W + b [B, T, 4U]; 0 when each step projects its
 * input), Y (0: none), hT, cT, Upacked (gate-interleaved), scratch, scratchBytesPerThread,
 * tiles, h0, c0, mask (0: none), x, D, W, bias, chunkRows, then bounds (nt + 1 row indices).
 * Scratch per thread: h entering the step (chunkRows rounded up to MR) × U, then h and c
 * (chunkRows × U each), then the tile (chunkRows × 4 · NR).
 */
export function lstm_infer(args: usize, tid: i32, nt: i32): void {
  const chunkRows = arg(args, 20);
  const scratch = ptr(args, 10) + <usize>tid * ptr(args, 11);
  const edge = ptr(args, 12) + <usize>tid * <usize>(MR * NR * 4);
  const end = arg(args, 22 + tid);
  for (let r0 = arg(args, 21 + tid); r0 < end; ) {
    let rows = min(chunkRows, end - r0);
    // A last chunk of fewer than MR rows would take the unpacked product, whose sums round
    // differently: results must not depend on how the batch was shared, so leave it MR more.
    const rest = end - r0 - rows;
    if (rest > 0 && rest < MR) rows -= MR;
    inferRows(args, r0, rows, scratch, edge);
    r0 += rows;
  }
}

/** lstm_infer's work on batch rows [r0, r0 + rows) (args as there). */
function inferRows(args: usize, r0: i32, rows: i32, scratch: usize, edge: usize): void {
  const T = arg(args, 1);
  const U = arg(args, 2);
  const backwards = arg(args, 3) != 0;
  const hard = arg(args, 4) != 0;
  const G = ptr(args, 5);
  const Y = ptr(args, 6);
  const hT = ptr(args, 7);
  const cT = ptr(args, 8);
  const packedU = ptr(args, 9);
  const h0 = ptr(args, 13);
  const c0 = ptr(args, 14);
  const mask = ptr(args, 15);
  const x = ptr(args, 16);
  const D = arg(args, 17);
  const W = ptr(args, 18);
  const bias = ptr(args, 19);
  const U4 = 4 * U;
  const rowBytes = <usize>U << 2;
  const panels = (rows + MR - 1) / MR;
  const packed = rows >= MR;
  const hIn = scratch;
  const h = hIn + <usize>panels * <usize>MR * rowBytes;
  const c = h + <usize>rows * rowBytes;
  const tile = c + <usize>rows * rowBytes;
  const tileBytes = <usize>TILE_ROW << 2;
  startState(h, h0, <usize>r0 * <usize>U, <usize>rows * rowBytes);
  startState(c, c0, <usize>r0 * <usize>U, <usize>rows * rowBytes);
  const groups = (U + NR - 1) / NR;
  for (let s = 0; s < T; s++) {
    const t = slot(s, T, backwards);
    // h entering is zero at a zero start: the gates are then the input's projection alone
    const recurrent = s > 0 || h0 != 0;
    if (recurrent) {
      if (packed) packA(h, U, 1, rows, U, hIn, 0, panels);
      else memory.copy(hIn, h, <usize>rows * rowBytes);
    }
    for (let group = 0; group < groups; group++) {
      const u0 = group * NR;
      const count = min(NR, U - u0);
      const unitBytes = <usize>u0 << 2;
      for (let r = 0; r < rows; r++) {
        const row = <usize>(r0 + r) * <usize>T + <usize>t;
        const tileRow = tile + <usize>r * tileBytes;
        if (G == 0) {
          project(tileRow, at(x, row * <usize>D), D, W + unitBytes, bias + unitBytes, count, U, 4, NR);
        } else {
          for (let gate = 0; gate < 4; gate++) {
            const from = at(G, row * <usize>U4 + <usize>(gate * U)) + unitBytes;
            memory.copy(tileRow + (<usize>(gate * NR) << 2), from, <usize>count << 2);
          }
        }
      }
      if (recurrent) {
        // Panels 4·group … 4·group + 3 hold this group's four gates: their columns land at tile
        // columns 0 … 31 when C starts 4·group panels' widths before the tile.
        const q0 = 4 * group;
        const cBase = tile - (<usize>(q0 * NR) << 2);
        if (packed) {
          gemmPacked(rows, (q0 + 4) * NR, U, hIn, packedU, cBase, TILE_ROW, true, 0, panels, q0, q0 + 4, edge);
        } else {
          gemmPackedRows(rows, (q0 + 4) * NR, U, hIn, U, 1, packedU, cBase, TILE_ROW, true, q0, q0 + 4);
        }
      }
      for (let r = 0; r < rows; r++) {
        const b = <usize>(r0 + r);
        const offset = <usize>r * rowBytes + unitBytes;
        const y: usize = Y == 0 ? 0 : at(Y, (b * <usize>T + <usize>s) * <usize>U) + unitBytes;
        if (skipped(mask, b * <usize>T, t)) {
          if (y != 0) memory.copy(y, h + offset, <usize>count << 2);
        } else {
          cellInfer(tile + <usize>r * tileBytes, NR, c + offset, h + offset, y, count, hard);
        }
      }
    }
  }
  memory.copy(at(hT, <usize>r0 * <usize>U), h, <usize>rows * rowBytes);
  memory.copy(at(cT, <usize>r0 * <usize>U), c, <usize>rows * rowBytes);
}

/** Turns one row's activated gates into dZ in place and updates the row's dh (consumed) and dc. */
@inline
function cellBackward(g: usize, cPrev: usize, cNow: usize, dh: usize, dc: usize, U: i32, hard: bool): void {
  const gate = <usize>U << 2;
  const one = f32x4.splat(1.0);
  for (let u = 0; u < U; u += 4) {
    const n = min(4, U - u);
    const o = <usize>u << 2;
    const i = loadN(g + o, n);
    const f = loadN(g + gate + o, n);
    const z = loadN(g + 2 * gate + o, n);
    const og = loadN(g + 3 * gate + o, n);
    const tc = tanh4(loadN(cNow + o, n));
    const dhu = loadN(dh + o, n);
    const dcu = f32x4.add(loadN(dc + o, n), f32x4.mul(f32x4.mul(dhu, og), f32x4.sub(one, f32x4.mul(tc, tc))));
    const dO = f32x4.mul(dhu, tc);
    const dI = f32x4.mul(dcu, z);
    const dF = f32x4.mul(dcu, loadN(cPrev + o, n));
    const dZ = f32x4.mul(dcu, i);
    storeN(dc + o, f32x4.mul(dcu, f), n);
    storeN(g + o, f32x4.mul(dI, gateGrad4(i, hard)), n);
    storeN(g + gate + o, f32x4.mul(dF, gateGrad4(f, hard)), n);
    storeN(g + 2 * gate + o, f32x4.mul(dZ, f32x4.sub(one, f32x4.mul(z, z))), n);
    storeN(g + 3 * gate + o, f32x4.mul(dO, gateGrad4(og, hard)), n);
  }
}

/**
 * Backward pass through time for batch rows [share(B, tid), share(B, tid + 1)): replaces the
 * activated gates in G by dZ and writes dh0, dc0.
 *
 * args (i32): B, T, U, backwards, hard, G, CP, cT, dY (0: none), dhT (0: none), dcT (0: none),
 * UTpacked (Uᵀ packed as a 4U × U B operand), dh0, dc0, scratch, scratchBytesPerThread, tiles,
 * mask (0: none).
 */
export function lstm_backward(args: usize, tid: i32, nt: i32): void {
  const B = arg(args, 0);
  const T = arg(args, 1);
  const U = arg(args, 2);
  const backwards = arg(args, 3) != 0;
  const hard = arg(args, 4) != 0;
  const G = ptr(args, 5);
  const CP = ptr(args, 6);
  const cT = ptr(args, 7);
  const dY = ptr(args, 8);
  const dhT = ptr(args, 9);
  const dcT = ptr(args, 10);
  const packedUT = ptr(args, 11);
  const dh0 = ptr(args, 12);
  const dc0 = ptr(args, 13);
  const scratch = ptr(args, 14) + <usize>tid * ptr(args, 15);
  const tile = ptr(args, 16) + <usize>tid * <usize>(MR * NR * 4);
  const mask = ptr(args, 17);
  const r0 = share(B, tid, nt);
  const rows = share(B, tid + 1, nt) - r0;
  if (rows <= 0) return;
  const U4 = 4 * U;
  const rowBytes = <usize>U << 2;
  const dh = scratch;
  const dc = dh + <usize>rows * rowBytes;
  const packs = dc + <usize>rows * rowBytes;
  const panels = (rows + MR - 1) / MR;
  for (let r = 0; r < rows; r++) {
    const b = <usize>(r0 + r);
    const d = <usize>r * rowBytes;
    if (dhT != 0) memory.copy(dh + d, at(dhT, b * <usize>U), rowBytes);
    else memory.fill(dh + d, 0, rowBytes);
    if (dcT != 0) memory.copy(dc + d, at(dcT, b * <usize>U), rowBytes);
    else memory.fill(dc + d, 0, rowBytes);
  }
  for (let s = T - 1; s >= 0; s--) {
    const t = slot(s, T, backwards);
    const last = s == T - 1;
    const next = last ? 0 : slot(s + 1, T, backwards);
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
      const g = at(G, (row + <usize>t) * <usize>U4);
      if (skipped(mask, row, t)) {
        // dh and dc pass through to the step before; the gates get no gradient.
        memory.fill(g, 0, rowBytes << 2);
        continue;
      }
      const cPrev = at(CP, (row + <usize>t) * <usize>U);
      const cNow = last ? at(cT, b * <usize>U) : at(CP, (row + <usize>next) * <usize>U);
      cellBackward(g, cPrev, cNow, dhRow, dc + <usize>r * rowBytes, U, hard);
      memory.fill(dhRow, 0, rowBytes);
    }
    // dh entering the step = dZ · Uᵀ, plus the carried dh of skipped rows (left in place above).
    const gRows = at(G, (<usize>r0 * <usize>T + <usize>t) * <usize>U4);
    packA(gRows, T * U4, 1, rows, U4, packs, 0, panels);
    gemmPacked(rows, U, U4, packs, packedUT, dh, U, true, 0, panels, 0, (U + NR - 1) / NR, tile);
  }
  for (let r = 0; r < rows; r++) {
    const b = <usize>(r0 + r);
    memory.copy(at(dh0, b * <usize>U), dh + <usize>r * rowBytes, rowBytes);
    memory.copy(at(dc0, b * <usize>U), dc + <usize>r * rowBytes, rowBytes);
  }
}
