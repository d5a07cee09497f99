import { describe, expect, it } from 'vitest';
import type { Emotion } from '../src/emotions';
import { classDistribution, formatDistribution } from '../src/summary';
import type { CorpusName } from '../src/utterance';

const u = (corpus: CorpusName, speaker: string, emotion: Emotion) => ({ corpus, speaker, emotion });

describe('classDistribution', () => {
  const utterances = [
    u('tess', 'OAF', 'sad'),
    u('tess', 'OAF', 'sad'),
    u('tess', 'YAF', 'angry'),
    u('ravdess', '01', 'calm'),
    u('ravdess', '02', 'sad'),
  ];
  const d = classDistribution(utterances);

  it('counts overall, per corpus and per speaker, columns in vocabulary order', () => {
    expect(d.emotions).toEqual(['angry', 'calm', 'sad']);
    expect(d.total).toBe(5);
    expect(d.overall).toEqual([
      { emotion: 'angry', count: 1 },
      { emotion: 'calm', count: 1 },
      { emotion: 'sad', count: 3 },
    ]);
    expect(d.byCorpus).toEqual([
      { key: 'ravdess', counts: [0, 1, 1], total: 2 },
      { key: 'tess', counts: [1, 0, 2], total: 3 },
    ]);
    expect(d.bySpeaker.map((row) => row.key)).toEqual([
      'ravdess/01',
      'ravdess/02',
      'tess/OAF',
      'tess/YAF',
    ]);
    expect(d.cells).toContainEqual({ corpus: 'tess', speaker: 'OAF', emotion: 'sad', count: 2 });
    expect(d.cells.reduce((sum, c) => sum + c.count, 0)).toBe(5);
  });

  it('prints an aligned table with totals', () => {
    const lines = formatDistribution(d, 'corpus').split('\n');
    expect(lines).toEqual([
      'corpus   angry  calm  sad  total',
      'ravdess      0     1    1      2',
      'tess         1     0    2      3',
      'total        1     1    3      5',
    ]);
  });
});
