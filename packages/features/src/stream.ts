import { activeKernels } from './backend';
import { decibelsInto, resolvePowerToDb } from './db';
import { type DctBasis, DctKernel, wasmApplyBasis } from './dct';
import { FeatureParameterError } from './errors';
import type { Matrix } from './matrix';
import { applyMelFilterBank, type MelFilterBank } from './mel';
import { wasmMelFrame, wasmMelSupported } from './mel-wasm';
import { sharedMelFilterBank } from './melspectrogram';
import { type MfccOptions, mfccBasis, resolveMfccTransform } from './mfcc';
import { checkPower, type ResolvedStft, resolveStftOptions, SpectralFrame } from './spectral-frame';
import type { PowerSpectrogramOptions } from './stft';

/**
 * Cuts a stream of samples into the frames of the offline (centred, zero-padded) STFT using a
 * ring of `2·nFft` samples, each written twice so every frame is contiguous.
 */
class FrameRing {
  declare private readonly ring: Float32Array;
  declare private readonly nFft: number;
  declare private readonly hop: number;
  declare private readonly padding: number;
  private write = 0;
  private total = 0;
  private nextEnd = 0;

  constructor(config: ResolvedStft) {
    if (config.center && config.padMode !== 'constant') {
      throw new FeatureParameterError(
        'padMode',
        `streaming supports only 'constant' padding, got '${config.padMode}'`,
      );
    }
    this.nFft = config.nFft;
    this.hop = config.hopLength;
    this.padding = config.center ? Math.floor(config.nFft / 2) : 0;
    this.ring = new Float32Array(2 * config.nFft);
    this.reset();
  }

  /** Forgets the stream and starts a new one (with the leading centre padding). */
  reset(): void {
    this.ring.fill(0);
    this.write = this.padding % this.nFft;
    this.total = this.padding;
    this.nextEnd = this.nFft;
  }

  /** How many frames `count` more samples complete. */
  framesAfter(count: number): number {
    const total = this.total + count;
    return total < this.nextEnd ? 0 : 1 + Math.floor((total - this.nextEnd) / this.hop);
  }

  /** Appends samples (zeros when `samples` is undefined), calling `onFrame(ring, start)` per completed frame. */
  push(
    samples: Float32Array | undefined,
    count: number,
    onFrame: (ring: Float32Array, start: number) => void,
  ): void {
    const { ring, nFft } = this;
    for (let i = 0; i < count; i++) {
      const v = samples === undefined ? 0 : samples[i]!;
      ring[this.write] = v;
      ring[this.write + nFft] = v;
      this.write = this.write + 1 === nFft ? 0 : this.write + 1;
      if (++this.total === this.nextEnd) {
        onFrame(ring, this.write);
        this.nextEnd += this.hop;
      }
    }
  }

  /** Appends the trailing centre padding, emitting the last frames of the offline STFT. */
  flush(onFrame: (ring: Float32Array, start: number) => void): void {
    this.push(undefined, this.padding, onFrame);
  }

  /** Frames the trailing padding completes. */
  framesAtFlush(): number {
    return this.framesAfter(this.padding);
  }
}

function checkChunk(chunk: Float32Array): void {
  if (!(chunk instanceof Float32Array))
    throw new FeatureParameterError('chunk', 'must be a Float32Array of samples');
  for (let i = 0; i < chunk.length; i++) {
    if (!Number.isFinite(chunk[i]!)) {
      throw new FeatureParameterError(
        'chunk',
        `is not finite everywhere (sample ${i} is ${chunk[i]})`,
      );
    }
  }
}

/**
 * A frame-by-frame feature extractor fed with chunks of audio: the common interface (and
 * plumbing) of {@link StreamingSpectrogram} and {@link StreamingMfcc}. `push` returns the frames
 * each chunk completes, `flush` ends the stream, `reset` drops it. Memory stays fixed however
 * long the stream (a ring of `2·nFft` samples).
 *
 * @example
 * ```ts
 * function run(extractor: StreamingExtractor, chunks: Float32Array[]): Matrix[] {
 *   return [...chunks.map((c) => extractor.push(c)), extractor.flush()];
 * }
 * ```
 */
