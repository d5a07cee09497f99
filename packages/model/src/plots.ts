/**
 * Plots as self-contained SVG strings (no DOM, no library): training curves and a
 * confusion-matrix heat map. Write them to `.svg` files or inline them in HTML/Markdown.
 */
import type { ConfusionMatrix } from './metrics';
import type { TrainingHistory } from './train';

/** Escapes text for SVG content and attribute values. */
function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Shortest decimal for a tick label. */
function tick(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

/** Up to ~5 round tick values covering [min, max]. */
function niceTicks(min: number, max: number): number[] {
  if (min === max) return [min];
  const raw = (max - min) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    ticks.push(Number(v.toFixed(12)));
  return ticks;
}

interface Series {
  readonly name: string;
  readonly values: readonly number[];
  readonly color: string;
  readonly dashed: boolean;
}

/** One line chart panel at (x, y) of size w × h. */
function panel(
  title: string,
  series: readonly Series[],
  x: number,
  y: number,
  w: number,
  h: number,
): string {
  const margin = { left: 48, right: 12, top: 28, bottom: 34 };
  const plotW = w - margin.left - margin.right;
  const plotH = h - margin.top - margin.bottom;
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const epochs = Math.max(1, ...series.map((s) => s.values.length));
  const lo = all.length > 0 ? Math.min(...all) : 0;
  const hi = all.length > 0 ? Math.max(...all) : 1;
  const pad = hi === lo ? Math.max(Math.abs(hi) * 0.1, 0.1) : 0;
  const [yMin, yMax] = [lo - pad, hi + pad];
  const px = (i: number) =>
    x + margin.left + (epochs === 1 ? plotW / 2 : (i / (epochs - 1)) * plotW);
  const py = (v: number) => y + margin.top + (1 - (v - yMin) / (yMax - yMin)) * plotH;
  const parts: string[] = [
    `<text x="${x + w / 2}" y="${y + 18}" text-anchor="middle" font-weight="bold">${esc(title)}</text>`,
    `<rect x="${x + margin.left}" y="${y + margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
  ];
  for (const t of niceTicks(yMin, yMax)) {
    const ty = py(t).toFixed(1);
    parts.push(
      `<line x1="${x + margin.left}" x2="${x + margin.left + plotW}" y1="${ty}" y2="${ty}" stroke="#eee"/>`,
      `<text x="${x + margin.left - 4}" y="${ty}" text-anchor="end" dominant-baseline="middle">${tick(t)}</text>`,
    );
  }
  const xTicks = niceTicks(1, epochs).filter((t) => Number.isInteger(t));
  for (const t of xTicks) {
    parts.push(
      `<text x="${px(t - 1).toFixed(1)}" y="${y + margin.top + plotH + 14}" text-anchor="middle">${t}</text>`,
    );
  }
  parts.push(
    `<text x="${x + margin.left + plotW / 2}" y="${y + h - 4}" text-anchor="middle">epoch</text>`,
  );
  series.forEach((s, index) => {
    const points = s.values
      .map((v, i) => (Number.isFinite(v) ? `${px(i).toFixed(1)},${py(v).toFixed(1)}` : null))
      .filter((p): p is string => p !== null);
    const dash = s.dashed ? ' stroke-dasharray="5 3"' : '';
    if (points.length > 0) {
      parts.push(
        `<polyline points="${points.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`,
      );
    }
    const ly = y + margin.top + 10 + index * 14;
    const lx = x + margin.left + plotW - 90;
    parts.push(
      `<line x1="${lx}" x2="${lx + 18}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 22}" y="${ly}" dominant-baseline="middle">${esc(s.name)}</text>`,
    );
  });
  return parts.join('\n');
}

/**
 * Size and title of a plot.
 *
 * @example
 * ```ts
 * const svg = confusionMatrixSvg(confusion, { width: 520, title: 'test speakers' });
 * ```
 */
export interface PlotOptions {
  /** Width in pixels. */
  readonly width?: number;
  /** Height in pixels. */
  readonly height?: number;
  /** Title above the plot. */
  readonly title?: string;
}

function svg(width: number, height: number, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    body,
    '</svg>',
    '',
  ].join('\n');
}

