/**
 * Executors for the resampler's stages (see `resample-plan`) and the chain that runs them.
 * Each stage works on a whole signal: it computes output samples `0..count−1` from an input
 * that is zero before index 0 and past its end, which is exactly what a streaming resampler
 * sees when it is primed with zeros and flushed with zeros. Buffers are kept and reused
 * between calls: allocating large arrays per call costs more than the filtering.
 */
import FFT from 'fft.js';
import { type RealFft, realFftPlan } from './fft';
import {
  type FirPlan,
  FRACTION_ONE,
  type HalfBandPlan,
  type PolyphasePlan,
  type StagePlan,
} from './resample-plan';

/**
 * {@link FRACTION_ONE} (2³²) copied into a module-local constant on purpose: an imported binding
 * read in a hot loop goes through the module object's getter when the code runs as CommonJS
 * (tsx, vitest), which made the interpolating loops twice as slow.
 */
const ONE = FRACTION_ONE;

/**
 * A stage ready to run, with its tables built once.
 *
 * @internal
 */
export interface StageRunner {
  /** How many zero samples the stage reads before its input's first sample. */
  readonly margin: number;
  /** How many leading input samples outputs `0..count−1` depend on. */
  inputsNeeded(count: number): number;
  /**
   * Writes outputs `0..count−1` to `output[outputOffset…]`. The input's sample `i` is at
   * `input[offset + i]`; the caller guarantees zeros at `margin` indices before `offset` and
   * `inputsNeeded(count)` valid samples from `offset`.
   */
  run(
    input: Float64Array,
    offset: number,
    output: Float64Array,
    outputOffset: number,
    count: number,
  ): void;
}

/** The part of fft.js we use, typed (its own declarations say `any`). */
interface ComplexFft {
  transform(out: Float64Array, data: Float64Array): void;
}

class HalfBandRunner implements StageRunner {
  readonly margin: number;
  private readonly coefs: Float64Array;

  constructor(plan: HalfBandPlan) {
    this.coefs = plan.coefs;
    this.margin = 2 * plan.coefs.length - 1;
  }

  inputsNeeded(count: number): number {
    return count === 0 ? 0 : 2 * (count - 1) + this.margin + 1;
  }

  run(
    input: Float64Array,
    offset: number,
    output: Float64Array,
    outputOffset: number,
    count: number,
  ): void {
    const { coefs } = this;
    const taps = coefs.length;
    for (let i = 0; i < count; i++) {
      const centre = offset + 2 * i;
      let sum = input[centre]! * 0.5;
      for (let j = 0; j < taps; j++) {
        sum += (input[centre - 2 * j - 1]! + input[centre + 2 * j + 1]!) * coefs[j]!;
      }
      output[outputOffset + i] = sum;
    }
  }
}

/** FFT size for a filter of `numTaps` taps: about 4–8× the length (as libsoxr chooses). */
function fftSizeFor(numTaps: number): number {
  const log2 = Math.log(numTaps) / Math.log(2);
  return 2 ** Math.max(10, Math.trunc(log2 + 2.77));
}

/**
 * Rational FIR stage by overlap-save FFT convolution of the zero-stuffed input. Two
 * consecutive real blocks share one complex FFT (one in the real part, one in the imaginary
 * part): the filter is real, so the two convolutions come back separated.
 *
 * @internal
 */
export class FirRunner implements StageRunner {
  readonly margin = 0;
  readonly up: number;
  readonly down: number;
  /** Half the filter length: the centre tap's index. */
  readonly half: number;
  readonly size: number;
  /** Output positions (at the up-sampled rate) produced per block. */
  readonly blockLength: number;
  private readonly fft: ComplexFft;
  /** FFT of the zero-padded taps, divided by the FFT size. */
  readonly spectrum: Float64Array;
  private readonly data: Float64Array;
  private readonly freq: Float64Array;

  constructor(plan: FirPlan) {
    const numTaps = plan.taps.length;
    this.up = plan.up;
    this.down = plan.down;
    this.half = (numTaps - 1) >> 1;
    this.size = fftSizeFor(numTaps);
    this.blockLength = this.size - numTaps + 1;
    this.fft = new FFT(this.size) as ComplexFft;
    this.data = new Float64Array(2 * this.size);
    this.freq = new Float64Array(2 * this.size);
    this.spectrum = new Float64Array(2 * this.size);
    for (let i = 0; i < numTaps; i++) this.data[2 * i] = plan.taps[i]! / this.size;
    this.fft.transform(this.spectrum, this.data);
  }

