import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataPath, describeWithData } from '../../../tools/data';
import { thrownBy } from '../../../tools/errors';
import { CREMA_D_EMOTION_CODES, parseCremaDName } from '../src/corpora/crema-d';
import { EMODB_EMOTION_CODES, parseEmoDbName } from '../src/corpora/emodb';
import { parseRavdessName } from '../src/corpora/ravdess';
import { parseSaveeName, SAVEE_EMOTION_CODES } from '../src/corpora/savee';
import { parseTessName } from '../src/corpora/tess';
import { DatasetError } from '../src/errors';
import { realTessPaths, tessManifestPath } from './helpers/tess-tree';

const errorOf = (run: () => unknown): DatasetError => thrownBy(DatasetError, run);

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe('TESS names', () => {
  it('takes speaker, word and emotion from the file name (emotion = last _ token)', () => {
    expect(parseTessName('OAF_Fear/OAF_back_fear.wav')).toEqual({
      path: 'OAF_Fear/OAF_back_fear.wav',
      corpus: 'tess',
      speaker: 'OAF',
      word: 'back',
      emotion: 'fear',
      sex: 'female',
    });
    expect(parseTessName('YAF_pleasant_surprised/YAF_chair_ps.wav').emotion).toBe(
      'pleasant_surprise',
    );
    expect(parseTessName('OAF_Pleasant_surprise/OAF_chair_ps.wav').emotion).toBe(
      'pleasant_surprise',
    );
    expect(parseTessName('YAF_chair_ps.wav').speaker).toBe('YAF');
    expect(parseTessName('C:\\tess\\YAF_sad\\YAF_chair_sad.WAV').emotion).toBe('sad');
  });

  it('reads the real quirk OAF_neutral/OA_bite_neutral.wav as OAF', () => {
    const u = parseTessName('OAF_neutral/OA_bite_neutral.wav');
    expect([u.speaker, u.word, u.emotion]).toEqual(['OAF', 'bite', 'neutral']);
  });

  it('rejects a file whose folder says another emotion or speaker', () => {
    const wrongEmotion = errorOf(() => parseTessName('OAF_Fear/OAF_back_sad.wav'));
    expect(wrongEmotion.code).toBe('label-mismatch');
    expect(wrongEmotion.message).toContain('OAF_Fear/OAF_back_sad.wav');
    expect(errorOf(() => parseTessName('YAF_fear/OAF_back_fear.wav')).code).toBe('label-mismatch');
  });

  it('rejects unknown speakers, emotion codes and folder emotions', () => {
    expect(errorOf(() => parseTessName('XAF_back_fear.wav')).code).toBe('unknown-naming');
    expect(errorOf(() => parseTessName('OAF_back_surprised.wav')).message).toContain('"surprised"');
    expect(errorOf(() => parseTessName('OAF_back_constructor.wav')).code).toBe('unknown-naming');
    expect(errorOf(() => parseTessName('OAF_Bored/OAF_back_fear.wav')).message).toContain(
      'OAF_Bored',
    );
    expect(errorOf(() => parseTessName('back_fear.wav')).code).toBe('unknown-naming');
  });
});

describeWithData('TESS: the real file list', tessManifestPath, 'manifests/tess.tsv', (manifest) => {
  it('parses all 2800 real paths with their folders cross-checked: 400 per emotion, 1400 per speaker', () => {
    const utterances = realTessPaths(manifest).map(parseTessName);
    expect(utterances).toHaveLength(2800);
    const perEmotion = countBy(utterances, (u) => u.emotion);
    expect(Object.keys(perEmotion).sort()).toEqual([
      'angry',
      'disgust',
      'fear',
      'happy',
      'neutral',
      'pleasant_surprise',
      'sad',
    ]);
    expect(new Set(Object.values(perEmotion))).toEqual(new Set([400]));
    expect(countBy(utterances, (u) => u.speaker)).toEqual({ OAF: 1400, YAF: 1400 });
    expect(new Set(utterances.map((u) => u.word)).size).toBe(200);
  });
});

