import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { encodeWav } from '@ser/features';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MODEL_NAME,
  defaultModelDirectory,
  loadDefaultRecognizer,
  loadRecognizer,
} from '../src/node/load';
import { type PcmChunk, pcmChunks, recognizeStream } from '../src/node/stream';
import type { EmotionRecognizer } from '../src/recognizer';
import { maxScoreDifference, SEQUENCE_FEATURES, tinyBundle, voiced } from './helpers';

let dir: string;
let recognizer: EmotionRecognizer;
const samples = voiced(2.2, 16000, { seed: 31 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ser-runtime-'));
  const bundleDir = join(dir, 'bundle');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(bundleDir);
  for (const [name, bytes] of await tinyBundle(SEQUENCE_FEATURES)) {
    await writeFile(join(bundleDir, name), bytes);
  }
  recognizer = await loadRecognizer(bundleDir, { backend: 'cpu' });
});

afterAll(async () => {
  recognizer.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('loadRecognizer', () => {
  it('loads a bundle directory and reads string inputs as file paths', async () => {
    const path = join(dir, 'clip.wav');
    await writeFile(path, encodeWav([samples], { sampleRate: 16000, format: 'float32' }));
    const fromFile = await recognizer.predict(path);
    const fromSamples = await recognizer.predict({ samples, sampleRate: 16000 });
    if (!fromFile.speech || !fromSamples.speech) throw new Error('expected speech');
    expect(maxScoreDifference(fromFile.scores, fromSamples.scores)).toBeLessThan(1e-6);
  });

  it('names a missing or undecodable file in a typed error', async () => {
    const missing = join(dir, 'nope.wav');
    await expect(recognizer.predict(missing)).rejects.toMatchObject({
      name: 'RecognizerError',
      problem: 'io',
      message: `${missing}: no such file`,
    });
    const junk = join(dir, 'junk.wav');
    await writeFile(junk, 'not audio');
    await expect(recognizer.predict(junk)).rejects.toMatchObject({
      name: 'AudioFormatError',
      message: expect.stringContaining(junk),
    });
  });

  it('refuses a directory that is not a bundle', async () => {
    await expect(loadRecognizer(join(dir, 'nothing'), { backend: 'cpu' })).rejects.toMatchObject({
      name: 'BundleError',
    });
  });
});

describe('loadDefaultRecognizer', () => {
  it('looks in the models folder of this package', async () => {
    const expected = join(__dirname, '..', 'models', DEFAULT_MODEL_NAME);
    expect(await defaultModelDirectory()).toBe(expected);
  });

  it('loads the shipped RAVDESS bundle, and names the folder of a model that is not there', async () => {
    const loaded = await loadDefaultRecognizer({ backend: 'cpu' });
    expect([...loaded.labels].sort()).toEqual(
      ['angry', 'calm', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise'].sort(),
    );
    loaded.dispose();
    await expect(loadDefaultRecognizer({ name: 'no-such-model' })).rejects.toMatchObject({
      problem: 'no-default-model',
      message: expect.stringContaining(join('models', 'no-such-model')),
    });
  });
});

describe('pcmChunks', () => {
  /** Interleaved little-endian bytes of `channels`. */
  function pcmBytes(channels: Float32Array[], encoding: 's16le' | 'f32le'): Uint8Array {
    const size = encoding === 's16le' ? 2 : 4;
    const frames = channels[0]!.length;
    const view = new DataView(new ArrayBuffer(frames * channels.length * size));
    for (let f = 0; f < frames; f++) {
      channels.forEach((channel, c) => {
        const at = (f * channels.length + c) * size;
        if (encoding === 's16le') view.setInt16(at, Math.round(channel[f]! * 32767), true);
        else view.setFloat32(at, channel[f]!, true);
      });
    }
    return new Uint8Array(view.buffer);
  }

  async function collect(iterable: AsyncIterable<PcmChunk>): Promise<Float32Array> {
    const parts: Float32Array[] = [];
    for await (const chunk of iterable) parts.push(chunk.samples);
    const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /** A Readable that splits `bytes` at odd sizes, cutting samples in two. */
  function readable(bytes: Uint8Array): Readable {
    const pieces: Buffer[] = [];
    for (let at = 0, i = 0; at < bytes.length; i++) {
      const size = [1, 7, 333, 4096][i % 4]!;
      pieces.push(Buffer.from(bytes.subarray(at, at + size)));
      at += size;
    }
    return Readable.from(pieces);
  }

  it('decodes stereo s16le split anywhere, mixed to mono', async () => {
    const left = samples.subarray(0, 5000);
    const right = voiced(5000 / 16000, 16000, { seed: 2 });
    const decoded = await collect(
      pcmChunks(readable(pcmBytes([left, right], 's16le')), {
        sampleRate: 16000,
        encoding: 's16le',
        channels: 2,
      }),
    );
    expect(decoded).toHaveLength(5000);
    decoded.forEach((v, i) => {
      expect(v).toBeCloseTo((left[i]! + right[i]!) / 2, 4);
    });
  });

  it('decodes f32le exactly', async () => {
    const part = samples.subarray(0, 3000);
    const decoded = await collect(
      pcmChunks(readable(pcmBytes([part], 'f32le')), { sampleRate: 16000, encoding: 'f32le' }),
    );
    expect(decoded).toEqual(part);
  });

  it('rejects impossible formats', async () => {
    const bad = pcmChunks(readable(new Uint8Array(8)), {
      sampleRate: 16000,
      encoding: 's16le',
      channels: 0,
    });
    await expect(bad.next()).rejects.toMatchObject({ problem: 'invalid-option' });
  });

  it('recognizeStream yields the windows of a stream fed the same audio', async () => {
    const bytes = pcmBytes([samples], 'f32le');
    const options = { windowSeconds: 1, hopSeconds: 0.5 };
    const yielded = [];
    for await (const w of recognizeStream(
      recognizer,
      pcmChunks(readable(bytes), { sampleRate: 16000, encoding: 'f32le' }),
      options,
    )) {
      yielded.push(w);
    }
    const stream = recognizer.stream(options);
    const direct = [...(await stream.push(samples, 16000)), ...(await stream.flush())];
    expect(yielded.map((w) => w.startSeconds)).toEqual(direct.map((w) => w.startSeconds));
    expect(yielded.map((w) => w.label)).toEqual(direct.map((w) => w.label));
    expect(yielded.length).toBe(4);
  });
});
