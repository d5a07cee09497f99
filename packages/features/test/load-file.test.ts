import { mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPath, describeWithData } from '../../../tools/data';
import { AudioFormatError, FeatureParameterError } from '../src/errors';
import {
  type AudioSignal,
  type LoadAudioOptions,
  loadAudio,
  type MultichannelAudioSignal,
} from '../src/load';
import { loadAudioFile } from '../src/node/load-file';
import { encodeWav } from '../src/wav-encode';

type Signal = AudioSignal | MultichannelAudioSignal;

/** Asserts the same rate and bit-identical samples (compared as bytes: deep equality is slow). */
function expectSameSignal(actual: Signal, expected: Signal): void {
  const arrays = (signal: Signal) => ('samples' in signal ? [signal.samples] : signal.channels);
  const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  expect(actual.sampleRate).toBe(expected.sampleRate);
  const [a, b] = [arrays(actual), arrays(expected)];
  expect(a.map((x) => x.length)).toEqual(b.map((x) => x.length));
  expect(a.every((x, c) => bytes(x).equals(bytes(b[c]!)))).toBe(true);
}

async function audioFormatError(promise: Promise<unknown>): Promise<AudioFormatError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AudioFormatError) return error;
    throw error;
  }
  throw new Error('expected an AudioFormatError');
}

/** A RIFF chunk of `size` zero bytes. */
function junkChunk(size: number): Uint8Array {
  const bytes = new Uint8Array(8 + size + (size % 2));
  bytes.set([0x4a, 0x55, 0x4e, 0x4b]); // "JUNK"
  new DataView(bytes.buffer).setUint32(4, size, true);
  return bytes;
}

/** Inserts `chunk` right after the 36-byte canonical header's fmt chunk (before data). */
function withChunkBeforeData(wav: Uint8Array, chunk: Uint8Array): Uint8Array {
  return new Uint8Array([...wav.subarray(0, 36), ...chunk, ...wav.subarray(36)]);
}

describe('loadAudioFile', () => {
  let dir: string;
  // 10 s of 16 kHz stereo: far larger than the 64 KiB header read.
  const channels = [0, 1].map((c) =>
    Float32Array.from({ length: 160_000 }, (_, n) => Math.sin(n / (9 + c)) * 0.6),
  );
  const longWav = encodeWav(channels, { sampleRate: 16000, format: 'pcm24' });
  const optionSets: LoadAudioOptions[] = [
    {},
    { sr: null },
    { sr: null, mono: false },
    { offset: 0.5, duration: 3 },
    { sr: 8000, offset: 9.5 },
    { sr: null, offset: 2.25, duration: 0.001, mono: false },
    { offset: 20 },
  ];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ser-load-file-'));
    await writeFile(join(dir, 'long.wav'), longWav);
    // 100 KiB of metadata before data: the header is not in the first 64 KiB.
    await writeFile(join(dir, 'late-data.wav'), withChunkBeforeData(longWav, junkChunk(100_000)));
    await writeFile(join(dir, 'cut.wav'), longWav.subarray(0, 50_001));
    await writeFile(join(dir, 'notes.txt'), 'not audio at all');
    await writeFile(join(dir, 'empty.wav'), new Uint8Array(0));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives what loadAudio gives on the whole file, for every option', async () => {
    for (const file of ['long.wav', 'late-data.wav', 'cut.wav']) {
      const bytes = await readFile(join(dir, file));
      for (const options of optionSets) {
        const fromFile = await loadAudioFile(join(dir, file), options);
        expectSameSignal(fromFile, loadAudio(bytes, options));
      }
    }
  });

  it('loads the frames that a cut file holds', async () => {
    const { channels: cut } = await loadAudioFile(join(dir, 'cut.wav'), { sr: null, mono: false });
    expect(cut[0]).toHaveLength(Math.floor((50_001 - 44) / 6));
  });

  it('reports a missing file as not-found, naming the path', async () => {
    const path = join(dir, 'missing.wav');
    const error = await audioFormatError(loadAudioFile(path));
    expect(error.problem).toBe('not-found');
    expect(error.message).toBe(`${path}: file not found`);
    expect((error.cause as { code?: string }).code).toBe('ENOENT');
    const underFile = await audioFormatError(loadAudioFile(join(dir, 'notes.txt', 'x.wav')));
    expect(underFile.problem).toBe('not-found');
  });

  it('reports a directory as unreadable', async () => {
    const error = await audioFormatError(loadAudioFile(dir));
    expect(error.problem).toBe('unreadable');
    expect(error.message).toBe(`${dir}: is a directory`);
  });

  it('names the path in format errors', async () => {
    const text = await audioFormatError(loadAudioFile(join(dir, 'notes.txt')));
    expect(text.problem).toBe('not-riff');
    expect(text.message.startsWith(`${join(dir, 'notes.txt')}: `)).toBe(true);
    const empty = await audioFormatError(loadAudioFile(join(dir, 'empty.wav')));
    expect(empty.problem).toBe('empty');
  });

  it('checks options before touching the file', async () => {
    await expect(loadAudioFile(join(dir, 'missing.wav'), { sr: 0 })).rejects.toThrow(
      FeatureParameterError,
    );
    await expect(loadAudioFile(join(dir, 'long.wav'), { offset: -1 })).rejects.toThrow(
      FeatureParameterError,
    );
  });

  it('reads only the frames asked for from a 2 GiB file (sparse on disk)', async () => {
    const path = join(dir, 'huge.wav');
    const frames = 2 ** 30; // 16-bit mono: 2 GiB of samples, ~18.6 hours at 16 kHz
    const header = encodeWav([new Float32Array(0)], { sampleRate: 16000 });
    new DataView(header.buffer).setUint32(40, frames * 2, true);
    const handle = await open(path, 'w');
    try {
      await handle.write(header, 0, 44, 0);
      await handle.write(Uint8Array.of(0, 64), 0, 2, 44 + 2 * 16000 * 3600); // 0.5 at 1 h
      await handle.truncate(44 + frames * 2);
    } finally {
      await handle.close();
    }
    const { samples } = await loadAudioFile(path, { sr: null, offset: 3600, duration: 1 });
    expect(samples).toHaveLength(16000);
    expect(samples[0]).toBe(0.5);
    expect(samples.subarray(1).every((x) => x === 0)).toBe(true);
  });
});

describeWithData(
  'loadAudioFile on the original RAVDESS files',
  dataPath('wav-fixtures'),
  'wav-fixtures',
  (dir) => {
    it('agrees with loadAudio on the bytes for the seed cut and the native stereo', async () => {
      for (const file of (await readdir(dir)).filter((f) => f.endsWith('.wav'))) {
        const path = join(dir, file);
        const bytes = await readFile(path);
        const native = await loadAudioFile(path, {
          sr: null,
          mono: false,
          offset: 0.5,
          duration: 3,
        });
        expect(native.channels[0]).toHaveLength(144000);
        expectSameSignal(
          native,
          loadAudio(bytes, { sr: null, mono: false, offset: 0.5, duration: 3 }),
        );
      }
    });
  },
);
