/**
 * Test fixtures: a tiny corpus named like RAVDESS, with tones whose pitch and loudness depend on
 * the emotion, and an in-memory {@link CliIo}.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav } from '@ser/features';
import type { CliIo } from '../src/io';

/** RAVDESS emotion codes used by the fixture: neutral, happy, sad, angry. */
export const FIXTURE_EMOTIONS = { '01': 'neutral', '03': 'happy', '04': 'sad', '05': 'angry' };

/** A tone of `seconds` at `frequency` Hz with some noise, 16 kHz. */
function tone(frequency: number, amplitude: number, seconds: number, seed: number): Float32Array {
  const rate = 16000;
  const out = new Float32Array(Math.round(rate * seconds));
  let state = seed * 7919 + 1;
  for (let i = 0; i < out.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const noise = (state / 2147483648 - 0.5) * 0.05;
    out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / rate) + noise;
  }
  return out;
}

/**
 * Writes `actors` × 4 emotions × 2 repetitions of 0.8 s tones as `Actor_NN/03-01-EE-01-01-RR-NN.wav`
 * into a new temporary folder and returns it.
 */
export async function toneCorpus(actors = 4): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'ser-cli-corpus-'));
  const codes = Object.keys(FIXTURE_EMOTIONS);
  for (let a = 1; a <= actors; a++) {
    const actor = String(a).padStart(2, '0');
    await mkdir(join(root, `Actor_${actor}`));
    for (const [e, code] of codes.entries()) {
      for (const [r, repetition] of ['01', '02'].entries()) {
        const samples = tone(200 * (e + 1) + 10 * a, 0.2 + 0.15 * e, 0.8, a * 100 + e * 10 + r);
        await writeFile(
          join(root, `Actor_${actor}`, `03-01-${code}-01-01-${repetition}-${actor}.wav`),
          encodeWav([samples], { sampleRate: 16000 }),
        );
      }
    }
  }
  return root;
}

/** An in-memory `CliIo` and what was written to it. */
export function memoryIo(): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    interactive: false,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
