/**
 * The seed notebook's per-emotion views — a waveform (`librosa.display.waveshow`) and a
 * spectrogram in dB (`specshow`) of one recording of each emotion — as one self-contained SVG.
 */
import { logMelSpectrogram, type Matrix } from '@ser/features';

/**
 * One recording to show.
 *
 * @example
 * ```ts
 * const view: EmotionView = { emotion: 'angry', source: 'Actor_01/03-01-05-01-01-01-01.wav', samples, sampleRate: 22050 };
 * ```
 */
export interface EmotionView {
  /** Its emotion (row title). */
  readonly emotion: string;
  /** Where it comes from (shown beside the title). */
  readonly source: string;
  /** Mono samples. */
  readonly samples: Float32Array;
  /** Their sample rate. */
  readonly sampleRate: number;
}

const ROW = 110;
const WAVE_WIDTH = 360;
const SPEC_WIDTH = 360;
const COLUMNS = 120;
const BANDS = 40;
/** Colour levels of the spectrogram: neighbouring cells of one level merge into one rectangle. */
const LEVELS = 12;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Min/max envelope over `columns` slices, as a closed polygon around the zero line. */
function waveformPath(samples: Float32Array, x0: number, y0: number, height: number): string {
  const columns = WAVE_WIDTH / 2;
  const top: string[] = [];
  const bottom: string[] = [];
  let peak = 1e-9;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  for (let c = 0; c < columns; c++) {
    const from = Math.floor((c * samples.length) / columns);
    const to = Math.max(from + 1, Math.floor(((c + 1) * samples.length) / columns));
    let lo = 0;
    let hi = 0;
    for (let i = from; i < to && i < samples.length; i++) {
      lo = Math.min(lo, samples[i]!);
      hi = Math.max(hi, samples[i]!);
    }
    const x = (x0 + c * 2).toFixed(0);
    top.push(`${x},${(y0 + height / 2 - (hi / peak) * (height / 2)).toFixed(1)}`);
    bottom.push(`${x},${(y0 + height / 2 - (lo / peak) * (height / 2)).toFixed(1)}`);
  }
  return `<polygon points="${[...top, ...bottom.reverse()].join(' ')}" fill="#3b6ea8"/>`;
}

/** A perceptual dark-to-bright ramp (approximately magma) at `t` in [0, 1]. */
function colour(t: number): string {
  const stops = [
    [0, 0, 4],
    [80, 18, 123],
    [182, 54, 121],
    [251, 136, 97],
    [252, 253, 191],
  ] as const;
  const position = t * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(position));
  const f = position - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  const channel = (k: 0 | 1 | 2) => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgb(${channel(0)},${channel(1)},${channel(2)})`;
}

/** Mean of the log-mel cells falling into each of `COLUMNS` time slices. */
function downsample(spectrogram: Matrix): number[][] {
  const { rows, cols, data } = spectrogram;
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: COLUMNS }, (_, c) => {
      const from = Math.floor((c * cols) / COLUMNS);
      const to = Math.max(from + 1, Math.floor(((c + 1) * cols) / COLUMNS));
      let sum = 0;
      let n = 0;
      for (let t = from; t < to && t < cols; t++, n++) sum += data[r * cols + t]!;
      return n === 0 ? Number.NaN : sum / n;
    }),
  );
}

/**
 * The spectrogram as one `<path>` per colour level inside a group scaled to cell units, so each
 * run of equal cells costs a few bytes (the whole file stays small).
 */
function spectrogramPaths(view: EmotionView, x0: number, y0: number, height: number): string {
  const spectrogram = logMelSpectrogram(view.samples, {
    sr: view.sampleRate,
    nMels: BANDS,
    topDb: 80,
  });
  const cells = downsample(spectrogram);
  let max = Number.NEGATIVE_INFINITY;
  for (const row of cells) for (const v of row) if (v > max) max = v;
  const level = (v: number | undefined) =>
    v === undefined || Number.isNaN(v)
      ? -1
      : Math.max(0, Math.min(LEVELS - 1, Math.floor(((v - max + 80) / 80) * LEVELS)));
  const runs: string[][] = Array.from({ length: LEVELS }, () => []);
  cells.forEach((row, band) => {
    const y = BANDS - 1 - band; // low frequencies at the bottom
    let start = 0;
    for (let c = 1; c <= COLUMNS; c++) {
      const current = level(row[start]);
      if (c < COLUMNS && level(row[c]) === current) continue;
      if (current >= 0) runs[current]!.push(`M${start} ${y}h${c - start}v1h${start - c}z`);
      start = c;
    }
  });
  const scale = `scale(${SPEC_WIDTH / COLUMNS},${(height / BANDS).toFixed(3)})`;
  const paths = runs
    .map((d, i) =>
      d.length === 0 ? '' : `<path d="${d.join('')}" fill="${colour(i / (LEVELS - 1))}"/>`,
    )
    .join('');
  return `<g transform="translate(${x0},${y0}) ${scale}" shape-rendering="crispEdges">${paths}</g>`;
}

/**
 * One row per emotion: title, waveform, log-mel spectrogram (80 dB range, low bands at the
 * bottom), as an SVG document.
 *
 * @example
 * ```ts
 * await writeFile('emotion-views.svg', emotionViewsSvg(views));
 * ```
 */
export function emotionViewsSvg(views: readonly EmotionView[]): string {
  const width = 20 + WAVE_WIDTH + 20 + SPEC_WIDTH + 20;
  const height = 30 + views.length * ROW;
  const body = views.map((view, i) => {
    const y = 30 + i * ROW;
    const seconds = (view.samples.length / view.sampleRate).toFixed(2);
    return [
      `<text x="20" y="${y + 12}" font-weight="bold">${escapeXml(view.emotion)}</text>`,
      `<text x="${20 + WAVE_WIDTH}" y="${y + 12}" text-anchor="end" fill="#555">${escapeXml(view.source)} · ${seconds} s</text>`,
      waveformPath(view.samples, 20, y + 18, ROW - 30),
      spectrogramPaths(view, 40 + WAVE_WIDTH, y + 18, ROW - 30),
    ].join('\n');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="20" y="18" font-size="13">Waveform and log-mel spectrogram (dB) of one recording per emotion</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
