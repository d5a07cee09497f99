/**
 * Does the seed model learn as well on `ser-simd` as on tfjs's reference `cpu` backend (issue 6)?
 * The seed pipeline and model exactly as in the accuracy benchmark (unscaled mean of 40 MFCC,
 * LSTM(256), Adam, 50 epochs, batch 64, Keras `validation_split` 0.2), trained on RAVDESS actors
 * 01–12 and tested on actors 13–16, once per seed on each backend.
 *
 * Each seed fixes everything random on both backends alike: the initial weights, the shuffling
 * and the dropout masks (tfjs draws them through `Math.random`, which each run replaces with a
 * seeded generator). Seed `s` on `cpu` and seed `s` on `ser-simd` therefore start from the same
 * point and see the same batches and masks; they differ only by floating-point rounding, which
 * an LSTM trained for 50 epochs amplifies. Reported: test accuracy and UAR per run, mean ± std
 * per backend, the paired differences, and the training loss after epochs 1, 10 and 50.
 *
 * `ser-simd` runs as Node users get it from `useSimdBackend`: the relaxed-SIMD build (fused
 * multiply–add, which rounds differently from separate multiplies and adds) where the engine
 * has it, on one thread per run (results do not depend on the thread count).
 *
 * `cpu` takes ≈ 1 h per model here (one core); runs go in parallel, one process per core, so
 * the default (6 seeds on `ser-simd`, the first 2 also on `cpu`) takes about an hour on 2 cores.
 * Each run's outcome is stored under `--runs DIR` (default: `ser-parity-runs` in the OS temp
 * dir) by backend (and kernel build), seed, epochs, tfjs version and a hash of the model package's sources (for `cpu`,
 * leaving out the `ser-simd` backend it never runs), and a later invocation reuses the outcomes of unchanged code: after a
 * kernel change only the `ser-simd` runs are trained again. Delete the folder to retrain all.
 * The last stdout line is the JSON result for scripts/bench.ts.
 *
 * Usage: npx tsx packages/model/bench/backend-parity.ts [--seeds 6] [--cpu-seeds 2] [--epochs 50]
 *   [--cache DIR] [--data DIR] [--runs DIR]
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { emotionClasses, speakerSplit } from '@ser/dataset';
import { collectFeatures, findContentGroups, loadCorpus } from '@ser/dataset/node';
import { spread } from '../../../tools/bench';
import { dataPath } from '../../../tools/data';
import type { FeatureSequence, LabelledSequences } from '../src/data';
import type { WasmKernels } from '../src/kernels/runtime';
import { classificationMetrics } from '../src/metrics';
import { useSimdBackend } from '../src/node/kernels/simd-backend';
import { predictProbabilities } from '../src/predict';
import { MODEL_PRESETS } from '../src/presets';
import { createRandom } from '../src/random';
import { type BackendName, tf, useBackend } from '../src/tf';
import { train } from '../src/train';

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '6' },
    'cpu-seeds': { type: 'string', default: '2' },
    epochs: { type: 'string', default: '50' },
    cache: { type: 'string', default: join(tmpdir(), 'ser-accuracy-cache') },
    data: { type: 'string' },
    runs: { type: 'string', default: join(tmpdir(), 'ser-parity-runs') },
    /** Internal: train one model, `backend:seed`, and print its outcome as JSON. */
    run: { type: 'string' },
  },
});
const dataDir = args.data ?? dataPath('ravdess-24k');
if (dataDir === undefined) {
  console.error('backend-parity: RAVDESS not found (../shared/data/ravdess-24k); give --data DIR');
  process.exit(2);
}
const epochs = Number(args.epochs);
const TEST_ACTORS = ['13', '14', '15', '16'];
const preset = MODEL_PRESETS['seed-lstm'];

/** What one training run gave. */
interface RunOutcome {
  readonly backend: BackendName;
  readonly seed: number;
  readonly accuracy: number;
  readonly uar: number;
  /** Training loss after each epoch. */
  readonly loss: readonly number[];
  /** Training wall time (other runs share the machine: see the training-speed bench for speed). */
  readonly seconds: number;
}

