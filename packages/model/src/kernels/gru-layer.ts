/**
 * The tfjs-layers GRU, run as one fused kernel where the active backend has it.
 *
 * `FastGRU` is tfjs-layers' own `GRU` class with a different `call`: same constructor
 * arguments, config, weights (kernel, recurrent_kernel, bias) and className `'GRU'`, so saved
 * models are ordinary tfjs/Keras GRU models. It is registered under that className, so models
 * loaded from JSON, and GRUs wrapped in `Bidirectional`, use it too. On a backend without the
 * fused kernel, or with statefulness, dropout while training, or an activation the kernel lacks,
 * it runs tfjs-layers' step-by-step code unchanged. Masks (for padded sequences) are fused too.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { GRU, GRUCell, GRULayerArgs } from '@tensorflow/tfjs-layers/dist/layers/recurrent';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import { tf } from '../tf';
import { GRU_KERNEL } from './gru-kernel';
import { activationName, canFuse, prepareFusedCall, stockLayerClass } from './recurrent-layer';

/**
 * A GRU layer identical to tfjs-layers' `GRU` (config, weights, className), whose forward and
 * backward passes run as one fused kernel on backends that provide it.
 *
 * @example
 * ```ts
 * const model = tfl.sequential();
 * model.add(new FastGRU({ units: 64, inputShape: [300, 64], returnSequences: true }));
 * ```
 */
export class FastGRU extends stockLayerClass<typeof GRU>('GRU') {
  static override className = 'GRU';

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const initialState = kwargs?.['initialState'] as Tensor[] | undefined;
    const training = kwargs?.['training'] === true;
    const cell = this.cell as GRUCell;
    if (
      x === undefined ||
      (Array.isArray(inputs) && inputs.length > 1) ||
      !canFuse({
        kernel: GRU_KERNEL,
        cell,
        stateful: this.stateful,
        stateCount: 1,
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
      const h0 = initialState?.[0] ?? tf.zeros([batch, units]);
      const bias = cell.useBias ? cell.bias.read() : tf.zeros([3 * units]);
      const outputs = tf.engine().runKernel(
        GRU_KERNEL,
        {
          x,
          kernel: cell.kernel.read(),
          recurrentKernel: cell.recurrentKernel.read(),
          bias,
          h0,
          mask,
        },
        {
          goBackwards: this.goBackwards,
          returnSequences: this.returnSequences,
          recurrentActivation: activationName(cell.recurrentActivation),
          keepActivations: training,
        },
      ) as Tensor[];
      const [y, hLast] = outputs as [Tensor, Tensor];
      return this.returnState ? [y, hLast] : y;
    });
  }
}

/**
 * Makes tfjs-layers build `FastGRU` wherever it deserializes a `'GRU'` (loaded models,
 * `Bidirectional` wrappers). Called by `registerSimdBackend`.
 *
 * @example
 * ```ts
 * registerFastGruLayer();
 * const model = await tfl.loadLayersModel(handler); // its GRU layers are FastGRU
 * ```
 */
export function registerFastGruLayer(): void {
  tf.serialization.registerClass(FastGRU);
}

/**
 * Creates a {@link FastGRU} layer: use it where you would use `tf.layers.gru(args)`.
 *
 * @example
 * ```ts
 * model.add(gru({ units: 64, inputShape: [300, 64], recurrentActivation: 'sigmoid' }));
 * ```
 */
export function gru(args: GRULayerArgs): FastGRU {
  return new FastGRU(args);
}
