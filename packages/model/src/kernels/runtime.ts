/**
 * The WebAssembly kernel module at run time: picks the fastest binary this engine accepts,
 * instantiates it over a memory it manages as a scratch arena, and runs its tasks through a
 * {@link TaskRunner} (the calling thread alone, or worker threads sharing the memory).
 */
import { KernelError } from './errors';
import { kernelBinaries } from './wasm-binaries';

/** The module's parallel tasks; workers address them by index in this list. */
export const TASK_NAMES = [
  'pack_a',
  'pack_b',
  'pack_b_gates',
  'gemm_packed',
  'gemm_small',
  'fill_rows',
  'column_sums',
  'bias_activation',
  'lstm_forward',
  'lstm_forward_units',
  'lstm_backward',
  'lstm_infer',
  'gru_forward',
  'gru_backward',
] as const;

/** A task of the kernel module. */
export type TaskName = (typeof TASK_NAMES)[number];

/** A task: thread `tid` of `threads` does its share of the work described at `args`. */
export type TaskFunction = (args: number, tid: number, threads: number) => void;

/** The kernel module's exports. */
export type KernelExports = Record<TaskName, TaskFunction> & {
  /** f(x) for n floats, f = 0 exp, 1 sigmoid, 2 hard sigmoid, 3 tanh (used by tests). */
  map_unary(kind: number, src: number, dst: number, n: number): void;
};

/** Runs a task on `threads` threads (1 ≤ threads ≤ {@link TaskRunner.threads}) and returns when all are done. */
export interface TaskRunner {
  /** How many threads, the calling one included, can share a task. */
  readonly threads: number;
  run(task: TaskName, args: number, threads: number): void;
  /** Milliseconds each of the last task's threads (by index) spent on its share, if measured. */
  lastTimes?(): readonly number[];
  /** Stops any worker threads. */
  dispose(): void;
}

/** Byte address of the barrier's arrival counter (as in assembly/sync.ts). */
export const SYNC = 512;
/** Byte address of the barrier's abort word: set when a thread dies or gives up waiting. */
export const ABORT = 516;
/** Byte address of the barrier's patience in milliseconds. */
export const PATIENCE = 520;
/** Byte address of the argument block (256 slots). */
const ARGS = 1024;
const ARG_SLOTS = 256;
/** Byte address of the per-thread 4 × 8 edge tiles (128 bytes each). */
export const TILES = 4096;
/** Most threads a task can be split over (tiles for them fit below the heap). */
export const MAX_THREADS = 64;
/** Start of the scratch arena. */
const HEAP_BASE = 65536;
const PAGE = 65536;
/** Largest memory, in 64 KiB pages (2 GiB; the shared variants declare the same maximum). */
export const MAX_PAGES = 32768;
/** Products of fewer multiply–adds than this stay on one thread. */
export const PARALLEL_WORK = 1 << 22;

function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Whether this engine accepts the relaxed-SIMD (fused multiply–add) build of the kernels. */
export function relaxedSimdSupported(): boolean {
  return WebAssembly.validate(decodeBase64(kernelBinaries.relaxed));
}

/** The module binary this engine runs best, for private or shared memory, and whether it uses relaxed SIMD. */
export function selectKernelBinary(shared: boolean): {
  bytes: Uint8Array<ArrayBuffer>;
  relaxed: boolean;
} {
  const relaxed = decodeBase64(shared ? kernelBinaries.relaxedShared : kernelBinaries.relaxed);
  if (WebAssembly.validate(relaxed)) return { bytes: relaxed, relaxed: true };
  const simd = decodeBase64(shared ? kernelBinaries.simdShared : kernelBinaries.simd);
  if (!WebAssembly.validate(simd)) {
    throw new KernelError(
      'unavailable',
      'WebAssembly SIMD is not supported by this JavaScript engine',
    );
  }
  return { bytes: simd, relaxed: false };
}

