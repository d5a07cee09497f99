/**
 * Lane-parallel FFTs on f32x4: every lane holds a different signal (four analysis frames, or four
 * blocks of an overlap-save convolution), so each lane computes exactly the scalar algorithm and
 * the results do not depend on which lane or group a signal landed in.
 *
 * A complex array of n elements is stored element after element, 32 bytes each: the four lanes'
 * real parts (one v128) then their imaginary parts. A power array stores one v128 per bin.
 */

/** Byte size of one lane-parallel complex element. */
export const COMPLEX: usize = 32;

/**
 * Forward DFT `X[k] = Σ x[j]·e^{−2πijk/n}` of the n-element lane-parallel complex array at `x`
 * (n a power of two ≥ 2) by Stockham's self-sorting radix-4 algorithm (one radix-2 pass last
 * when log₂ n is odd), ping-ponging between `x` and `y`. Returns the address holding the result
 * (`x` or `y`); the other buffer is clobbered.
 *
 * `twiddles` holds, for every radix-4 pass over length `len` (n, n/4, …), `len/4` entries of six
 * f32: w, w², w³ (re, im) with w = e^{−2πip/len}, p = 0..len/4−1.
 */
export function fftComplex(x: usize, y: usize, n: i32, twiddles: usize): usize {
  let src = x;
  let dst = y;
  let len = n;
  let stride: i32 = 1;
  let tw = twiddles;
  while (len >= 4) {
    const m = len >> 2;
    const s = <usize>stride * COMPLEX;
    const sm = <usize>m * s;
    if (m === 1) {
      // The last radix-4 pass: every twiddle is 1.
      radix4Untwiddled(src, dst, stride);
      const swap = src;
      src = dst;
      dst = swap;
      len = 1;
      break;
    }
    for (let p: i32 = 0; p < m; p++) {
      const w1r = f32x4.splat(load<f32>(tw));
      const w1i = f32x4.splat(load<f32>(tw, 4));
      const w2r = f32x4.splat(load<f32>(tw, 8));
      const w2i = f32x4.splat(load<f32>(tw, 12));
      const w3r = f32x4.splat(load<f32>(tw, 16));
      const w3i = f32x4.splat(load<f32>(tw, 20));
      tw += 24;
      let a = src + <usize>p * s;
      let out = dst + <usize>(4 * p) * s;
      for (let q: i32 = 0; q < stride; q++) {
        const ar = v128.load(a);
        const ai = v128.load(a, 16);
        const br = v128.load(a + sm);
        const bi = v128.load(a + sm, 16);
        const cr = v128.load(a + 2 * sm);
        const ci = v128.load(a + 2 * sm, 16);
        const dr = v128.load(a + 3 * sm);
        const di = v128.load(a + 3 * sm, 16);
        const apcR = f32x4.add(ar, cr);
        const apcI = f32x4.add(ai, ci);
        const amcR = f32x4.sub(ar, cr);
        const amcI = f32x4.sub(ai, ci);
        const bpdR = f32x4.add(br, dr);
        const bpdI = f32x4.add(bi, di);
        // j·(b − d) = (−(bi − di), br − dr)
        const jbmdR = f32x4.sub(di, bi);
        const jbmdI = f32x4.sub(br, dr);
        v128.store(out, f32x4.add(apcR, bpdR));
        v128.store(out, f32x4.add(apcI, bpdI), 16);
        const t1r = f32x4.sub(amcR, jbmdR);
        const t1i = f32x4.sub(amcI, jbmdI);
        v128.store(out + s, f32x4.sub(f32x4.mul(w1r, t1r), f32x4.mul(w1i, t1i)));
        v128.store(out + s, f32x4.add(f32x4.mul(w1r, t1i), f32x4.mul(w1i, t1r)), 16);
        const t2r = f32x4.sub(apcR, bpdR);
        const t2i = f32x4.sub(apcI, bpdI);
        v128.store(out + 2 * s, f32x4.sub(f32x4.mul(w2r, t2r), f32x4.mul(w2i, t2i)));
        v128.store(out + 2 * s, f32x4.add(f32x4.mul(w2r, t2i), f32x4.mul(w2i, t2r)), 16);
        const t3r = f32x4.add(amcR, jbmdR);
        const t3i = f32x4.add(amcI, jbmdI);
        v128.store(out + 3 * s, f32x4.sub(f32x4.mul(w3r, t3r), f32x4.mul(w3i, t3i)));
        v128.store(out + 3 * s, f32x4.add(f32x4.mul(w3r, t3i), f32x4.mul(w3i, t3r)), 16);
        a += COMPLEX;
        out += COMPLEX;
      }
    }
    const swap = src;
    src = dst;
    dst = swap;
    len = m;
    stride <<= 2;
  }
  if (len === 2) {
    const s = <usize>stride * COMPLEX;
    let a = src;
    let out = dst;
    for (let q: i32 = 0; q < stride; q++) {
      const ar = v128.load(a);
      const ai = v128.load(a, 16);
      const br = v128.load(a + s);
      const bi = v128.load(a + s, 16);
      v128.store(out, f32x4.add(ar, br));
      v128.store(out, f32x4.add(ai, bi), 16);
      v128.store(out + s, f32x4.sub(ar, br));
      v128.store(out + s, f32x4.sub(ai, bi), 16);
      a += COMPLEX;
      out += COMPLEX;
    }
    return dst;
  }
  return src;
}

