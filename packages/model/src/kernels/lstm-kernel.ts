/**
 * The fused LSTM as a tfjs kernel (`SerLstmSequence`) with its gradient, so the whole sequence
 * is one operation on the tape instead of a dozen per step.
 *
 * Inputs: x [B, T, D], kernel [D, 4U], recurrentKernel [U, 4U], bias [4U], h0 and c0 [B, U],
 * mask [B, T] (0 skips a step, as tfjs-layers' masking does; all ones for none).
 * Outputs: y ([B, T, U] with returnSequences, else [B, U]), the final h and the final c.
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
  type LstmGradients,
  type LstmInputs,
  type LstmRecord,
  type LstmShape,
  lstmBackward,
  lstmForward,
  lstmInputGradient,
} from './lstm-sequence';
import {
  derivedWeights,
  expectShape,
  isSequenceHost,
  type SequenceHost,
  sequenceDims,
  sequenceSettings,
} from './sequence-kernel';

/** Name of the op in error messages (as tfjs-layers' layer). */
const OP = 'lstm';

/** Purpose (with the packing's layout) under which the backend keeps the packed recurrent kernel between calls. */
const PACKED_RECURRENT = 'lstm-recurrent-packed';

/** Name of the fused LSTM kernel. */
export const LSTM_KERNEL = 'SerLstmSequence';

/** Attributes of the fused LSTM kernel. */
export interface LstmKernelAttrs {
  readonly goBackwards: boolean;
  readonly returnSequences: boolean;
  /** 'sigmoid' or 'hardSigmoid'. */
  readonly recurrentActivation: string;
  /** Keep what the backward pass needs (training); without it a gradient recomputes the forward pass. */
  readonly keepActivations: boolean;
}

/** Checks every input against x's and the recurrent kernel's sizes; returns the sizes. */
function shapeOf(inputs: Record<string, TensorInfo | undefined>): LstmShape {
  const x = inputs['x'];
  const recurrentKernel = inputs['recurrentKernel'];
  const [batch, steps, inputSize] = sequenceDims(OP, x);
  const units = recurrentKernel?.shape[0] ?? 0;
  expectShape(OP, 'x', x, [batch, steps, inputSize]);
  expectShape(OP, 'recurrentKernel', recurrentKernel, [units, 4 * units]);
  expectShape(OP, 'kernel', inputs['kernel'], [inputSize, 4 * units]);
  expectShape(OP, 'bias', inputs['bias'], [4 * units]);
  expectShape(OP, 'h0', inputs['h0'], [batch, units]);
  expectShape(OP, 'c0', inputs['c0'], [batch, units]);
  expectShape(OP, 'mask', inputs['mask'], [batch, steps]);
  return { batch, steps, inputSize, units };
}

function readInputs(
  host: SequenceHost,
  inputs: Record<string, TensorInfo | undefined>,
): LstmInputs {
  const read = (name: string): Float32Array => host.values(inputs[name] as TensorInfo);
  return {
    x: read('x'),
    kernel: read('kernel'),
    recurrentKernel: read('recurrentKernel'),
    bias: read('bias'),
    h0: read('h0'),
    c0: read('c0'),
    mask: read('mask'),
  };
}

/** The fused LSTM kernel for the backend named `backendName`. */
export function lstmKernel(backendName: string): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const host = backend as SequenceHost;
    const shape = shapeOf(inputs);
    const settings = sequenceSettings(OP, attrs);
    const keep = attrs?.['keepActivations'] === true;
    const recurrentKernel = inputs['recurrentKernel'] as TensorInfo;
    const result = lstmForward(
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
    return [
      y,
      host.makeTensorInfo([batch, units], 'float32', result.hLast),
      host.makeTensorInfo([batch, units], 'float32', result.cLast),
    ];
  };
  return { kernelName: LSTM_KERNEL, backendName, kernelFunc };
}

/**
 * The fused LSTM's gradient. Backpropagation through time runs once, on the first gradient
 * asked for, over the activations the forward pass kept (or recomputed when it kept none);
 * x's gradient, often not needed, is one more product on request.
 */
export const lstmGradient: GradConfig = {
  kernelName: LSTM_KERNEL,
  inputsToSave: ['x', 'kernel', 'recurrentKernel', 'bias', 'h0', 'c0', 'mask'],
  outputsToSave: [true, false, false],
  gradFunc: (dys: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [dy, dhLast, dcLast] = dys as Tensor[];
    const [x, kernel, recurrentKernel, bias, h0, c0, mask, y] = saved as [
      Tensor,
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
        `${LSTM_KERNEL}: the gradient must run on the backend of the forward pass, not '${tf.getBackend()}'`,
      );
    }
    const inputs = { x, kernel, recurrentKernel, bias, h0, c0, mask };
    const shape = shapeOf(inputs);
    const settings = sequenceSettings(OP, attrs);
    const values = readInputs(backend, inputs);
    const upstream = {
      y: backend.values(dy as Tensor),
      hLast: backend.values(dhLast as Tensor),
      cLast: backend.values(dcLast as Tensor),
    };
    let record = backend.sequenceRecord(y.dataId) as LstmRecord | undefined;
    if (record === undefined || record.backwardDone) {
      record = lstmForward(backend.kernels, shape, settings, values, true).record as LstmRecord;
      backend.keepSequenceRecord(y.dataId, record);
    }
    const kept = record;
    let gradients: LstmGradients | undefined;
    const backward = (): LstmGradients => {
      gradients ??= lstmBackward(backend.kernels, shape, settings, values, kept, upstream);
      return gradients;
    };
    const as = (like: Tensor, data: Float32Array): Tensor => tf.tensor(data, like.shape, 'float32');
    return {
      x: () => {
        backward();
        return as(x, lstmInputGradient(backend.kernels, shape, values.kernel, kept));
      },
      kernel: () => as(kernel, backward().kernel),
      recurrentKernel: () => as(recurrentKernel, backward().recurrentKernel),
      bias: () => as(bias, backward().bias),
      h0: () => as(h0, backward().h0),
      c0: () => as(c0, backward().c0),
      mask: () => tf.zerosLike(mask),
    };
  },
};
