import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classificationMetrics, confusionMatrix } from '../src/metrics';
import { confusionMatrixSvg, trainingCurvesSvg } from '../src/plots';
import { reportToJson, reportToMarkdown } from '../src/report';

const labels = ['angry', 'calm', 'sad'];

describe('classificationMetrics', () => {
  // truth:     0 0 0 0 1 1 2 2
  // predicted: 0 0 1 2 1 1 1 2
  const truth = [0, 0, 0, 0, 1, 1, 2, 2];
  const predicted = [0, 0, 1, 2, 1, 1, 1, 2];
  const m = classificationMetrics(truth, predicted, labels);

  it('counts the confusion matrix with rows true and columns predicted', () => {
    expect(m.confusion.matrix).toEqual([
      [2, 1, 1],
      [0, 2, 0],
      [0, 1, 1],
    ]);
  });

  it('computes accuracy, per-class metrics, UAR and macro-F1 by their definitions', () => {
    expect(m.accuracy).toBeCloseTo(5 / 8, 12);
    // recalls 2/4, 2/2, 1/2; precisions 2/2, 2/4, 1/2
    expect(m.perClass.map((c) => c.recall)).toEqual([0.5, 1, 0.5]);
    expect(m.perClass.map((c) => c.precision)).toEqual([1, 0.5, 0.5]);
    const f1 = [(2 * 1 * 0.5) / 1.5, (2 * 0.5 * 1) / 1.5, 0.5];
    for (const [i, c] of m.perClass.entries()) expect(c.f1).toBeCloseTo(f1[i]!, 12);
    expect(m.perClass.map((c) => c.support)).toEqual([4, 2, 2]);
    expect(m.uar).toBeCloseTo(2 / 3, 12);
    expect(m.macroF1).toBeCloseTo((f1[0]! + f1[1]! + f1[2]!) / 3, 12);
  });

  it('follows scikit-learn for absent classes: UAR skips them, macro-F1 skips unused ones', () => {
    const r = classificationMetrics([0, 0, 1], [0, 1, 1], ['a', 'b', 'c']);
    expect(r.uar).toBeCloseTo((0.5 + 1) / 2, 12);
    expect(r.perClass[2]).toEqual({ label: 'c', precision: 0, recall: 0, f1: 0, support: 0 });
    const predictedOnly = classificationMetrics([0, 0], [0, 2], ['a', 'b', 'c']);
    expect(predictedOnly.macroF1).toBeCloseTo(((2 * 0.5) / 1.5 + 0) / 2, 12); // classes a and c
  });

  it('is perfect on perfect predictions and bounded otherwise', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(3), fc.nat(3)), { minLength: 1, maxLength: 60 }),
        (pairs) => {
          const t = pairs.map((p) => p[0]);
          const p = pairs.map((q) => q[1]);
          const r = classificationMetrics(t, p, ['a', 'b', 'c', 'd']);
          const trace = r.confusion.matrix.reduce((s, row, i) => s + row[i]!, 0);
          expect(r.accuracy).toBeCloseTo(trace / t.length, 12);
          for (const x of [r.uar, r.macroF1, r.accuracy]) expect(x >= 0 && x <= 1).toBe(true);
          const perfect = classificationMetrics(t, t, ['a', 'b', 'c', 'd']);
          expect([perfect.accuracy, perfect.uar, perfect.macroF1]).toEqual([1, 1, 1]);
        },
      ),
    );
  });

  it('rejects mismatched lengths and out-of-range classes', () => {
    expect(() => confusionMatrix([0], [0, 1], labels)).toThrow(/1 true labels but 2 predictions/);
    expect(() => confusionMatrix([0, 3], [0, 1], labels)).toThrow(/true label 3 of example 1/);
  });
});

describe('reports', () => {
  const m = classificationMetrics([0, 1, 2, 2], [0, 1, 1, 2], ['angry', 'calm|quiet', 'sad']);

  it('serialises to plain JSON', () => {
    const json = reportToJson(m, { title: 'test', details: { seed: 1 } });
    const round = JSON.parse(JSON.stringify(json));
    expect(round).toEqual(json);
    expect(round.confusion.matrix).toEqual(m.confusion.matrix);
    expect(round.uar).toBe(m.uar);
  });

  it('renders Markdown tables with escaped labels', () => {
    const md = reportToMarkdown(m, { title: 'Held-out', details: { split: 'actors 17–24' } });
    expect(md).toContain('# Held-out');
    expect(md).toContain('- split: actors 17–24');
    expect(md).toContain(
      `| 4 | ${m.accuracy.toFixed(3)} | ${m.uar.toFixed(3)} | ${m.macroF1.toFixed(3)} |`,
    );
    expect(md).toContain('| calm\\|quiet | 0 | 1 | 0 |');
    // three tables of header + alignment row + rows: summary 1 row, per class 3, confusion 3
    expect(md.split('\n').filter((l) => l.startsWith('| ')).length).toBe(3 + 5 + 5);
  });
});

describe('plots', () => {
  it('draws one polyline point per epoch for each curve', () => {
    const history = {
      epoch: [0, 1, 2],
      loss: [1.2, 0.8, 0.6],
      accuracy: [0.3, 0.5, 0.7],
      val_loss: [1.3, 1, 0.9],
      val_accuracy: [0.2, 0.4, 0.5],
      learningRate: [0.001, 0.001, 0.001],
    };
    const svg = trainingCurvesSvg(history, { title: 'a < b' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('a &lt; b');
    const polylines = [...svg.matchAll(/<polyline points="([^"]+)"/g)].map(
      (x) => x[1]!.split(' ').length,
    );
    expect(polylines).toEqual([3, 3, 3, 3]);
    const noValidation = trainingCurvesSvg({ ...history, val_loss: [], val_accuracy: [] });
    expect([...noValidation.matchAll(/<polyline/g)]).toHaveLength(2);
  });

  it('draws a k × k heat map with counts and escaped labels', () => {
    const c = confusionMatrix([0, 1, 1, 2], [0, 1, 2, 2], ['<a>', 'b&c', 'd']);
    const svg = confusionMatrixSvg(c, { title: 'confusion' });
    expect([...svg.matchAll(/<rect x=/g)]).toHaveLength(9);
    expect(svg).toContain('&lt;a&gt;');
    expect(svg).toContain('b&amp;c');
    expect(svg).not.toMatch(/<a>|b&c/);
    expect(svg).toContain('b&amp;c → d: 1 (50.0%)');
  });
});