  inputsNeeded(count: number): number {
    return count === 0 ? 0 : Math.floor(((count - 1) * this.down + this.half) / this.up) + 1;
  }

  /**
   * Writes up-sampled positions `[start, start + size)` of the zero-stuffed input (whose
   * samples `0..length−1` are at `input[offset…]`) into the real or imaginary part of `data`.
   */
  private load(input: Float64Array, offset: number, length: number, start: number, part: 0 | 1) {
    const { up, size, data } = this;
    const first = Math.max(0, Math.ceil(start / up));
    const last = Math.min(length - 1, Math.floor((start + size - 1) / up));
    for (let q = first, k = 2 * (first * up - start) + part; q <= last; q++, k += 2 * up) {
      data[k] = input[offset + q]!;
    }
  }

  run(
    input: Float64Array,
    offset: number,
    output: Float64Array,
    outputOffset: number,
    count: number,
  ): void {
    if (count === 0) return;
    const { down, half, size, blockLength, fft, data, freq, spectrum } = this;
    const length = this.inputsNeeded(count);
    const positions = (count - 1) * down + 1;
    const shift = 2 * half; // position t of a block starting at s is at circular index t − s + shift
    let next = 0; // next output index to fill
    for (let t0 = 0; t0 < positions; t0 += 2 * blockLength) {
      const t1 = t0 + blockLength;
      data.fill(0);
      this.load(input, offset, length, t0 - half, 0);
      if (t1 < positions) this.load(input, offset, length, t1 - half, 1);
      fft.transform(freq, data);
      // Inverse FFT as conj(FFT(conj(X·H))); the 1/size is folded into the spectrum.
      for (let i = 0; i < 2 * size; i += 2) {
        const xr = freq[i]!;
        const xi = freq[i + 1]!;
        const hr = spectrum[i]!;
        const hi = spectrum[i + 1]!;
        data[i] = xr * hr - xi * hi;
        data[i + 1] = -(xr * hi + xi * hr);
      }
      fft.transform(freq, data);
      const endA = Math.min(count, Math.ceil(t1 / down));
      for (let j = next; j < endA; j++) {
        output[outputOffset + j] = freq[2 * (j * down - t0 + shift)]!;
      }
      const endB = Math.min(count, Math.ceil((t1 + blockLength) / down));
      for (let j = endA; j < endB; j++) {
        output[outputOffset + j] = -freq[2 * (j * down - t1 + shift) + 1]!;
      }
      next = endB;
    }
  }
}

/**
 * Up-sampling by 2 (`up` 2, `down` 1), the pre-stage of 24000/24414 → 22050 Hz: the filter
 * splits into its even and odd taps, two real filters `g₀`, `g₁` on the input itself (no zero
 * stuffing), and output `2m + r` is `(gᵣ ∗ x)[m]`. Overlap-save: one real FFT of an input block,
 * a product with the complex spectrum `G₀ + i·G₁`, one complex inverse FFT whose real and
 * imaginary parts are the even and odd outputs — already interleaved as the output wants them.
 * Half the transforms of convolving the zero-stuffed signal.
 *
 * @internal
 */
export class UpByTwoFirRunner implements StageRunner {
  readonly margin = 0;
  /** Half the filter length: the centre tap's index. */
  readonly half: number;
  /** Range of lags `d` of the phase filters `gᵣ[d] = h[2d + r + half]`. */
  readonly lagLow: number;
  readonly lagHigh: number;
  /** FFT size. */
  readonly size: number;
  /** Outputs per phase produced per block. */
  readonly blockLength: number;
  private readonly realFft: RealFft;
  private readonly fft: ComplexFft;
  /** `G₀ + i·G₁` over all `size` bins, divided by `size`. */
  readonly spectrum: Float64Array;
  private readonly block: Float64Array;
  private readonly blockSpectrum: Float64Array;
  private readonly product: Float64Array;
  private readonly result: Float64Array;

