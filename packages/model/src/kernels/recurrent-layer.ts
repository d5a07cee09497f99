/**
 * What FastLSTM and FastGRU share: finding tfjs-layers' own class to extend, deciding whether a
 * call can run as the fused kernel, and the per-call inputs every fused recurrent kernel takes.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import { tf } from '../tf';

/** tfjs-layers' class registered as `className` (its recurrent classes are not exported by name). */
export function stockLayerClass<T>(className: string): T {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (entry === undefined) {
    throw new Error(`tfjs-layers has not registered its ${className} layer class`);
  }
  return entry[0] as unknown as T;
}

/** The class name of a tfjs activation object ('' when it has none). */
export function activationName(activation: unknown): string {
  const named = activation as { getClassName?: () => string } | null;
  return typeof named?.getClassName === 'function' ? named.getClassName() : '';
}

/** The parts of an LSTM or GRU cell the fusion decision reads. */
interface FusableCell {
  activation: unknown;
  recurrentActivation: unknown;
  dropout: number;
  recurrentDropout: number;
  dropoutMask: Tensor | Tensor[];
  recurrentDropoutMask: Tensor | Tensor[];
}

/** One call of a recurrent layer, as the fusion decision sees it. */
export interface RecurrentCall {
  /** The fused kernel's name. */
  readonly kernel: string;
  readonly cell: FusableCell;
  readonly stateful: boolean;
  /** How many initial-state tensors the layer takes (LSTM 2, GRU 1). */
  readonly stateCount: number;
  readonly x: Tensor;
  readonly kwargs: Kwargs;
  readonly training: boolean;
}

/**
 * Whether the call can run as the fused kernel: the active backend has it, the input is a
 * non-empty float32 [batch, steps, features], the mask (if any) is [batch, steps], the layer is
 * not stateful, activations are tanh and (hard) sigmoid, no dropout while training, and the
 * initial state (if any) is float32.
 */
export function canFuse(call: RecurrentCall): boolean {
  const { cell, x, kwargs, training } = call;
  const initialState = kwargs?.['initialState'] as Tensor[] | undefined;
  const mask = kwargs?.['mask'] as Tensor | null | undefined;
  const recurrent = activationName(cell.recurrentActivation);
  return (
    tf.getKernel(call.kernel, tf.getBackend()) !== undefined &&
    (mask == null ||
      (mask.rank === 2 && mask.shape[0] === x.shape[0] && mask.shape[1] === x.shape[1])) &&
    !call.stateful &&
    x.rank === 3 &&
    x.dtype === 'float32' &&
    (x.shape[0] ?? 0) > 0 &&
    (x.shape[1] ?? 0) > 0 &&
    activationName(cell.activation) === 'tanh' &&
    (recurrent === 'sigmoid' || recurrent === 'hardSigmoid') &&
    (!training || (cell.dropout === 0 && cell.recurrentDropout === 0)) &&
    (initialState == null ||
      (initialState.length === call.stateCount && initialState.every((s) => s.dtype === 'float32')))
  );
}

/**
 * Releases dropout masks a previous step-by-step call left on the cell (the fused path uses
 * none), and returns the float32 [batch, steps] step mask: the layer's mask, or all ones.
 * Call inside `tf.tidy`.
 */
export function prepareFusedCall(cell: FusableCell, x: Tensor, kwargs: Kwargs): Tensor {
  for (const mask of ['dropoutMask', 'recurrentDropoutMask'] as const) {
    if (cell[mask] != null) {
      tf.dispose(cell[mask]);
      cell[mask] = null as unknown as Tensor;
    }
  }
  const [batch = 0, steps = 0] = x.shape;
  const stepMask = kwargs?.['mask'] as Tensor | null | undefined;
  return stepMask == null ? tf.ones([batch, steps]) : tf.cast(tf.cast(stepMask, 'bool'), 'float32');
}
