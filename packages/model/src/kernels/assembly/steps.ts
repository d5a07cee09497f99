/** Pieces shared by the recurrent sequence kernels (LSTM, GRU). */
import { at } from './args';
import { loadN, storeN } from './math';

/** Slot of the input step read at step s (reading from the end when going backwards). */
@inline
export function slot(s: i32, T: i32, backwards: bool): i32 {
  return backwards ? T - 1 - s : s;
}

/**
 * Writes bias + x · W into `count` units of a gate row, for inputs of D features: the input
 * projection done step by step, for small D. W and bias hold gate i of unit u in column
 * i · stride + u (`gates` gates); the row gets it at g + 4 (i · rowStride + u).
 */
@inline
export function project(
  g: usize,
  x: usize,
  D: i32,
  W: usize,
  bias: usize,
  count: i32,
  stride: i32,
  gates: i32,
  rowStride: i32,
): void {
  const ldw = <usize>(gates * stride) << 2;
  for (let gate = 0; gate < gates; gate++) {
    const column = <usize>(gate * stride) << 2;
    const out = g + (<usize>(gate * rowStride) << 2);
    for (let u = 0; u < count; u += 4) {
      const n = min(4, count - u);
      const o = column + (<usize>u << 2);
      let acc = loadN(bias + o, n);
      let w = W + o;
      for (let d = 0; d < D; d++) {
        acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(x + (<usize>d << 2)), loadN(w, n)));
        w += ldw;
      }
      storeN(out + (<usize>u << 2), acc, n);
    }
  }
}

/** Whether row b skips input step t (mask 0). */
@inline
export function skipped(mask: usize, row: usize, t: i32): bool {
  return mask != 0 && load<f32>(at(mask, row + <usize>t)) == 0;
}