export abstract class StreamingExtractor {
  /** Values per emitted frame (matrix rows). */
  abstract readonly rows: number;
  declare private readonly frames: FrameRing;
  private column = 0;
  private output: Float32Array = new Float32Array(0);
  private cols = 0;
  private readonly onFrame = (ring: Float32Array, start: number): void => {
    this.emit(ring, start, this.output, this.cols, this.column++);
  };

  /** @internal */
  protected constructor(config: ResolvedStft) {
    this.frames = new FrameRing(config);
  }

  /** Writes column `t` of the `rows × cols` output from the frame `ring[start .. start + nFft)`. */
  protected abstract emit(
    ring: Float32Array,
    start: number,
    out: Float32Array,
    cols: number,
    t: number,
  ): void;

  private run(cols: number, feed: () => void): Matrix {
    this.output = new Float32Array(this.rows * cols);
    this.cols = cols;
    this.column = 0;
    feed();
    const result = { rows: this.rows, cols, data: this.output };
    this.output = new Float32Array(0);
    return result;
  }

  /**
   * Feeds a chunk of any length; returns the frames it completes (`rows × k`, possibly
   * `k = 0`), in order, identical to the matching columns of the offline computation.
   */
  push(chunk: Float32Array): Matrix {
    checkChunk(chunk);
    return this.run(this.frames.framesAfter(chunk.length), () =>
      this.frames.push(chunk, chunk.length, this.onFrame),
    );
  }

  /**
   * Ends the stream: returns the last frames (those that reach into the trailing centre
   * padding), then resets for a new stream.
   */
  flush(): Matrix {
    const result = this.run(this.frames.framesAtFlush(), () => this.frames.flush(this.onFrame));
    this.reset();
    return result;
  }

  /** Drops the current stream without emitting anything. */
  reset(): void {
    this.frames.reset();
  }
}

/**
 * Streaming |STFT|^power: feed chunks of any size, get exactly the columns of
 * {@link powerSpectrogram} of the whole signal. Memory is fixed (a ring of `2·nFft` samples and
 * one frame's buffers) however long the stream.
 *
 * Every frame equals the offline one, including the centre-padded edges: the first frames see
 * the same leading zeros, and `flush()` appends the trailing zeros and returns the frames whose
 * window extends past the last sample (at most `⌈⌊nFft/2⌋/hopLength⌉`). Without `center`, frames
 * are emitted once their last sample arrives and `flush()` returns none. Only
 * `padMode: 'constant'` is supported (reflect padding needs samples not seen yet).
 *
 * @example
 * ```ts
 * const stream = new StreamingSpectrogram({ nFft: 512, hopLength: 160, winLength: 400 });
 * for (const chunk of chunks) handle(stream.push(chunk)); // 257 × (frames completed)
 * handle(stream.flush());
 * ```
 */
export class StreamingSpectrogram extends StreamingExtractor {
  declare readonly rows: number;
  declare private readonly frame: SpectralFrame;
  declare private readonly power: number;
  declare private readonly spectrum: Float64Array;

  constructor(options: PowerSpectrogramOptions = {}) {
    const config = resolveStftOptions(options);
    super(config);
    this.power = options.power ?? 2;
    checkPower(this.power);
    this.frame = new SpectralFrame(config);
    this.rows = this.frame.bins;
    this.spectrum = new Float64Array(this.rows);
  }

  protected emit(
    ring: Float32Array,
    start: number,
    out: Float32Array,
    cols: number,
    t: number,
  ): void {
    this.frame.power(ring, start, this.power, this.spectrum);
    for (let k = 0; k < this.rows; k++) out[k * cols + t] = this.spectrum[k]!;
  }
}

/**
 * Options of {@link StreamingMfcc}: those of `mfcc`, with `topDb` measured against a running maximum.
 *
 * @example
 * ```ts
 * const exact = new StreamingMfcc({ sr: 16000, nMfcc: 13, topDb: null }); // equals offline frame by frame
 * ```
 */
export interface StreamingMfccOptions extends MfccOptions {
  /**
   * Clamp every log-mel value at `(largest dB seen so far in this stream) − topDb`; default 80.
   * Offline MFCC clamps against the maximum of the whole signal, which a stream cannot know:
   * frames from the loudest one on are identical, earlier frames may be clamped less. Use
   * `null` for no clamp: then every frame equals offline `mfcc(y, { topDb: null })`.
   */
  readonly topDb?: number | null;
}

