/**
 * Band-limited, linear-phase sample-rate conversion matching librosa 0.11's default
 * `librosa.resample(y, orig_sr=…, target_sr=…)` (`res_type='soxr_hq'`): a TypeScript port of
 * the algorithm of libsoxr 0.1.3 at its HQ setting (20-bit precision, pass band to ≈0.914 of
 * the lower Nyquist frequency, ≥ 120 dB stop band, output aligned with the input in time).
 */
import { activeKernels } from './backend';
import { FeatureParameterError } from './errors';
import { checkFinite } from './pad';
import { type Float32Allocator, freshFloat32 } from './pool';
import { planStages } from './resample-plan';
import { StageChain } from './resample-stages';
import { wasmChainSupported, wasmResample } from './resample-wasm';

/**
 * Options of {@link resample}: librosa's parameter names and defaults.
 *
 * @example
 * ```ts
 * const options: ResampleOptions = { origSr: 48000, targetSr: 16000, scale: true };
 * ```
 */
export interface ResampleOptions {
  /** Sample rate of `y` in Hz. */
  readonly origSr: number;
  /** Wanted sample rate in Hz. */
  readonly targetSr: number;
  /** Trim or zero-pad the output to exactly `ceil(n · targetSr / origSr)` samples. Default `true`. */
  readonly fix?: boolean;
  /** Divide the output by `sqrt(targetSr / origSr)` so total energy is kept. Default `false`. */
  readonly scale?: boolean;
}

/**
 * Options of {@link Resampler.process}.
 *
 * @example
 * ```ts
 * const exact = new Resampler(24414, 22050).process(y, { fix: false }); // soxr's own length
 * ```
 */
export interface ResamplerProcessOptions {
  /** As {@link ResampleOptions.fix}. Default `true`. */
  readonly fix?: boolean;
  /** As {@link ResampleOptions.scale}. Default `false`. */
  readonly scale?: boolean;
}

function checkRate(name: 'origSr' | 'targetSr', value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new FeatureParameterError(
      name,
      `sample rate must be a positive finite number, got ${value}`,
    );
  }
}

/** Built stage chains by rate pair; a handful of pairs covers any real workload. */
const chains = new Map<string, StageChain>();
const MAX_CACHED_CHAINS = 8;

function stageChain(origSr: number, targetSr: number): StageChain {
  const key = `${origSr}/${targetSr}`;
  let chain = chains.get(key);
  if (chain === undefined) {
    chain = new StageChain(planStages(origSr / targetSr));
    if (chains.size >= MAX_CACHED_CHAINS) {
      const oldest = chains.keys().next().value;
      if (oldest !== undefined) chains.delete(oldest);
    }
    chains.set(key, chain);
  }
  return chain;
}

/**
 * A converter between two sample rates. Its filters and polyphase tables are built once (and
 * shared between instances for the same rate pair), so converting many signals is cheap.
 * Each call to {@link Resampler.process} converts one complete signal.
 *
 * @example
 * ```ts
 * const toLibrosaRate = new Resampler(24414, 22050);
 * for (const clip of clips) features.push(mfcc(toLibrosaRate.process(clip), { sr: 22050 }));
 * ```
 */
export class Resampler {
  /** Input sample rate in Hz. */
  readonly origSr: number;
  /** Output sample rate in Hz. */
  readonly targetSr: number;
  private readonly chain: StageChain;

  /** @throws FeatureParameterError when a rate is not a positive finite number. */
  constructor(origSr: number, targetSr: number) {
    checkRate('origSr', origSr);
    checkRate('targetSr', targetSr);
    this.origSr = origSr;
    this.targetSr = targetSr;
    this.chain = stageChain(origSr, targetSr);
  }

  /**
   * Converts the whole signal `y`, as librosa does: the signal is taken as silent before its
   * start and after its end, the output has `round(n · targetSr / origSr)` converted samples,
   * then (with `fix`) is zero-padded or trimmed to `ceil(n · targetSr / origSr)`.
   * Equal rates return a copy of `y`.
   *
   * @throws FeatureParameterError (`y`) when a sample is NaN or infinite.
   */
  process(y: Float32Array, options: ResamplerProcessOptions = {}): Float32Array {
    return this.processWith(y, options, freshFloat32);
  }

  /**
   * {@link Resampler.process} with the output array from `allocate` (slot 0).
   *
   * @internal
   */
  processWith(
    y: Float32Array,
    options: ResamplerProcessOptions,
    allocate: Float32Allocator,
  ): Float32Array {
    checkFinite(y);
    if (this.chain.isIdentity) return y.slice();
    const ratio = this.targetSr / this.origSr;
    // libsoxr emits round(n / ioRatio) samples once flushed.
    const converted = Math.trunc(y.length / (this.origSr / this.targetSr) + 0.5);
    const length = (options.fix ?? true) ? Math.ceil(y.length * ratio) : converted;
    const count = Math.min(converted, length);
    const out = allocate(length, 0);
    const kernels = activeKernels();
    if (kernels !== undefined && wasmChainSupported(this.chain))
      wasmResample(kernels, this.chain, y, count, out);
    else this.chain.process(y, count, out);
    out.fill(0, count);
    if (options.scale ?? false) {
      // librosa divides the float32 output by sqrt(ratio) in float32.
      const divisor = Math.fround(Math.sqrt(ratio));
      for (let i = 0; i < length; i++) out[i] = out[i]! / divisor;
    }
    return out;
  }
}

/**
 * Resamples `y` from `origSr` to `targetSr` like librosa 0.11's default
 * `librosa.resample(y, orig_sr=origSr, target_sr=targetSr)` (soxr HQ, `fix=True`,
 * `scale=False`). Reuses cached filter tables for rate pairs seen before.
 *
 * @throws FeatureParameterError when a rate is not a positive finite number (`origSr`,
 *   `targetSr`) or a sample is NaN or infinite (`y`).
 * @example
 * ```ts
 * const y22k = resample(y, { origSr: 24414, targetSr: 22050 }); // TESS clip → librosa rate
 * y22k.length === Math.ceil(y.length * 22050 / 24414); // true
 * ```
 */
export function resample(y: Float32Array, options: ResampleOptions): Float32Array {
  const resampler = new Resampler(options.origSr, options.targetSr);
  const processOptions: ResamplerProcessOptions = {
    ...(options.fix === undefined ? {} : { fix: options.fix }),
    ...(options.scale === undefined ? {} : { scale: options.scale }),
  };
  return resampler.process(y, processOptions);
}