describe('RAVDESS names', () => {
  it('decodes every field', () => {
    expect(parseRavdessName('Actor_12/03-01-05-02-01-02-12.wav')).toEqual({
      path: 'Actor_12/03-01-05-02-01-02-12.wav',
      corpus: 'ravdess',
      speaker: '12',
      emotion: 'angry',
      sex: 'female',
      modality: 'audio-only',
      vocalChannel: 'speech',
      intensity: 'strong',
      sentence: '01',
      statement: 'Kids are talking by the door',
      repetition: 2,
      actor: 12,
    });
    const song = parseRavdessName('01-02-06-01-02-01-07.wav');
    expect([
      song.modality,
      song.vocalChannel,
      song.emotion,
      song.statement,
      song.repetition,
      song.sex,
    ]).toEqual(['audio-video', 'song', 'fear', 'Dogs are sitting by the door', 1, 'male']);
  });

  it('rejects unknown codes, a strong neutral and a file in another actor folder', () => {
    expect(errorOf(() => parseRavdessName('03-01-09-01-01-01-01.wav')).message).toContain(
      'emotion code "09"',
    );
    expect(errorOf(() => parseRavdessName('03-01-01-02-01-01-01.wav')).message).toContain(
      'neutral',
    );
    expect(errorOf(() => parseRavdessName('03-01-01-01-01-01-25.wav')).message).toContain('actor');
    expect(errorOf(() => parseRavdessName('04-01-01-01-01-01-01.wav')).message).toContain(
      'modality',
    );
    expect(errorOf(() => parseRavdessName('Actor_02/03-01-01-01-01-01-01.wav')).code).toBe(
      'label-mismatch',
    );
    expect(errorOf(() => parseRavdessName('03-01-01-01-01.wav')).code).toBe('unknown-naming');
  });
});

describeWithData('RAVDESS: the real files', dataPath('ravdess-24k'), 'RAVDESS audio', (dir) => {
  it('parses all 960 names: 16 actors × 60, 8 male and 8 female, neutral half as frequent', () => {
    const utterances = readdirSync(dir)
      .filter((actor) => actor.startsWith('Actor_'))
      .flatMap((actor) =>
        readdirSync(`${dir}/${actor}`).map((file) => parseRavdessName(`${actor}/${file}`)),
      );
    expect(utterances).toHaveLength(960);
    expect(new Set(Object.values(countBy(utterances, (u) => u.speaker)))).toEqual(new Set([60]));
    expect(countBy(utterances, (u) => u.sex)).toEqual({ male: 480, female: 480 });
    const perEmotion = countBy(utterances, (u) => u.emotion);
    expect(perEmotion.neutral).toBe(64);
    for (const emotion of ['calm', 'happy', 'sad', 'angry', 'fear', 'disgust', 'surprise']) {
      expect(perEmotion[emotion]).toBe(128);
    }
    expect(
      utterances.every((u) => u.modality === 'audio-only' && u.vocalChannel === 'speech'),
    ).toBe(true);
  });
});

describe('CREMA-D names', () => {
  it('decodes actor, sentence, emotion and intensity', () => {
    const u = parseCremaDName('AudioWAV/1001_DFA_ANG_XX.wav');
    expect(u).toEqual({
      path: 'AudioWAV/1001_DFA_ANG_XX.wav',
      corpus: 'crema-d',
      speaker: '1001',
      sentence: 'DFA',
      statement: "Don't forget a jacket",
      emotion: 'angry',
      intensity: 'unspecified',
    });
    expect(parseCremaDName('1065_IEO_DIS_HI.wav').intensity).toBe('high');
    expect(parseCremaDName('1040_ITH_SAD_X.wav').intensity).toBe('unspecified');
  });

  it('rejects unknown codes and actors', () => {
    expect(errorOf(() => parseCremaDName('1001_DFA_SUR_XX.wav')).message).toContain(
      'emotion code "SUR"',
    );
    expect(errorOf(() => parseCremaDName('1001_ABC_ANG_XX.wav')).message).toContain(
      'sentence code',
    );
    expect(errorOf(() => parseCremaDName('1001_DFA_ANG_ZZ.wav')).message).toContain('intensity');
    expect(errorOf(() => parseCremaDName('0999_DFA_ANG_XX.wav')).message).toContain('actor');
  });
});

