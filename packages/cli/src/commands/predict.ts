/**
 * `ser predict` and `ser demo`: the emotion of WAV files, as a table or JSON lines.
 */
import type { Prediction } from '@ser/runtime';
import type { CliIo } from '../io';
import { openRecognizer } from '../predictor';

/**
 * Options of {@link predictCommand}.
 *
 * @example
 * ```ts
 * const options: PredictOptions = { model: 'models/ravdess', files: ['a.wav'], json: true };
 * ```
 */
export interface PredictOptions {
  /** The model bundle folder; undefined: the shipped pretrained model. */
  readonly model: string | undefined;
  /** WAV files. */
  readonly files: readonly string[];
  /** One JSON object per line (`{ file, label, scores }`) instead of a table. */
  readonly json: boolean;
}

function table(rows: readonly { file: string; prediction: Prediction }[]): string {
  const fileWidth = Math.max(4, ...rows.map((r) => r.file.length));
  const lines = [`${'file'.padEnd(fileWidth)}  ${'emotion'.padEnd(10)}  probability  runner-up`];
  for (const { file, prediction } of rows) {
    if (!prediction.speech) {
      lines.push(`${file.padEnd(fileWidth)}  no speech (${prediction.levelDb.toFixed(1)} dB)`);
      continue;
    }
    const [best, second] = prediction.top;
    lines.push(
      `${file.padEnd(fileWidth)}  ${prediction.label.padEnd(10)}  ${(best?.probability ?? 0).toFixed(3).padStart(11)}  ${second === undefined ? '' : `${second.label} ${second.probability.toFixed(3)}`}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Predicts every file. A file that cannot be read is named on stderr and the others are still
 * predicted; the exit code is then 1. Audio below the silence threshold gets `label: null`.
 *
 * @example
 * ```ts
 * const code = await predictCommand({ model: undefined, files: ['a.wav'], json: false }, io);
 * ```
 */
export async function predictCommand(options: PredictOptions, io: CliIo): Promise<number> {
  const recognizer = await openRecognizer(options.model);
  const rows: { file: string; prediction: Prediction }[] = [];
  let failed = 0;
  try {
    for (const file of options.files) {
      try {
        const prediction = await recognizer.predict(file);
        if (options.json) {
          const { label, scores } = prediction;
          io.stdout(`${JSON.stringify({ file, label, scores })}\n`);
        }
        rows.push({ file, prediction });
      } catch (error) {
        failed++;
        io.stderr(`ser: ${(error as Error).message}\n`);
      }
    }
  } finally {
    recognizer.dispose();
  }
  if (!options.json && rows.length > 0) io.stdout(table(rows));
  return failed > 0 ? 1 : 0;
}
