/**
 * Trains a speaker-independent speech emotion model on RAVDESS with @ser/dataset and @ser/model,
 * and writes it as a model bundle with its evaluation report and model card. This is how the
 * pretrained model shipped in packages/runtime/models/ was made (its README.md names the command).
 *
 * The model: a @ser/model preset (`--model`, default `statistics-mlp`: mean and standard
 * deviation of 40 MFCC + Δ + ΔΔ over the voiced frames → per-feature standardisation → dense
 * 256 ReLU → softmax, the most accurate on unseen actors in packages/model/bench/accuracy.ts;
 * `mfcc-statistics` made the shipped model). Features and training defaults come from the
 * preset. Neither has a recurrent layer, so they train in about a minute.
 *
 *   npm start -w @ser/example-train-ravdess -- --data ../shared/data/ravdess-24k --out /tmp/model
 *
 * Options: --data DIR, --out DIR, --model PRESET, --epochs N (default: the preset's), --test-actors 13,14,15,16 (held out for the
 * reported evaluation), --folds (also leave-4-actors-out cross-validation), --final all|train
 * (train the written model on every actor, or only on the training actors), --per-actor N (use
 * only N files of each actor: a quick run on a little data), --cache DIR, --overwrite.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { emotionClasses, type RavdessUtterance, type Utterance } from '@ser/dataset';
import { collectFeatures, loadCorpus } from '@ser/dataset/node';
import type { FeatureTensor } from '@ser/features';
import {
  type ClassificationMetrics,
  confusionMatrixSvg,
  encodeBundle,
  evaluateModel,
  type FeatureSequence,
  getPreset,
  reportToMarkdown,
  type TrainOptions,
  tf,
  train,
  trainingCurvesSvg,
  trainingProvenance,
  useBackend,
} from '@ser/model';
import { writeDirectoryAtomically } from '@ser/model/node';

const { values: args } = parseArgs({
  options: {
    data: {
      type: 'string',
      default: resolve(import.meta.dirname, '../../../../shared/data/ravdess-24k'),
    },
    out: { type: 'string', default: 'ravdess-model' },
    model: { type: 'string', default: 'statistics-mlp' },
    epochs: { type: 'string' },
    'test-actors': { type: 'string', default: '13,14,15,16' },
    folds: { type: 'boolean', default: false },
    final: { type: 'string', default: 'all' },
    'per-actor': { type: 'string' },
    cache: { type: 'string' },
    seed: { type: 'string', default: '1' },
    overwrite: { type: 'boolean', default: false },
  },
});

/** The @ser/model preset: its features, architecture and training defaults. */
const preset = getPreset(args.model);
const FEATURES = preset.input.features;
const epochs = args.epochs === undefined ? (preset.training.epochs ?? 1) : Number(args.epochs);
const seed = Number(args.seed);
// Fixed epochs: the held-out actors are evaluated after each epoch for the curves only, so a
// preset's early stopping (which would choose an epoch on them) is left out.
const { earlyStopping: _ignored, ...presetTraining } = preset.training;
const TRAINING: TrainOptions = { ...presetTraining, epochs, seed };

function buildModel(numClasses: number) {
  return preset.build({ numClasses, seed });
}

const asSequence = (t: FeatureTensor): FeatureSequence => ({
  frames: t.shape[0]!,
  coefficients: t.shape[1]!,
  data: t.data,
});

await useBackend('fastest');
const index = await loadCorpus(args.data, { corpus: 'ravdess' });
let utterances = index.utterances as readonly RavdessUtterance[];
if (args['per-actor'] !== undefined) {
  // N files of each actor, evenly spaced over its sorted files so that every emotion appears.
  const perActor = Number(args['per-actor']);
  const byActor = new Map<string, RavdessUtterance[]>();
  for (const u of utterances) byActor.set(u.speaker, [...(byActor.get(u.speaker) ?? []), u]);
  utterances = [...byActor.values()].flatMap((files) =>
    Array.from(
      { length: Math.min(perActor, files.length) },
      (_, i) => files[Math.floor((i * files.length) / Math.min(perActor, files.length))]!,
    ),
  );
}
const labels = emotionClasses(index.utterances);
console.log(
  `${utterances.length} utterances of ${new Set(utterances.map((u) => u.speaker)).size} actors; extracting features…`,
);
const { rows, report } = await collectFeatures(utterances, {
  config: FEATURES,
  ...(args.cache === undefined ? {} : { cacheDir: args.cache }),
});
if (report.failed.length > 0)
  throw new Error(`cannot read: ${report.failed.map((f) => f.message).join('; ')}`);
console.log(
  `features: ${report.computed} computed, ${report.cached} cached, ${report.seconds.toFixed(1)} s`,
);

function subset(keep: (u: Utterance) => boolean) {
  const chosen = rows.filter((row) => keep(row.item));
  return {
    examples: chosen.map((row) => asSequence(row.features)),
    labels: chosen.map((row) => labels.indexOf(row.item.emotion)),
  };
}

async function heldOut(testActors: readonly string[]) {
  const isTest = (u: Utterance) => testActors.includes(u.speaker);
  const trainSet = subset((u) => !isTest(u));
  const testSet = subset(isTest);
  const model = buildModel(labels.length);
  const started = performance.now();
  // The test actors are evaluated after every epoch for the curves only: nothing is chosen on them.
  const result = await train(model, trainSet, { ...TRAINING, validation: testSet });
  const seconds = (performance.now() - started) / 1000;
  const metrics = evaluateModel(model, testSet, labels, { normalizer: result.normalizer });
  model.dispose();
  return { metrics, result, seconds, examples: trainSet.examples.length };
}

