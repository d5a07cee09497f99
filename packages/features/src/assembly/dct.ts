/**
 * A transform basis (the MFCC's DCT-II) applied to every column of a matrix, four columns per
 * vector: each column's result is the same whatever its neighbours.
 */

/**
 * `out[k][t] = Σₘ basis[k][m]·input[m][t]` for k < `nOut`, m < `rows`, t < `stride` (a
 * multiple of 4): `input` and `out` are row-major f32 with `stride` columns, `basis` row-major
 * f32 with `rows` columns.
 */
export function applyBasis(
  input: usize,
  rows: i32,
  stride: i32,
  basis: usize,
  nOut: i32,
  out: usize,
): void {
  const rowBytes = (<usize>stride) << 2;
  for (let t: usize = 0; t < (<usize>stride) << 2; t += 16) {
    let b = basis;
    let target = out + t;
    for (let k: i32 = 0; k < nOut; k++) {
      let at = input + t;
      let acc = f32x4.splat(0);
      for (let m: i32 = 0; m < rows; m++) {
        acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(b), v128.load(at)));
        b += 4;
        at += rowBytes;
      }
      v128.store(target, acc);
      target += rowBytes;
    }
  }
}
