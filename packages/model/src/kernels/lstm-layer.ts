/**
 * The tfjs-layers LSTM, run as one fused kernel where the active backend has it.
 *
 * `FastLSTM` is tfjs-layers' own `LSTM` class with a different `call`: same constructor
 * arguments, same config, same weights (kernel, recurrent_kernel, bias) and the same className
 * `'LSTM'`, so saved models are ordinary tfjs/Keras LSTM models. It is registered under that
 * className, so models loaded from JSON, and LSTMs wrapped in `Bidirectional`, use it too. On a
 * backend without the fused kernel, or with statefulness, dropout while training, or an
 * activation the kernel lacks, it runs tfjs-layers' step-by-step code unchanged. Masks (from
 * a Masking layer, for padded sequences) are fused too.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LSTM, LSTMCell, LSTMLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/recurrent';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import { tf } from '../tf';
import { LSTM_KERNEL } from './lstm-kernel';
import { activationName, canFuse, prepareFusedCall, stockLayerClass } from './recurrent-layer';

/**
 * An LSTM layer identical to tfjs-layers' `LSTM` (config, weights, className), whose forward
 * and backward passes run as one fused kernel on backends that provide it.
 *
 * @example
 * ```ts
 * const model = tfl.sequential();
 * model.add(new FastLSTM({ units: 256, inputShape: [40, 1] }));
 * ```
 */
export class FastLSTM extends stockLayerClass<typeof LSTM>('LSTM') {
  static override className = 'LSTM';

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const initialState = kwargs?.['initialState'] as Tensor[] | undefined;
    const training = kwargs?.['training'] === true;
    const cell = this.cell as LSTMCell;
    if (
      x === undefined ||
      (Array.isArray(inputs) && inputs.length > 1) ||
      !canFuse({
        kernel: LSTM_KERNEL,
        cell,
        stateful: this.stateful,
        stateCount: 2,
        x,
        kwargs,
        training,
      })
    ) {
      return super.call(inputs, kwargs);
    }
    return tf.tidy(() => {
      const mask = prepareFusedCall(cell, x, kwargs);
      const [batch = 0] = x.shape;
      const units = cell.units;
      const [h0, c0] = initialState ?? [tf.zeros([batch, units]), tf.zeros([batch, units])];
      const bias = cell.useBias ? cell.bias.read() : tf.zeros([4 * units]);
      const outputs = tf.engine().runKernel(
        LSTM_KERNEL,
        {
          x,
          kernel: cell.kernel.read(),
          recurrentKernel: cell.recurrentKernel.read(),
          bias,
          h0: h0 as Tensor,
          c0: c0 as Tensor,
          mask,
        },
        {
          goBackwards: this.goBackwards,
          returnSequences: this.returnSequences,
          recurrentActivation: activationName(cell.recurrentActivation),
          keepActivations: training,
        },
      ) as Tensor[];
      const [y, hLast, cLast] = outputs as [Tensor, Tensor, Tensor];
      return this.returnState ? [y, hLast, cLast] : y;
    });
  }
}

/**
 * Makes tfjs-layers build `FastLSTM` wherever it deserializes an `'LSTM'` (loaded models,
 * `Bidirectional` wrappers). Called by `registerSimdBackend`.
 *
 * @example
 * ```ts
 * registerFastLstmLayer();
 * const model = await tfl.loadLayersModel(handler); // its LSTM layers are FastLSTM
 * ```
 */
export function registerFastLstmLayer(): void {
  tf.serialization.registerClass(FastLSTM);
}

/**
 * Creates a {@link FastLSTM} layer: use it where you would use `tf.layers.lstm(args)`.
 *
 * @example
 * ```ts
 * model.add(lstm({ units: 256, inputShape: [40, 1], recurrentInitializer: 'glorotUniform' }));
 * ```
 */
export function lstm(args: LSTMLayerArgs): FastLSTM {
  return new FastLSTM(args);
}
