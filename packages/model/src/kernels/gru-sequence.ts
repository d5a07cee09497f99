/**
 * A whole GRU sequence (tfjs-layers' cell, Keras' reset_after = false: gates z, r, h;
 * hh = tanh(x Wh + (r · h) Uh + bh); h' = z · h + (1 − z) · hh) on the kernel module, forward
 * and backward through time, for f32 arrays in tfjs' layouts: x [B, T, D], kernel [D, 3U],
 * recurrentKernel [U, 3U], bias [3U], h0 [B, U].
 */
import type { LstmSettings as GruSettings, LstmShape as SequenceShape } from './lstm-sequence';
import {
  gemm,
  gemmPacked,
  packA,
  packB,
  packBInto,
  packedASize,
  packedBSize,
  rowMajor,
} from './matmul';
import { type KernelBlock, PARALLEL_WORK, TILES, type WasmKernels } from './runtime';
import { type DerivedWeights, weightsBlock } from './sequence-kernel';

/** The layer's inputs and weights as flat row-major arrays. */
export interface GruInputs {
  readonly x: Float32Array;
  readonly kernel: Float32Array;
  readonly recurrentKernel: Float32Array;
  readonly bias: Float32Array;
  readonly h0: Float32Array;
  /** [B, T], by input step: 0 skips the step (tfjs-layers' masking), anything else runs it. */
  readonly mask: Float32Array;
}

/**
 * What the backward pass needs from the forward pass, kept in kernel memory: the activated
 * gates [B, T, 3U] (replaced by dG once the backward pass has run), and h and r · h entering
 * each step [B, T, U] (by input step).
 */
export interface GruRecord {
  readonly block: KernelBlock;
  readonly gates: number;
  readonly hEntering: number;
  readonly resetH: number;
  /** Whether `gates` holds dG (the backward pass has run). */
  backwardDone: boolean;
}

/** Outputs of {@link gruForward}. */
export interface GruForward {
  /** [B, T, U] with returnSequences, else [B, U] (a copy of hLast). */
  readonly y: Float32Array;
  readonly hLast: Float32Array;
  /** Present when asked for: what {@link gruBackward} needs. Release its block when done. */
  readonly record?: GruRecord;
}

/** Weight and state gradients from {@link gruBackward}, shaped like the corresponding inputs. */
export interface GruGradients {
  readonly kernel: Float32Array;
  readonly recurrentKernel: Float32Array;
  readonly bias: Float32Array;
  readonly h0: Float32Array;
}

/** Input widths up to this are projected step by step inside the recurrent task. */
const PROJECT_IN_STEP = 8;

/** Threads for a batch split by rows: each needs at least 4 rows to use packed products. */
function threadsFor(kernels: WasmKernels, { batch, steps, units }: SequenceShape): number {
  if (batch * steps * units * units * 3 < PARALLEL_WORK) return 1;
  return Math.max(1, Math.min(kernels.threads, Math.floor(batch / 4)));
}

/**
 * Runs the sequence forward. With `keep`, the activations the backward pass needs stay in
 * kernel memory (the returned record); without it they live in scratch only.
 */
export function gruForward(
  kernels: WasmKernels,
  shape: SequenceShape,
  settings: GruSettings,
  inputs: GruInputs,
  keep: boolean,
  packedWeights?: DerivedWeights,
): GruForward {
  const { batch: B, steps: T, inputSize: D, units: U } = shape;
  const U3 = 3 * U;
  const rows = B * T;
  kernels.reset();
  const zrSize = packedBSize(U, 2 * U);
  /** The recurrent kernel's update/reset part, then its candidate part, packed for the step products. */
  const packRecurrent = (packed: number): void => {
    const recurrent = kernels.write(inputs.recurrentKernel);
    const threads = kernels.threadsFor(U * U3 * 4);
    packBInto(kernels, rowMajor(recurrent, U3), U, 2 * U, packed, threads);
    packBInto(kernels, rowMajor(recurrent + 8 * U, U3), U, U, packed + 4 * zrSize, threads);
  };
  const packedSize = zrSize + packedBSize(U, U);
  let record: GruRecord | undefined;
  if (keep) {
    const block = kernels.keep(rows * U3 + 2 * rows * U);
    const gates = block.address;
    const hEntering = gates + 4 * rows * U3;
    record = { block, gates, hEntering, resetH: hEntering + 4 * rows * U, backwardDone: false };
  }
  // Inference keeps it between calls; training changes the weights every step.
  const packedZR = weightsBlock(
    kernels,
    'panels',
    packedSize,
    packRecurrent,
    keep ? undefined : packedWeights,
  );
  const packedH = packedZR + 4 * zrSize;
  const gates = record?.gates ?? kernels.alloc(rows * U3);
  const hEntering = record?.hEntering ?? kernels.alloc(rows * U);
  const resetH = record?.resetH ?? kernels.alloc(rows * U);
  const x = kernels.write(inputs.x);
  const kernel = kernels.write(inputs.kernel);
  const bias = kernels.write(inputs.bias);
  const h0 = kernels.write(inputs.h0);
  const mask = kernels.write(inputs.mask);
  const hLast = kernels.alloc(B * U);
  const y = settings.returnSequences ? kernels.alloc(rows * U) : 0;

  const project = D <= PROJECT_IN_STEP;
  if (!project) {
    kernels.run('fill_rows', [gates, rows, U3, U3, bias], [], kernels.threadsFor(rows * U3 * 8));
    gemm(kernels, rows, U3, D, rowMajor(x, D), rowMajor(kernel, U3), gates, U3, true);
  }
  const threads = threadsFor(kernels, shape);
  const scratchBytes = packedASize(Math.ceil(B / threads), U) * 4;
  const scratch = kernels.alloc((threads * scratchBytes) / 4);
  const hard = settings.hardSigmoid ? 1 : 0;
  const backwards = settings.goBackwards ? 1 : 0;
  kernels.run(
    'gru_forward',
    [
      ...[B, T, U, backwards, hard, gates, hEntering, resetH, hLast, y, packedZR, packedH],
      ...[scratch, scratchBytes, TILES, h0, mask, x, D, kernel, bias, project ? 1 : 0],
    ],
    [],
    threads,
  );
  const hOut = kernels.read(hLast, B * U);
  return {
    y: settings.returnSequences ? kernels.read(y, rows * U) : hOut.slice(),
    hLast: hOut,
    ...(record === undefined ? {} : { record }),
  };
}

