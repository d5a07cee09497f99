/**
 * The emotion of WAV files, with the pretrained model that ships with @ser/runtime (no download)
 * or a bundle folder of your own.
 *
 *   npm start -w @ser/example-predict-file -- speech.wav [more.wav …] [--model DIR]
 *
 * Without files it predicts the sample recordings bundled with @ser/cli.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDefaultRecognizer, loadRecognizer } from '@ser/runtime/node';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { model: { type: 'string' } },
});

let files = positionals;
if (files.length === 0) {
  const samples = resolve(import.meta.dirname, '../../../packages/cli/samples');
  files = (await readdir(samples)).filter((f) => f.endsWith('.wav')).map((f) => join(samples, f));
}

const recognizer =
  values.model === undefined
    ? await loadDefaultRecognizer({ name: 'ravdess-statistics-mlp' })
    : await loadRecognizer(values.model);
try {
  for (const file of files) {
    const prediction = await recognizer.predict(file);
    if (!prediction.speech) {
      console.log(`${file}: no speech (level ${prediction.levelDb.toFixed(1)} dB)`);
      continue;
    }
    const top = prediction.top.map((t) => `${t.label} ${t.probability.toFixed(2)}`).join(', ');
    console.log(
      `${file}: ${prediction.label} (${top}; ${prediction.timings.totalMs.toFixed(0)} ms)`,
    );
  }
} finally {
  recognizer.dispose();
}
