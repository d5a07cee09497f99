/**
 * Node adapters for streaming: raw PCM bytes (a file, a socket, `arecord`/`ffmpeg` output)
 * to sample chunks, and chunks to stream predictions, as async iterators.
 */

import { RecognizerError } from '../errors';
import type { EmotionRecognizer } from '../recognizer';
import type { StreamOptions, StreamPrediction } from '../stream';

/**
 * Mono samples and their rate.
 *
 * @example
 * ```ts
 * const chunk: PcmChunk = { samples: new Float32Array(1600), sampleRate: 16000 };
 * ```
 */
export interface PcmChunk {
  readonly samples: Float32Array;
  readonly sampleRate: number;
}

/**
 * Layout of raw PCM bytes: little-endian signed 16-bit or float 32-bit, interleaved channels.
 *
 * @example
 * ```ts
 * const format: PcmFormat = { sampleRate: 16000, encoding: 's16le', channels: 1 };
 * ```
 */
export interface PcmFormat {
  readonly sampleRate: number;
  readonly encoding: 's16le' | 'f32le';
  /** Interleaved channels, mixed down to mono by their mean; default 1. */
  readonly channels?: number;
}

/**
 * Turns a byte stream of raw PCM (any chunking, even splitting a sample) into mono
 * {@link PcmChunk}s. Node `Readable`s are async iterables of `Buffer`s, so they fit directly.
 *
 * @throws {@link RecognizerError} (`invalid-option`) for a bad rate or channel count.
 * @example
 * ```ts
 * const chunks = pcmChunks(process.stdin, { sampleRate: 16000, encoding: 's16le' });
 * ```
 */
export async function* pcmChunks(
  bytes: AsyncIterable<Uint8Array>,
  format: PcmFormat,
): AsyncGenerator<PcmChunk> {
  const channels = format.channels ?? 1;
  if (!(Number.isInteger(channels) && channels >= 1)) {
    throw new RecognizerError(
      'invalid-option',
      'channels',
      `must be a positive integer, got ${channels}`,
    );
  }
  if (!(Number.isFinite(format.sampleRate) && format.sampleRate > 0)) {
    throw new RecognizerError(
      'invalid-option',
      'sampleRate',
      `must be a positive number, got ${format.sampleRate}`,
    );
  }
  const bytesPerSample = format.encoding === 's16le' ? 2 : 4;
  const frameBytes = bytesPerSample * channels;
  let carry = new Uint8Array(0);
  for await (const piece of bytes) {
    const data = new Uint8Array(carry.length + piece.length);
    data.set(carry);
    data.set(piece, carry.length);
    const frames = Math.floor(data.length / frameBytes);
    carry = data.slice(frames * frameBytes);
    if (frames === 0) continue;
    const view = new DataView(data.buffer, data.byteOffset, frames * frameBytes);
    const samples = new Float32Array(frames);
    for (let f = 0; f < frames; f++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) {
        const at = (f * channels + c) * bytesPerSample;
        sum +=
          format.encoding === 's16le' ? view.getInt16(at, true) / 32768 : view.getFloat32(at, true);
      }
      samples[f] = sum / channels;
    }
    yield { samples, sampleRate: format.sampleRate };
  }
}

/**
 * Runs a recognizer's stream over chunks and yields every window's prediction, ending with
 * the final window at the end of the input.
 *
 * @example
 * ```ts
 * const chunks = pcmChunks(createReadStream('call.raw'), { sampleRate: 8000, encoding: 's16le' });
 * for await (const w of recognizeStream(recognizer, chunks, { hopSeconds: 1 })) {
 *   console.log(w.startSeconds, w.speech ? w.label : 'no speech');
 * }
 * ```
 */
export async function* recognizeStream(
  recognizer: EmotionRecognizer,
  chunks: AsyncIterable<PcmChunk>,
  options: StreamOptions = {},
): AsyncGenerator<StreamPrediction> {
  const stream = recognizer.stream(options);
  for await (const chunk of chunks) yield* await stream.push(chunk.samples, chunk.sampleRate);
  yield* await stream.flush();
}
