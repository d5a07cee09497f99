import { afterAll, describe, expect, it } from 'vitest';
import { gruBackward, gruForward, gruInputGradient } from '../../src/kernels/gru-sequence';
import { type LstmShape, lstmForward } from '../../src/kernels/lstm-sequence';
import { WasmKernels } from '../../src/kernels/runtime';
import { startWorkerPool } from '../../src/node/kernels/worker-pool';

function random(count: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  });
}

function inputsFor({ batch: B, steps: T, inputSize: D, units: U }: LstmShape) {
  return {
    x: random(B * T * D, 1),
    kernel: random(D * 4 * U, 2),
    recurrentKernel: random(U * 4 * U, 3),
    bias: random(4 * U, 4),
    h0: random(B * U, 5),
    c0: random(B * U, 6),
    // Sequences padded at their end, and one step skipped in the middle.
    mask: Float32Array.from({ length: B * T }, (_, i) => {
      const [b, t] = [Math.floor(i / T), i % T];
      return t < T - (b % 3) && t !== 2 ? 1 : 0;
    }),
  };
}

const kernels: WasmKernels[] = [];
afterAll(() => {
  for (const k of kernels) k.dispose();
});

describe('the LSTM inference pass (no training record)', () => {
  // 16 × 20 × 64: large enough to be split over two threads by rows; 3 rows: fewer than a panel.
  const shapes: [string, LstmShape][] = [
    ['a batch of 16, one input feature', { batch: 16, steps: 20, inputSize: 1, units: 64 }],
    ['a batch of 16, 12 input features', { batch: 16, steps: 20, inputSize: 12, units: 64 }],
    ['3 sequences of 9 units', { batch: 3, steps: 5, inputSize: 10, units: 9 }],
    // Shares of more than 32 rows run in chunks, and the last share ends in a part panel.
    ['a batch of 70 in three chunks', { batch: 70, steps: 10, inputSize: 2, units: 48 }],
  ];
  const settings = [
    { goBackwards: false, hardSigmoid: false, returnSequences: false },
    { goBackwards: true, hardSigmoid: true, returnSequences: true },
  ];

  it.each(shapes)(
    'gives what the training forward pass gives, for %s, on one and two threads',
    async (_, shape) => {
      const single = await WasmKernels.create();
      const double = await WasmKernels.create({ startRunner: startWorkerPool({ threads: 2 }) });
      kernels.push(single, double);
      const inputs = inputsFor(shape);
      for (const setting of settings) {
        const training = lstmForward(single, shape, setting, inputs, true);
        if (training.record !== undefined) single.release(training.record.block);
        for (const k of [single, double]) {
          const inference = lstmForward(k, shape, setting, inputs, false);
          expect(inference.record).toBeUndefined();
          expect(inference.y).toEqual(training.y);
          expect(inference.hLast).toEqual(training.hLast);
          expect(inference.cLast).toEqual(training.cLast);
        }
      }
      expect(single.keptBytes).toBe(0);
    },
  );
});

describe('the GRU sequence kernels', () => {
  it('give the same outputs and gradients on two threads as on one (72 units: edge tiles)', async () => {
    const single = await WasmKernels.create();
    const double = await WasmKernels.create({ startRunner: startWorkerPool({ threads: 2 }) });
    kernels.push(single, double);
    const shape: LstmShape = { batch: 16, steps: 20, inputSize: 3, units: 72 };
    const { batch: B, steps: T, units: U } = shape;
    const { c0: _, ...inputs } = inputsFor(shape);
    const settings = { goBackwards: true, hardSigmoid: false, returnSequences: true };
    const pass = (k: WasmKernels): Float32Array[] => {
      const forward = gruForward(k, shape, settings, inputs, true);
      const record = forward.record;
      if (record === undefined) throw new Error('no record');
      const gradients = gruBackward(
        k,
        shape,
        settings,
        inputs,
        record,
        random(B * T * U, 7),
        random(B * U, 8),
      );
      const dx = gruInputGradient(k, shape, inputs.kernel, record);
      k.release(record.block);
      return [forward.y, forward.hLast, ...Object.values(gradients), dx];
    };
    const expected = pass(single);
    expect(pass(double)).toEqual(expected);
    expect(double.keptBytes).toBe(0);
  });
});
