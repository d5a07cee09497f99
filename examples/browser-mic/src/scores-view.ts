/**
 * The probability table: one row per emotion with a bar and a percentage, the top one marked.
 */
import type { StreamPrediction } from '@ser/runtime';

/** Rows of the table, by label. */
export interface ScoresView {
  /** Shows a window's smoothed probabilities, or greys everything out for no speech. */
  show(prediction: StreamPrediction): void;
}

/** Fills `body` with a row per label and returns the view that updates them. */
export function createScoresView(
  body: HTMLTableSectionElement,
  labels: readonly string[],
): ScoresView {
  const rows = new Map<
    string,
    { row: HTMLTableRowElement; bar: HTMLDivElement; value: HTMLTableCellElement }
  >();
  for (const label of labels) {
    const row = body.insertRow();
    row.dataset['emotion'] = label;
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = label;
    row.append(name);
    const bar = document.createElement('div');
    bar.style.width = '0%';
    const barCell = row.insertCell();
    barCell.className = 'bar';
    barCell.append(bar);
    const value = row.insertCell();
    value.className = 'value';
    value.textContent = '–';
    rows.set(label, { row, bar, value });
  }
  return {
    show(prediction) {
      for (const [label, { row, bar, value }] of rows) {
        const p = prediction.speech ? (prediction.scores[label] ?? 0) : null;
        bar.style.width = p === null ? '0%' : `${(100 * p).toFixed(1)}%`;
        value.textContent = p === null ? '–' : `${(100 * p).toFixed(0)}%`;
        row.classList.toggle('top', prediction.speech && prediction.label === label);
      }
    },
  };
}