describeWithData(
  'CREMA-D: the real file list',
  dataPath('manifests', 'crema-d.tsv'),
  'manifests/crema-d.tsv',
  (manifest) => {
    it('parses all 7442 real names from 91 actors, each emotion as often as its code appears', () => {
      const names = readFileSync(manifest, 'utf8')
        .split('\n')
        .slice(1)
        .filter((line) => line !== '')
        .map((line) => line.split('\t')[0]!);
      const utterances = names.map(parseCremaDName);
      expect(utterances).toHaveLength(7442);
      expect(new Set(utterances.map((u) => u.speaker)).size).toBe(91);
      expect(new Set(utterances.map((u) => u.sentence)).size).toBe(12);
      const perEmotion = countBy(utterances, (u) => u.emotion);
      for (const [code, emotion] of Object.entries(CREMA_D_EMOTION_CODES)) {
        expect(perEmotion[emotion]).toBe(names.filter((name) => name.includes(`_${code}_`)).length);
      }
    });
  },
);

describe('SAVEE names', () => {
  const speakers = ['DC', 'JE', 'JK', 'KL'];
  const all = speakers.flatMap((speaker) =>
    Object.keys(SAVEE_EMOTION_CODES).flatMap((code) =>
      Array.from(
        { length: code === 'n' ? 30 : 15 },
        (_, i) => `${speaker}_${code}${String(i + 1).padStart(2, '0')}.wav`,
      ),
    ),
  );

  it('parses the 480 names of the convention, flat and in speaker folders', () => {
    const utterances = all.map(parseSaveeName);
    expect(utterances).toHaveLength(480);
    expect(countBy(utterances, (u) => u.speaker)).toEqual({ DC: 120, JE: 120, JK: 120, KL: 120 });
    expect(countBy(utterances, (u) => u.emotion).neutral).toBe(120);
    expect(utterances.every((u) => u.sex === 'male')).toBe(true);
    expect(parseSaveeName('ALL/KL_sa12.wav')).toMatchObject({
      speaker: 'KL',
      emotion: 'sad',
      sentenceNumber: 12,
    });
    expect(parseSaveeName('AudioData/JE/su03.wav')).toMatchObject({
      speaker: 'JE',
      emotion: 'surprise',
      sentenceNumber: 3,
    });
  });

  it('rejects unknown speakers, codes and sentence numbers', () => {
    expect(errorOf(() => parseSaveeName('XY_a01.wav')).message).toContain('speaker "XY"');
    expect(errorOf(() => parseSaveeName('DC_x01.wav')).message).toContain('emotion code "x"');
    expect(errorOf(() => parseSaveeName('DC_a16.wav')).message).toContain('01–15');
    expect(parseSaveeName('DC_n30.wav').emotion).toBe('neutral');
    expect(errorOf(() => parseSaveeName('misc/a01.wav')).code).toBe('unknown-naming');
  });
});

describe('EmoDB names', () => {
  it('decodes speaker, text, German emotion letter and version', () => {
    expect(parseEmoDbName('wav/03a01Fa.wav')).toEqual({
      path: 'wav/03a01Fa.wav',
      corpus: 'emodb',
      speaker: '03',
      sex: 'male',
      sentence: 'a01',
      emotion: 'happy',
      version: 'a',
    });
    const labels = Object.keys(EMODB_EMOTION_CODES).map(
      (letter) => parseEmoDbName(`16b10${letter}b.wav`).emotion,
    );
    expect(labels).toEqual(['angry', 'boredom', 'disgust', 'fear', 'happy', 'sad', 'neutral']);
    expect(parseEmoDbName('16b10Tb.wav').sex).toBe('female');
  });

  it('rejects unknown speakers, texts and letters', () => {
    expect(errorOf(() => parseEmoDbName('04a01Fa.wav')).message).toContain('speaker "04"');
    expect(errorOf(() => parseEmoDbName('03a03Fa.wav')).message).toContain('text code');
    expect(errorOf(() => parseEmoDbName('03a01Xa.wav')).message).toContain('emotion letter');
  });
});
