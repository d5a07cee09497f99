/**
 * The resampler's stage chain on the WebAssembly SIMD kernels, in single precision as
 * libsoxr's own float32 engine: a first FIR stage by FFT convolution (four blocks per pass) and
 * the polyphase stage (exact rational or interpolated phases). The first stage is either the
 * up-by-2 FIR or a plain low-pass FIR that keeps every `down`th output (`up` 1: 44100 or 48000
 * → 22050 or 16000 Hz, say). Chains with other stages (half-band decimators, FIRs up-sampling
 * by more than 2) stay on TypeScript.
 */
import {
  FirRunner,
  PolyphaseRunner,
  type StageChain,
  type StageRunner,
  UpByTwoFirRunner,
} from './resample-stages';
import { complexFftTwiddles, type FeatureKernels, realFftTables } from './wasm-kernels';

/**
 * A first FIR stage in the form of the `upByTwo` kernel, which filters real input blocks with
 * two phase filters at once (`G₀ + i·G₁`) and interleaves their outputs. A plain FIR is phase 0
 * with an empty phase 1: the kernel's even outputs are the filtered signal.
 */
interface FirProgram {
  /** Zeros before the input's first sample. */
  readonly lead: number;
  /** Result element of the first output pair. */
  readonly span: number;
  readonly size: number;
  readonly blockLength: number;
  /** Whether both phases are outputs (up-by-2) or only phase 0, of which every `down`th is kept. */
  readonly bothPhases: boolean;
  readonly down: number;
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
  readonly fir: FirProgram | undefined;
  readonly polyphase: PolyphaseProgram | undefined;
}

function firProgram(runner: StageRunner): FirProgram | undefined {
  let stage: Omit<FirProgram, 'halfTwiddles' | 'split' | 'twiddles' | 'ones'>;
  if (runner instanceof UpByTwoFirRunner) {
    stage = {
      lead: runner.lagHigh,
      span: runner.lagHigh - runner.lagLow,
      size: runner.size,
      blockLength: runner.blockLength,
      bothPhases: true,
      down: 1,
      spectrum: Float32Array.from(runner.spectrum),
    };
  } else if (runner instanceof FirRunner && runner.up === 1) {
    // Output p is Σ h[k]·x[p + half − k]: block element i + 2·half once x is led by half zeros.
    stage = {
      lead: runner.half,
      span: 2 * runner.half,
      size: runner.size,
      blockLength: runner.blockLength,
      bothPhases: false,
      down: runner.down,
      spectrum: Float32Array.from(runner.spectrum),
    };
  } else {
    return undefined;
  }
  // The kernel writes output pairs two at a time.
  if (stage.span % 2 !== 0 || stage.blockLength % 2 !== 0) return undefined;
  const { twiddles: halfTwiddles, split } = realFftTables(stage.size);
  return {
    ...stage,
    halfTwiddles,
    split,
    twiddles: complexFftTwiddles(stage.size),
    ones: new Float32Array(stage.size).fill(1),
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
  let fir: FirProgram | undefined;
  let polyphase: PolyphaseProgram | undefined;
  let next = 0;
  const first = stages[0];
  if (first instanceof UpByTwoFirRunner || first instanceof FirRunner) {
    fir = firProgram(first);
    if (fir === undefined) return undefined;
    next = 1;
  }
  const second = stages[next];
  if (second instanceof PolyphaseRunner) {
    polyphase = polyphaseProgram(second);
    next++;
  }
  return next === stages.length && next > 0 ? { fir, polyphase } : undefined;
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
 * Whether the kernels run this chain (a first FIR stage as {@link FirProgram} describes, and/or
 * a polyphase stage).
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
  const { fir, polyphase } = program;
  kernels.beginCall();
  const coefs = polyphase === undefined ? 0 : kernels.table(polyphase.coefs);
  const margin = polyphase?.runner.margin ?? 0;
  // Stage input of the polyphase stage (or the final output): `margin` zeros, then samples.
  let samples: number;
  if (fir !== undefined) {
    const spectrum = kernels.table(fir.spectrum);
    const halfTwiddles = kernels.table(fir.halfTwiddles);
    const split = kernels.table(fir.split);
    const twiddles = kernels.table(fir.twiddles);
    const ones = kernels.table(fir.ones);
    const { blockLength, size, lead, bothPhases, down } = fir;
    const wanted = needed[1]!;
    // Kernel output pairs needed: up-by-2 fills both of a pair, a plain FIR only the first.
    const pairs = bothPhases ? (wanted + 1) >> 1 : wanted === 0 ? 0 : (wanted - 1) * down + 1;
    const blocks = Math.max(1, Math.ceil(pairs / blockLength));
    const padded = (blocks - 1) * blockLength + size;
    const input = kernels.scratch(4 * padded);
    const produced = 2 * blocks * blockLength;
    const staged = kernels.scratch(4 * (margin + (bothPhases ? produced : wanted) + 4));
    const filtered = bothPhases ? staged + 4 * margin : kernels.scratch(4 * produced);
    const work = kernels.scratch(4 * size * 32);
    const x = kernels.f32(input, padded);
    const copied = Math.min(y.length, needed[0]!, padded - lead);
    x.fill(0, 0, lead);
    x.set(y.subarray(0, copied), lead);
    x.fill(0, lead + copied);
    kernels.f32(staged, margin).fill(0);
    samples = staged + 4 * margin;
    kernels.exports.upByTwo(
      input,
      blocks,
      blockLength,
      fir.span,
      size,
      spectrum,
      halfTwiddles,
      split,
      twiddles,
      ones,
      filtered,
      work,
    );
    if (bothPhases) {
      kernels.f32(staged + 4 * (margin + produced), 4).fill(0);
    } else {
      // Phase 0 outputs sit at the even positions: keep every `down`th of them.
      const from = kernels.f32(filtered, produced);
      const to = kernels.f32(samples, wanted + 4);
      for (let j = 0; j < wanted; j++) to[j] = from[2 * j * down]!;
      to.fill(0, wanted);
    }
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
