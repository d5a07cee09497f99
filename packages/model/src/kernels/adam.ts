/**
 * Adam whose update is one fused loop per variable on the `ser-simd` backend, instead of a
 * dozen tensor operations each allocating a new array. It is tfjs-core's `AdamOptimizer` (same
 * className, config, state variables `<name>/m` and `<name>/v`, same f32 arithmetic in the same
 * order), so models compiled with it save and load as with `tf.train.adam`; on other backends
 * it runs tfjs-core's own update.
 */
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { tf } from '../tf';
import { SimdBackend } from './backend';

/** tfjs-core's AdamOptimizer state, private in its typings. */
interface AdamState {
  accBeta1: Variable;
  accBeta2: Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: Variable } | undefined)[];
}

type VariableGradients = Parameters<InstanceType<typeof tf.AdamOptimizer>['applyGradients']>[0];

const f32 = Math.fround;

/**
 * tfjs' Adam optimizer with a fused, in-place update on the `ser-simd` backend.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: new FusedAdam(0.001, 0.9, 0.999), loss: 'categoricalCrossentropy' });
 * ```
 */
export class FusedAdam extends tf.AdamOptimizer {
  override applyGradients(variableGradients: VariableGradients): void {
    const backend = tf.engine().backend;
    const state = this as unknown as AdamState;
    if (!(backend instanceof SimdBackend) || !Array.isArray(state.accumulatedFirstMoment)) {
      super.applyGradients(variableGradients);
      return;
    }
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    const beta1 = f32(this.beta1);
    const beta2 = f32(this.beta2);
    const oneMinusBeta1 = f32(1 - this.beta1);
    const oneMinusBeta2 = f32(1 - this.beta2);
    const epsilon = f32(this.epsilon);
    const negativeRate = f32(-this.learningRate);
    const correction1 = f32(1 - (backend.values(state.accBeta1)[0] ?? 0));
    const correction2 = f32(1 - (backend.values(state.accBeta2)[0] ?? 0));
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        if (value === undefined) return;
        const firstMoment = (state.accumulatedFirstMoment[i] ??= {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        }).variable;
        const secondMoment = (state.accumulatedSecondMoment[i] ??= {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        }).variable;
        const gradient: Tensor | undefined = Array.isArray(variableGradients)
          ? variableGradients[i]?.tensor
          : variableGradients[name];
        if (gradient == null) return;
        const g = backend.values(gradient);
        const w = backend.values(value);
        const m = backend.values(firstMoment);
        const v = backend.values(secondMoment);
        const wOut = backend.privateValues(value.dataId) ?? new Float32Array(w.length);
        const mOut = backend.privateValues(firstMoment.dataId) ?? new Float32Array(m.length);
        const vOut = backend.privateValues(secondMoment.dataId) ?? new Float32Array(v.length);
        for (let j = 0; j < g.length; j++) {
          const gj = g[j] as number;
          const mj = f32(f32((m[j] as number) * beta1) + f32(gj * oneMinusBeta1));
          const vj = f32(f32((v[j] as number) * beta2) + f32(f32(gj * gj) * oneMinusBeta2));
          const step = f32(
            f32(f32(mj / correction1) / f32(f32(Math.sqrt(f32(vj / correction2))) + epsilon)) *
              negativeRate,
          );
          mOut[j] = mj;
          vOut[j] = vj;
          wOut[j] = step + (w[j] as number);
        }
        if (wOut !== w) value.assign(tf.tensor(wOut, value.shape, 'float32'));
        if (mOut !== m) firstMoment.assign(tf.tensor(mOut, firstMoment.shape, 'float32'));
        if (vOut !== v) secondMoment.assign(tf.tensor(vOut, secondMoment.shape, 'float32'));
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}

/**
 * Creates a {@link FusedAdam} with tf.train.adam's defaults (learning rate 0.001, β1 0.9,
 * β2 0.999, ε the backend's epsilon).
 *
 * @example
 * ```ts
 * model.compile({ optimizer: adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
 * ```
 */
export function adam(
  learningRate = 0.001,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon?: number,
): FusedAdam {
  return new FusedAdam(learningRate, beta1, beta2, epsilon);
}
