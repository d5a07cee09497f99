/**
 * A whole LSTM sequence (tfjs-layers' cell: gates i, f, c, o; c = f·c₋₁ + i·tanh(z_c);
 * h = o·tanh(c)) on the kernel module, forward and backward through time, for f32 arrays in
 * tfjs' layouts: x [B, T, D], kernel [D, 4U], recurrentKernel [U, 4U], bias [4U], states [B, U].
 */
import {
  gemm,
  gemmPacked,
  packA,
  packB,
  packBGatesInto,
  packBInto,
  packedASize,
  packedBSize,
  packedGatesSize,
  rowMajor,
} from './matmul';
import { RowBalancer } from './row-balance';
import { type KernelBlock, PARALLEL_WORK, TILES, type WasmKernels } from './runtime';
import { type DerivedWeights, weightsBlock } from './sequence-kernel';

/** Sizes of one LSTM call. */
export interface LstmShape {
  /** B: sequences in the batch. */
  readonly batch: number;
  /** T: steps per sequence. */
  readonly steps: number;
  /** D: features per step. */
  readonly inputSize: number;
  /** U: units (size of h and c). */
  readonly units: number;
}

/** How the layer is configured. */
export interface LstmSettings {
  /** Read the sequence from its end (Keras' goBackwards); outputs stay in processing order. */
  readonly goBackwards: boolean;
  /** Gate activation: Keras' hard sigmoid (tfjs-layers' default) instead of the logistic sigmoid. */
  readonly hardSigmoid: boolean;
  /** Return h after every step ([B, T, U]) instead of the last h only ([B, U]). */
  readonly returnSequences: boolean;
}

/** The layer's inputs and weights as flat row-major arrays. */
export interface LstmInputs {
  readonly x: Float32Array;
  readonly kernel: Float32Array;
  readonly recurrentKernel: Float32Array;
  readonly bias: Float32Array;
  readonly h0: Float32Array;
  readonly c0: Float32Array;
  /** [B, T], by input step: 0 skips the step (tfjs-layers' masking), anything else runs it. */
  readonly mask: Float32Array;
}

/**
 * What the backward pass needs from the forward pass, kept in kernel memory: the activated
 * gates [B, T, 4U] (replaced by dZ, the gradient of the pre-activations, once the backward
 * pass has run), h and c entering each step [B, T, U] (by input step) and the final c [B, U].
 */
export interface LstmRecord {
  readonly block: KernelBlock;
  readonly gates: number;
  readonly hEntering: number;
  readonly cEntering: number;
  readonly cLast: number;
  /** Whether `gates` holds dZ (the backward pass has run). */
  backwardDone: boolean;
}

/** Outputs of {@link lstmForward}. */
export interface LstmForward {
  /** [B, T, U] with returnSequences, else [B, U] (a copy of hLast). */
  readonly y: Float32Array;
  readonly hLast: Float32Array;
  readonly cLast: Float32Array;
  /** Present when asked for: what {@link lstmBackward} needs. Release its block when done. */
  readonly record?: LstmRecord;
}

/** Weight and state gradients from {@link lstmBackward}, shaped like the corresponding inputs. */
export interface LstmGradients {
  readonly kernel: Float32Array;
  readonly recurrentKernel: Float32Array;
  readonly bias: Float32Array;
  readonly h0: Float32Array;
  readonly c0: Float32Array;
}

/** Upstream gradients: of y, of the final h and of the final c (shaped like them). */
export interface LstmUpstream {
  readonly y: Float32Array;
  readonly hLast: Float32Array;
  readonly cLast: Float32Array;
}

/** Input widths up to this are projected step by step inside the recurrent task. */
const PROJECT_IN_STEP = 8;

/** Floats per row of lstm_infer's gate tile: four gates of 8 units (as assembly/lstm.ts). */
const INFER_TILE_ROW = 32;

/**
 * Most rows lstm_infer runs through the steps at once (its per-thread scratch does not grow past
 * it): a thread's share of a larger batch goes in chunks of this size.
 */
const MAX_CHUNK_ROWS = 32;

/** The value `cache` holds for `kernels`, made by `make` on first use. */
function perKernels<T>(cache: WeakMap<WasmKernels, T>, kernels: WasmKernels, make: () => T): T {
  let value = cache.get(kernels);
  if (value === undefined) {
    value = make();
    cache.set(kernels, value);
  }
  return value;
}

/** How lstm_infer shares batches among the threads of each kernel module. */
const balancers = new WeakMap<WasmKernels, RowBalancer>();

