/**
 * Evaluation reports as JSON (for machines and regression tracking) and Markdown (for people).
 */
import type { ClassificationMetrics } from './metrics';

/**
 * What a report says besides the metrics.
 *
 * @example
 * ```ts
 * const context: ReportContext = { title: 'RAVDESS held-out actors', details: { seed: 1 } };
 * ```
 */
export interface ReportContext {
  /** Heading of the report. Default "Evaluation". */
  readonly title?: string;
  /** Free-form facts shown under the heading (model, data set, split, seed, …). */
  readonly details?: Readonly<Record<string, string | number>>;
}

/**
 * The JSON form of an evaluation: metrics, per-class metrics, confusion matrix and context,
 * with plain keys (safe for `JSON.stringify`).
 *
 * @example
 * ```ts
 * await writeFile('report.json', JSON.stringify(reportToJson(metrics, { title: 'RAVDESS, actors 17–24' }), null, 2));
 * ```
 */
export function reportToJson(metrics: ClassificationMetrics, context: ReportContext = {}) {
  return {
    title: context.title ?? 'Evaluation',
    details: { ...context.details },
    count: metrics.count,
    accuracy: metrics.accuracy,
    uar: metrics.uar,
    macroF1: metrics.macroF1,
    perClass: metrics.perClass.map((c) => ({ ...c })),
    confusion: {
      labels: [...metrics.confusion.labels],
      matrix: metrics.confusion.matrix.map((row) => [...row]),
    },
  };
}

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: string[],
): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(align), ...rows.map(line)].join('\n');
}

/**
 * A Markdown report: summary (accuracy, UAR, macro-F1), per-class table and confusion matrix
 * (rows true, columns predicted).
 *
 * @example
 * ```ts
 * console.log(reportToMarkdown(metrics, { title: 'Seed LSTM on unseen speakers', details: { seed: 1 } }));
 * ```
 */
export function reportToMarkdown(
  metrics: ClassificationMetrics,
  context: ReportContext = {},
  digits = 3,
): string {
  const f = (x: number) => x.toFixed(digits);
  const details = Object.entries(context.details ?? {}).map(([k, v]) => `- ${k}: ${v}`);
  const summary = table(
    ['examples', 'accuracy', 'UAR', 'macro-F1'],
    [[String(metrics.count), f(metrics.accuracy), f(metrics.uar), f(metrics.macroF1)]],
    ['---:', '---:', '---:', '---:'],
  );
  const perClass = table(
    ['class', 'precision', 'recall', 'F1', 'support'],
    metrics.perClass.map((c) => [
      cell(c.label),
      f(c.precision),
      f(c.recall),
      f(c.f1),
      String(c.support),
    ]),
    [':---', '---:', '---:', '---:', '---:'],
  );
  const { labels, matrix } = metrics.confusion;
  const confusion = table(
    ['true \\ predicted', ...labels.map(cell)],
    matrix.map((row, i) => [cell(labels[i]!), ...row.map(String)]),
    [':---', ...labels.map(() => '---:')],
  );
  return [
    `# ${cell(context.title ?? 'Evaluation')}`,
    ...(details.length > 0 ? ['', ...details] : []),
    '',
    summary,
    '',
    '## Per class',
    '',
    perClass,
    '',
    '## Confusion matrix',
    '',
    confusion,
    '',
  ].join('\n');
}
