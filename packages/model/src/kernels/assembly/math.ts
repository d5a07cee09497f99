/**
 * Vector math on f32x4 lanes: exp, the logistic sigmoid, Keras' hard sigmoid and tanh, accurate
 * to a few ulp (Cephes' single-precision polynomials), and the multiply–add every kernel uses.
 */

/** `acc + a * b`, fused into one instruction where the relaxed-SIMD build allows it. */
@inline
export function madd(acc: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

/** One Horner step, y · x + c, fused where the relaxed-SIMD build allows it. */
@inline
function poly(y: v128, x: v128, c: f32): v128 {
  return madd(f32x4.splat(c), y, x);
}

/** e^x per lane (Cephes expf: x = n ln 2 + r, degree-5 polynomial for e^r, 2^n from the exponent bits). */
@inline
export function exp4(value: v128): v128 {
  // pmax/pmin (one instruction each) keep a NaN that comes first; wasm's min/max take several.
  const x = f32x4.pmin(f32x4.pmax(value, f32x4.splat(-87.0)), f32x4.splat(88.0));
  // n = round(x / ln 2) by the 1.5 · 2²³ trick: its bits are then 0x4B400000 + n.
  const shifted = f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), f32x4.splat(12582912.0));
  const n = f32x4.sub(shifted, f32x4.splat(12582912.0));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let y = f32x4.splat(1.9875691500e-4);
  y = poly(y, r, 1.3981999507e-3);
  y = poly(y, r, 8.3334519073e-3);
  y = poly(y, r, 4.1665795894e-2);
  y = poly(y, r, 1.6666665459e-1);
  y = poly(y, r, 5.0000001201e-1);
  y = f32x4.add(f32x4.add(f32x4.mul(y, f32x4.mul(r, r)), r), f32x4.splat(1.0));
  // (0x4B400000 + n + 127) << 23 = (n + 127) << 23: the shift drops the offset's bits.
  const scale = i32x4.shl(i32x4.add(shifted, i32x4.splat(127)), 23);
  return f32x4.mul(y, scale);
}

/** 1 / (1 + e^-x) per lane. */
@inline
export function sigmoid4(x: v128): v128 {
  return f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), exp4(f32x4.neg(x))));
}

/** Keras' hard sigmoid as tfjs-layers computes it: clip(0.2 x + 0.5, 0, 1), in the same f32 steps. */
@inline
export function hardSigmoid4(x: v128): v128 {
  const y = f32x4.add(f32x4.splat(0.5), f32x4.mul(f32x4.splat(0.2), x));
  return f32x4.pmin(f32x4.pmax(y, f32x4.splat(0.0)), f32x4.splat(1.0));
}

/**
 * tanh per lane: the odd 13/6-degree rational interpolant Eigen uses for single precision (a few
 * ulp on [-9, 9]; beyond, tanh is ±1 in f32): one division and eleven multiply–adds, a third of
 * the work of the exp-based formula.
 */
@inline
export function tanh4(value: v128): v128 {
  const x = f32x4.pmin(f32x4.pmax(value, f32x4.splat(-9.0)), f32x4.splat(9.0));
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-2.76076847742355e-16);
  p = poly(p, z, 2.00018790482477e-13);
  p = poly(p, z, -8.60467152213735e-11);
  p = poly(p, z, 5.12229709037114e-8);
  p = poly(p, z, 1.48572235717979e-5);
  p = poly(p, z, 6.37261928875436e-4);
  p = poly(p, z, 4.89352455891786e-3);
  let q = f32x4.splat(1.19825839466702e-6);
  q = poly(q, z, 1.18534705686654e-4);
  q = poly(q, z, 2.26843463243900e-3);
  q = poly(q, z, 4.89352518554385e-3);
  return f32x4.div(f32x4.mul(x, p), q);
}

/** The recurrent (gate) activation: 0 = sigmoid, 1 = hard sigmoid. */
@inline
export function gate4(x: v128, hard: bool): v128 {
  return hard ? hardSigmoid4(x) : sigmoid4(x);
}

/**
 * The gate activation's derivative from its output y, as tfjs differentiates it: y (1 - y) for
 * the sigmoid, 0.2 where the hard sigmoid is not clipped.
 */
@inline
export function gateGrad4(y: v128, hard: bool): v128 {
  if (hard) {
    const inside = v128.and(f32x4.gt(y, f32x4.splat(0.0)), f32x4.lt(y, f32x4.splat(1.0)));
    return v128.and(f32x4.splat(0.2), inside);
  }
  return f32x4.mul(y, f32x4.sub(f32x4.splat(1.0), y));
}

/** Loads `count` floats (all four when count >= 4) from p into the low lanes; the rest are 0. */
@inline
export function loadN(p: usize, count: i32): v128 {
  if (count >= 4) return v128.load(p);
  let v = f32x4.splat(0.0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (count > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (count > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores the low `count` lanes of v (all four when count >= 4) at p. */
@inline
export function storeN(p: usize, v: v128, count: i32): void {
  if (count >= 4) {
    v128.store(p, v);
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (count > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** Writes f(x) for n floats from src to dst, f = 0 exp, 1 sigmoid, 2 hard sigmoid, 3 tanh (for tests). */
export function map_unary(kind: i32, src: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const count = min(4, n - i);
    const x = loadN(src + (<usize>i << 2), count);
    let y: v128;
    if (kind == 0) y = exp4(x);
    else if (kind == 1) y = sigmoid4(x);
    else if (kind == 2) y = hardSigmoid4(x);
    else y = tanh4(x);
    storeN(dst + (<usize>i << 2), y, count);
  }
}
