/**
 * The seed notebook end to end, then honestly.
 *
 * 1. Its pipeline and model exactly: TESS → `librosa.load(duration=3, offset=0.5)` at 22050 Hz →
 *    mean of 40 MFCC → [40, 1] → LSTM(256) → Dropout .2 → Dense 128 → Dropout .2 → Dense 64 →
 *    Dropout .2 → Dense 7 softmax, Adam, batch 64, Keras `validation_split=0.2` (the unshuffled
 *    last 20% of the files, which the notebook calls its test).
 * 2. The same model judged on a speaker it never heard: train on one TESS speaker, test on the
 *    other (TESS has two), which is what the figure of step 1 cannot tell.
 *
 *   npm start -w @ser/example-reproduce-seed -- --data /path/to/TESS [--epochs 50]
 *   npm start -w @ser/example-reproduce-seed -- --synthetic-tree /tmp/tess-tiny --epochs 1
 *
 * `--synthetic-tree DIR` first writes a tiny TESS-named tree of generated tones (2 speakers × 7
 * emotions × 3 words) so the example runs where TESS is not available (CI); its figures mean
 * nothing about speech.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { emotionClasses, speakerSplit, tailSplit, type Utterance } from '@ser/dataset';
import { collectFeatures, loadCorpus } from '@ser/dataset/node';
import { encodeWav, seedFeatureConfig } from '@ser/features';
import {
  buildSeedModel,
  evaluateModel,
  SEED_TRAINING,
  sequenceFromVector,
  train,
  useBackend,
} from '@ser/model';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    'synthetic-tree': { type: 'string' },
    epochs: { type: 'string', default: String(SEED_TRAINING.epochs) },
    cache: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});

/** Writes a tiny TESS-named tree of tones (not speech) and returns its folder. */
async function syntheticTess(root: string): Promise<string> {
  const emotions = ['angry', 'disgust', 'fear', 'happy', 'neutral', 'ps', 'sad'];
  for (const [s, speaker] of ['OAF', 'YAF'].entries()) {
    for (const [e, emotion] of emotions.entries()) {
      const folder = join(root, `${speaker}_${emotion}`);
      await mkdir(folder, { recursive: true });
      for (const [w, word] of ['back', 'bar', 'base'].entries()) {
        const rate = 24414;
        const samples = new Float32Array(Math.round(rate * 1.6));
        const frequency = 150 + 60 * e + 40 * s + 5 * w;
        for (let i = 0; i < samples.length; i++) {
          samples[i] = (0.1 + 0.05 * e) * Math.sin((2 * Math.PI * frequency * i) / rate);
        }
        await writeFile(
          join(folder, `${speaker}_${word}_${emotion}.wav`),
          encodeWav([samples], { sampleRate: rate }),
        );
      }
    }
  }
  return root;
}

const data =
  args['synthetic-tree'] === undefined ? args.data : await syntheticTess(args['synthetic-tree']);
if (data === undefined) {
  console.error('give --data TESS_DIR (or --synthetic-tree DIR for a generated stand-in)');
  process.exit(2);
}
const seed = Number(args.seed);
const epochs = Number(args.epochs);

const backend = await useBackend('fastest');
const index = await loadCorpus(data, { corpus: 'tess' });
const labels = emotionClasses(index.utterances);
console.log(
  `TESS at ${index.root}: ${index.utterances.length} files, ${labels.length} emotions; backend ${backend}`,
);
for (const note of index.notes) console.log(`note: ${note}`);

const { rows } = await collectFeatures(index.utterances, {
  config: seedFeatureConfig,
  ...(args.cache === undefined ? {} : { cacheDir: args.cache }),
});
const featuresOf = new Map(
  rows.map((row) => [row.item.path, sequenceFromVector(row.features.data)]),
);
const labelled = (items: readonly Utterance[]) => ({
  examples: items.map((u) => featuresOf.get(u.path)!),
  labels: items.map((u) => labels.indexOf(u.emotion)),
});

async function run(
  title: string,
  trainItems: readonly Utterance[],
  testItems: readonly Utterance[],
) {
  const model = buildSeedModel({ numClasses: labels.length, seed });
  const started = performance.now();
  const result = await train(model, labelled(trainItems), {
    ...SEED_TRAINING,
    epochs,
    seed,
    validation: labelled(testItems),
  });
  const metrics = evaluateModel(model, labelled(testItems), labels, {
    normalizer: result.normalizer,
  });
  model.dispose();
  console.log(
    `${title}: ${trainItems.length} train / ${testItems.length} test, ${epochs} epochs in ${((performance.now() - started) / 1000).toFixed(0)} s → accuracy ${metrics.accuracy.toFixed(3)}, UAR ${metrics.uar.toFixed(3)}, macro-F1 ${metrics.macroF1.toFixed(3)}`,
  );
}

// 1. The notebook: Keras validation_split=0.2 takes the last 20% before shuffling.
const tail = tailSplit(index.utterances, { validationSplit: 0.2 });
await run('seed notebook (unshuffled last 20%)', tail.train, tail.test);

// 2. Honest: the test speaker is never heard in training.
const bySpeaker = speakerSplit(index.utterances, { testSpeakers: ['tess/YAF'] });
await run(
  `speaker-independent (test speaker ${bySpeaker.testSpeakers.join(', ')})`,
  bySpeaker.train,
  bySpeaker.test,
);
