import { Worker } from 'node:worker_threads';
import type { Tensor } from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { adam } from '../../src/kernels/adam';
import { registerSimdBackend, SIMD_BACKEND } from '../../src/kernels/backend';
import { KernelError } from '../../src/kernels/errors';
import { lstm } from '../../src/kernels/lstm-layer';
import {
  type LstmShape,
  lstmBackward,
  lstmForward,
  lstmInputGradient,
} from '../../src/kernels/lstm-sequence';
import { WasmKernels } from '../../src/kernels/runtime';
import { startWorkerPool, type WorkerFactory } from '../../src/node/kernels/worker-pool';
import { tf, tfl } from '../../src/tf';

const opened: WasmKernels[] = [];

afterEach(() => {
  for (const kernels of opened.splice(0)) kernels.dispose();
});

/** Kernels on two threads; `workers` receives the worker threads created. */
async function twoThreads(
  workers: Worker[] = [],
  createWorker?: WorkerFactory,
  taskTimeoutMs?: number,
): Promise<WasmKernels> {
  const kernels = await WasmKernels.create({
    startRunner: startWorkerPool({
      threads: 2,
      ...(taskTimeoutMs === undefined ? {} : { taskTimeoutMs }),
      createWorker: (source, options) => {
        const worker = createWorker?.(source, options) ?? new Worker(source, options);
        workers.push(worker);
        return worker;
      },
    }),
  });
  opened.push(kernels);
  return kernels;
}

function random(count: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  });
}

/** A whole LSTM forward and backward pass, large enough (B·T·4U² ≥ PARALLEL_WORK) to be split over threads. */
function lstmPass(kernels: WasmKernels): Float32Array[] {
  const shape: LstmShape = { batch: 16, steps: 20, inputSize: 3, units: 64 };
  const { batch: B, steps: T, inputSize: D, units: U } = shape;
  const settings = { goBackwards: false, hardSigmoid: false, returnSequences: true };
  const inputs = {
    x: random(B * T * D, 1),
    kernel: random(D * 4 * U, 2),
    recurrentKernel: random(U * 4 * U, 3),
    bias: random(4 * U, 4),
    h0: random(B * U, 5),
    c0: random(B * U, 6),
    // Sequences padded at their end, and one step skipped in the middle.
    mask: Float32Array.from({ length: B * T }, (_, i) => {
      const [b, t] = [Math.floor(i / T), i % T];
      return t < T - (b % 4) && t !== 3 ? 1 : 0;
    }),
  };
  const forward = lstmForward(kernels, shape, settings, inputs, true);
  const record = forward.record;
  if (record === undefined) throw new Error('no record');
  const upstream = { y: random(B * T * U, 7), hLast: random(B * U, 8), cLast: random(B * U, 9) };
  const gradients = lstmBackward(kernels, shape, settings, inputs, record, upstream);
  const dx = lstmInputGradient(kernels, shape, inputs.kernel, record);
  kernels.release(record.block);
  return [
    forward.y,
    forward.cLast,
    gradients.kernel,
    gradients.recurrentKernel,
    gradients.bias,
    gradients.h0,
    gradients.c0,
    dx,
  ];
}

