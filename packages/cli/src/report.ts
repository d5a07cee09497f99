/**
 * The report written beside a trained model: Markdown and JSON metrics, training curves,
 * confusion matrix, and per-emotion waveform/spectrogram views.
 */
import { basename } from 'node:path';
import { loadAudioFile } from '@ser/features/node';
import {
  type ClassificationMetrics,
  confusionMatrixSvg,
  reportToJson,
  reportToMarkdown,
  type TrainingResult,
  trainingCurvesSvg,
} from '@ser/model';
import { type EmotionView, emotionViewsSvg } from './views';

/** Files of the report, by name. */
export const REPORT_FILES = {
  markdown: 'report.md',
  json: 'report.json',
  curves: 'training-curves.svg',
  confusion: 'confusion-matrix.svg',
  views: 'emotion-views.svg',
} as const;

/**
 * What {@link reportFiles} reports on.
 *
 * @example
 * ```ts
 * const input: ReportInput = { metrics, result, details: { corpus: 'ravdess' }, samples: test };
 * ```
 */
export interface ReportInput {
  /** Metrics on the held-out part. */
  readonly metrics: ClassificationMetrics;
  /** The training run. */
  readonly result: TrainingResult;
  /** Facts listed under the title. */
  readonly details: Readonly<Record<string, string | number>>;
  /** Utterances to take one recording per emotion from (the first of each, in order). */
  readonly samples: readonly { readonly path: string; readonly emotion: string }[];
}

/**
 * The report's files, as bytes by file name ({@link REPORT_FILES}).
 *
 * @example
 * ```ts
 * for (const [name, bytes] of await reportFiles(input)) files.set(name, bytes);
 * ```
 */
export async function reportFiles(input: ReportInput): Promise<Map<string, Uint8Array>> {
  const { metrics, result, details } = input;
  const firstOfEach = new Map<string, string>();
  for (const u of input.samples)
    if (!firstOfEach.has(u.emotion)) firstOfEach.set(u.emotion, u.path);
  const views: EmotionView[] = [];
  for (const [emotion, path] of [...firstOfEach].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const { samples, sampleRate } = await loadAudioFile(path, { sr: 22050, duration: 4 });
    views.push({ emotion, source: basename(path), samples, sampleRate });
  }
  const context = { title: 'Evaluation on the held-out part', details };
  const markdown = [
    reportToMarkdown(metrics, context).trimEnd(),
    '',
    '## Training curves',
    '',
    `![loss and accuracy per epoch](${REPORT_FILES.curves})`,
    '',
    'Dashed: the held-out part, evaluated after every epoch for these curves only (no choice was made on it).',
    '',
    '## Confusion matrix',
    '',
    `![confusion matrix](${REPORT_FILES.confusion})`,
    '',
    '## One recording per emotion',
    '',
    `![waveforms and spectrograms](${REPORT_FILES.views})`,
    '',
  ].join('\n');
  const encode = (text: string) => new TextEncoder().encode(text);
  return new Map([
    [REPORT_FILES.markdown, encode(markdown)],
    [REPORT_FILES.json, encode(`${JSON.stringify(reportToJson(metrics, context), null, 2)}\n`)],
    [REPORT_FILES.curves, encode(trainingCurvesSvg(result.history, { title: 'Training' }))],
    [
      REPORT_FILES.confusion,
      encode(confusionMatrixSvg(metrics.confusion, { title: 'Held-out confusion matrix' })),
    ],
    [REPORT_FILES.views, encode(emotionViewsSvg(views))],
  ]);
}