/** Threads for a batch of B over T steps split by rows: each needs at least 4 rows to use packed products. */
function threadsFor(kernels: WasmKernels, shape: LstmShape): number {
  const work = shape.batch * shape.steps * shape.units * shape.units * 4;
  if (work < PARALLEL_WORK) return 1;
  return Math.max(1, Math.min(kernels.threads, Math.floor(shape.batch / 4)));
}

interface ForwardPlan {
  readonly task: 'lstm_forward' | 'lstm_forward_units';
  readonly threads: number;
}

/** Calls of one shape between two rounds of timing both plans. */
const RETRY_EVERY = 1024;
/** Timed calls of each plan per round. */
const TRIALS = 4;

/**
 * Chooses, per batch size and width, between two ways to share a small batch's forward pass: one thread, or
 * all threads each on a share of the units (each keeps its share of the recurrent kernel in its
 * core's cache, but the threads meet after every step, which costs more than it saves when the
 * cores are busy with other work). It times both now and then and keeps the faster.
 */
class UnitsOrSingle {
  private readonly rounds = new Map<string, { calls: number; times: [number[], number[]] }>();

  /**
   * Runs `forward` with the plan to try or to keep, timing it per step (of `steps`) while
   * trying.
   */
  run<T>(
    key: string,
    steps: number,
    plans: [ForwardPlan, ForwardPlan],
    forward: (plan: ForwardPlan) => T,
  ): T {
    let round = this.rounds.get(key);
    if (round === undefined) {
      round = { calls: 0, times: [[], []] };
      this.rounds.set(key, round);
    }
    const phase = round.calls++ % RETRY_EVERY;
    if (phase >= 2 * TRIALS) {
      const [a, b] = round.times.map(
        (times) => [...times].sort((x, y) => x - y)[times.length >> 1] ?? 0,
      );
      return forward(plans[(a ?? 0) <= (b ?? 0) ? 0 : 1]);
    }
    const which = phase % 2;
    const start = performance.now();
    const result = forward(plans[which] as ForwardPlan);
    const times = round.times[which] as number[];
    if (phase < 2) times.length = 0;
    times.push((performance.now() - start) / steps);
    return result;
  }
}

const choosers = new WeakMap<WasmKernels, UnitsOrSingle>();

/**
 * How the forward pass is shared: by rows (each thread its own sequences, no waiting); for
 * batches too small for that, by units or on one thread, whichever {@link UnitsOrSingle} finds
 * faster on this machine.
 */
function withForwardPlan<T>(
  kernels: WasmKernels,
  shape: LstmShape,
  forward: (plan: ForwardPlan) => T,
): T {
  const byRows = threadsFor(kernels, shape);
  const work = shape.batch * shape.steps * shape.units * shape.units * 4;
  if (
    byRows > 1 ||
    work < PARALLEL_WORK ||
    shape.units % 8 !== 0 ||
    shape.units < 64 ||
    kernels.threads === 1
  ) {
    return forward({ task: 'lstm_forward', threads: byRows });
  }
  const chooser = perKernels(choosers, kernels, () => new UnitsOrSingle());
  const units: ForwardPlan = {
    task: 'lstm_forward_units',
    threads: Math.min(kernels.threads, shape.units / 32),
  };
  const key = `${shape.batch}x${shape.units}`;
  return chooser.run(key, shape.steps, [{ task: 'lstm_forward', threads: 1 }, units], forward);
}

function isZero(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) return false;
  return true;
}

/** Kernel memory for what the backward pass needs, kept after the forward pass returns. */
function keepRecord(kernels: WasmKernels, { batch: B, steps: T, units: U }: LstmShape): LstmRecord {
  const rows = B * T;
  const U4 = 4 * U;
  const block = kernels.keep(rows * U4 + 2 * rows * U + B * U);
  const gates = block.address;
  const hEntering = gates + 4 * rows * U4;
  const cEntering = hEntering + 4 * rows * U;
  return {
    block,
    gates,
    hEntering,
    cEntering,
    cLast: cEntering + 4 * rows * U,
    backwardDone: false,
  };
}

/**
 * Runs the sequence forward. With `keep`, the activations the backward pass needs stay in
 * kernel memory (the returned record); without it nothing is stored per step (inference).
 */
