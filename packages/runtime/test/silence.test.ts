import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAudio } from '@ser/features';
import { describe, expect, it } from 'vitest';
import { dataPath, describeWithData } from '../../../tools/data';
import { activeLevelDb, DEFAULT_SILENCE_THRESHOLD_DB, isSpeech, levelDb } from '../src/silence';

describe('levels', () => {
  it('levelDb is the RMS in dB re amplitude 1', () => {
    expect(levelDb(new Float32Array(1000).fill(0.1))).toBeCloseTo(-20, 6);
    expect(levelDb(new Float32Array(1000))).toBe(Number.NEGATIVE_INFINITY);
    expect(levelDb(new Float32Array(0))).toBe(Number.NEGATIVE_INFINITY);
  });

  it('activeLevelDb ignores pauses and a single click', () => {
    const mostlyPause = new Float32Array(16000);
    mostlyPause.fill(0.1, 12000);
    expect(levelDb(mostlyPause)).toBeCloseTo(-26.02, 2);
    expect(activeLevelDb(mostlyPause, 16000)).toBeCloseTo(-20, 6);
    const click = new Float32Array(16000);
    click[8000] = 1;
    expect(activeLevelDb(click, 16000)).toBe(Number.NEGATIVE_INFINITY);
    expect(activeLevelDb(Float32Array.of(0.5, -0.5), 16000)).toBeCloseTo(
      levelDb(Float32Array.of(0.5, -0.5)),
      9,
    );
  });

  it('isSpeech applies the gate, or none', () => {
    expect(isSpeech(-70, DEFAULT_SILENCE_THRESHOLD_DB)).toBe(false);
    expect(isSpeech(-40, DEFAULT_SILENCE_THRESHOLD_DB)).toBe(true);
    expect(isSpeech(Number.NEGATIVE_INFINITY, null)).toBe(true);
  });
});

describeWithData(
  'the default gate on real speech',
  dataPath('ravdess-24k'),
  'RAVDESS audio',
  (dir) => {
    it('lets every RAVDESS utterance of three actors through as speech', () => {
      const actors = readdirSync(dir)
        .filter((d) => d.startsWith('Actor_'))
        .slice(0, 3);
      let clips = 0;
      for (const actor of actors) {
        for (const file of readdirSync(join(dir, actor)).filter((f) => f.endsWith('.wav'))) {
          const { samples, sampleRate } = loadAudio(readFileSync(join(dir, actor, file)), {
            sr: null,
          });
          expect(activeLevelDb(samples, sampleRate), `${actor}/${file}`).toBeGreaterThanOrEqual(
            DEFAULT_SILENCE_THRESHOLD_DB,
          );
          clips++;
        }
      }
      expect(clips).toBeGreaterThan(100);
    });
  },
);
