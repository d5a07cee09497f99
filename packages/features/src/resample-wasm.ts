/**
 * The resampler's stage chain on the WebAssembly SIMD kernels, in single precision as
 * libsoxr's own float32 engine: an up-by-2 FIR by FFT convolution (four blocks per pass) and
 * the polyphase stage (exact rational or interpolated phases). Chains with other stages
 * (half-band decimators, other rational FIRs) stay on TypeScript.
 */
import {
  PolyphaseRunner,
  type StageChain,
  type StageRunner,
  UpByTwoFirRunner,
} from './resample-stages';
import { complexFftTwiddles, type FeatureKernels, realFftTables } from './wasm-kernels';

/** The up-by-2 stage's tables in kernel form. */
interface UpByTwoProgram {
  readonly runner: UpByTwoFirRunner;
  /** `lagHigh − lagLow`: result element of the first output pair. */
  readonly span: number;
  /** `G₀ + i·G₁` (divided by size) as f32 pairs. */
  readonly spectrum: Float32Array;
  readonly halfTwiddles: Float32Array;
  readonly split: Float32Array;
  readonly twiddles: Float32Array;
  readonly ones: Float32Array;
}

/** The polyphase stage's coefficients in kernel form. */
interface PolyphaseProgram {
  readonly runner: PolyphaseRunner;
  /** Taps per phase rounded up to whole f32x4 vectors. */
  readonly vectors: number;
  /** Rational: `[phase][tap]`; interpolated: `[phase][vector][term][lane]`; zero-padded taps. */
  readonly coefs: Float32Array;
}

interface Program {
  readonly upByTwo: UpByTwoProgram | undefined;
  readonly polyphase: PolyphaseProgram | undefined;
}

function upByTwoProgram(runner: UpByTwoFirRunner): UpByTwoProgram | undefined {
  const span = runner.lagHigh - runner.lagLow;
  // The kernel writes output pairs two at a time.
  if (span % 2 !== 0 || runner.blockLength % 2 !== 0) return undefined;
  const { twiddles: halfTwiddles, split } = realFftTables(runner.size);
  return {
    runner,
    span,
    spectrum: Float32Array.from(runner.spectrum),
    halfTwiddles,
    split,
    twiddles: complexFftTwiddles(runner.size),
    ones: new Float32Array(runner.size).fill(1),
  };
}

function polyphaseProgram(runner: PolyphaseRunner): PolyphaseProgram {
  const { numCoefs, phases, order, coefs } = runner.plan;
  const terms = order + 1;
  const vectors = Math.ceil(numCoefs / 4);
  const out = new Float32Array(phases * vectors * 4 * terms);
  for (let phase = 0; phase < phases; phase++) {
    for (let k = 0; k < numCoefs; k++) {
      for (let term = 0; term < terms; term++) {
        const value = coefs[(phase * numCoefs + k) * terms + term]!;
        const index =
          order === 0
            ? phase * vectors * 4 + k
            : ((phase * vectors + (k >> 2)) * terms + term) * 4 + (k & 3);
        out[index] = value;
      }
    }
  }
  return { runner, vectors, coefs: out };
}

function buildProgram(stages: readonly StageRunner[]): Program | undefined {
  let upByTwo: UpByTwoProgram | undefined;
  let polyphase: PolyphaseProgram | undefined;
  let next = 0;
  const first = stages[0];
  if (first instanceof UpByTwoFirRunner) {
    upByTwo = upByTwoProgram(first);
    if (upByTwo === undefined) return undefined;
    next = 1;
  }
  const second = stages[next];
  if (second instanceof PolyphaseRunner) {
    polyphase = polyphaseProgram(second);
    next++;
  }
  return next === stages.length && next > 0 ? { upByTwo, polyphase } : undefined;
}

const programs = new WeakMap<StageChain, Program | null>();