/** A radix-4 pass over length 4 (twiddles all 1) with `stride` interleaved transforms. */
function radix4Untwiddled(src: usize, dst: usize, stride: i32): void {
  const s = <usize>stride * COMPLEX;
  let a = src;
  let out = dst;
  for (let q: i32 = 0; q < stride; q++) {
    const ar = v128.load(a);
    const ai = v128.load(a, 16);
    const br = v128.load(a + s);
    const bi = v128.load(a + s, 16);
    const cr = v128.load(a + 2 * s);
    const ci = v128.load(a + 2 * s, 16);
    const dr = v128.load(a + 3 * s);
    const di = v128.load(a + 3 * s, 16);
    const apcR = f32x4.add(ar, cr);
    const apcI = f32x4.add(ai, ci);
    const amcR = f32x4.sub(ar, cr);
    const amcI = f32x4.sub(ai, ci);
    const bpdR = f32x4.add(br, dr);
    const bpdI = f32x4.add(bi, di);
    const jbmdR = f32x4.sub(di, bi);
    const jbmdI = f32x4.sub(br, dr);
    v128.store(out, f32x4.add(apcR, bpdR));
    v128.store(out, f32x4.add(apcI, bpdI), 16);
    v128.store(out + s, f32x4.sub(amcR, jbmdR));
    v128.store(out + s, f32x4.sub(amcI, jbmdI), 16);
    v128.store(out + 2 * s, f32x4.sub(apcR, bpdR));
    v128.store(out + 2 * s, f32x4.sub(apcI, bpdI), 16);
    v128.store(out + 3 * s, f32x4.add(amcR, jbmdR));
    v128.store(out + 3 * s, f32x4.add(amcI, jbmdI), 16);
    a += COMPLEX;
    out += COMPLEX;
  }
}

/**
 * The spectrum of a real signal of `size` = 2·half samples from the half-size transform `z` of
 * its samples read as complex pairs (even samples real, odd imaginary): with A = Z[k],
 * B = conj Z[half−k], E = (A + B)/2, O = (A − B)/(2i), X[k] = E + e^{−2πik/size}·O and
 * X[half−k] = conj(E − e^{−2πik/size}·O). `split` holds cos and sin of 2πk/size, k = 0..half/2
 * (pairs of f32). Calls `emit` semantics through `mode`: 0 writes |X[k]|² (one v128 per bin,
 * k = 0..half, at `out`), 1 writes |X[k]| likewise, 2 writes the complex bins k = 0..half
 * (lane-parallel complex elements at `out`).
 */
