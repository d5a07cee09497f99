/**
 * The resampler's two hot stages for rate pairs such as 24000 or 24414 → 22050 Hz: up-sampling
 * by 2 with a long FIR by overlap-save FFT convolution (four blocks at a time, one per lane) and
 * the polyphase stage (one output at a time, taps on f32x4).
 */
import { COMPLEX, fftComplex, loadLanes, realSpectrum } from './fft';

/**
 * Up-sampling by 2 with a linear-phase FIR split into even and odd phases g₀, g₁, by
 * overlap-save: block b reads `size` samples of the f32 input at `input + 4·b·blockLength`
 * (the caller pads it), takes its real FFT, multiplies by the complex `spectrum` G₀ + i·G₁
 * (`size` f32 pairs, already divided by size) and inverse-transforms; output pairs
 * (2(m₀ + i), 2(m₀ + i) + 1), m₀ = b·blockLength, are the real and negated imaginary parts of
 * element i + span of the result, i = 0..blockLength−1 (blockLength even). Writes
 * 2·blocks·blockLength f32 at `output`. `halfTwiddles`/`split` serve the size/2-point transform
 * of the real FFT, `twiddles` the size-point inverse; `ones` is a window of size ones. `work`
 * needs 4·size·32 bytes.
 */
export function upByTwo(
  input: usize,
  blocks: i32,
  blockLength: i32,
  span: i32,
  size: i32,
  spectrum: usize,
  halfTwiddles: usize,
  split: usize,
  twiddles: usize,
  ones: usize,
  output: usize,
  work: usize,
): void {
  const half = size >> 1;
  const a = work;
  const b = a + <usize>size * COMPLEX;
  const c = b + <usize>size * COMPLEX;
  const d = c + <usize>size * COMPLEX;
  const step = (<usize>blockLength) << 2;
  const last = blocks - 1;
  const zero = f32x4.splat(0);
  for (let b0: i32 = 0; b0 < blocks; b0 += 4) {
    const b1 = min(b0 + 1, last);
    const b2 = min(b0 + 2, last);
    const b3 = min(b0 + 3, last);
    loadLanes(
      input + <usize>b0 * step,
      input + <usize>b1 * step,
      input + <usize>b2 * step,
      input + <usize>b3 * step,
      size,
      ones,
      a,
    );
    const z = fftComplex(a, b, half, halfTwiddles);
    realSpectrum(z, half, split, c, 2);
    // Product with G over all bins (X[size − k] = conj X[k]), conjugated for the inverse.
    for (let k: i32 = 0; k <= half; k++) {
      const x = c + <usize>k * COMPLEX;
      const xr = v128.load(x);
      const xi = v128.load(x, 16);
      const gr = v128.load32_splat(spectrum + ((<usize>k) << 3));
      const gi = v128.load32_splat(spectrum + ((<usize>k) << 3), 4);
      const p = d + <usize>k * COMPLEX;
      v128.store(p, f32x4.sub(f32x4.mul(xr, gr), f32x4.mul(xi, gi)));
      v128.store(p, f32x4.sub(zero, f32x4.add(f32x4.mul(xr, gi), f32x4.mul(xi, gr))), 16);
      if (k > 0 && k < half) {
        const j = size - k;
        const hr = v128.load32_splat(spectrum + ((<usize>j) << 3));
        const hi = v128.load32_splat(spectrum + ((<usize>j) << 3), 4);
        const q = d + <usize>j * COMPLEX;
        v128.store(q, f32x4.add(f32x4.mul(xr, hr), f32x4.mul(xi, hi)));
        v128.store(q, f32x4.sub(f32x4.mul(xi, hr), f32x4.mul(xr, hi)), 16);
      }
    }
    const r = fftComplex(d, a, size, twiddles);
    const o0 = output + <usize>b0 * (step << 1);
    const o1 = output + <usize>b1 * (step << 1);
    const o2 = output + <usize>b2 * (step << 1);
    const o3 = output + <usize>b3 * (step << 1);
    for (let i: i32 = 0; i < blockLength; i += 2) {
      const e = r + <usize>(i + span) * COMPLEX;
      const re0 = v128.load(e);
      const im0 = f32x4.neg(v128.load(e, 16));
      const re1 = v128.load(e, 32);
      const im1 = f32x4.neg(v128.load(e, 48));
      const lo01 = f32x4.shuffle(re0, im0, 0, 4, 1, 5);
      const hi01 = f32x4.shuffle(re0, im0, 2, 6, 3, 7);
      const lo23 = f32x4.shuffle(re1, im1, 0, 4, 1, 5);
      const hi23 = f32x4.shuffle(re1, im1, 2, 6, 3, 7);
      const at = (<usize>i) << 3;
      v128.store(o0 + at, f32x4.shuffle(lo01, lo23, 0, 1, 4, 5));
      v128.store(o1 + at, f32x4.shuffle(lo01, lo23, 2, 3, 6, 7));
      v128.store(o2 + at, f32x4.shuffle(hi01, hi23, 0, 1, 4, 5));
      v128.store(o3 + at, f32x4.shuffle(hi01, hi23, 2, 3, 6, 7));
    }
  }
}