/** The fold's training and test sets, features from (or into) the shared cache. */
async function foldData(): Promise<{ train: LabelledSequences; test: LabelledSequences }> {
  const corpus = await loadCorpus(dataDir!, { corpus: 'ravdess' });
  const utterances = corpus.utterances;
  const labels = emotionClasses(utterances);
  const groups = await findContentGroups(utterances.map((u) => u.path));
  const split = speakerSplit(utterances, {
    testSpeakers: TEST_ACTORS.map((a) => `ravdess/${a}`),
    group: (u) => groups.groupOf(u.path),
  });
  const { rows, report } = await collectFeatures(utterances, {
    config: preset.input.features,
    cacheDir: args.cache,
  });
  if (report.failed.length > 0) {
    throw new Error(`cannot read: ${report.failed.map((f) => f.message).join('; ')}`);
  }
  const byPath = new Map<string, FeatureSequence>(
    rows.map((row) => [
      row.item.path,
      {
        frames: row.features.shape[0]!,
        coefficients: row.features.shape[1]!,
        data: row.features.data,
      },
    ]),
  );
  const labelled = (items: typeof utterances): LabelledSequences => ({
    examples: items.map((u) => byPath.get(u.path)!),
    labels: items.map((u) => labels.indexOf(u.emotion)),
  });
  return { train: labelled(split.train), test: labelled(split.test) };
}

/** Trains one model on one backend (in its own process) and returns its outcome. */
async function runOne(backend: BackendName, seed: number): Promise<RunOutcome> {
  if (backend === 'ser-simd') await useSimdBackend({ threads: 1 });
  else await useBackend(backend);
  if (tf.getBackend() !== backend) throw new Error(`backend ${backend} unavailable`);
  const { train: trainSet, test } = await foldData();
  const random = createRandom(seed);
  Math.random = random;
  const model = preset.build({ numClasses: 8, seed });
  const start = performance.now();
  const result = await train(model, trainSet, { ...preset.training, epochs, seed });
  const seconds = (performance.now() - start) / 1000;
  const predicted = predictProbabilities(model, test.examples, {
    normalizer: result.normalizer,
  }).map((p) => p.indexOf(Math.max(...p)));
  const metrics = classificationMetrics(
    test.labels,
    predicted,
    Array.from({ length: 8 }, (_, i) => String(i)),
  );
  model.dispose();
  return {
    backend,
    seed,
    accuracy: metrics.accuracy,
    uar: metrics.uar,
    loss: result.history.loss,
    seconds,
  };
}

/** The `ser-simd` backend's sources, relative to src/ (either path separator). */
const SIMD_BACKEND_SOURCES = /^(node[\\/])?kernels[\\/]/;

/**
 * SHA-256 prefix of the model package's sources that can change what a run on `backend` learns:
 * all of them for `ser-simd`; for `cpu` all but the `ser-simd` backend (`kernels/`, and
 * `node/kernels/`, its worker threads): on other backends the fused layers run tfjs-layers' own
 * code.
 */
function codeHash(backend: BackendName): string {
  const root = fileURLToPath(new URL('../src/', import.meta.url));
  const hash = createHash('sha256');
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).sort()) {
    if (!file.endsWith('.ts') || (backend === 'cpu' && SIMD_BACKEND_SOURCES.test(file))) continue;
    hash.update(file).update(readFileSync(join(root, file)));
  }
  return hash.digest('hex').slice(0, 12);
}

/** The kernel build `useSimdBackend` runs here: 'relaxed' (fused multiply–add) or 'simd'. */
async function simdBuild(): Promise<'relaxed' | 'simd'> {
  await useSimdBackend({ threads: 1 });
  const { kernels } = tf.backend() as unknown as { kernels: WasmKernels };
  return kernels.relaxed ? 'relaxed' : 'simd';
}

/** Where the outcome of one run of the current code is stored. */
function outcomePath(backend: BackendName, seed: number, build: string): string {
  const tfjs = createRequire(import.meta.url)('@tensorflow/tfjs-core/package.json') as {
    version: string;
  };
  const name = backend === 'ser-simd' ? `${backend}-${build}` : backend;
  return join(
    args.runs,
    `${name}-seed${seed}-epochs${epochs}-tfjs${tfjs.version}-code-${codeHash(backend)}.json`,
  );
}

