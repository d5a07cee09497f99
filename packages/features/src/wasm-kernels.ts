/**
 * The WebAssembly SIMD kernels (compiled from `src/assembly` into `wasm-binaries.ts`) at run
 * time: synchronous, lazy instantiation over a memory this module manages, tables kept resident
 * in that memory between calls, and typed entry points for the mel spectrogram and the
 * resampler. Browser-safe (no Node APIs); engines without WebAssembly SIMD get `undefined`.
 */
import { featureKernelBinary } from './wasm-binaries';

/** The module's exports (byte addresses into its memory). */
interface KernelExports {
  melFrames(
    signal: number,
    hop: number,
    frames: number,
    nFft: number,
    window: number,
    twiddles: number,
    split: number,
    firstBin: number,
    offsets: number,
    weights: number,
    nMels: number,
    power: number,
    out: number,
    outStride: number,
    work: number,
  ): void;
  upByTwo(
    input: number,
    blocks: number,
    blockLength: number,
    span: number,
    size: number,
    spectrum: number,
    halfTwiddles: number,
    split: number,
    twiddles: number,
    ones: number,
    output: number,
    work: number,
  ): void;
  polyphaseRational(
    src: number,
    output: number,
    count: number,
    coefs: number,
    vectors: number,
    base: number,
    phase: number,
    up: number,
    baseStep: number,
    phaseStep: number,
  ): void;
  applyBasis(
    input: number,
    rows: number,
    stride: number,
    basis: number,
    nOut: number,
    out: number,
  ): void;
  powerToDb(address: number, vectors: number, amin: number, refDb: number, scale: number): number;
  polyphaseInterpolated(
    src: number,
    output: number,
    count: number,
    coefs: number,
    vectors: number,
    terms: number,
    base: number,
    start: number,
    step: number,
    stepFraction: number,
    phaseBits: number,
  ): void;
}

/** Memory below this address is left to the module's own (static) data. */
const BASE = 65536;
const PAGE = 65536;
/** Resident tables beyond this many bytes are dropped and rebuilt on demand. */
const MAX_TABLE_BYTES = 8 << 20;

function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Tables are f32 or i32 arrays copied once into kernel memory. */
type Table = Float32Array | Float64Array | Int32Array;

/**
 * One instance of the kernel module with its memory. Memory from {@link BASE} holds resident
 * tables (keyed by the identity of the arrays they copy, which the callers cache), and after
 * them a scratch arena that every call lays out afresh.
 *
 * @internal
 */
export class FeatureKernels {
  declare readonly exports: KernelExports;
  declare private readonly memory: WebAssembly.Memory;
  private readonly tables = new Map<Table, number>();
  private tableEnd = BASE;
  private arenaEnd = BASE;

  constructor(exports: KernelExports, memory: WebAssembly.Memory) {
    this.exports = exports;
    this.memory = memory;
  }

  /** Drops the resident tables when they have grown past their budget; call before {@link table}. */
  beginCall(): void {
    if (this.tableEnd - BASE > MAX_TABLE_BYTES) {
      this.tables.clear();
      this.tableEnd = BASE;
    }
    this.arenaEnd = this.tableEnd;
  }

  /**
   * The address of `values` copied into kernel memory (as f32, or i32 for an `Int32Array`).
   * Take every table of a call before its first {@link FeatureKernels.scratch}.
   */
  table(values: Table): number {
    let address = this.tables.get(values);
    if (address === undefined) {
      if (this.arenaEnd > this.tableEnd) throw new Error('kernel tables must precede scratch');
      address = this.tableEnd;
      this.tableEnd = align(address + 4 * values.length);
      this.arenaEnd = this.tableEnd;
      this.ensure(this.tableEnd);
      if (values instanceof Int32Array) new Int32Array(this.memory.buffer, address).set(values);
      else new Float32Array(this.memory.buffer, address).set(values);
      this.tables.set(values, address);
    }
    return address;
  }

  /** Reserves `bytes` of scratch memory for this call (after every table taken so far). */
  scratch(bytes: number): number {
    const address = this.arenaEnd;
    this.arenaEnd = align(address + bytes);
    this.ensure(this.arenaEnd);
    return address;
  }

  /** A float32 view of `count` values at `address` (valid until the memory grows). */
  f32(address: number, count: number): Float32Array {
    return new Float32Array(this.memory.buffer, address, count);
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
  }
}

let instance: FeatureKernels | null | undefined;

/**
 * The kernel module, instantiated on first use; `undefined` when this engine lacks
 * WebAssembly SIMD or refuses to compile synchronously.
 *
 * @internal
 */
export function featureKernels(): FeatureKernels | undefined {
  if (instance === undefined) {
    instance = null;
    try {
      if (typeof WebAssembly === 'object') {
        const bytes = decodeBase64(featureKernelBinary);
        if (WebAssembly.validate(bytes)) {
          const memory = new WebAssembly.Memory({ initial: 32 });
          const module = new WebAssembly.Module(bytes);
          const wasm = new WebAssembly.Instance(module, { env: { memory } });
          instance = new FeatureKernels(wasm.exports as unknown as KernelExports, memory);
        }
      }
    } catch {
      instance = null;
    }
  }
  return instance ?? undefined;
}

/**
 * Twiddle factors of the kernels' `n`-point Stockham radix-4 FFT (`n` a power of two): for each
 * radix-4 pass over length `len` = n, n/4, … ≥ 4, `len/4` entries (w, w², w³ as re, im pairs),
 * w = e^{−2πip/len}, computed in float64 from exactly reduced angles.
 */
function fftTwiddles(n: number): Float32Array {
  const values: number[] = [];
  for (let len = n; len >= 4; len >>= 2) {
    for (let p = 0; p < len / 4; p++) {
      for (let power = 1; power <= 3; power++) {
        const angle = (2 * Math.PI * ((p * power) % len)) / len;
        values.push(Math.cos(angle), -Math.sin(angle));
      }
    }
  }
  return Float32Array.from(values);
}

/** cos and sin of 2πk/size, k = 0..size/4, the kernels' real-FFT split table. */
function realSplitTable(size: number): Float32Array {
  const table = new Float32Array(2 * (size / 4 + 1));
  for (let k = 0; k <= size / 4; k++) {
    table[2 * k] = Math.cos((2 * Math.PI * k) / size);
    table[2 * k + 1] = Math.sin((2 * Math.PI * k) / size);
  }
  return table;
}

const twiddleCache = new Map<number, Float32Array>();
const splitCache = new Map<number, Float32Array>();

/**
 * The cached {@link fftTwiddles} and {@link realSplitTable} for a real FFT of `size` points.
 *
 * @internal
 */
export function realFftTables(size: number): { twiddles: Float32Array; split: Float32Array } {
  let twiddles = twiddleCache.get(size / 2);
  if (twiddles === undefined) {
    twiddles = fftTwiddles(size / 2);
    twiddleCache.set(size / 2, twiddles);
  }
  let split = splitCache.get(size);
  if (split === undefined) {
    split = realSplitTable(size);
    splitCache.set(size, split);
  }
  return { twiddles, split };
}

/**
 * The cached twiddles of a complex FFT of `n` points.
 *
 * @internal
 */
export function complexFftTwiddles(n: number): Float32Array {
  let twiddles = twiddleCache.get(n);
  if (twiddles === undefined) {
    twiddles = fftTwiddles(n);
    twiddleCache.set(n, twiddles);
  }
  return twiddles;
}