describe('the kernel worker pool', () => {
  it('gives the same results on two threads as on one', async () => {
    const single = await WasmKernels.create();
    opened.push(single);
    const double = await twoThreads();
    expect(double.threads).toBe(2);
    expect(lstmPass(double)).toEqual(lstmPass(single));
  });

  it('reports how long each thread spent on the last task; one thread reports nothing', async () => {
    const single = await WasmKernels.create();
    opened.push(single);
    const double = await twoThreads();
    lstmPass(double);
    const times = double.lastTaskTimes();
    expect(times).toHaveLength(2);
    for (const time of times ?? []) expect(time).toBeGreaterThan(0);
    lstmPass(single);
    expect(single.lastTaskTimes()).toBeUndefined();
  });

  it('gives the same results for one sequence, whether threads share its units or not', async () => {
    const single = await WasmKernels.create();
    opened.push(single);
    const double = await twoThreads();
    const shape: LstmShape = { batch: 1, steps: 20, inputSize: 2, units: 256 };
    const settings = { goBackwards: true, hardSigmoid: false, returnSequences: true };
    const inputs = {
      x: random(40, 1),
      kernel: random(2 * 1024, 2),
      recurrentKernel: random(256 * 1024, 3),
      bias: random(1024, 4),
      h0: random(256, 5),
      c0: random(256, 6),
      mask: new Float32Array(20).fill(1),
    };
    const expected = lstmForward(single, shape, settings, inputs, false);
    // The first calls alternate between one thread and threads sharing the units.
    for (let call = 0; call < 4; call++) {
      const got = lstmForward(double, shape, settings, inputs, false);
      expect(got.y).toEqual(expected.y);
      expect(got.cLast).toEqual(expected.cLast);
    }
  });

  it('fails the task, and every later one, with a KernelError when a worker traps', async () => {
    const kernels = await twoThreads();
    kernels.reset();
    const row = kernels.alloc(4);
    // fill_rows gives row 1 to the worker; a row stride of 2^29 floats puts it outside memory.
    const fillOutOfBounds = () => kernels.run('fill_rows', [row, 2, 4, 2 ** 29, 0], [], 2);
    expect(fillOutOfBounds).toThrow(KernelError);
    expect(fillOutOfBounds).toThrow(
      /kernel worker 1 failed in task fill_rows: RuntimeError: memory access out of bounds/,
    );
    expect(() => kernels.run('fill_rows', [row, 1, 4, 4, 0], [], 2)).toThrow(/cannot run any more/);
  });

  it('fails with a KernelError when a worker has exited', async () => {
    const workers: Worker[] = [];
    const kernels = await twoThreads(workers);
    await workers[0]?.terminate();
    kernels.reset();
    const row = kernels.alloc(8);
    expect(() => kernels.run('fill_rows', [row, 2, 4, 4, 0], [], 2)).toThrow(
      /kernel worker 1 exited/,
    );
  });

  it('fails with a KernelError instead of hanging when a worker stops answering', async () => {
    const hung = `const { parentPort } = require('node:worker_threads');
      parentPort.postMessage('ready');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);`;
    const kernels = await twoThreads(
      [],
      (_, options) => new Worker(hung, { ...options, eval: true }),
      300,
    );
    kernels.reset();
    const row = kernels.alloc(8);
    let error: unknown;
    try {
      kernels.run('fill_rows', [row, 2, 4, 4, 0], [], 2);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KernelError);
    expect((error as KernelError).problem).toBe('worker-timeout');
    expect((error as KernelError).message).toMatch(/did not finish task fill_rows within 300 ms/);
  });

  it('fails with a KernelError instead of hanging when a worker never reaches a step barrier', async () => {
    const hung = `const { parentPort } = require('node:worker_threads');
      parentPort.postMessage('ready');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);`;
    const kernels = await twoThreads(
      [],
      (_, options) => new Worker(hung, { ...options, eval: true }),
      300,
    );
    const shape: LstmShape = { batch: 1, steps: 20, inputSize: 1, units: 256 };
    const inputs = {
      x: random(20, 1),
      kernel: random(1024, 2),
      recurrentKernel: random(256 * 1024, 3),
      bias: random(1024, 4),
      h0: random(256, 5),
      c0: random(256, 6),
      mask: new Float32Array(20).fill(1),
    };
    const settings = { goBackwards: false, hardSigmoid: true, returnSequences: false };
    // The first call runs on one thread, the second shares the units with the hung worker.
    const calls = () => {
      for (let call = 0; call < 2; call++) lstmForward(kernels, shape, settings, inputs, false);
    };
    expect(calls).toThrow(KernelError);
  });

  it('makes model.fit reject with a KernelError when a worker dies during training', async () => {
    const workers: Worker[] = [];
    const kernels = await twoThreads(workers);
    registerSimdBackend({ kernels });
    await tf.setBackend(SIMD_BACKEND);
    const model = tfl.sequential();
    model.add(lstm({ units: 64, inputShape: [10, 2], recurrentInitializer: 'glorotUniform' }));
    model.add(tfl.layers.dense({ units: 3, activation: 'softmax' }));
    model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy' });
    const x = tf.randomNormal([64, 10, 2]);
    const y = tf.oneHot(tf.randomUniform([64], 0, 3, 'int32'), 3) as Tensor;
    await model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 });
    await workers[0]?.terminate();
    await expect(model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 })).rejects.toThrow(
      KernelError,
    );
    tf.removeBackend(SIMD_BACKEND);
  });
});
