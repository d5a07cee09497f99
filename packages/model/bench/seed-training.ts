/**
 * Benchmark: the seed model (LSTM(256), 305,799 parameters) on the pure backends. Measures the
 * fast orthogonal initializer on the [256, 1024] recurrent kernel, model build time, and time
 * per training step (batch 64 of [40, 1]) on `cpu` and `wasm`, extrapolated to the seed's epoch
 * (2240 examples = 35 steps); and checks that `wasm` computes the same gradients as `cpu`
 * (tfjs issue 4326 reported wrong LSTM training on wasm in 2020).
 * Prints `{ "name": "seed-training", "figures": { … } }` on stdout.
 *
 * Run: `npx tsx packages/model/bench/seed-training.ts`
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { median } from '../../../tools/bench';
import { buildSeedModel } from '../src/architectures/seed';
import type { LabelledSequences } from '../src/data';
import { OrthogonalInitializer } from '../src/initializers';
import { crossEntropySum, oneHotTargets } from '../src/loss';
import { createRandom, normalRandom } from '../src/random';
import { type BackendName, tf, useBackend } from '../src/tf';
import { train } from '../src/train';

const STEPS = 4;
const BATCH = 64;
const SEED_EPOCH_STEPS = Math.ceil(2240 / BATCH);

function data(n: number): LabelledSequences {
  const random = createRandom(1);
  return {
    examples: Array.from({ length: n }, () => ({
      frames: 40,
      coefficients: 1,
      data: Float32Array.from({ length: 40 }, () => normalRandom(random) * 50),
    })),
    labels: Array.from({ length: n }, (_, i) => i % 7),
  };
}

/** Gradients of the mean cross-entropy at the model's current weights, dropout off. */
function gradients(model: LayersModel, set: LabelledSequences): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor3d(Float32Array.from(set.examples.flatMap((e) => Array.from(e.data))), [
      set.examples.length,
      40,
      1,
    ]);
    const y = oneHotTargets(set.labels, 7);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(
      () =>
        tf.div(
          crossEntropySum(y, model.apply(x, { training: false }) as tf.Tensor),
          set.labels.length,
        ) as tf.Scalar,
      variables,
    );
    return variables.map((v) => grads[v.name]!.dataSync() as Float32Array);
  });
}

const figures: Record<string, number | string> = {};
const set = data(BATCH * STEPS);

await useBackend('cpu');
const initTimes: number[] = [];
for (let i = 0; i < 5; i++) {
  const start = performance.now();
  tf.dispose(new OrthogonalInitializer({ seed: i }).apply([256, 1024]));
  initTimes.push(performance.now() - start);
}
figures['orthogonal init [256, 1024] (ms, median of 5)'] = median(initTimes);
figures['tfjs-layers orthogonal init [256, 1024] on cpu (ms, measured once under vitest)'] =
  158_153;

const reference = buildSeedModel({ numClasses: 7, seed: 1 });
const initialWeights = reference.getWeights().map((w) => w.clone());
const cpuGradients = gradients(reference, {
  examples: set.examples.slice(0, BATCH),
  labels: set.labels.slice(0, BATCH),
});

for (const backend of ['cpu', 'wasm'] as BackendName[]) {
  const active = await useBackend(backend);
  figures[`${backend}: backend in use`] = active;
  const buildStart = performance.now();
  const model = buildSeedModel({ numClasses: 7, seed: 1 });
  figures[`${backend}: build seed model (ms)`] = performance.now() - buildStart;
  model.setWeights(initialWeights.map((w) => tf.tensor(w.dataSync(), w.shape)));
  if (backend === 'wasm') {
    const wasmGradients = gradients(model, {
      examples: set.examples.slice(0, BATCH),
      labels: set.labels.slice(0, BATCH),
    });
    let worst = 0;
    cpuGradients.forEach((g, i) => {
      const scale = g.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-12);
      wasmGradients[i]!.forEach((v, j) => {
        worst = Math.max(worst, Math.abs(v - g[j]!) / scale);
      });
    });
    figures['wasm vs cpu: largest gradient difference (relative to each variable’s largest)'] =
      worst;
  }
  const stepTimes: number[] = [];
  await train(model, set, {
    epochs: 2,
    batchSize: BATCH,
    normalization: 'none',
    seed: 1,
    callbacks: {
      onEpochBegin: () => void stepTimes.push(performance.now()),
      onBatchEnd: () => void stepTimes.push(performance.now()),
    },
  });
  // second epoch only (first includes warm-up): STEPS steps
  const secondEpoch = stepTimes.slice(STEPS + 1);
  const perStep = median(secondEpoch.slice(1).map((t, i) => t - secondEpoch[i]!));
  figures[`${backend}: ms per step (batch 64, median)`] = perStep;
  figures[`${backend}: s per seed epoch (35 steps, extrapolated)`] =
    (perStep * SEED_EPOCH_STEPS) / 1000;
  model.dispose();
}

process.stdout.write(
  `${JSON.stringify({ name: 'seed-training', title: 'Seed model training on pure backends', figures })}\n`,
);