  constructor(plan: FirPlan) {
    const taps = plan.taps;
    const numTaps = taps.length;
    this.half = (numTaps - 1) >> 1;
    this.lagLow = Math.ceil(-this.half / 2 - 0.5);
    this.lagHigh = Math.floor((numTaps - 1 - this.half) / 2);
    const span = this.lagHigh - this.lagLow;
    this.size = Math.max(1024, 2 ** Math.ceil(Math.log2(8 * (span + 1))));
    this.blockLength = this.size - span;
    this.realFft = realFftPlan(this.size);
    this.fft = new FFT(this.size) as ComplexFft;
    const kernel = new Float64Array(2 * this.size);
    for (let d = this.lagLow; d <= this.lagHigh; d++) {
      for (let r = 0; r < 2; r++) {
        const i = 2 * d + r + this.half;
        if (i >= 0 && i < numTaps) kernel[2 * (d - this.lagLow) + r] = taps[i]! / this.size;
      }
    }
    this.spectrum = new Float64Array(2 * this.size);
    this.fft.transform(this.spectrum, kernel);
    this.block = new Float64Array(this.size);
    this.blockSpectrum = this.realFft.createOutput();
    this.product = new Float64Array(2 * this.size);
    this.result = new Float64Array(2 * this.size);
  }

  inputsNeeded(count: number): number {
    return count === 0 ? 0 : Math.floor((count - 1 + this.half) / 2) + 1;
  }

  run(
    input: Float64Array,
    offset: number,
    output: Float64Array,
    outputOffset: number,
    count: number,
  ): void {
    const { size, blockLength, lagLow, lagHigh, block, blockSpectrum, product, result } = this;
    const { spectrum } = this;
    const length = this.inputsNeeded(count);
    const perPhase = (count + 1) >> 1;
    const halfSize = size >> 1;
    for (let m0 = 0; m0 < perPhase; m0 += blockLength) {
      // Block input x[s .. s + size): circular index n holds output m = s + n + lagLow.
      const s = m0 - lagHigh;
      const first = Math.max(0, -s);
      const end = Math.min(size, length - s);
      block.fill(0, 0, first);
      for (let n = first; n < end; n++) block[n] = input[offset + s + n]!;
      block.fill(0, Math.max(first, end));
      this.realFft.forward(block, blockSpectrum);
      // Product with G over all bins (X[size − k] = conj X[k]), conjugated for the inverse.
      for (let k = 0; k <= halfSize; k++) {
        const xr = blockSpectrum[2 * k]!;
        const xi = blockSpectrum[2 * k + 1]!;
        const gr = spectrum[2 * k]!;
        const gi = spectrum[2 * k + 1]!;
        product[2 * k] = xr * gr - xi * gi;
        product[2 * k + 1] = -(xr * gi + xi * gr);
      }
      for (let k = 1, j = 2 * (size - 1); k < halfSize; k++, j -= 2) {
        const xr = blockSpectrum[2 * k]!;
        const xi = blockSpectrum[2 * k + 1]!;
        const hr = spectrum[j]!;
        const hi = spectrum[j + 1]!;
        product[j] = xr * hr + xi * hi;
        product[j + 1] = xi * hr - xr * hi;
      }
      this.fft.transform(result, product);
      // result = conj(ifft): real part is the even output, −imaginary the odd one.
      const to = Math.min(count, 2 * (m0 + blockLength));
      const shift = 2 * (lagHigh - lagLow) - 2 * m0; // result index of output p
      let p = 2 * m0;
      for (; p + 1 < to; p += 2) {
        output[outputOffset + p] = result[p + shift]!;
        output[outputOffset + p + 1] = -result[p + shift + 1]!;
      }
      if (p < to) output[outputOffset + p] = result[p + shift]!;
    }
  }
}

/**
 * The polyphase stage: exact rational phases, or phases interpolated linearly or quadratically
 * between stored ones (see {@link PolyphasePlan}).
 *
 * @internal
 */
export class PolyphaseRunner implements StageRunner {
  /** Input samples before the output position that the filter reaches. */
  readonly margin: number;
  readonly plan: PolyphasePlan;

  constructor(plan: PolyphasePlan) {
    this.plan = plan;
    this.margin = (plan.numCoefs - 1) >> 1;
  }

  /** Index of the input sample at or before the last output's position. */
  private lastPosition(count: number): number {
    const { order, start, step, stepFraction, up } = this.plan;
    if (order === 0) return Math.floor((start + (count - 1) * step) / up);
    const whole =
      BigInt(start) + BigInt(count - 1) * ((BigInt(step) << 32n) + BigInt(stepFraction));
    return Number(whole >> 32n);
  }

  inputsNeeded(count: number): number {
    return count === 0 ? 0 : this.lastPosition(count) - this.margin + this.plan.numCoefs;
  }

