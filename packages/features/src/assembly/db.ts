/**
 * Power → decibels on f32x4 lanes: `10·log10(max(amin, s)) − refDb` with a single-precision
 * natural logarithm accurate to a few ulp (Cephes' logf polynomial).
 */

/** ln(x) per lane for positive normal x: x = m·2^e with m in [√½, √2), a degree-9 polynomial in m − 1. */
function log4(x: v128): v128 {
  const one = f32x4.splat(1.0);
  let e = i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126));
  let m = v128.or(v128.and(x, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000));
  const small = f32x4.lt(m, f32x4.splat(0.7071067811865476));
  e = i32x4.add(e, small);
  m = f32x4.add(f32x4.sub(m, one), v128.and(m, small));
  const fe = f32x4.convert_i32x4_s(e);
  const z = f32x4.mul(m, m);
  let y = f32x4.splat(7.0376836292e-2);
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.151461031e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(1.167699874e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.2420140846e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(1.4249322787e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.6668057665e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(2.0000714765e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-2.4999993993e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, m), z);
  y = f32x4.add(y, f32x4.mul(fe, f32x4.splat(-2.1219444e-4)));
  y = f32x4.sub(y, f32x4.mul(z, f32x4.splat(0.5)));
  return f32x4.add(f32x4.add(m, y), f32x4.mul(fe, f32x4.splat(0.693359375)));
}

/**
 * Replaces the `vectors`·4 powers at `address` by `scale·ln(max(amin, s)) − refDb` (scale =
 * 10/ln 10 gives decibels) and returns the largest result. `amin` must be a positive normal
 * float.
 */
export function powerToDb(address: usize, vectors: i32, amin: f32, refDb: f32, scale: f32): f32 {
  const floor = f32x4.splat(amin);
  const ref = f32x4.splat(refDb);
  const factor = f32x4.splat(scale);
  let largest = f32x4.splat(-Infinity);
  let at = address;
  for (let v: i32 = 0; v < vectors; v++) {
    const db = f32x4.sub(f32x4.mul(factor, log4(f32x4.max(v128.load(at), floor))), ref);
    v128.store(at, db);
    largest = f32x4.max(largest, db);
    at += 16;
  }
  const pairs = f32x4.max(largest, f32x4.shuffle(largest, largest, 2, 3, 0, 1));
  return max<f32>(f32x4.extract_lane(pairs, 0), f32x4.extract_lane(pairs, 1));
}