export function lstmForward(
  kernels: WasmKernels,
  shape: LstmShape,
  settings: LstmSettings,
  inputs: LstmInputs,
  keep: boolean,
  packedWeights?: DerivedWeights,
): LstmForward {
  const { batch: B, steps: T, inputSize: D, units: U } = shape;
  const U4 = 4 * U;
  const rows = B * T;
  const hard = settings.hardSigmoid ? 1 : 0;
  const backwards = settings.goBackwards ? 1 : 0;
  // Few input features: each step projects its own input (one pass over the gates instead of three).
  const project = D <= PROJECT_IN_STEP;
  return withForwardPlan(kernels, shape, ({ task, threads }) => {
    kernels.reset();
    const infer = !keep && task === 'lstm_forward';
    const record = keep ? keepRecord(kernels, shape) : undefined;
    // Inference keeps the packed recurrent kernel between calls; training changes it every step.
    // lstm_infer reads it gate-interleaved, the other tasks in plain column panels.
    const packThreads = kernels.threadsFor(U * U4 * 4);
    const packed = weightsBlock(
      kernels,
      infer ? 'gate-interleaved' : 'panels',
      infer ? packedGatesSize(U, U, 4) : packedBSize(U, U4),
      (address) => {
        const recurrent = rowMajor(kernels.write(inputs.recurrentKernel), U4);
        if (infer) packBGatesInto(kernels, recurrent, U, U, 4, address, packThreads);
        else packBInto(kernels, recurrent, U, U4, address, packThreads);
      },
      keep ? undefined : packedWeights,
    );
    const x = kernels.write(inputs.x);
    const kernel = kernels.write(inputs.kernel);
    const bias = kernels.write(inputs.bias);
    // Zero start states (the usual case) go in as null pointers: the first step then skips its product.
    const h0 = isZero(inputs.h0) ? 0 : kernels.write(inputs.h0);
    const c0 = isZero(inputs.c0) ? 0 : kernels.write(inputs.c0);
    const mask = kernels.write(inputs.mask);
    const hLast = kernels.alloc(B * U);
    const cLast = record?.cLast ?? kernels.alloc(B * U);
    const y = settings.returnSequences ? kernels.alloc(rows * U) : 0;
    /** x · W + b for every step at once, into `gates` [B, T, 4U]. */
    const projectAll = (gates: number): void => {
      kernels.run('fill_rows', [gates, rows, U4, U4, bias], [], kernels.threadsFor(rows * U4 * 8));
      gemm(kernels, rows, U4, D, rowMajor(x, D), rowMajor(kernel, U4), gates, U4, true);
    };
    if (infer) {
      const gates = project ? 0 : kernels.alloc(rows * U4);
      if (gates !== 0) projectAll(gates);
      const balancer = threads > 1 ? perKernels(balancers, kernels, () => new RowBalancer()) : null;
      const bounds = balancer?.split(B, threads) ?? [0, B];
      const largest = Math.max(...bounds.slice(1).map((end, i) => end - (bounds[i] as number)));
      const chunk = Math.min(MAX_CHUNK_ROWS, largest);
      const scratchBytes = 4 * (packedASize(chunk, U) + 2 * chunk * U + chunk * INFER_TILE_ROW);
      const scratch = kernels.alloc(threads * (scratchBytes / 4));
      const args = [B, T, U, backwards, hard, gates, y, hLast, cLast, packed, scratch];
      const input = [scratchBytes, TILES, h0, c0, mask, x, D, kernel, bias, chunk];
      kernels.run('lstm_infer', [...args, ...input, ...bounds], [], threads);
      balancer?.learn(bounds, kernels.lastTaskTimes());
    } else {
      const gates = record?.gates ?? kernels.alloc(rows * U4);
      const hEntering = record?.hEntering ?? kernels.alloc(rows * U);
      const cEntering = record?.cEntering ?? kernels.alloc(rows * U);
      if (!project) projectAll(gates);
      const scratchBytes = packedASize(Math.ceil(B / threads), U) * 4;
      const scratch = kernels.alloc((threads * scratchBytes) / 4);
      const args = [B, T, U, backwards, hard, gates, hEntering, cEntering, hLast, cLast, y, packed];
      kernels.resetBarrier();
      const input = [x, D, kernel, bias, project ? 1 : 0];
      kernels.run(
        task,
        [...args, scratch, scratchBytes, TILES, h0, c0, mask, ...input],
        [],
        threads,
      );
    }
    const hOut = kernels.read(hLast, B * U);
    return {
      y: settings.returnSequences ? kernels.read(y, rows * U) : hOut.slice(),
      hLast: hOut,
      cLast: kernels.read(cLast, B * U),
      ...(record === undefined ? {} : { record }),
    };
  });
}

/**
 * Backpropagates through time over a forward pass's record (which then holds dZ) and returns
 * the gradients of the weights and initial states; {@link lstmInputGradient} gives x's.
 */
