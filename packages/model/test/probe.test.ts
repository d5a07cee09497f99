import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { it, expect } from 'vitest';
it('probe', async () => {
  await tf.setBackend('cpu');
  console.log('grad BatchMatMul', tf.getGradient('BatchMatMul') != null, 'chained', typeof (tf.Tensor.prototype as any).add);
  const m = tfl.sequential();
  m.add(tfl.layers.lstm({ units: 4, inputShape: [5, 1], recurrentInitializer: 'glorotUniform' }));
  m.add(tfl.layers.dense({ units: 3, activation: 'softmax' }));
  m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const x = tf.randomNormal([8, 5, 1]);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3);
  const h = await m.fit(x, y, { epochs: 2, verbose: 0 });
  console.log(h.history, tf.engine().registryFactory ? 'x' : '', Object.keys((globalThis as any)._tfGlobals ?? {}));
  expect(h.history.loss).toHaveLength(2);
});
