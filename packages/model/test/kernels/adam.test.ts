import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adam, FusedAdam } from '../../src/kernels/adam';
import { registerSimdBackend, SIMD_BACKEND } from '../../src/kernels/backend';
import { tf } from '../../src/tf';

beforeAll(async () => {
  registerSimdBackend();
  await tf.setBackend(SIMD_BACKEND);
});

function variables(prefix: string): Variable[] {
  return [
    tf.variable(tf.randomNormal([33, 20], 0, 1, 'float32', 1), true, `${prefix}/kernel`),
    tf.variable(tf.randomNormal([20], 0, 1, 'float32', 2), true, `${prefix}/bias`),
  ];
}

function gradients(prefix: string, step: number): { name: string; tensor: Tensor }[] {
  return [
    {
      name: `${prefix}/kernel`,
      tensor: tf.randomNormal([33, 20], 0, 1e-2 * (step + 1), 'float32', 10 + step),
    },
    { name: `${prefix}/bias`, tensor: tf.randomNormal([20], 0, 1, 'float32', 20 + step) },
  ];
}

describe('FusedAdam', () => {
  it('updates weights and moments exactly as tfjs-core Adam does', async () => {
    const stock = tf.train.adam(0.01, 0.8, 0.95, 1e-6);
    const fused = new FusedAdam(0.01, 0.8, 0.95, 1e-6);
    const stockVariables = variables('stock');
    const fusedVariables = variables('fused');
    for (let step = 0; step < 5; step++) {
      stock.applyGradients(gradients('stock', step));
      fused.applyGradients(gradients('fused', step));
    }
    fusedVariables.forEach((variable, i) => {
      expect(Array.from(variable.dataSync())).toEqual(
        Array.from((stockVariables[i] as Variable).dataSync()),
      );
    });
    const stockState = await stock.getWeights();
    const fusedState = await fused.getWeights();
    expect(fusedState.map((w) => w.name.replace('fused', ''))).toEqual(
      stockState.map((w) => w.name.replace('stock', '')),
    );
    expect(fusedState.map((w) => Array.from(w.tensor.dataSync()))).toEqual(
      stockState.map((w) => Array.from(w.tensor.dataSync())),
    );
    expect(fused.iterations).toBe(5);
    expect(fused.getClassName()).toBe('Adam');
  });

  it('never changes an array it has handed out', () => {
    const optimizer = adam(0.1);
    const [kernel] = variables('handed') as [Variable];
    optimizer.applyGradients(gradients('handed', 0));
    const seen = kernel.dataSync();
    const copy = Array.from(seen);
    optimizer.applyGradients(gradients('handed', 1));
    expect(Array.from(seen)).toEqual(copy);
    expect(Array.from(kernel.dataSync())).not.toEqual(copy);
  });

  it('runs tfjs-core Adam on other backends', async () => {
    await tf.setBackend('cpu');
    const fused = adam(0.01);
    const stock = tf.train.adam(0.01);
    const [fusedKernel] = variables('cpuFused') as [Variable];
    const [stockKernel] = variables('cpuStock') as [Variable];
    fused.applyGradients(gradients('cpuFused', 0));
    stock.applyGradients(gradients('cpuStock', 0));
    expect(Array.from(fusedKernel.dataSync())).toEqual(Array.from(stockKernel.dataSync()));
    await tf.setBackend(SIMD_BACKEND);
  });
});
