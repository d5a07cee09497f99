/**
 * Speaker-independent accuracy on RAVDESS (actors 01–16, 8 emotions; issue 5): every model is
 * trained on 12 actors and tested on the 4 it never heard, over the leave-4-actors-out folds
 * 01–04, 05–08, 09–12 and 13–16, and the seed model also on one random stratified 80/20 split
 * (speakers on both sides) to show how much a random split flatters it. Figures per model:
 * mean ± standard deviation over the folds of accuracy, UAR and macro-F1, training seconds, and
 * the random-split accuracy.
 *
 * Models:
 * - `seed`: the seed pipeline and model exactly (unscaled mean of 40 MFCC over 3 s from 0.5 s,
 *   [40, 1] → LSTM(256) → dense, Adam, 50 epochs, batch 64, Keras `validation_split` 0.2 — the
 *   tail of the training part is set aside, as in the notebook); one seed per fold.
 * - `statistics-mlp`: the preset of that name (240 statistics of MFCC + Δ + ΔΔ over the frames
 *   within 30 dB of the loudest, standardised on the training actors, dense 256 → softmax, 60
 *   epochs, label smoothing 0.1, balanced class weights); several seeds per fold, reported per
 *   seed (mean over seeds per fold) and as the seeds' ensemble (mean of their probabilities).
 * - `statistics-mlp + per-speaker normalisation`: the same after {@link normalizeBySpeaker}:
 *   every actor's statistics are standardised with that actor's own mean and deviation over all
 *   its utterances, test actors included (their audio, never their labels) — legitimate only
 *   where several utterances of a speaker are at hand, so it is a separate row, as in peers.md.
 *
 * No model stops early or is chosen on a fold's test actors: all train for fixed epochs. (The
 * preset's feature choices — deltas, trimming — were made by comparing a handful of variants
 * on these folds, so its figures may be slightly optimistic; actors 17–24, not in ../data, are
 * the honest check.)
 *
 * Features are extracted once into the dataset package's cache (default: `ser-accuracy-cache`
 * under the OS temp dir). A Markdown report with per-class metrics and the confusion matrices
 * (all folds' test predictions pooled) is written to `ser-accuracy/report.md` under the OS temp
 * dir. The last stdout line is the JSON result for scripts/bench.ts.
 *
 * Usage: npx tsx packages/model/bench/accuracy.ts [--quick] [--cache DIR] [--data DIR]
 * (`--quick`: 2 seed-model epochs, 1 seed, 10 statistics-mlp epochs — checks that it runs.)
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { emotionClasses, type Split, speakerSplit, stratifiedSplit } from '@ser/dataset';
import { collectFeatures, findContentGroups, loadCorpus } from '@ser/dataset/node';
import type { FeatureConfig, FeatureTensor } from '@ser/features';
import { mean, spread } from '../../../tools/bench';
import { dataPath } from '../../../tools/data';
import type { FeatureSequence, LabelledSequences } from '../src/data';
import { type ClassificationMetrics, classificationMetrics } from '../src/metrics';
import { normalizeBySpeaker } from '../src/normalize';
import { predictProbabilities } from '../src/predict';
import { MODEL_PRESETS, type ModelPreset } from '../src/presets';
import { reportToMarkdown } from '../src/report';
import { tf, useBackend } from '../src/tf';
import { type TrainOptions, train } from '../src/train';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    cache: { type: 'string', default: join(tmpdir(), 'ser-accuracy-cache') },
    data: { type: 'string' },
  },
});
const dataDir = args.data ?? dataPath('ravdess-24k');
if (dataDir === undefined) {
  console.error('accuracy: RAVDESS not found (../shared/data/ravdess-24k); give --data DIR');
  process.exit(2);
}
const quick = args.quick;
const MLP_SEEDS = quick ? [1] : [1, 2, 3];
const FOLDS = [
  ['01', '02', '03', '04'],
  ['05', '06', '07', '08'],
  ['09', '10', '11', '12'],
  ['13', '14', '15', '16'],
];
const started = performance.now();
const loadAtStart = loadavg()[0] ?? Number.NaN;

await useBackend('fastest');
const corpus = await loadCorpus(dataDir, { corpus: 'ravdess' });
const utterances = corpus.utterances;
const labels = emotionClasses(utterances);
const classOf = new Map(utterances.map((u) => [u.path, labels.indexOf(u.emotion)]));
const groups = await findContentGroups(utterances.map((u) => u.path));
const group = (u: { readonly path: string }) => groups.groupOf(u.path);

/** Features of every utterance by path, from the cache when present. */
async function features(config: FeatureConfig): Promise<Map<string, FeatureSequence>> {
  const { rows, report } = await collectFeatures(utterances, { config, cacheDir: args.cache });
  if (report.failed.length > 0) {
    throw new Error(`cannot read: ${report.failed.map((f) => f.message).join('; ')}`);
  }
  console.error(
    `features ${config.kind}: ${report.computed} computed, ${report.cached} cached, ${report.seconds.toFixed(1)} s`,
  );
  const asSequence = (t: FeatureTensor): FeatureSequence => ({
    frames: t.shape[0]!,
    coefficients: t.shape[1]!,
    data: t.data,
  });
  return new Map(rows.map((row) => [row.item.path, asSequence(row.features)]));
}