function programOf(chain: StageChain): Program | undefined {
  let program = programs.get(chain);
  if (program === undefined) {
    program = buildProgram(chain.stages) ?? null;
    programs.set(chain, program);
  }
  return program ?? undefined;
}

/**
 * Whether the kernels run this chain (an up-by-2 FIR and/or a polyphase stage).
 *
 * @internal
 */
export function wasmChainSupported(chain: StageChain): boolean {
  return programOf(chain) !== undefined;
}

/**
 * The chain's first `count` outputs for the input `y` (silent before and after) into `out`, as
 * {@link StageChain.process} computes them, on the kernels (see {@link wasmChainSupported}).
 *
 * @internal
 */
export function wasmResample(
  kernels: FeatureKernels,
  chain: StageChain,
  y: Float32Array,
  count: number,
  out: Float32Array,
): void {
  const program = programOf(chain);
  if (program === undefined) throw new Error('wasmResample: unsupported stage chain');
  const needed = chain.needed(count);
  const { upByTwo, polyphase } = program;
  kernels.beginCall();
  const coefs = polyphase === undefined ? 0 : kernels.table(polyphase.coefs);
  const margin = polyphase?.runner.margin ?? 0;
  // Stage input of the polyphase stage (or the final output): `margin` zeros, then samples.
  let samples: number;
  if (upByTwo !== undefined) {
    const { runner } = upByTwo;
    const spectrum = kernels.table(upByTwo.spectrum);
    const halfTwiddles = kernels.table(upByTwo.halfTwiddles);
    const split = kernels.table(upByTwo.split);
    const twiddles = kernels.table(upByTwo.twiddles);
    const ones = kernels.table(upByTwo.ones);
    const { blockLength, size, lagHigh } = runner;
    const blocks = Math.ceil(((needed[1]! + 1) >> 1) / blockLength);
    const padded = (blocks - 1) * blockLength + size;
    const input = kernels.scratch(4 * padded);
    const produced = 2 * blocks * blockLength;
    const staged = kernels.scratch(4 * (margin + produced + 4));
    const work = kernels.scratch(4 * size * 32);
    const x = kernels.f32(input, padded);
    const copied = Math.min(y.length, needed[0]!, padded - lagHigh);
    x.fill(0, 0, lagHigh);
    x.set(y.subarray(0, copied), lagHigh);
    x.fill(0, lagHigh + copied);
    kernels.f32(staged, margin).fill(0);
    kernels.f32(staged + 4 * (margin + produced), 4).fill(0);
    samples = staged + 4 * margin;
    kernels.exports.upByTwo(
      input,
      blocks,
      blockLength,
      upByTwo.span,
      size,
      spectrum,
      halfTwiddles,
      split,
      twiddles,
      ones,
      samples,
      work,
    );
  } else {
    const length = needed[0]!;
    const staged = kernels.scratch(4 * (margin + length + 4));
    const x = kernels.f32(staged, margin + length + 4);
    const copied = Math.min(y.length, length);
    x.fill(0, 0, margin);
    x.set(y.subarray(0, copied), margin);
    x.fill(0, margin + copied);
    samples = staged + 4 * margin;
  }
  if (polyphase === undefined) {
    out.set(kernels.f32(samples, count));
    return;
  }
  const output = kernels.scratch(4 * count);
  const src = samples - 4 * margin;
  const plan = polyphase.runner.plan;
  if (plan.order === 0) {
    const { up, start, step } = plan;
    kernels.exports.polyphaseRational(
      src,
      output,
      count,
      coefs,
      polyphase.vectors,
      Math.floor(start / up),
      start % up,
      up,
      Math.floor(step / up),
      step % up,
    );
  } else {
    kernels.exports.polyphaseInterpolated(
      src,
      output,
      count,
      coefs,
      polyphase.vectors,
      plan.order + 1,
      0,
      plan.start,
      plan.step,
      plan.stepFraction,
      plan.phaseBits,
    );
  }
  out.set(kernels.f32(output, count));
}