/** Starts the task runner for an instantiated module (worker threads, or none). */
export type RunnerFactory = (
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  exports: KernelExports,
) => Promise<TaskRunner>;

/** Runs every task on the calling thread. */
export function inlineRunner(exports: KernelExports): TaskRunner {
  return {
    threads: 1,
    run: (task, args) => exports[task](args, 0, 1),
    dispose: () => {},
  };
}

/** Options of {@link WasmKernels.create}. */
export interface WasmKernelsOptions {
  /**
   * Starts worker threads over a shared memory; without it every task runs on the calling
   * thread and the memory is private.
   */
  readonly startRunner?: RunnerFactory;
}

/** A region of kernel memory that outlives kernel calls, until released. */
export interface KernelBlock {
  /** Byte address of the first float. */
  readonly address: number;
  /** Floats in the block. */
  readonly count: number;
}

/** Activations a forward pass keeps in kernel memory for its backward pass. */
export interface KeptRecord {
  readonly block: KernelBlock;
  /** Whether the backward pass has run over it (it then holds gradients instead). */
  backwardDone: boolean;
}

/**
 * One instance of the kernel module: its memory, its exports and its task runner.
 *
 * Memory above 64 KiB holds blocks kept across calls (`keep`), and above them
 * a scratch arena that every kernel call starts afresh ({@link WasmKernels.reset}). Memory once
 * grown stays mapped, so kernels never pay for fresh pages.
 *
 * @example
 * ```ts
 * const kernels = await WasmKernels.create();
 * kernels.reset();
 * const x = kernels.write(new Float32Array([1, 2, 3, 4]));
 * ```
 */
export class WasmKernels {
  /** Whether the relaxed-SIMD (fused multiply–add) binary is in use. */
  readonly relaxed: boolean;
  private readonly memory: WebAssembly.Memory;
  private readonly exports: KernelExports;
  private readonly runner: TaskRunner;
  /** End of the scratch in use, or -1 before the first scratch allocation of a call. */
  private top = -1;
  /** Kept blocks, by address. */
  private blocks: KernelBlock[] = [];
  private floats: Float32Array;
  private ints: Int32Array;

  private constructor(
    memory: WebAssembly.Memory,
    exports: KernelExports,
    runner: TaskRunner,
    relaxed: boolean,
  ) {
    this.memory = memory;
    this.exports = exports;
    this.runner = runner;
    this.relaxed = relaxed;
    this.floats = new Float32Array(memory.buffer);
    this.ints = new Int32Array(memory.buffer);
  }

  /** Compiles and instantiates the module, and starts the task runner. @internal */
  static async create(options: WasmKernelsOptions = {}): Promise<WasmKernels> {
    const shared = options.startRunner !== undefined;
    const { bytes, relaxed } = selectKernelBinary(shared);
    const module = await WebAssembly.compile(bytes);
    const memory = new WebAssembly.Memory({ initial: 32, maximum: MAX_PAGES, shared });
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    const exports = instance.exports as unknown as KernelExports;
    const runner =
      shared && options.startRunner
        ? await options.startRunner(module, memory, exports)
        : inlineRunner(exports);
    return new WasmKernels(memory, exports, runner, relaxed);
  }

  /** Threads a task can be split over. */
  get threads(): number {
    return this.runner.threads;
  }

  /** Frees all scratch memory: call at the start of every kernel. */
  reset(): void {
    this.top = -1;
  }

  /**
   * Reserves `count` floats that stay until {@link WasmKernels.release}; call before any
   * scratch allocation of the current kernel call.
   * @internal
   */
  keep(count: number): KernelBlock {
    if (this.top >= 0)
      throw new Error('WasmKernels.keep: called after scratch was allocated in this kernel call');
    const bytes = align(4 * Math.max(count, 1));
    let address = HEAP_BASE;
    let index = 0;
    for (; index < this.blocks.length; index++) {
      const block = this.blocks[index] as KernelBlock;
      if (block.address - address >= bytes) break;
      address = align(block.address + 4 * block.count);
    }
    this.ensure(address + bytes);
    const block = { address, count };
    this.blocks.splice(index, 0, block);
    return block;
  }