/** The sum of a vector's four lanes. */
function laneSum(v: v128): f32 {
  const pairs = f32x4.add(v, f32x4.shuffle(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(pairs, 0) + f32x4.extract_lane(pairs, 1);
}

/**
 * Exact rational polyphase filtering: output j is Σ coefs[phase][k]·src[base + k] over
 * `vectors`·4 taps (zero-padded coefficients, f32, `vectors`·16 bytes per phase), with
 * (base, phase) starting at (`base`, `phase`) and advancing by `baseStep` samples and
 * `phaseStep` phases (mod `up`) per output.
 */
export function polyphaseRational(
  src: usize,
  output: usize,
  count: i32,
  coefs: usize,
  vectors: i32,
  base: i32,
  phase: i32,
  up: i32,
  baseStep: i32,
  phaseStep: i32,
): void {
  let at = src + ((<usize>base) << 2);
  let p = phase;
  const phaseBytes = (<usize>vectors) << 4;
  const baseBytes = (<usize>baseStep) << 2;
  for (let j: i32 = 0; j < count; j++) {
    const c = coefs + <usize>p * phaseBytes;
    let acc = f32x4.mul(v128.load(at), v128.load(c));
    for (let v: i32 = 1; v < vectors; v++) {
      const o = (<usize>v) << 4;
      acc = f32x4.add(acc, f32x4.mul(v128.load(at + o), v128.load(c + o)));
    }
    store<f32>(output + ((<usize>j) << 2), laneSum(acc));
    at += baseBytes;
    p += phaseStep;
    if (p >= up) {
      p -= up;
      at += 4;
    }
  }
}

/**
 * Polyphase filtering with coefficients interpolated between `2^phaseBits` stored phases
 * (`terms` = 2: linear, 3: quadratic). The position is a 32.32 fixed-point sample index starting
 * at `base` + `start`/2³² and advancing by `step` + `stepFraction`/2³²; its fraction's top bits
 * pick the phase and the rest, as x in [0, 1), weighs the terms: output = Σₜ accₜ·xᵗ with accₜ
 * the dot product of term t's coefficients (`[phase][vector][term]` v128s) with the samples,
 * combined per lane before the lanes are summed.
 */
export function polyphaseInterpolated(
  src: usize,
  output: usize,
  count: i32,
  coefs: usize,
  vectors: i32,
  terms: i32,
  base: i32,
  start: f64,
  step: i32,
  stepFraction: f64,
  phaseBits: i32,
): void {
  let at = src + ((<usize>base) << 2);
  let fraction = <u64>start;
  const increment = <u64>stepFraction;
  const one: u64 = 1 << 32;
  const shift = <u64>(32 - phaseBits);
  const phaseBytes = (<usize>vectors * <usize>terms) << 4;
  const stepBytes = (<usize>step) << 2;
  const quadratic = terms === 3;
  const termBytes = (<usize>terms) << 4;
  for (let j: i32 = 0; j < count; j++) {
    const x = f32x4.splat(<f32>(<f64>(<u32>(fraction << (<u64>phaseBits))) / 4294967296.0));
    let c = coefs + <usize>(fraction >> shift) * phaseBytes;
    let acc0 = f32x4.splat(0);
    let acc1 = f32x4.splat(0);
    let s = at;
    if (quadratic) {
      let acc2 = f32x4.splat(0);
      for (let v: i32 = 0; v < vectors; v++) {
        const samples = v128.load(s);
        acc0 = f32x4.add(acc0, f32x4.mul(samples, v128.load(c)));
        acc1 = f32x4.add(acc1, f32x4.mul(samples, v128.load(c, 16)));
        acc2 = f32x4.add(acc2, f32x4.mul(samples, v128.load(c, 32)));
        c += termBytes;
        s += 16;
      }
      acc1 = f32x4.add(acc1, f32x4.mul(acc2, x));
    } else {
      for (let v: i32 = 0; v < vectors; v++) {
        const samples = v128.load(s);
        acc0 = f32x4.add(acc0, f32x4.mul(samples, v128.load(c)));
        acc1 = f32x4.add(acc1, f32x4.mul(samples, v128.load(c, 16)));
        c += termBytes;
        s += 16;
      }
    }
    // Σₜ accₜ·xᵗ per lane (Horner), then across lanes.
    store<f32>(output + ((<usize>j) << 2), laneSum(f32x4.add(acc0, f32x4.mul(acc1, x))));
    fraction += increment;
    at += stepBytes;
    if (fraction >= one) {
      fraction -= one;
      at += 4;
    }
  }
}