/** Runs `jobs` as child processes of this script, `parallel` at a time. */
async function runAll(
  jobs: readonly { backend: BackendName; seed: number }[],
  parallel: number,
  build: string,
): Promise<RunOutcome[]> {
  const script = fileURLToPath(import.meta.url);
  const outcomes: RunOutcome[] = [];
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
      const { backend, seed } = job;
      const stored = outcomePath(backend, seed, build);
      if (existsSync(stored)) {
        const outcome = JSON.parse(readFileSync(stored, 'utf8')) as RunOutcome;
        console.error(`${backend} seed ${seed}: stored outcome of this code (${stored})`);
        outcomes.push(outcome);
        continue;
      }
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', script, ...forwardedArgs(), '--run', `${backend}:${seed}`],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      if (code !== 0) throw new Error(`${backend} seed ${seed}: exit code ${code}`);
      const line = stdout.trim().split('\n').at(-1)!;
      const outcome = JSON.parse(line) as RunOutcome;
      mkdirSync(args.runs, { recursive: true });
      writeFileSync(`${stored}.tmp`, `${line}\n`);
      renameSync(`${stored}.tmp`, stored);
      console.error(
        `${backend} seed ${seed}: accuracy ${outcome.accuracy.toFixed(3)}, UAR ${outcome.uar.toFixed(3)}, final loss ${outcome.loss.at(-1)?.toFixed(4)}, ${outcome.seconds.toFixed(0)} s`,
      );
      outcomes.push(outcome);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return outcomes;
}

function forwardedArgs(): string[] {
  return ['--epochs', String(epochs), '--cache', args.cache, '--data', dataDir!];
}

if (args.run !== undefined) {
  const [backend, seed] = args.run.split(':');
  console.log(JSON.stringify(await runOne(backend as BackendName, Number(seed))));
} else {
  const started = performance.now();
  const loadAtStart = loadavg()[0] ?? Number.NaN;
  await foldData(); // fills the feature cache once, before the runs read it in parallel
  const build = await simdBuild();
  const seeds = Array.from({ length: Number(args.seeds) }, (_, i) => i + 1);
  const cpuSeeds = seeds.slice(0, Number(args['cpu-seeds']));
  const outcomes = await runAll(
    [
      ...seeds.map((seed) => ({ backend: 'ser-simd' as const, seed })),
      ...cpuSeeds.map((seed) => ({ backend: 'cpu' as const, seed })),
    ],
    availableParallelism(),
    build,
  );
  const of = (backend: BackendName) =>
    outcomes.filter((o) => o.backend === backend).sort((a, b) => a.seed - b.seed);
  const cpu = of('cpu');
  const simd = of('ser-simd');
  const figures: Record<string, number | string> = {};
  for (const [name, runs] of [
    ['cpu', cpu],
    ['ser-simd', simd],
  ] as const) {
    figures[`${name}: test accuracy (mean ± std over ${runs.length} seeds)`] = spread(
      runs.map((r) => r.accuracy),
    );
    figures[`${name}: test UAR`] = spread(runs.map((r) => r.uar));
    figures[`${name}: accuracy per seed`] = runs
      .map((r) => `${r.seed}: ${r.accuracy.toFixed(3)}`)
      .join(', ');
    for (const epoch of [1, 10, epochs]) {
      figures[`${name}: training loss after epoch ${epoch}`] = spread(
        runs.map((r) => r.loss[epoch - 1]!),
      );
    }
  }
  const paired = cpu.flatMap((c) => {
    const s = simd.find((r) => r.seed === c.seed);
    return s === undefined ? [] : [s.accuracy - c.accuracy];
  });
  figures['paired difference ser-simd − cpu, same seed (accuracy)'] = spread(paired);
  figures['ser-simd kernel build'] =
    build === 'relaxed' ? 'relaxed SIMD (fused multiply–add)' : 'SIMD';
  figures['bench wall time (min)'] = Number(((performance.now() - started) / 60000).toFixed(1));
  figures['load average at start / end (1 min)'] =
    `${loadAtStart.toFixed(1)} / ${(loadavg()[0] ?? Number.NaN).toFixed(1)}`;
  console.log(
    JSON.stringify({
      name: 'backend-parity',
      title: 'Seed model accuracy: ser-simd versus the reference cpu backend',
      notes:
        `Seed pipeline + seed LSTM, ${epochs} epochs, trained on RAVDESS actors 01–12 (Keras validation_split 0.2), ` +
        'tested on actors 13–16; the same seeds (initial weights, shuffling, dropout masks) on both backends.',
      figures,
    }),
  );
}