/**
 * Streaming MFCC: feed chunks of any size, get the MFCC frames of the whole signal as
 * {@link mfcc} computes them (same options and defaults; `ref` 1, `amin` 1e-10). With
 * `topDb: null` every frame is identical to offline `mfcc(y, { …, topDb: null })`, including the
 * centre-padded edges (the last ones come from `flush()`); with a
 * number, the clamp follows the running maximum (see {@link StreamingMfccOptions.topDb}).
 * Fixed memory.
 *
 * @example
 * ```ts
 * const stream = new StreamingMfcc({ sr: 16000, nMfcc: 13, nMels: 40, nFft: 512, hopLength: 160, winLength: 400 });
 * mic.on('data', (chunk: Float32Array) => model.feed(stream.push(chunk))); // 13 × k per chunk
 * ```
 */
export class StreamingMfcc extends StreamingExtractor {
  declare readonly rows: number;
  declare private readonly config: ResolvedStft;
  declare private readonly frame: SpectralFrame;
  declare private readonly power: number;
  declare private readonly bank: MelFilterBank;
  declare private readonly basis: DctBasis;
  declare private readonly dct: DctKernel;
  declare private readonly amin: number;
  declare private readonly topDb: number | null;
  private runningMax = Number.NEGATIVE_INFINITY;
  declare private readonly spectrum: Float64Array;
  declare private readonly bands: Float64Array;
  /** The mel bands as float32, as the offline mel spectrogram stores them. */
  declare private readonly melBands: Float32Array;
  declare private readonly logMel: Float32Array;
  declare private readonly coefficients: Float64Array;

  constructor(options: StreamingMfccOptions = {}) {
    const config = resolveStftOptions({ ...options, hopLength: options.hopLength ?? 512 });
    super(config);
    this.config = config;
    this.power = options.power ?? 2;
    checkPower(this.power);
    this.frame = new SpectralFrame(config);
    this.bank = sharedMelFilterBank({
      sr: options.sr ?? 22050,
      nFft: config.nFft,
      nMels: options.nMels,
      fmin: options.fmin,
      fmax: options.fmax,
      htk: options.htk,
      norm: options.melNorm,
    });
    const basis = mfccBasis(resolveMfccTransform(options), this.bank.nMels);
    this.basis = basis;
    this.dct = new DctKernel(basis);
    const db = resolvePowerToDb({ topDb: options.topDb === undefined ? 80 : options.topDb });
    this.amin = db.amin;
    this.topDb = db.topDb;
    this.rows = basis.rows;
    this.spectrum = new Float64Array(this.frame.bins);
    this.bands = new Float64Array(this.bank.nMels);
    this.melBands = new Float32Array(this.bank.nMels);
    this.logMel = new Float32Array(this.bank.nMels);
    this.coefficients = new Float64Array(this.rows);
  }

  override reset(): void {
    super.reset();
    this.runningMax = Number.NEGATIVE_INFINITY;
  }

  protected emit(
    ring: Float32Array,
    start: number,
    out: Float32Array,
    cols: number,
    t: number,
  ): void {
    const { logMel, melBands } = this;
    // The offline mel spectrogram's backend and float32 roundings: mel and dB stored as float32.
    const kernels = activeKernels();
    if (kernels !== undefined && wasmMelSupported(this.config, this.power)) {
      wasmMelFrame(kernels, ring, start, this.config, this.bank, this.power, melBands);
    } else {
      this.frame.power(ring, start, this.power, this.spectrum);
      applyMelFilterBank(this.bank, this.spectrum, this.bands);
      melBands.set(this.bands);
    }
    const max = Math.max(this.runningMax, decibelsInto(melBands, logMel, 0, this.amin));
    this.runningMax = max;
    if (this.topDb !== null) {
      const floor = Math.fround(Math.fround(max) - this.topDb);
      for (let m = 0; m < logMel.length; m++) if (logMel[m]! < floor) logMel[m] = floor;
    }
    // The offline DCT's backend: each column's coefficients do not depend on the others.
    const coefficients =
      kernels === undefined ? this.coefficients : wasmApplyBasis(kernels, this.basis, logMel, 1);
    if (kernels === undefined) this.dct.apply(logMel, this.coefficients);
    for (let k = 0; k < this.rows; k++) out[k * cols + t] = coefficients[k]!;
  }
}
