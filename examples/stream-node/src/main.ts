/**
 * Emotion over a live stream, window by window: raw 16-bit PCM arrives in small chunks (here a
 * WAV file played in 100 ms pieces, as a microphone or a phone call would deliver it; pipe
 * `arecord -f S16_LE -r 16000 -c 1` into stdin with `--stdin` for a real one).
 *
 *   npm start -w @ser/example-stream-node -- [FILE.wav] [--stdin --rate 16000] [--model DIR]
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeWav, toMono } from '@ser/features';
import {
  loadDefaultRecognizer,
  loadRecognizer,
  pcmChunks,
  recognizeStream,
} from '@ser/runtime/node';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    model: { type: 'string' },
    stdin: { type: 'boolean', default: false },
    rate: { type: 'string', default: '16000' },
  },
});

/** 16-bit PCM of a WAV file, delivered in 100 ms pieces. */
async function* playFile(path: string): AsyncGenerator<Uint8Array> {
  const wav = decodeWav(new Uint8Array(await readFile(path)), { source: path });
  const mono = toMono(wav.channels);
  const piece = Math.round(wav.sampleRate / 10);
  for (let start = 0; start < mono.length; start += piece) {
    const part = mono.subarray(start, start + piece);
    const bytes = new Uint8Array(part.length * 2);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < part.length; i++) {
      view.setInt16(i * 2, Math.max(-32768, Math.min(32767, Math.round(part[i]! * 32767))), true);
    }
    yield bytes;
  }
}

const file =
  positionals[0] ??
  resolve(import.meta.dirname, '../../../packages/cli/samples/kids-talking-slow.wav');
let sampleRate = Number(values.rate);
let source: AsyncIterable<Uint8Array>;
if (values.stdin) {
  source = process.stdin;
} else {
  sampleRate = decodeWav(new Uint8Array(await readFile(file)), { source: file }).sampleRate;
  source = playFile(file);
}

const recognizer =
  values.model === undefined
    ? await loadDefaultRecognizer({ name: 'ravdess-statistics-mlp' })
    : await loadRecognizer(values.model);
try {
  const chunks = pcmChunks(source, { sampleRate, encoding: 's16le' });
  for await (const w of recognizeStream(recognizer, chunks, {
    windowSeconds: 2,
    hopSeconds: 0.5,
  })) {
    const span = `${w.startSeconds.toFixed(1)}–${w.endSeconds.toFixed(1)} s`;
    console.log(`${span}: ${w.speech ? w.label : 'no speech'}`);
  }
} finally {
  recognizer.dispose();
}
