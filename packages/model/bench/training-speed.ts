/**
 * Training and inference speed, side by side on tfjs' `cpu` backend (the reference), tfjs'
 * `wasm` backend and `ser-simd` (ours, with worker threads on every core):
 * - the seed model (input [40, 1] → LSTM(256) with Keras' sigmoid gates → Dropout → Dense 128
 *   relu → Dropout → Dense 64 relu → Dropout → Dense 7 softmax, Adam, batch 64; glorot-uniform
 *   recurrent weights, since orthogonal initialisation takes minutes on cpu) on 2240 random
 *   examples: epoch time, predict 1 and predict 64;
 * - the frame-sequence presets (mfcc-statistics, bilstm-attention, bigru-statistics,
 *   cnn-bilstm-attention) on 64 random examples of 100 frames (300 for the CNN, its fixed
 *   length), batch 32: epoch time on `ser-simd` (the second batch of one epoch, as the first
 *   warms up, times the two batches) and on `cpu` (one batch of 8 examples scaled to 64).
 *
 * The slow backends are timed on a few batches and scaled to an epoch (a full `cpu` epoch of the
 * seed model takes about five minutes); ours trains whole epochs. Prints one JSON line at the end.
 *
 * Usage: npx tsx packages/model/bench/training-speed.ts
 * Environment: BENCH_REFERENCE_BATCHES (default 3) seed-model batches timed per slow backend, 0
 * skips the slow backends (presets included); BENCH_PRESETS=0 skips the presets.
 */
import '@tensorflow/tfjs-backend-wasm';
import { availableParallelism, loadavg } from 'node:os';
import { median } from '../../../tools/bench';
import { adam } from '../src/kernels/adam';
import { SIMD_BACKEND } from '../src/kernels/backend';
import { lstm } from '../src/kernels/lstm-layer';
import { useSimdBackend } from '../src/node/kernels/simd-backend';
import { MODEL_PRESETS, type PresetName } from '../src/presets';
import { tf, tfl } from '../src/tf';

const EXAMPLES = 2240;
const STEPS = 40;
const CLASSES = 7;
const BATCH = 64;
const referenceBatches = Number(process.env['BENCH_REFERENCE_BATCHES'] ?? 3);
const presetsWanted = process.env['BENCH_PRESETS'] !== '0';
const PRESETS: PresetName[] = [
  'mfcc-statistics',
  'bilstm-attention',
  'bigru-statistics',
  'cnn-bilstm-attention',
];
const PRESET_EXAMPLES = 64;
const PRESET_FRAMES = 100;
/** Examples in the one batch timed on cpu. */
const CPU_PRESET_BATCH = 8;