type Utterance = (typeof utterances)[number];

/** A model under test: preset, training, features per utterance and the seeds to train. */
interface Candidate {
  readonly name: string;
  readonly preset: ModelPreset;
  readonly training: TrainOptions;
  readonly features: Map<string, FeatureSequence>;
  readonly seeds: readonly number[];
}

interface Outcome {
  /** Mean over seeds of each seed's metrics. */
  readonly perSeed: { accuracy: number; uar: number; macroF1: number };
  /** Metrics of the seeds' mean probabilities. */
  readonly ensemble: ClassificationMetrics;
  /** Training seconds per seed. */
  readonly seconds: number;
  /** True classes and the ensemble's predictions of the test examples. */
  readonly truth: readonly number[];
  readonly predicted: readonly number[];
}

function labelled(candidate: Candidate, items: readonly Utterance[]): LabelledSequences {
  return {
    examples: items.map((u) => candidate.features.get(u.path)!),
    labels: items.map((u) => classOf.get(u.path)!),
  };
}

const argMax = (p: Float32Array) => p.indexOf(Math.max(...p));

async function evaluate(candidate: Candidate, split: Split<Utterance>): Promise<Outcome> {
  const trainSet = labelled(candidate, split.train);
  const testSet = labelled(candidate, split.test);
  const summed = testSet.examples.map(() => new Float64Array(labels.length));
  const perSeed = { accuracy: 0, uar: 0, macroF1: 0 };
  let seconds = 0;
  for (const seed of candidate.seeds) {
    const model = candidate.preset.build({ numClasses: labels.length, seed });
    const start = performance.now();
    const result = await train(model, trainSet, { ...candidate.training, seed });
    seconds += (performance.now() - start) / 1000 / candidate.seeds.length;
    const probabilities = predictProbabilities(model, testSet.examples, {
      normalizer: result.normalizer,
    });
    model.dispose();
    const metrics = classificationMetrics(testSet.labels, probabilities.map(argMax), labels);
    for (const key of ['accuracy', 'uar', 'macroF1'] as const) {
      perSeed[key] += metrics[key] / candidate.seeds.length;
    }
    probabilities.forEach((p, i) => {
      for (let c = 0; c < p.length; c++) summed[i]![c]! += p[c]!;
    });
  }
  const predicted = summed.map((p) => argMax(Float32Array.from(p)));
  const ensemble = classificationMetrics(testSet.labels, predicted, labels);
  return { perSeed, ensemble, seconds, truth: testSet.labels, predicted };
}

const figures: Record<string, number | string> = {};
const reports: string[] = [];
const tableRows: string[] = [];

/** Runs the folds (and optionally the random split) of one candidate and records its figures. */
async function bench(candidate: Candidate, randomSplit: boolean): Promise<void> {
  const outcomes: Outcome[] = [];
  const truth: number[] = [];
  const pooled: number[] = [];
  for (const testActors of FOLDS) {
    const split = speakerSplit(utterances, {
      testSpeakers: testActors.map((a) => `ravdess/${a}`),
      group,
    });
    const outcome = await evaluate(candidate, split);
    outcomes.push(outcome);
    truth.push(...outcome.truth);
    pooled.push(...outcome.predicted);
    console.error(
      `${candidate.name}, test actors ${testActors.join(',')}: accuracy ${outcome.perSeed.accuracy.toFixed(3)} (ensemble ${outcome.ensemble.accuracy.toFixed(3)}), ${outcome.seconds.toFixed(0)} s per seed`,
    );
  }
  const several = candidate.seeds.length > 1;
  const per = (key: 'accuracy' | 'uar' | 'macroF1') => outcomes.map((o) => o.perSeed[key]);
  const ens = (key: 'accuracy' | 'uar' | 'macroF1') => outcomes.map((o) => o.ensemble[key]);
  const name = candidate.name;
  figures[`${name}: accuracy`] = spread(per('accuracy'));
  figures[`${name}: UAR`] = spread(per('uar'));
  figures[`${name}: macro-F1`] = spread(per('macroF1'));
  if (several) {
    figures[`${name}: ${candidate.seeds.length}-seed ensemble accuracy`] = spread(ens('accuracy'));
    figures[`${name}: ${candidate.seeds.length}-seed ensemble UAR`] = spread(ens('uar'));
    figures[`${name}: ${candidate.seeds.length}-seed ensemble macro-F1`] = spread(ens('macroF1'));
  }
  figures[`${name}: accuracy per fold (01–04, 05–08, 09–12, 13–16)`] = per('accuracy')
    .map((a) => a.toFixed(3))
    .join(', ');
  figures[`${name}: training seconds per model`] = spread(outcomes.map((o) => o.seconds));
  let random = '—';
  if (randomSplit) {
    const split = stratifiedSplit(utterances, { testFraction: 0.2, seed: 1, group });
    const outcome = await evaluate(candidate, split);
    random = outcome.perSeed.accuracy.toFixed(3);
    figures[`${name}: random 80/20 split accuracy (speakers on both sides)`] = random;
    figures[`${name}: random 80/20 split UAR`] = outcome.perSeed.uar.toFixed(3);
  }
  const seedsNote = several ? ` (mean of ${candidate.seeds.length} seeds)` : '';
  tableRows.push(
    `| ${name}${seedsNote} | ${spread(per('accuracy'))} | ${spread(per('uar'))} | ${spread(per('macroF1'))} | ${mean(outcomes.map((o) => o.seconds)).toFixed(1)} | ${random} |`,
  );
  if (several) {
    tableRows.push(
      `| ${name}, ${candidate.seeds.length}-seed ensemble | ${spread(ens('accuracy'))} | ${spread(ens('uar'))} | ${spread(ens('macroF1'))} | ${(candidate.seeds.length * mean(outcomes.map((o) => o.seconds))).toFixed(1)} | — |`,
    );
  }
  reports.push(
    reportToMarkdown(classificationMetrics(truth, pooled, labels), {
      title: `${name}${several ? ` (${candidate.seeds.length}-seed ensemble)` : ''}: all folds' test actors pooled`,
      details: {
        folds: FOLDS.map((f) => f.join(',')).join(' | '),
        seeds: candidate.seeds.join(', '),
      },
    }),
  );
}

