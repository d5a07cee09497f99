/**
 * What the fused recurrent kernels (LSTM, GRU) share: the backend services they need, their
 * settings from kernel attributes, and input checks with tfjs-style messages.
 */
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { KeptRecord, WasmKernels } from './runtime';

/** The part of the backend a fused recurrent kernel needs: kernel memory and a place for activations. */
export interface SequenceHost {
  readonly kernels: WasmKernels;
  /** A tensor's values, read without copying. */
  values(info: TensorInfo): Float32Array;
  /** The activations a forward pass kept, under the dataId of its output y. */
  sequenceRecord(dataId: object): KeptRecord | undefined;
  /** Files a forward pass's activations under y's dataId; they are released with y's data. */
  keepSequenceRecord(dataId: object, record: KeptRecord): void;
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
  /**
   * The address of `count` floats of kernel memory derived from the values of tensor `dataId`
   * (`fill` writes them once), kept for later calls while those values cannot change.
   */
  derivedBlock(
    dataId: object,
    purpose: string,
    count: number,
    fill: (address: number) => void,
  ): number;
}

/**
 * Kernel memory derived from one weight tensor in one `layout` (for instance its packed form),
 * made by `fill` and reused by later calls: see {@link SequenceHost.derivedBlock}.
 */
export type DerivedWeights = (
  layout: string,
  count: number,
  fill: (address: number) => void,
) => number;

/**
 * The {@link DerivedWeights} of weight tensor `weights`, kept by `host` under `purpose` and the
 * layout asked for (so one tensor can have several packed forms at once).
 */
export function derivedWeights(
  host: SequenceHost,
  weights: TensorInfo,
  purpose: string,
): DerivedWeights {
  return (layout, count, fill) =>
    host.derivedBlock(weights.dataId, `${purpose}/${layout}`, count, fill);
}

/**
 * `count` floats that `fill` writes in `layout`: kept by `derived` between calls when given,
 * otherwise fresh scratch of this kernel call. Call it before other scratch when `derived` may
 * keep.
 */
export function weightsBlock(
  kernels: WasmKernels,
  layout: string,
  count: number,
  fill: (address: number) => void,
  derived?: DerivedWeights,
): number {
  if (derived !== undefined) return derived(layout, count, fill);
  const address = kernels.alloc(count);
  fill(address);
  return address;
}

/** Whether `backend` provides what the fused recurrent kernels need. */
export function isSequenceHost(backend: unknown): backend is SequenceHost {
  return (
    typeof backend === 'object' &&
    backend !== null &&
    'keepSequenceRecord' in backend &&
    'kernels' in backend
  );
}

/** Settings common to the fused recurrent kernels. */
export interface SequenceSettings {
  /** Read the sequence from its end (Keras' goBackwards); outputs stay in processing order. */
  readonly goBackwards: boolean;
  /** Gate activation: Keras' hard sigmoid (tfjs-layers' default) instead of the logistic sigmoid. */
  readonly hardSigmoid: boolean;
  /** Return h after every step ([B, T, U]) instead of the last h only ([B, U]). */
  readonly returnSequences: boolean;
}

/** The settings in a fused recurrent kernel's attributes; `op` names it in errors. */
export function sequenceSettings(op: string, attrs: NamedAttrMap | undefined): SequenceSettings {
  const recurrentActivation = attrs?.['recurrentActivation'];
  if (recurrentActivation !== 'sigmoid' && recurrentActivation !== 'hardSigmoid') {
    throw new Error(
      `Error in ${op}: recurrentActivation must be 'sigmoid' or 'hardSigmoid', got ${String(recurrentActivation)}`,
    );
  }
  return {
    goBackwards: attrs?.['goBackwards'] === true,
    returnSequences: attrs?.['returnSequences'] === true,
    hardSigmoid: recurrentActivation === 'hardSigmoid',
  };
}

/** Checks that input `name` of `op` is a float32 tensor of `shape`. */
export function expectShape(
  op: string,
  name: string,
  info: TensorInfo | undefined,
  shape: readonly number[],
): TensorInfo {
  if (info === undefined) throw new Error(`Error in ${op}: input ${name} is missing`);
  if (info.dtype !== 'float32')
    throw new Error(`Error in ${op}: ${name} must be float32, got ${info.dtype}`);
  if (info.shape.length !== shape.length || info.shape.some((d, i) => d !== shape[i])) {
    throw new Error(
      `Error in ${op}: ${name} must have shape [${shape.join(',')}], got [${info.shape.join(',')}]`,
    );
  }
  return info;
}

/** Checks that x is rank 3 and returns its [batch, steps, features]. */
export function sequenceDims(op: string, x: TensorInfo | undefined): [number, number, number] {
  if (x === undefined || x.shape.length !== 3) {
    throw new Error(
      `Error in ${op}: x must be rank 3 [batch, steps, features], got shape [${x?.shape.join(',') ?? ''}]`,
    );
  }
  const [batch = 0, steps = 0, inputSize = 0] = x.shape;
  return [batch, steps, inputSize];
}