function seedModel(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(
    lstm({
      units: 256,
      inputShape: [STEPS, 1],
      recurrentActivation: 'sigmoid',
      unitForgetBias: true,
      recurrentInitializer: 'glorotUniform',
    }),
  );
  model.add(tfl.layers.dropout({ rate: 0.2 }));
  model.add(tfl.layers.dense({ units: 128, activation: 'relu' }));
  model.add(tfl.layers.dropout({ rate: 0.2 }));
  model.add(tfl.layers.dense({ units: 64, activation: 'relu' }));
  model.add(tfl.layers.dropout({ rate: 0.2 }));
  model.add(tfl.layers.dense({ units: CLASSES, activation: 'softmax' }));
  model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** Wall and CPU (all threads) milliseconds per batch of `fit` (the first batch, which warms up, excluded). */
async function batchTimes(
  model: tfl.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  epochs: number,
  batchSize = BATCH,
): Promise<{ wall: number[]; cpu: number[] }> {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  await model.fit(x, y, {
    epochs,
    batchSize,
    shuffle: true,
    verbose: 0,
    callbacks: {
      onBatchEnd: async () => {
        const now = performance.now();
        const cpu = process.cpuUsage(lastCpu);
        times.push(now - last);
        cpuTimes.push((cpu.user + cpu.system) / 1000);
        last = now;
        lastCpu = process.cpuUsage();
      },
    },
  });
  return { wall: times.slice(1), cpu: cpuTimes.slice(1) };
}

/**
 * Median milliseconds of model.predict on `batch` examples, data read back included, over
 * `repeats` calls after as many untimed ones: the steady state of a process that keeps
 * predicting (JavaScript engines optimise tfjs' per-call code only after dozens of calls).
 */
function predictTime(model: tfl.LayersModel, batch: number, repeats: number): number {
  const input = tf.randomNormal([batch, STEPS, 1], 0, 30);
  const times: number[] = [];
  for (let i = 0; i < 2 * repeats; i++) {
    const start = performance.now();
    const output = model.predict(input, { batchSize: batch }) as tf.Tensor;
    output.dataSync();
    output.dispose();
    times.push(performance.now() - start);
  }
  input.dispose();
  return median(times.slice(repeats));
}

interface Measured {
  epochSeconds: number;
  /** CPU seconds (all threads) per epoch: steadier than wall time on a busy machine. */
  epochCpuSeconds: number;
  predict1Ms: number;
  predict64Ms: number;
}

async function measure(backend: string, fullEpochs: number, batches: number): Promise<Measured> {
  await tf.setBackend(backend);
  const x = tf.randomNormal(
    [fullEpochs > 0 ? EXAMPLES : batches * BATCH + BATCH, STEPS, 1],
    0,
    30,
    'float32',
    1,
  );
  const labels = tf.randomUniform([x.shape[0]], 0, CLASSES, 'int32', 2);
  const y = tf.oneHot(labels, CLASSES);
  const model = seedModel();
  const times = await batchTimes(model, x, y, Math.max(fullEpochs, 1));
  const typical = (values: number[]) =>
    fullEpochs > 0 ? median(values) : values.reduce((s, t) => s + t, 0) / values.length;
  const batchesPerEpoch = Math.ceil(EXAMPLES / BATCH);
  const slow = backend === 'cpu';
  const result = {
    epochSeconds: (typical(times.wall) * batchesPerEpoch) / 1000,
    epochCpuSeconds: (typical(times.cpu) * batchesPerEpoch) / 1000,
    predict1Ms: predictTime(model, 1, slow ? 5 : 50),
    predict64Ms: predictTime(model, 64, slow ? 2 : 20),
  };
  model.dispose();
  tf.dispose([x, labels, y]);
  console.error(`${backend}: ${JSON.stringify(result)}`);
  return result;
}

/**
 * Seconds per epoch of `PRESET_EXAMPLES` random examples for a preset's model on `backend`.
 * Ours: one epoch in batches of the preset's size, its first (warm-up) batch excluded, the
 * others' median times the batches of an epoch. cpu: one batch of `CPU_PRESET_BATCH` examples
 * scaled to the epoch (its time grows linearly with the examples; whole batches take minutes).
 */
async function presetEpochSeconds(name: PresetName, backend: string): Promise<number> {
  await tf.setBackend(backend);
  const preset = MODEL_PRESETS[name];
  const slow = backend === 'cpu';
  const batchSize = slow ? CPU_PRESET_BATCH : (preset.training.batchSize ?? 32);
  const examples = slow ? CPU_PRESET_BATCH : PRESET_EXAMPLES;
  const frames = preset.input.frames ?? PRESET_FRAMES;
  const model = preset.build({ numClasses: CLASSES, seed: 1 });
  model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy' });
  const x = tf.randomNormal([examples, frames, preset.input.coefficients], 0, 1, 'float32', 3);
  const labels = tf.randomUniform([examples], 0, CLASSES, 'int32', 4);
  const y = tf.oneHot(labels, CLASSES);
  const start = performance.now();
  const times = await batchTimes(model, x, y, 1, batchSize);
  const wall = slow ? [performance.now() - start] : times.wall;
  model.dispose();
  tf.dispose([x, labels, y]);
  const seconds = (median(wall) * Math.ceil(PRESET_EXAMPLES / batchSize)) / 1000;
  console.error(`${name} on ${backend}: ${seconds.toFixed(2)} s/epoch`);
  return seconds;
}

const threads = availableParallelism();
const loadAtStart = loadavg()[0] ?? Number.NaN;
await useSimdBackend({ threads });
const ours = await measure(SIMD_BACKEND, 3, 0);
const figures: Record<string, number | string> = {
  'ser-simd threads': threads,
  'ser-simd epoch (s)': ours.epochSeconds,
  'ser-simd epoch CPU time (s, all threads)': ours.epochCpuSeconds,
  'ser-simd predict 1 (ms)': ours.predict1Ms,
  'ser-simd predict 64 (ms)': ours.predict64Ms,
};
for (const backend of referenceBatches > 0 ? ['wasm', 'cpu'] : []) {
  const batches = backend === 'wasm' ? 2 * referenceBatches : referenceBatches;
  const reference = await measure(backend, 0, batches);
  figures[`${backend} epoch (s, from ${batches} batches)`] = reference.epochSeconds;
  figures[`${backend} epoch CPU time (s)`] = reference.epochCpuSeconds;
  figures[`${backend} predict 1 (ms)`] = reference.predict1Ms;
  figures[`${backend} predict 64 (ms)`] = reference.predict64Ms;
  figures[`speed-up vs ${backend}: epoch`] = reference.epochSeconds / ours.epochSeconds;
  figures[`speed-up vs ${backend}: predict 1`] = reference.predict1Ms / ours.predict1Ms;
  figures[`speed-up vs ${backend}: predict 64`] = reference.predict64Ms / ours.predict64Ms;
}
if (presetsWanted) {
  for (const name of PRESETS) {
    const ours = await presetEpochSeconds(name, SIMD_BACKEND);
    figures[`${name}: ser-simd epoch (s)`] = ours;
    if (referenceBatches > 0) {
      const reference = await presetEpochSeconds(name, 'cpu');
      figures[`${name}: cpu epoch (s, from a batch of ${CPU_PRESET_BATCH})`] = reference;
      figures[`${name}: speed-up vs cpu`] = reference / ours;
    }
  }
}
figures['PyTorch CPU epoch (s, peers.md, 2 threads)'] = 2.1;
figures['load average at start / end (1 min)'] =
  `${loadAtStart.toFixed(1)} / ${(loadavg()[0] ?? Number.NaN).toFixed(1)}`;
const notes =
  'Wall-clock times on a machine that may be shared with other work: compare backends within one ' +
  'run (the speed-ups) and mind the load average. The slow backends are timed on a few batches ' +
  'and scaled to the 35 batches of an epoch. Presets: ' +
  `${PRESET_EXAMPLES} random examples of ${PRESET_FRAMES} frames (the CNN: 300), batch 32, ` +
  'the second batch of one epoch on ser-simd, one batch of 8 scaled to the 64 examples on cpu. ' +
  'Predictions: the median of 20 calls of 64 examples and of 50 calls of one (cpu: 2 and 5), ' +
  'each after as many untimed calls.';
console.log(
  JSON.stringify({
    name: 'training-speed',
    title: 'Seed model and sequence presets: training and inference speed',
    notes,
    figures,
  }),
);