  run(
    input: Float64Array,
    offset: number,
    output: Float64Array,
    outputOffset: number,
    count: number,
  ): void {
    // Output j's first tap reads input sample (position − margin).
    const first = offset - this.margin;
    const out = output.subarray(outputOffset, outputOffset + count);
    if (this.plan.order === 0) this.runRational(input, first, out);
    else if (this.plan.order === 1) this.runLinear(input, first, out);
    else this.runQuadratic(input, first, out);
  }

  private runRational(src: Float64Array, first: number, out: Float64Array): void {
    const { coefs, numCoefs, up, start, step } = this.plan;
    // Position = base·up + phase, stepped without division.
    let base = first + Math.floor(start / up);
    let phase = start % up;
    const baseStep = Math.floor(step / up);
    const phaseStep = step % up;
    const count = out.length;
    if (numCoefs === 14) {
      rational14(coefs, src, out, base, phase, up, baseStep, phaseStep);
      return;
    }
    for (let j = 0; j < count; j++) {
      let c = phase * numCoefs;
      // Four independent partial sums: short dependency chains.
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      let sum3 = 0;
      let k = base;
      const end = base + numCoefs;
      for (; k + 3 < end; k += 4, c += 4) {
        sum0 += coefs[c]! * src[k]!;
        sum1 += coefs[c + 1]! * src[k + 1]!;
        sum2 += coefs[c + 2]! * src[k + 2]!;
        sum3 += coefs[c + 3]! * src[k + 3]!;
      }
      for (; k < end; k++, c++) sum0 += coefs[c]! * src[k]!;
      out[j] = sum0 + sum1 + (sum2 + sum3);
      base += baseStep;
      phase += phaseStep;
      if (phase >= up) {
        phase -= up;
        base++;
      }
    }
  }

  private runLinear(src: Float64Array, first: number, out: Float64Array): void {
    const { coefs, numCoefs, start, step, stepFraction, phaseBits } = this.plan;
    const phaseShift = 32 - phaseBits;
    let base = first;
    let fraction = start;
    for (let j = 0; j < out.length; j++) {
      const x = Math.fround(((fraction << phaseBits) >>> 0) / ONE);
      let c = (fraction >>> phaseShift) * numCoefs * 2;
      // Constant and linear terms summed separately: two short dependency chains.
      let sum0 = 0;
      let sum1 = 0;
      for (let k = base, end = base + numCoefs; k < end; k++, c += 2) {
        const s = src[k]!;
        sum0 += coefs[c]! * s;
        sum1 += coefs[c + 1]! * s;
      }
      out[j] = sum0 + sum1 * x;
      fraction += stepFraction;
      base += step;
      if (fraction >= ONE) {
        fraction -= ONE;
        base++;
      }
    }
  }

  private runQuadratic(src: Float64Array, first: number, out: Float64Array): void {
    const { coefs, numCoefs, start, step, stepFraction, phaseBits } = this.plan;
    if (numCoefs === 14) {
      quadratic14(coefs, src, out, first, start, step, stepFraction, phaseBits);
      return;
    }
    const phaseShift = 32 - phaseBits;
    let base = first;
    let fraction = start;
    for (let j = 0; j < out.length; j++) {
      const x = Math.fround(((fraction << phaseBits) >>> 0) / ONE);
      let c = (fraction >>> phaseShift) * numCoefs * 3;
      // Two taps per iteration; each of the constant, linear and quadratic terms in two partial
      // sums: short dependency chains.
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      let sum3 = 0;
      let sum4 = 0;
      let sum5 = 0;
      let k = base;
      const end = base + numCoefs;
      for (; k + 1 < end; k += 2, c += 6) {
        const s = src[k]!;
        const t = src[k + 1]!;
        sum0 += coefs[c]! * s;
        sum1 += coefs[c + 1]! * s;
        sum2 += coefs[c + 2]! * s;
        sum3 += coefs[c + 3]! * t;
        sum4 += coefs[c + 4]! * t;
        sum5 += coefs[c + 5]! * t;
      }
      if (k < end) {
        const s = src[k]!;
        sum0 += coefs[c]! * s;
        sum1 += coefs[c + 1]! * s;
        sum2 += coefs[c + 2]! * s;
      }
      out[j] = sum0 + sum3 + (sum1 + sum4 + (sum2 + sum5) * x) * x;
      fraction += stepFraction;
      base += step;
      if (fraction >= ONE) {
        fraction -= ONE;
        base++;
      }
    }
  }
}

/**
 * The rational polyphase loop for 14 taps per phase (libsoxr HQ's length for ratios between
 * about 0.5 and 2.2, e.g. 24000/48000/96000 → 22050 Hz), fully unrolled: no inner loop, four
 * partial sums. About 20% faster than the generic loop.
 */