  /** Returns a kept block's memory. @internal */
  release(block: KernelBlock): void {
    const index = this.blocks.indexOf(block);
    if (index >= 0) this.blocks.splice(index, 1);
  }

  /** Bytes of memory held by kept blocks. */
  get keptBytes(): number {
    return this.blocks.reduce((sum, block) => sum + 4 * block.count, 0);
  }

  /** Reserves `count` floats of scratch (64-byte aligned) and returns their byte address. */
  alloc(count: number): number {
    if (this.top < 0) {
      const last = this.blocks[this.blocks.length - 1];
      this.top = last === undefined ? HEAP_BASE : last.address + 4 * last.count;
    }
    const address = align(this.top);
    const end = address + 4 * Math.max(count, 0);
    this.ensure(end);
    this.top = end;
    return address;
  }

  private ensure(end: number): void {
    const bytes = this.memory.buffer.byteLength;
    if (end > bytes) {
      const pages = Math.ceil((end - bytes) / PAGE);
      try {
        this.memory.grow(pages);
      } catch (cause) {
        throw new KernelError(
          'out-of-memory',
          `WebAssembly kernels: cannot grow memory to ${Math.ceil(end / 2 ** 20)} MiB (at most ${MAX_PAGES / 16} MiB)`,
          { cause },
        );
      }
    }
  }

  /** A Float32Array over the whole memory (renewed after the memory grows). */
  view(): Float32Array {
    if (this.floats.byteLength !== this.memory.buffer.byteLength) {
      this.floats = new Float32Array(this.memory.buffer);
      this.ints = new Int32Array(this.memory.buffer);
    }
    return this.floats;
  }

  /** Copies values into fresh scratch and returns their byte address. */
  write(values: ArrayLike<number>): number {
    const address = this.alloc(values.length);
    this.view().set(values, address / 4);
    return address;
  }

  /** Copies `count` floats at `address` out into a new array. */
  read(address: number, count: number): Float32Array {
    return this.view().slice(address / 4, address / 4 + count);
  }

  /**
   * Runs a task on up to `threads` threads with integer arguments `ints` followed by f32
   * arguments `reals`.
   */
  run(task: TaskName, ints: readonly number[], reals: readonly number[] = [], threads = 1): void {
    const slots = ints.length + reals.length;
    if (slots > ARG_SLOTS)
      throw new RangeError(`${task}: ${slots} arguments, at most ${ARG_SLOTS}`);
    const floats = this.view();
    const base = ARGS / 4;
    for (let i = 0; i < ints.length; i++) this.ints[base + i] = ints[i] ?? 0;
    for (let i = 0; i < reals.length; i++) floats[base + ints.length + i] = reals[i] ?? 0;
    const count = Math.max(1, Math.min(threads, this.runner.threads));
    if (count === 1) this.exports[task](ARGS, 0, 1);
    else this.runner.run(task, ARGS, count);
  }

  /** Zeroes the barrier counter: call before a task whose threads meet at barriers. */
  resetBarrier(): void {
    this.view();
    Atomics.store(this.ints, SYNC / 4, 0);
  }

  /**
   * Milliseconds each thread (by index, the calling one first) spent on its share of the last
   * task, when the runner measures them (worker threads do; a single thread does not).
   */
  lastTaskTimes(): readonly number[] | undefined {
    return this.runner.lastTimes?.();
  }

  /** Threads worth using for a product of `work` multiply–adds. */
  threadsFor(work: number): number {
    return work >= PARALLEL_WORK ? this.runner.threads : 1;
  }

  /** f(x) for the floats at `src` (kinds as in `map_unary`). */
  mapUnary(kind: number, src: number, dst: number, count: number): void {
    this.exports.map_unary(kind, src, dst, count);
  }

  /** Stops the worker threads, if any. */
  dispose(): void {
    this.runner.dispose();
  }
}
