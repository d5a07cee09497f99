/**
 * The fused GRU as a tfjs kernel (`SerGruSequence`) with its gradient, so the whole sequence is
 * one operation on the tape instead of a dozen per step.
 *
 * Inputs: x [B, T, D], kernel [D, 3U], recurrentKernel [U, 3U], bias [3U], h0 [B, U], mask
 * [B, T] (0 skips a step, as tfjs-layers' masking does; all ones for none).
 * Outputs: y ([B, T, U] with returnSequences, else [B, U]) and the final h.
 */
import type {
  GradConfig,
  KernelConfig,
  KernelFunc,
  NamedAttrMap,
  Tensor,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { tf } from '../tf';
import { KernelError } from './errors';
import {
  type GruGradients,
  type GruInputs,
  type GruRecord,
  gruBackward,
  gruForward,
  gruInputGradient,
} from './gru-sequence';
import type { LstmShape } from './lstm-sequence';
import {
  derivedWeights,
  expectShape,
  isSequenceHost,
  type SequenceHost,
  sequenceDims,
  sequenceSettings,
} from './sequence-kernel';

/** Name of the op in error messages (as tfjs-layers' layer). */
const OP = 'gru';

/** Purpose (with the packing's layout) under which the backend keeps the packed recurrent kernel between calls. */
const PACKED_RECURRENT = 'gru-recurrent-packed';

/** Name of the fused GRU kernel. */
export const GRU_KERNEL = 'SerGruSequence';

/** Checks every input against x's and the recurrent kernel's sizes; returns the sizes. */
function shapeOf(inputs: Record<string, TensorInfo | undefined>): LstmShape {
  const x = inputs['x'];
  const recurrentKernel = inputs['recurrentKernel'];
  const [batch, steps, inputSize] = sequenceDims(OP, x);
  const units = recurrentKernel?.shape[0] ?? 0;
  expectShape(OP, 'x', x, [batch, steps, inputSize]);
  expectShape(OP, 'recurrentKernel', recurrentKernel, [units, 3 * units]);
  expectShape(OP, 'kernel', inputs['kernel'], [inputSize, 3 * units]);
  expectShape(OP, 'bias', inputs['bias'], [3 * units]);
  expectShape(OP, 'h0', inputs['h0'], [batch, units]);
  expectShape(OP, 'mask', inputs['mask'], [batch, steps]);
  return { batch, steps, inputSize, units };
}

function readInputs(host: SequenceHost, inputs: Record<string, TensorInfo | undefined>): GruInputs {
  const read = (name: string): Float32Array => host.values(inputs[name] as TensorInfo);
  return {
    x: read('x'),
    kernel: read('kernel'),
    recurrentKernel: read('recurrentKernel'),
    bias: read('bias'),
    h0: read('h0'),
    mask: read('mask'),
  };
}

/**
 * The fused GRU kernel for the backend named `backendName`. Attributes: goBackwards,
 * returnSequences, recurrentActivation ('sigmoid' or 'hardSigmoid'), keepActivations (keep
 * what the backward pass needs; without it a gradient recomputes the forward pass).
 */
export function gruKernel(backendName: string): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const host = backend as SequenceHost;
    const shape = shapeOf(inputs);
    const settings = sequenceSettings(OP, attrs);
    const keep = attrs?.['keepActivations'] === true;
    const recurrentKernel = inputs['recurrentKernel'] as TensorInfo;
    const result = gruForward(
      host.kernels,
      shape,
      settings,
      readInputs(host, inputs),
      keep,
      derivedWeights(host, recurrentKernel, PACKED_RECURRENT),
    );
    const { batch, steps, units } = shape;
    const y = host.makeTensorInfo(
      settings.returnSequences ? [batch, steps, units] : [batch, units],
      'float32',
      result.y,
    );
    if (result.record !== undefined) host.keepSequenceRecord(y.dataId, result.record);
    return [y, host.makeTensorInfo([batch, units], 'float32', result.hLast)];
  };
  return { kernelName: GRU_KERNEL, backendName, kernelFunc };
}

/**
 * The fused GRU's gradient. Backpropagation through time runs once, on the first gradient asked
 * for, over the activations the forward pass kept (or recomputed when it kept none); x's
 * gradient is one more product on request.
 */
export const gruGradient: GradConfig = {
  kernelName: GRU_KERNEL,
  inputsToSave: ['x', 'kernel', 'recurrentKernel', 'bias', 'h0', 'mask'],
  outputsToSave: [true, false],
  gradFunc: (dys: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [dy, dhLast] = dys as Tensor[];
    const [x, kernel, recurrentKernel, bias, h0, mask, y] = saved as [
      Tensor,
      Tensor,
      Tensor,
      Tensor,
      Tensor,
      Tensor,
      Tensor,
    ];
    const backend = tf.engine().backend;
    if (!isSequenceHost(backend)) {
      throw new KernelError(
        'backend-mismatch',
        `${GRU_KERNEL}: the gradient must run on the backend of the forward pass, not '${tf.getBackend()}'`,
      );
    }
    const inputs = { x, kernel, recurrentKernel, bias, h0, mask };
    const shape = shapeOf(inputs);
    const settings = sequenceSettings(OP, attrs);
    const values = readInputs(backend, inputs);
    const dyValues = backend.values(dy as Tensor);
    const dhValues = backend.values(dhLast as Tensor);
    let record = backend.sequenceRecord(y.dataId) as GruRecord | undefined;
    if (record === undefined || record.backwardDone) {
      record = gruForward(backend.kernels, shape, settings, values, true).record as GruRecord;
      backend.keepSequenceRecord(y.dataId, record);
    }
    const kept = record;
    let gradients: GruGradients | undefined;
    const backward = (): GruGradients => {
      gradients ??= gruBackward(backend.kernels, shape, settings, values, kept, dyValues, dhValues);
      return gradients;
    };
    const as = (like: Tensor, data: Float32Array): Tensor => tf.tensor(data, like.shape, 'float32');
    return {
      x: () => {
        backward();
        return as(x, gruInputGradient(backend.kernels, shape, values.kernel, kept));
      },
      kernel: () => as(kernel, backward().kernel),
      recurrentKernel: () => as(recurrentKernel, backward().recurrentKernel),
      bias: () => as(bias, backward().bias),
      h0: () => as(h0, backward().h0),
      mask: () => tf.zerosLike(mask),
    };
  },
};