const figures = (m: ClassificationMetrics) =>
  `accuracy ${m.accuracy.toFixed(3)}, UAR ${m.uar.toFixed(3)}, macro-F1 ${m.macroF1.toFixed(3)}`;

const testActors = args['test-actors'].split(',').map((a) => a.trim().padStart(2, '0'));
const evaluation = await heldOut(testActors);
console.log(
  `held-out actors ${testActors.join(', ')}: ${figures(evaluation.metrics)} (${evaluation.seconds.toFixed(0)} s)`,
);

const foldLines: string[] = [];
if (args.folds) {
  const actors = [...new Set(utterances.map((u) => u.speaker))].sort();
  const folds = Array.from({ length: 4 }, (_, f) => actors.filter((_, i) => i % 4 === f));
  const sums = { accuracy: 0, uar: 0, macroF1: 0 };
  for (const fold of folds) {
    const { metrics } = await heldOut(fold);
    console.log(`fold ${fold.join(', ')}: ${figures(metrics)}`);
    foldLines.push(
      `| ${fold.join(', ')} | ${metrics.accuracy.toFixed(3)} | ${metrics.uar.toFixed(3)} | ${metrics.macroF1.toFixed(3)} |`,
    );
    for (const key of ['accuracy', 'uar', 'macroF1'] as const)
      sums[key] += metrics[key] / folds.length;
  }
  foldLines.push(
    `| mean | ${sums.accuracy.toFixed(3)} | ${sums.uar.toFixed(3)} | ${sums.macroF1.toFixed(3)} |`,
  );
}

const finalOnAll = args.final === 'all';
const finalSet = subset((u) => finalOnAll || !testActors.includes(u.speaker));
const model = buildModel(labels.length);
const started = performance.now();
const final = await train(model, finalSet, TRAINING);
const finalSeconds = (performance.now() - started) / 1000;
console.log(`final model: ${finalSet.examples.length} utterances, ${finalSeconds.toFixed(0)} s`);

const command =
  `npm start -w @ser/example-train-ravdess -- ${process.argv.slice(2).join(' ')}`.trim();
const details = {
  data: 'RAVDESS speech, actors 01–16, 24 kHz mono (../shared/data/ravdess-24k)',
  features: `${FEATURES.kind}: ${JSON.stringify(FEATURES)}`,
  model: `${preset.name}: ${preset.description}`,
  'held-out actors': testActors.join(', '),
  'trained on': `${evaluation.examples} utterances of the other actors, ${epochs} epochs, seed ${seed}`,
  backend: tf.getBackend(),
  'training seconds': Math.round(evaluation.seconds),
};
const card = [
  `# RAVDESS emotion model (${preset.name})`,
  '',
  `Predicts ${labels.length} emotions (${labels.join(', ')}) of English speech. Loads with no download.`,
  '',
  '## Evaluation (speaker-independent)',
  '',
  `Trained on the other actors, tested on actors ${testActors.join(', ')} (never heard in training): ${figures(evaluation.metrics)}. See report.md.`,
  ...(foldLines.length > 0
    ? [
        '',
        'Leave-4-actors-out cross-validation:',
        '',
        '| held-out actors | accuracy | UAR | macro-F1 |',
        '|---|---:|---:|---:|',
        ...foldLines,
      ]
    : []),
  '',
  '## This model',
  '',
  `Trained on ${finalOnAll ? 'all actors' : 'the training actors'} (${finalSet.examples.length} utterances), ${epochs} epochs in ${finalSeconds.toFixed(0)} s on ${tf.getBackend()}, with:`,
  '',
  '```sh',
  command,
  '```',
  '',
  '## Licence',
  '',
  'Trained on RAVDESS (Livingstone & Russo 2018, https://doi.org/10.5281/zenodo.1188976), licensed',
  'CC BY-NC-SA 4.0. This model is derived from it and is shared under the same licence:',
  'attribution, non-commercial use only, share alike.',
  '',
].join('\n');

const files = await encodeBundle(model, {
  labels,
  features: FEATURES,
  input: { frames: preset.input.frames, coefficients: preset.input.coefficients },
  normalization: final.normalizer,
  training: trainingProvenance(final, {
    seed,
    backend: tf.getBackend(),
    data: {
      corpus: 'ravdess',
      actors: finalOnAll ? 'all' : 'training actors',
      heldOut: {
        actors: testActors,
        accuracy: evaluation.metrics.accuracy,
        uar: evaluation.metrics.uar,
        macroF1: evaluation.metrics.macroF1,
      },
    },
    notes: command,
  }),
});
const text = (s: string) => new TextEncoder().encode(s);
files.set('README.md', text(card));
files.set(
  'report.md',
  text(
    `${reportToMarkdown(evaluation.metrics, { title: 'Held-out actors', details })}\n![training curves](training-curves.svg)\n\n![confusion matrix](confusion-matrix.svg)\n`,
  ),
);
files.set(
  'training-curves.svg',
  text(
    trainingCurvesSvg(evaluation.result.history, { title: 'Training (dashed: held-out actors)' }),
  ),
);
files.set(
  'confusion-matrix.svg',
  text(confusionMatrixSvg(evaluation.metrics.confusion, { title: 'Held-out actors' })),
);
await writeDirectoryAtomically(args.out, files, { overwrite: args.overwrite });
console.log(`model, report and model card written to ${args.out}`);