function rational14(
  coefs: Float64Array,
  src: Float64Array,
  out: Float64Array,
  firstBase: number,
  firstPhase: number,
  up: number,
  baseStep: number,
  phaseStep: number,
): void {
  let base = firstBase;
  let phase = firstPhase;
  for (let j = 0; j < out.length; j++) {
    const c = phase * 14;
    let sum0 = 0;
    let sum1 = 0;
    let sum2 = 0;
    let sum3 = 0;
    sum0 += coefs[c + 0]! * src[base + 0]!;
    sum1 += coefs[c + 1]! * src[base + 1]!;
    sum2 += coefs[c + 2]! * src[base + 2]!;
    sum3 += coefs[c + 3]! * src[base + 3]!;
    sum0 += coefs[c + 4]! * src[base + 4]!;
    sum1 += coefs[c + 5]! * src[base + 5]!;
    sum2 += coefs[c + 6]! * src[base + 6]!;
    sum3 += coefs[c + 7]! * src[base + 7]!;
    sum0 += coefs[c + 8]! * src[base + 8]!;
    sum1 += coefs[c + 9]! * src[base + 9]!;
    sum2 += coefs[c + 10]! * src[base + 10]!;
    sum3 += coefs[c + 11]! * src[base + 11]!;
    sum0 += coefs[c + 12]! * src[base + 12]!;
    sum1 += coefs[c + 13]! * src[base + 13]!;
    out[j] = sum0 + sum1 + (sum2 + sum3);
    base += baseStep;
    phase += phaseStep;
    if (phase >= up) {
      phase -= up;
      base++;
    }
  }
}

/**
 * The quadratic-interpolation polyphase loop for 14 taps per phase (libsoxr HQ's length for
 * e.g. 24414 → 22050 Hz), fully unrolled; each of the three terms in two partial sums.
 */
function quadratic14(
  coefs: Float64Array,
  src: Float64Array,
  out: Float64Array,
  first: number,
  start: number,
  step: number,
  stepFraction: number,
  phaseBits: number,
): void {
  const phaseShift = 32 - phaseBits;
  let base = first;
  let fraction = start;
  for (let j = 0; j < out.length; j++) {
    const x = Math.fround(((fraction << phaseBits) >>> 0) / ONE);
    const c = (fraction >>> phaseShift) * 42;
    let sum0 = 0;
    let sum1 = 0;
    let sum2 = 0;
    let sum3 = 0;
    let sum4 = 0;
    let sum5 = 0;
    const s0 = src[base + 0]!;
    sum0 += coefs[c + 0]! * s0;
    sum1 += coefs[c + 1]! * s0;
    sum2 += coefs[c + 2]! * s0;
    const s1 = src[base + 1]!;
    sum3 += coefs[c + 3]! * s1;
    sum4 += coefs[c + 4]! * s1;
    sum5 += coefs[c + 5]! * s1;
    const s2 = src[base + 2]!;
    sum0 += coefs[c + 6]! * s2;
    sum1 += coefs[c + 7]! * s2;
    sum2 += coefs[c + 8]! * s2;
    const s3 = src[base + 3]!;
    sum3 += coefs[c + 9]! * s3;
    sum4 += coefs[c + 10]! * s3;
    sum5 += coefs[c + 11]! * s3;
    const s4 = src[base + 4]!;
    sum0 += coefs[c + 12]! * s4;
    sum1 += coefs[c + 13]! * s4;
    sum2 += coefs[c + 14]! * s4;
    const s5 = src[base + 5]!;
    sum3 += coefs[c + 15]! * s5;
    sum4 += coefs[c + 16]! * s5;
    sum5 += coefs[c + 17]! * s5;
    const s6 = src[base + 6]!;
    sum0 += coefs[c + 18]! * s6;
    sum1 += coefs[c + 19]! * s6;
    sum2 += coefs[c + 20]! * s6;
    const s7 = src[base + 7]!;
    sum3 += coefs[c + 21]! * s7;
    sum4 += coefs[c + 22]! * s7;
    sum5 += coefs[c + 23]! * s7;
    const s8 = src[base + 8]!;
    sum0 += coefs[c + 24]! * s8;
    sum1 += coefs[c + 25]! * s8;
    sum2 += coefs[c + 26]! * s8;
    const s9 = src[base + 9]!;
    sum3 += coefs[c + 27]! * s9;
    sum4 += coefs[c + 28]! * s9;
    sum5 += coefs[c + 29]! * s9;
    const s10 = src[base + 10]!;
    sum0 += coefs[c + 30]! * s10;
    sum1 += coefs[c + 31]! * s10;
    sum2 += coefs[c + 32]! * s10;
    const s11 = src[base + 11]!;
    sum3 += coefs[c + 33]! * s11;
    sum4 += coefs[c + 34]! * s11;
    sum5 += coefs[c + 35]! * s11;
    const s12 = src[base + 12]!;
    sum0 += coefs[c + 36]! * s12;
    sum1 += coefs[c + 37]! * s12;
    sum2 += coefs[c + 38]! * s12;
    const s13 = src[base + 13]!;
    sum3 += coefs[c + 39]! * s13;
    sum4 += coefs[c + 40]! * s13;
    sum5 += coefs[c + 41]! * s13;
    out[j] = sum0 + sum3 + (sum1 + sum4 + (sum2 + sum5) * x) * x;
    fraction += stepFraction;
    base += step;
    if (fraction >= ONE) {
      fraction -= ONE;
      base++;
    }
  }
}