export function realSpectrum(z: usize, half: i32, split: usize, out: usize, mode: i32): void {
  const z0r = v128.load(z);
  const z0i = v128.load(z, 16);
  const dc = f32x4.add(z0r, z0i);
  const nyquist = f32x4.sub(z0r, z0i);
  const zero = f32x4.splat(0);
  const halfV = f32x4.splat(0.5);
  if (mode === 2) {
    v128.store(out, dc);
    v128.store(out, zero, 16);
    v128.store(out + <usize>half * COMPLEX, nyquist);
    v128.store(out + <usize>half * COMPLEX, zero, 16);
  } else {
    let p0 = f32x4.mul(dc, dc);
    let pn = f32x4.mul(nyquist, nyquist);
    if (mode === 1) {
      p0 = f32x4.sqrt(p0);
      pn = f32x4.sqrt(pn);
    }
    v128.store(out, p0);
    v128.store(out + ((<usize>half) << 4), pn);
  }
  for (let k: i32 = 1; 2 * k <= half; k++) {
    const j = half - k;
    const pa = z + <usize>k * COMPLEX;
    const pb = z + <usize>j * COMPLEX;
    const ar = v128.load(pa);
    const ai = v128.load(pa, 16);
    const br = v128.load(pb);
    const bi = f32x4.neg(v128.load(pb, 16));
    const er = f32x4.mul(halfV, f32x4.add(ar, br));
    const ei = f32x4.mul(halfV, f32x4.add(ai, bi));
    const or = f32x4.mul(halfV, f32x4.sub(ai, bi));
    const oi = f32x4.mul(halfV, f32x4.sub(br, ar));
    const c = f32x4.splat(load<f32>(split + ((<usize>k) << 3)));
    const sn = f32x4.splat(load<f32>(split + ((<usize>k) << 3), 4));
    const tr = f32x4.add(f32x4.mul(or, c), f32x4.mul(oi, sn));
    const ti = f32x4.sub(f32x4.mul(oi, c), f32x4.mul(or, sn));
    const xr = f32x4.add(er, tr);
    const xi = f32x4.add(ei, ti);
    const yr = f32x4.sub(er, tr);
    const yi = f32x4.sub(ei, ti);
    if (mode === 2) {
      const ok = out + <usize>k * COMPLEX;
      const oj = out + <usize>j * COMPLEX;
      v128.store(ok, xr);
      v128.store(ok, xi, 16);
      v128.store(oj, yr);
      v128.store(oj, f32x4.neg(yi), 16);
    } else {
      let pk = f32x4.add(f32x4.mul(xr, xr), f32x4.mul(xi, xi));
      let pj = f32x4.add(f32x4.mul(yr, yr), f32x4.mul(yi, yi));
      if (mode === 1) {
        pk = f32x4.sqrt(pk);
        pj = f32x4.sqrt(pj);
      }
      v128.store(out + ((<usize>k) << 4), pk);
      v128.store(out + ((<usize>j) << 4), pj);
    }
  }
}

/**
 * Loads four real signals of `size` samples (a multiple of 4) starting at the f32 addresses
 * `s0..s3`, each sample multiplied by `window[n]` (f32), as the lane-parallel complex array of
 * `size/2` elements at `z` whose element n is (x[2n], x[2n+1]) in every lane.
 */
export function loadLanes(
  s0: usize,
  s1: usize,
  s2: usize,
  s3: usize,
  size: i32,
  window: usize,
  z: usize,
): void {
  let out = z;
  for (let i: usize = 0; i < (<usize>size) << 2; i += 16) {
    const v0 = v128.load(s0 + i);
    const v1 = v128.load(s1 + i);
    const v2 = v128.load(s2 + i);
    const v3 = v128.load(s3 + i);
    const lo01 = f32x4.shuffle(v0, v1, 0, 4, 1, 5);
    const hi01 = f32x4.shuffle(v0, v1, 2, 6, 3, 7);
    const lo23 = f32x4.shuffle(v2, v3, 0, 4, 1, 5);
    const hi23 = f32x4.shuffle(v2, v3, 2, 6, 3, 7);
    const w = window + i;
    v128.store(out, f32x4.mul(f32x4.shuffle(lo01, lo23, 0, 1, 4, 5), v128.load32_splat(w)));
    v128.store(out, f32x4.mul(f32x4.shuffle(lo01, lo23, 2, 3, 6, 7), v128.load32_splat(w, 4)), 16);
    v128.store(out, f32x4.mul(f32x4.shuffle(hi01, hi23, 0, 1, 4, 5), v128.load32_splat(w, 8)), 32);
    v128.store(out, f32x4.mul(f32x4.shuffle(hi01, hi23, 2, 3, 6, 7), v128.load32_splat(w, 12)), 48);
    out += 2 * COMPLEX;
  }
}