/**
 * Loss and accuracy per epoch (training solid, validation dashed) side by side, as SVG.
 *
 * @example
 * ```ts
 * await writeFile('curves.svg', trainingCurvesSvg(result.history, { title: 'seed-lstm' }));
 * ```
 */
export function trainingCurvesSvg(history: TrainingHistory, options: PlotOptions = {}): string {
  const width = options.width ?? 760;
  const height = options.height ?? 300;
  const top = options.title === undefined ? 0 : 24;
  const half = width / 2;
  const lossSeries: Series[] = [
    { name: 'training', values: history.loss, color: '#1f77b4', dashed: false },
  ];
  const accuracySeries: Series[] = [
    { name: 'training', values: history.accuracy, color: '#1f77b4', dashed: false },
  ];
  if (history.val_loss.length > 0) {
    lossSeries.push({
      name: 'validation',
      values: history.val_loss,
      color: '#d62728',
      dashed: true,
    });
  }
  if (history.val_accuracy.length > 0) {
    accuracySeries.push({
      name: 'validation',
      values: history.val_accuracy,
      color: '#d62728',
      dashed: true,
    });
  }
  const title =
    options.title === undefined
      ? ''
      : `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${esc(options.title)}</text>\n`;
  return svg(
    width,
    height,
    title +
      panel('loss', lossSeries, 0, top, half, height - top) +
      '\n' +
      panel('accuracy', accuracySeries, half, top, half, height - top),
  );
}

/**
 * A confusion-matrix heat map as SVG: rows are true classes, columns predictions; cells show
 * counts, shaded by the row-normalised rate (recall on the diagonal).
 *
 * @example
 * ```ts
 * await writeFile('confusion.svg', confusionMatrixSvg(metrics.confusion, { title: 'held-out actors' }));
 * ```
 */
export function confusionMatrixSvg(confusion: ConfusionMatrix, options: PlotOptions = {}): string {
  const { labels, matrix } = confusion;
  const k = labels.length;
  const labelSpace = 16 + 7 * Math.max(4, ...labels.map((l) => l.length));
  const top = (options.title === undefined ? 8 : 32) + 24;
  const cellSize = Math.max(
    28,
    Math.min(64, Math.floor(((options.width ?? 480) - labelSpace - 16) / Math.max(k, 1))),
  );
  const width = options.width ?? labelSpace + k * cellSize + 16;
  const height = options.height ?? top + k * cellSize + labelSpace;
  const parts: string[] = [];
  if (options.title !== undefined) {
    parts.push(
      `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(options.title)}</text>`,
    );
  }
  parts.push(
    `<text x="${labelSpace + (k * cellSize) / 2}" y="${top - 8}" text-anchor="middle">predicted</text>`,
    `<text x="12" y="${top + (k * cellSize) / 2}" text-anchor="middle" transform="rotate(-90 12 ${top + (k * cellSize) / 2})">true</text>`,
  );
  matrix.forEach((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    parts.push(
      `<text x="${labelSpace - 6}" y="${top + t * cellSize + cellSize / 2}" text-anchor="end" dominant-baseline="middle">${esc(labels[t]!)}</text>`,
    );
    row.forEach((count, p) => {
      const rate = total === 0 ? 0 : count / total;
      const shade = Math.round(255 - rate * 200);
      const fill = `rgb(${shade},${shade},255)`;
      const cx = labelSpace + p * cellSize;
      const cy = top + t * cellSize;
      parts.push(
        `<rect x="${cx}" y="${cy}" width="${cellSize}" height="${cellSize}" fill="${fill}" stroke="white"><title>${esc(labels[t]!)} → ${esc(labels[p]!)}: ${count} (${(rate * 100).toFixed(1)}%)</title></rect>`,
        `<text x="${cx + cellSize / 2}" y="${cy + cellSize / 2}" text-anchor="middle" dominant-baseline="middle" fill="${rate > 0.6 ? 'white' : 'black'}">${count}</text>`,
      );
    });
  });
  labels.forEach((label, p) => {
    const x = labelSpace + p * cellSize + cellSize / 2;
    const y = top + k * cellSize + 6;
    parts.push(
      `<text x="${x}" y="${y}" text-anchor="end" transform="rotate(-45 ${x} ${y})">${esc(label)}</text>`,
    );
  });
  return svg(width, height, parts.join('\n'));
}