function createStageRunner(plan: StagePlan): StageRunner {
  switch (plan.kind) {
    case 'halfBand':
      return new HalfBandRunner(plan);
    case 'fir':
      return plan.up === 2 && plan.down === 1 ? new UpByTwoFirRunner(plan) : new FirRunner(plan);
    case 'polyphase':
      return new PolyphaseRunner(plan);
  }
}

/** Scratch buffers longer than this (samples) are released after use instead of kept. */
const MAX_RETAINED_SAMPLES = 1 << 19;

/**
 * A chain of planned stages with reusable buffers: buffer `s` holds stage `s`'s input after
 * `margin` zeros. Not re-entrant (JavaScript runs it to completion, so sharing is safe).
 *
 * @example
 * ```ts
 * const chain = new StageChain(planStages(24414 / 22050));
 * const out = new Float32Array(22050);
 * chain.process(y, 22050, out); // y: 24414 samples
 * ```
 */
export class StageChain {
  readonly stages: readonly StageRunner[];
  private readonly buffers: Float64Array[];

  constructor(plans: readonly StagePlan[]) {
    this.stages = plans.map(createStageRunner);
    this.buffers = [];
    for (let s = 0; s <= this.stages.length; s++) this.buffers.push(new Float64Array(0));
  }

  /** Whether the chain has no stages (the ratio is 1). */
  get isIdentity(): boolean {
    return this.stages.length === 0;
  }

  /** Slot `s`'s buffer, grown (zero-filled) to at least `length` samples. */
  private buffer(s: number, length: number): Float64Array {
    let buffer = this.buffers[s]!;
    if (buffer.length < length) {
      buffer = new Float64Array(Math.ceil(length * 1.25));
      this.buffers[s] = buffer;
    }
    return buffer;
  }

  private margin(s: number): number {
    return s < this.stages.length ? this.stages[s]!.margin : 0;
  }

  /** How many input samples each stage needs (the last entry is `count`) for `count` outputs. */
  needed(count: number): number[] {
    const { stages } = this;
    const needed: number[] = new Array<number>(stages.length + 1);
    needed[stages.length] = count;
    for (let s = stages.length - 1; s >= 0; s--)
      needed[s] = stages[s]!.inputsNeeded(needed[s + 1]!);
    return needed;
  }

  /**
   * Writes the first `count` output samples for the input `y` (silent before and after) to
   * `out` (which must hold at least `count`).
   */
  process(y: Float32Array, count: number, out: Float32Array): void {
    const { stages } = this;
    const needed = this.needed(count);

    const margin0 = this.margin(0);
    const input = this.buffer(0, margin0 + Math.max(needed[0]!, y.length));
    const copied = Math.min(y.length, needed[0]!);
    input.set(copied === y.length ? y : y.subarray(0, copied), margin0);
    input.fill(0, margin0 + copied, margin0 + needed[0]!);

    for (let s = 0; s < stages.length; s++) {
      const output = this.buffer(s + 1, this.margin(s + 1) + needed[s + 1]!);
      stages[s]!.run(this.buffers[s]!, this.margin(s), output, this.margin(s + 1), needed[s + 1]!);
    }
    out.set(this.buffers[stages.length]!.subarray(0, count));

    for (let s = 0; s < this.buffers.length; s++) {
      if (this.buffers[s]!.length > MAX_RETAINED_SAMPLES) this.buffers[s] = new Float64Array(0);
    }
  }
}