export function lstmBackward(
  kernels: WasmKernels,
  shape: LstmShape,
  settings: LstmSettings,
  inputs: LstmInputs,
  record: LstmRecord,
  upstream: LstmUpstream,
): LstmGradients {
  if (record.backwardDone)
    throw new Error('lstmBackward: this forward pass was already backpropagated');
  const { batch: B, steps: T, inputSize: D, units: U } = shape;
  const U4 = 4 * U;
  const rows = B * T;
  kernels.reset();
  const dZ = record.gates;
  const recurrent = kernels.write(inputs.recurrentKernel);
  let dhLast = upstream.hLast;
  if (!settings.returnSequences) {
    dhLast = upstream.y.slice();
    for (let i = 0; i < dhLast.length; i++) dhLast[i] = (dhLast[i] ?? 0) + (upstream.hLast[i] ?? 0);
  }
  const dY = settings.returnSequences && !isZero(upstream.y) ? kernels.write(upstream.y) : 0;
  const dh = isZero(dhLast) ? 0 : kernels.write(dhLast);
  const dc = isZero(upstream.cLast) ? 0 : kernels.write(upstream.cLast);
  const dh0 = kernels.alloc(B * U);
  const dc0 = kernels.alloc(B * U);
  const mask = kernels.write(inputs.mask);

  const threads = threadsFor(kernels, shape);
  const rowsPerThread = Math.ceil(B / threads);
  const packedUT = packB(kernels, rowMajor(recurrent, U4, true), U4, U, threads);
  const scratchBytes = (2 * rowsPerThread * U + packedASize(rowsPerThread, U4)) * 4;
  const scratch = kernels.alloc((threads * scratchBytes) / 4);
  const hard = settings.hardSigmoid ? 1 : 0;
  const backwards = settings.goBackwards ? 1 : 0;
  kernels.run(
    'lstm_backward',
    [
      B,
      T,
      U,
      backwards,
      hard,
      dZ,
      record.cEntering,
      record.cLast,
      dY,
      dh,
      dc,
      packedUT,
      dh0,
      dc0,
      scratch,
      scratchBytes,
      TILES,
      mask,
    ],
    [],
    threads,
  );
  record.backwardDone = true;

  // Weight gradients: every row of dZ pairs with the h and x its step read.
  const wide = kernels.threadsFor(rows * U4 * U);
  const x = kernels.write(inputs.x);
  const packedDZ = packB(kernels, rowMajor(dZ, U4), rows, U4, wide);
  const dRecurrent = kernels.alloc(U * U4);
  const packedHT = packA(kernels, rowMajor(record.hEntering, U, true), U, rows, wide);
  gemmPacked(kernels, U, U4, rows, packedHT, packedDZ, dRecurrent, U4, false, wide);
  const dKernel = kernels.alloc(D * U4);
  if (D < 4) {
    gemm(kernels, D, U4, rows, rowMajor(x, D, true), rowMajor(dZ, U4), dKernel, U4, false);
  } else {
    const packedXT = packA(kernels, rowMajor(x, D, true), D, rows, wide);
    gemmPacked(kernels, D, U4, rows, packedXT, packedDZ, dKernel, U4, false, wide);
  }
  const dBias = kernels.alloc(U4);
  kernels.run('column_sums', [dZ, rows, U4, U4, dBias, 0], [], wide);
  return {
    kernel: kernels.read(dKernel, D * U4),
    recurrentKernel: kernels.read(dRecurrent, U * U4),
    bias: kernels.read(dBias, U4),
    h0: kernels.read(dh0, B * U),
    c0: kernels.read(dc0, B * U),
  };
}

/** The gradient of x [B, T, D] = dZ · kernelᵀ, from a record {@link lstmBackward} has run on. */
export function lstmInputGradient(
  kernels: WasmKernels,
  shape: LstmShape,
  kernelValues: Float32Array,
  record: LstmRecord,
): Float32Array {
  if (!record.backwardDone)
    throw new Error('lstmInputGradient: run lstmBackward on this forward pass first');
  const { batch: B, steps: T, inputSize: D, units: U } = shape;
  const U4 = 4 * U;
  const rows = B * T;
  kernels.reset();
  const kernel = kernels.write(kernelValues);
  const dx = kernels.alloc(rows * D);
  gemm(kernels, rows, D, U4, rowMajor(record.gates, U4), rowMajor(kernel, U4, true), dx, D, false);
  return kernels.read(dx, rows * D);
}
