import { type Emotion, emotionClasses } from './emotions';
import { type CorpusName, speakerId } from './utterance';

/**
 * One cell of a class distribution, in long ("tidy") form, ready for a plotting library.
 *
 * @example
 * ```ts
 * const cell: ClassCount = { corpus: 'tess', speaker: 'OAF', emotion: 'fear', count: 200 };
 * ```
 */
export interface ClassCount {
  readonly corpus: CorpusName;
  readonly speaker: string;
  readonly emotion: Emotion;
  readonly count: number;
}

/**
 * One row of a distribution table: counts per emotion (aligned with {@link ClassDistribution.emotions}).
 *
 * @example
 * ```ts
 * const row: DistributionRow = { key: 'tess/OAF', counts: [200, 200, 200, 200, 200, 200, 200], total: 1400 };
 * ```
 */
export interface DistributionRow {
  /** The corpus (`'tess'`) or speaker (`'tess/OAF'`) the row counts. */
  readonly key: string;
  readonly counts: readonly number[];
  readonly total: number;
}

/**
 * How many utterances of each emotion there are, overall (the seed's count plot), per corpus and
 * per speaker.
 *
 * @example
 * ```ts
 * const d: ClassDistribution = classDistribution(index.utterances);
 * d.overall; // [{ emotion: 'angry', count: 400 }, …]
 * ```
 */
export interface ClassDistribution {
  /** The emotions present, in vocabulary order: the columns of the tables. */
  readonly emotions: readonly Emotion[];
  /** Utterances counted. */
  readonly total: number;
  /** Count per emotion over everything: the data of the seed's `countplot`. */
  readonly overall: readonly { readonly emotion: Emotion; readonly count: number }[];
  /** One row per corpus, sorted. */
  readonly byCorpus: readonly DistributionRow[];
  /** One row per speaker (`corpus/speaker`), sorted. */
  readonly bySpeaker: readonly DistributionRow[];
  /** Every non-empty (corpus, speaker, emotion) cell, sorted, for plotting. */
  readonly cells: readonly ClassCount[];
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function rows(
  utterances: readonly { corpus: CorpusName; speaker: string; emotion: Emotion }[],
  emotions: readonly Emotion[],
  keyOf: (u: { corpus: CorpusName; speaker: string }) => string,
): DistributionRow[] {
  const column = new Map(emotions.map((emotion, index) => [emotion, index]));
  const table = new Map<string, number[]>();
  for (const u of utterances) {
    const key = keyOf(u);
    let counts = table.get(key);
    if (counts === undefined) {
      counts = new Array<number>(emotions.length).fill(0);
      table.set(key, counts);
    }
    counts[column.get(u.emotion)!]!++;
  }
  return [...table]
    .sort((a, b) => compareCodeUnits(a[0], b[0]))
    .map(([key, counts]) => ({ key, counts, total: counts.reduce((sum, n) => sum + n, 0) }));
}

/**
 * Counts utterances per emotion: overall, per corpus, per speaker, and as tidy cells.
 *
 * @example
 * ```ts
 * const d = classDistribution(tess.utterances);
 * d.bySpeaker.map((row) => [row.key, row.total]); // [['tess/OAF', 1400], ['tess/YAF', 1400]]
 * ```
 */
export function classDistribution(
  utterances: readonly {
    readonly corpus: CorpusName;
    readonly speaker: string;
    readonly emotion: Emotion;
  }[],
): ClassDistribution {
  const emotions = emotionClasses(utterances);
  const [overallRow] = rows(utterances, emotions, () => 'all');
  const overall = emotions.map((emotion, index) => ({
    emotion,
    count: overallRow?.counts[index] ?? 0,
  }));
  const bySpeaker = rows(utterances, emotions, speakerId);
  const cells: ClassCount[] = [];
  for (const row of bySpeaker) {
    const slash = row.key.indexOf('/');
    const corpus = row.key.slice(0, slash) as CorpusName;
    const speaker = row.key.slice(slash + 1);
    row.counts.forEach((count, index) => {
      if (count > 0) cells.push({ corpus, speaker, emotion: emotions[index]!, count });
    });
  }
  return {
    emotions,
    total: utterances.length,
    overall,
    byCorpus: rows(utterances, emotions, (u) => u.corpus),
    bySpeaker,
    cells,
  };
}

/**
 * A distribution as an aligned plain-text table (rows per corpus or per speaker, one column per
 * emotion, a total column and a total row), for logs and reports.
 *
 * @example
 * ```ts
 * console.log(formatDistribution(classDistribution(tess.utterances), 'speaker'));
 * // speaker   angry  disgust  fear  happy  neutral  pleasant_surprise  sad  total
 * // tess/OAF    200      200   200    200      200                200  200   1400
 * // …
 * ```
 */
export function formatDistribution(
  distribution: ClassDistribution,
  by: 'corpus' | 'speaker',
): string {
  const table = by === 'corpus' ? distribution.byCorpus : distribution.bySpeaker;
  const header = [by, ...distribution.emotions, 'total'];
  const body = table.map((row) => [row.key, ...row.counts.map(String), String(row.total)]);
  const totals = [
    'total',
    ...distribution.overall.map((cell) => String(cell.count)),
    String(distribution.total),
  ];
  const lines = [header, ...body, totals];
  const widths = header.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)));
  return lines
    .map((line) =>
      line
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!),
        )
        .join('  '),
    )
    .join('\n');
}
