/**
 * Executors for the resampler's stages (see `resample-plan`) and the chain that runs them.
 * Each stage works on a whole signal: it computes output samples `0..count−1` from an input
 * that is zero before index 0 and past its end, which is exactly what a streaming resampler
 * sees when it is primed with zeros and flushed with zeros. Buffers are kept and reused
 * between calls: allocating large arrays per call costs more than the filtering.
 */
import FFT from 'fft.js';
import {
  type FirPlan,
  FRACTION_ONE,
  type HalfBandPlan,
  type PolyphasePlan,
  type StagePlan,
} from './resample-plan';

/** A stage ready to run, with its tables built once. */
interface StageRunner {
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
 */
class FirRunner implements StageRunner {
  readonly margin = 0;
  private readonly up: number;
  private readonly down: number;
  /** Half the filter length: the centre tap's index. */
  private readonly half: number;
  private readonly size: number;
  /** Output positions (at the up-sampled rate) produced per block. */
  private readonly blockLength: number;
  private readonly fft: ComplexFft;
  /** FFT of the zero-padded taps, divided by the FFT size. */
  private readonly spectrum: Float64Array;
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

class PolyphaseRunner implements StageRunner {
  /** Input samples before the output position that the filter reaches. */
  readonly margin: number;
  private readonly plan: PolyphasePlan;

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
    for (let j = 0; j < out.length; j++) {
      let c = phase * numCoefs;
      let sum0 = 0;
      let sum1 = 0;
      let k = base;
      const last = base + numCoefs - 1;
      for (; k < last; k += 2, c += 2) {
        sum0 += coefs[c]! * src[k]!;
        sum1 += coefs[c + 1]! * src[k + 1]!;
      }
      if (k === last) sum0 += coefs[c]! * src[k]!;
      out[j] = sum0 + sum1;
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
      const x = Math.fround(((fraction << phaseBits) >>> 0) / FRACTION_ONE);
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
      if (fraction >= FRACTION_ONE) {
        fraction -= FRACTION_ONE;
        base++;
      }
    }
  }

  private runQuadratic(src: Float64Array, first: number, out: Float64Array): void {
    const { coefs, numCoefs, start, step, stepFraction, phaseBits } = this.plan;
    const phaseShift = 32 - phaseBits;
    let base = first;
    let fraction = start;
    for (let j = 0; j < out.length; j++) {
      const x = Math.fround(((fraction << phaseBits) >>> 0) / FRACTION_ONE);
      let c = (fraction >>> phaseShift) * numCoefs * 3;
      // Constant, linear and quadratic terms summed separately: three short dependency chains.
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      for (let k = base, end = base + numCoefs; k < end; k++, c += 3) {
        const s = src[k]!;
        sum0 += coefs[c]! * s;
        sum1 += coefs[c + 1]! * s;
        sum2 += coefs[c + 2]! * s;
      }
      out[j] = sum0 + (sum1 + sum2 * x) * x;
      fraction += stepFraction;
      base += step;
      if (fraction >= FRACTION_ONE) {
        fraction -= FRACTION_ONE;
        base++;
      }
    }
  }
}

function createStageRunner(plan: StagePlan): StageRunner {
  switch (plan.kind) {
    case 'halfBand':
      return new HalfBandRunner(plan);
    case 'fir':
      return new FirRunner(plan);
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
  private readonly stages: readonly StageRunner[];
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

  /**
   * Writes the first `count` output samples for the input `y` (silent before and after) to
   * `out` (which must hold at least `count`).
   */
  process(y: Float32Array, count: number, out: Float32Array): void {
    const { stages } = this;
    const needed: number[] = new Array<number>(stages.length + 1);
    needed[stages.length] = count;
    for (let s = stages.length - 1; s >= 0; s--)
      needed[s] = stages[s]!.inputsNeeded(needed[s + 1]!);

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