/**
 * Backpropagates through time over a forward pass's record (which then holds dG) and returns
 * the gradients of the weights and of the initial state; {@link gruInputGradient} gives x's.
 * `dy` and `dhLast` are the upstream gradients of y and of the final h.
 */
export function gruBackward(
  kernels: WasmKernels,
  shape: SequenceShape,
  settings: GruSettings,
  inputs: GruInputs,
  record: GruRecord,
  dy: Float32Array,
  dhLast: Float32Array,
): GruGradients {
  if (record.backwardDone)
    throw new Error('gruBackward: this forward pass was already backpropagated');
  const { batch: B, steps: T, inputSize: D, units: U } = shape;
  const U3 = 3 * U;
  const rows = B * T;
  kernels.reset();
  const dG = record.gates;
  const recurrent = kernels.write(inputs.recurrentKernel);
  let dhEnd = dhLast;
  if (!settings.returnSequences) {
    dhEnd = dy.slice();
    for (let i = 0; i < dhEnd.length; i++) dhEnd[i] = (dhEnd[i] ?? 0) + (dhLast[i] ?? 0);
  }
  const dY = settings.returnSequences ? kernels.write(dy) : 0;
  const dh = kernels.write(dhEnd);
  const dh0 = kernels.alloc(B * U);
  const mask = kernels.write(inputs.mask);

  const threads = threadsFor(kernels, shape);
  const rowsPerThread = Math.ceil(B / threads);
  const packedZRT = packB(kernels, rowMajor(recurrent, U3, true), 2 * U, U, threads);
  const packedHT = packB(kernels, rowMajor(recurrent + 8 * U, U3, true), U, U, threads);
  const scratchBytes = (2 * rowsPerThread * U + packedASize(rowsPerThread, 2 * U)) * 4;
  const scratch = kernels.alloc((threads * scratchBytes) / 4);
  const hard = settings.hardSigmoid ? 1 : 0;
  const backwards = settings.goBackwards ? 1 : 0;
  kernels.run(
    'gru_backward',
    [
      ...[B, T, U, backwards, hard, dG, record.hEntering, dY, dh, packedZRT, packedHT, dh0],
      ...[scratch, scratchBytes, TILES, mask],
    ],
    [],
    threads,
  );
  record.backwardDone = true;

  // Weight gradients: every row of dG pairs with the h (for z, r) or r · h (for hh) and the x its step read.
  const wide = kernels.threadsFor(rows * U3 * U);
  const x = kernels.write(inputs.x);
  // dG's z, r columns and its hh columns, packed apart (their recurrent rows pair with h and r · h).
  const packedZR = packB(kernels, rowMajor(dG, U3), rows, 2 * U, wide);
  const packedH = packB(kernels, rowMajor(dG + 8 * U, U3), rows, U, wide);
  const dRecurrent = kernels.alloc(U * U3);
  const packedHPT = packA(kernels, rowMajor(record.hEntering, U, true), U, rows, wide);
  gemmPacked(kernels, U, 2 * U, rows, packedHPT, packedZR, dRecurrent, U3, false, wide);
  const packedRHT = packA(kernels, rowMajor(record.resetH, U, true), U, rows, wide);
  gemmPacked(kernels, U, U, rows, packedRHT, packedH, dRecurrent + 8 * U, U3, false, wide);
  const dKernel = kernels.alloc(D * U3);
  if (D < 4) {
    gemm(kernels, D, U3, rows, rowMajor(x, D, true), rowMajor(dG, U3), dKernel, U3, false);
  } else {
    const packedXT = packA(kernels, rowMajor(x, D, true), D, rows, wide);
    gemmPacked(kernels, D, 2 * U, rows, packedXT, packedZR, dKernel, U3, false, wide);
    gemmPacked(kernels, D, U, rows, packedXT, packedH, dKernel + 8 * U, U3, false, wide);
  }
  const dBias = kernels.alloc(U3);
  kernels.run('column_sums', [dG, rows, U3, U3, dBias, 0], [], wide);
  return {
    kernel: kernels.read(dKernel, D * U3),
    recurrentKernel: kernels.read(dRecurrent, U * U3),
    bias: kernels.read(dBias, U3),
    h0: kernels.read(dh0, B * U),
  };
}

/** The gradient of x [B, T, D] = dG · kernelᵀ, from a record {@link gruBackward} has run on. */
export function gruInputGradient(
  kernels: WasmKernels,
  shape: SequenceShape,
  kernelValues: Float32Array,
  record: GruRecord,
): Float32Array {
  if (!record.backwardDone)
    throw new Error('gruInputGradient: run gruBackward on this forward pass first');
  const { batch: B, steps: T, inputSize: D, units: U } = shape;
  const U3 = 3 * U;
  const rows = B * T;
  kernels.reset();
  const kernel = kernels.write(kernelValues);
  const dx = kernels.alloc(rows * D);
  gemm(kernels, rows, D, U3, rowMajor(record.gates, U3), rowMajor(kernel, U3, true), dx, D, false);
  return kernels.read(dx, rows * D);
}
