import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../../tools/errors';
import { indexCorpus } from '../src/corpus';
import { detectCorpus } from '../src/detect';
import { DatasetError } from '../src/errors';

const errorOf = (run: () => unknown): DatasetError => thrownBy(DatasetError, run);

describe('detectCorpus', () => {
  it('recognises each corpus from its names and ignores other files', () => {
    expect(detectCorpus(['OAF_Fear/OAF_back_fear.wav', 'notes.txt'])).toBe('tess');
    expect(detectCorpus(['Actor_01/03-01-01-01-01-01-01.wav'])).toBe('ravdess');
    expect(detectCorpus(['AudioWAV/1001_DFA_ANG_XX.wav'])).toBe('crema-d');
    expect(detectCorpus(['ALL/DC_a01.wav', 'AudioData/JE/su03.wav'])).toBe('savee');
    expect(detectCorpus(['wav/03a01Fa.wav', '.DS_Store'])).toBe('emodb');
  });

  it('names the folder when there is no .wav file', () => {
    const error = errorOf(() => detectCorpus(['readme.md'], '/data/empty'));
    expect(error.code).toBe('empty-folder');
    expect(error.message).toMatch(/^\/data\/empty: no \.wav files/);
  });

  it('says which corpora are mixed, with counts and examples', () => {
    const error = errorOf(() =>
      detectCorpus(
        ['OAF_back_fear.wav', 'OAF_bar_fear.wav', '03-01-01-01-01-01-01.wav'],
        '/data/mixed',
      ),
    );
    expect(error.code).toBe('mixed-corpora');
    expect(error.message).toContain('TESS (2, e.g. "OAF_back_fear.wav")');
    expect(error.message).toContain('RAVDESS (1, e.g. "03-01-01-01-01-01-01.wav")');
  });

  it('gives a clear error when nothing matches', () => {
    const error = errorOf(() => detectCorpus(['take1.wav', 'take2.wav'], '/data/mine'));
    expect(error.code).toBe('unknown-naming');
    expect(error.message).toContain(
      '/data/mine: none of 2 .wav files is named like TESS, RAVDESS, CREMA-D, SAVEE, EmoDB',
    );
  });
});

describe('indexCorpus', () => {
  const tree = [
    'TESS/OAF_Fear/OAF_back_fear.wav',
    'TESS/YAF_sad/YAF_back_sad.wav',
    'TESS/TESS/OAF_Fear/OAF_back_fear.wav',
    'TESS/TESS/YAF_sad/YAF_back_sad.wav',
    'TESS/README.txt',
  ];

  it('counts a recording found twice (nested copy) once, keeps the top copy and says so', () => {
    const index = indexCorpus(tree);
    expect(index.corpus).toBe('tess');
    expect(index.utterances.map((u) => u.path)).toEqual([
      'TESS/OAF_Fear/OAF_back_fear.wav',
      'TESS/YAF_sad/YAF_back_sad.wav',
    ]);
    expect(index.duplicates).toEqual([
      { kept: 'TESS/OAF_Fear/OAF_back_fear.wav', copies: ['TESS/TESS/OAF_Fear/OAF_back_fear.wav'] },
      { kept: 'TESS/YAF_sad/YAF_back_sad.wav', copies: ['TESS/TESS/YAF_sad/YAF_back_sad.wav'] },
    ]);
    expect(index.ignored).toEqual(['TESS/README.txt']);
    expect(index.notes[0]).toContain('2 recordings are present more than once');
  });

  it('does not depend on the order of the paths', () => {
    expect(indexCorpus([...tree].reverse())).toEqual(indexCorpus(tree));
  });

  it('keeps SAVEE files of different speakers with the same file name apart', () => {
    const index = indexCorpus(['AudioData/DC/a01.wav', 'AudioData/JE/a01.wav']);
    expect(index.utterances.map((u) => u.speaker)).toEqual(['DC', 'JE']);
    expect(index.duplicates).toEqual([]);
  });

  it('throws on a bad name by default, lists it with onBadName: skip', () => {
    const paths = ['OAF_Fear/OAF_back_fear.wav', 'OAF_Fear/OAF_bar_sad.wav', 'OAF_Fear/take3.wav'];
    const error = errorOf(() => indexCorpus(paths, { corpus: 'tess' }));
    expect(error.code).toBe('label-mismatch');
    expect(error.path).toBe('OAF_Fear/OAF_bar_sad.wav');
    const index = indexCorpus(paths, { corpus: 'tess', onBadName: 'skip' });
    expect(index.utterances).toHaveLength(1);
    expect(index.skipped.map((s) => [s.path, s.error.code])).toEqual([
      ['OAF_Fear/OAF_bar_sad.wav', 'label-mismatch'],
      ['OAF_Fear/take3.wav', 'unknown-naming'],
    ]);
    expect(index.notes).toContain('2 .wav files skipped because of their names (see skipped)');
  });

  it('names a file of another corpus when the corpus is given', () => {
    const error = errorOf(() =>
      indexCorpus(['OAF_back_fear.wav', 'x/03-01-01-01-01-01-01.wav'], { corpus: 'tess' }),
    );
    expect(error.code).toBe('mixed-corpora');
    expect(error.message).toBe('x/03-01-01-01-01-01-01.wav: named like RAVDESS, not TESS');
  });

  it('rejects a list without .wav files, and one where no name parses', () => {
    expect(errorOf(() => indexCorpus([], { corpus: 'emodb', source: 'emo' })).message).toBe(
      'emo: no .wav files (0 other files)',
    );
    const error = errorOf(() =>
      indexCorpus(['bad.wav'], { corpus: 'emodb', onBadName: 'skip', source: 'emo' }),
    );
    expect(error.code).toBe('unknown-naming');
    expect(error.message).toContain('emo: no file could be parsed as EmoDB');
  });
});
