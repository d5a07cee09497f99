/**
 * `ser summary`: what a corpus folder holds, its integrity problems and its class counts.
 */
import { type CorpusName, classDistribution, formatDistribution } from '@ser/dataset';
import { findContentGroups, loadCorpus, readManifest, verifyCorpus } from '@ser/dataset/node';
import { type AudioScan, scanAudio } from '../audio-scan';
import type { CliIo } from '../io';
import { progressBar } from '../progress';

/**
 * Options of {@link summaryCommand}.
 *
 * @example
 * ```ts
 * const options: SummaryOptions = { data: '/data/ravdess', corpus: 'auto', json: false };
 * ```
 */
export interface SummaryOptions {
  /** The corpus folder. */
  readonly data: string;
  /** The corpus, or `'auto'` to detect it from the file names. */
  readonly corpus: CorpusName | 'auto';
  /** A manifest (`path`, `sha256`, `size_bytes`) to verify every file against. */
  readonly manifest?: string;
  /** Print one JSON object instead of text. */
  readonly json: boolean;
}

/**
 * Summarises a corpus folder on `io.stdout`; returns the exit code (1 when the manifest check
 * finds problems).
 *
 * @example
 * ```ts
 * await summaryCommand({ data: '/data/ravdess', corpus: 'auto', json: true }, io);
 * ```
 */
export async function summaryCommand(options: SummaryOptions, io: CliIo): Promise<number> {
  const index = await loadCorpus(options.data, { corpus: options.corpus, onBadName: 'skip' });
  const distribution = classDistribution(index.utterances);
  const scanBar = progressBar(io, 'headers');
  let audio: AudioScan;
  try {
    audio = await scanAudio(
      index.utterances.map((u) => u.path),
      (done, total) => scanBar.update(done, total),
    );
  } finally {
    scanBar.stop();
  }
  // The same recording under different names (e.g. RAVDESS Actor_07's two happy files, re-dithered).
  const { groups: identical } = await findContentGroups(index.utterances.map((u) => u.path));
  let integrity: Awaited<ReturnType<typeof verifyCorpus>> | undefined;
  if (options.manifest !== undefined) {
    const manifest = await readManifest(options.manifest);
    const bar = progressBar(io, 'verify');
    try {
      integrity = await verifyCorpus(options.data, manifest, {
        onProgress: (done, total) => bar.update(done, total),
      });
    } finally {
      bar.stop();
    }
  }
  const speakers = distribution.bySpeaker.length;
  if (options.json) {
    io.stdout(
      `${JSON.stringify({
        corpus: index.corpus,
        root: index.root,
        utterances: index.utterances.length,
        speakers,
        classes: Object.fromEntries(distribution.overall.map((c) => [c.emotion, c.count])),
        bySpeaker: distribution.bySpeaker.map((row) => ({
          speaker: row.key,
          counts: Object.fromEntries(distribution.emotions.map((e, i) => [e, row.counts[i]])),
          total: row.total,
        })),
        audio,
        duplicates: index.duplicates,
        identicalContent: identical,
        skipped: index.skipped.map((s) => ({ path: s.path, problem: s.error.message })),
        ignored: index.ignored,
        notes: index.notes,
        ...(integrity === undefined ? {} : { integrity }),
      })}\n`,
    );
  } else {
    const lines = [
      `corpus      ${index.corpus}`,
      `folder      ${index.root}`,
      `utterances  ${index.utterances.length}`,
      `speakers    ${speakers}`,
      `emotions    ${distribution.emotions.join(', ')}`,
      ...audioLines(audio),
      '',
      'Integrity',
      `  duplicate recordings (counted once)  ${index.duplicates.length}`,
      ...index.duplicates.map((d) => `    ${d.kept} = ${d.copies.join(', ')}`),
      `  identical audio under other names    ${identical.length}`,
      ...identical.map((group) => `    ${group.join(' = ')}`),
      `  .wav files with unparseable names    ${index.skipped.length}`,
      ...index.skipped.map((s) => `    ${s.error.message}`),
      `  other files (ignored)                ${index.ignored.length}`,
      `  unreadable or truncated audio        ${audio.problems.length}`,
      ...audio.problems.map(
        (p) => `    ${p.problem.startsWith(p.path) ? p.problem : `${p.path}: ${p.problem}`}`,
      ),
      ...index.notes.map((note) => `  note: ${note}`),
      ...(integrity === undefined ? [] : integrityLines(integrity)),
      '',
      'Class counts',
      formatDistribution(distribution, 'corpus'),
      '',
      formatDistribution(distribution, 'speaker'),
      '',
    ];
    io.stdout(`${lines.join('\n')}\n`);
  }
  return integrity === undefined || integrity.intact ? 0 : 1;
}

function audioLines(audio: AudioScan): string[] {
  const tally = (table: Readonly<Record<string, number>>, unit = '') =>
    Object.entries(table)
      .map(([key, n]) => `${key}${unit} × ${n}`)
      .join(', ');
  return [
    `audio       ${tally(audio.sampleRates, ' Hz')}; ${tally(audio.channels, ' ch')}; ${tally(audio.encodings)}`,
    `duration    ${(audio.seconds.total / 60).toFixed(1)} min, ${audio.seconds.min.toFixed(2)}–${audio.seconds.max.toFixed(2)} s per file`,
  ];
}

function integrityLines(report: Awaited<ReturnType<typeof verifyCorpus>>): string[] {
  const list = (title: string, paths: readonly string[]) => [
    `  ${title.padEnd(37)}${paths.length}`,
    ...paths.slice(0, 20).map((p) => `    ${p}`),
    ...(paths.length > 20 ? [`    … and ${paths.length - 20} more`] : []),
  ];
  return [
    `  manifest: ${report.verified} of ${report.expected} files verified (${report.intact ? 'intact' : 'NOT intact'})`,
    ...list('missing', report.missing),
    ...list('extra (not in the manifest)', report.extra),
    ...list(
      'corrupted',
      report.corrupted.map((c) => `${c.path} (${c.problem})`),
    ),
    ...list('unverified', report.unverified),
    ...list(
      'nested copies',
      report.copies.map((c) => `${c.entry}: ${c.paths.join(', ')}`),
    ),
  ];
}