const seedPreset = MODEL_PRESETS['seed-lstm'];
const mlpPreset = MODEL_PRESETS['statistics-mlp'];
const seedFeatures = await features(seedPreset.input.features);
const statistics = await features(mlpPreset.input.features);
const perSpeaker = new Map(
  (() => {
    const paths = utterances.map((u) => u.path);
    const normalised = normalizeBySpeaker(
      paths.map((p) => statistics.get(p)!),
      utterances.map((u) => u.speaker),
    );
    return paths.map((p, i) => [p, normalised[i]!] as const);
  })(),
);
const mlpTraining: TrainOptions = quick
  ? { ...mlpPreset.training, epochs: 10 }
  : mlpPreset.training;

await bench(
  {
    name: 'seed pipeline + seed LSTM',
    preset: seedPreset,
    training: quick ? { ...seedPreset.training, epochs: 2 } : seedPreset.training,
    features: seedFeatures,
    seeds: [1],
  },
  true,
);
await bench(
  {
    name: 'statistics-mlp',
    preset: mlpPreset,
    training: mlpTraining,
    features: statistics,
    seeds: MLP_SEEDS,
  },
  true,
);
await bench(
  {
    name: 'statistics-mlp + per-speaker normalisation',
    preset: mlpPreset,
    training: mlpTraining,
    features: perSpeaker,
    seeds: MLP_SEEDS,
  },
  false,
);

const minutes = (performance.now() - started) / 60000;
figures['Python peers (peers.md), 8 unseen actors: best without per-speaker statistics'] =
  'CNN+BiLSTM+attention 0.529 / UAR 0.502 / F1 0.468';
figures['Python peers (peers.md): with per-speaker normalisation'] =
  'RBF SVM 0.554 / UAR 0.541 / F1 0.542';
figures['Python peers (peers.md): seed LSTM, leave-4-actors-out in the pool'] = '0.268 / UAR 0.253';
figures['bench wall time (min)'] = Number(minutes.toFixed(1));
figures['backend, threads'] = `${tf.getBackend()}, ${availableParallelism()}`;
figures['load average at start / end (1 min)'] =
  `${loadAtStart.toFixed(1)} / ${(loadavg()[0] ?? Number.NaN).toFixed(1)}`;

const table = [
  '| model | accuracy | UAR | macro-F1 | train s / model | random 80/20 acc |',
  '|---|---|---|---|---|---|',
  ...tableRows,
].join('\n');
const outDir = join(tmpdir(), 'ser-accuracy');
mkdirSync(outDir, { recursive: true });
const reportPath = join(outDir, 'report.md');
writeFileSync(
  `${reportPath}.tmp`,
  `# Speaker-independent accuracy on RAVDESS actors 01–16\n\nLeave-4-actors-out folds, mean ± std over the 4 folds.\n\n${table}\n\n${reports.join('\n\n')}\n`,
);
renameSync(`${reportPath}.tmp`, reportPath);
console.log(table);
console.log(`per-class report: ${reportPath}`);

const notes =
  `Leave-4-actors-out folds inside RAVDESS actors 01–16 (test actors 01–04, 05–08, 09–12, 13–16; ` +
  'nothing stops early or is chosen on test actors); mean ± sample std over the 4 folds. ' +
  'The per-speaker row standardises each actor with the statistics of its own (unlabelled) ' +
  'utterances, test actors included. Peers (peers.md) are measured on 8 further actors, not ' +
  `in ../data. Quick mode: ${quick}. Per-class report: ${reportPath}.`;
console.log(
  JSON.stringify({
    name: 'accuracy',
    title: 'Speaker-independent accuracy on RAVDESS (leave-4-actors-out)',
    notes,
    figures,
  }),
);
