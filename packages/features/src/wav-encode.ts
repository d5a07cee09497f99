import { FeatureParameterError } from './errors';

/** Sample encodings that {@link encodeWav} can write. */
export type WavSampleFormat = 'pcm16' | 'pcm24' | 'pcm32' | 'float32';

/** Options of {@link encodeWav}. */
export interface EncodeWavOptions {
  /** Sample rate in Hz written to the header. */
  readonly sampleRate: number;
  /** Encoding of the samples; default `'pcm16'`. */
  readonly format?: WavSampleFormat;
}

const BYTES: Record<WavSampleFormat, number> = { pcm16: 2, pcm24: 3, pcm32: 4, float32: 4 };

function clampToInt(x: number, max: number): number {
  const v = Math.round(x * max);
  return Math.min(max, Math.max(-max - 1, v));
}

/**
 * Encodes channels of samples in [-1, 1] as a canonical RIFF/WAVE file (`fmt ` then `data`).
 * Integer formats round and clip; `float32` stores the values as they are.
 *
 * @example
 * ```ts
 * const tone = Float32Array.from({ length: 16000 }, (_, n) => 0.5 * Math.sin((2 * Math.PI * 440 * n) / 16000));
 * const bytes = encodeWav([tone], { sampleRate: 16000 }); // 16-bit mono WAV
 * ```
 */
export function encodeWav(
  channels: readonly Float32Array[],
  options: EncodeWavOptions,
): Uint8Array {
  const format = options.format ?? 'pcm16';
  const { sampleRate } = options;
  if (channels.length === 0)
    throw new FeatureParameterError('channels', 'at least one channel is needed');
  if (!(Number.isInteger(sampleRate) && sampleRate > 0)) {
    throw new FeatureParameterError('sampleRate', `must be a positive integer, got ${sampleRate}`);
  }
  const frames = channels[0]!.length;
  if (channels.some((c) => c.length !== frames)) {
    throw new FeatureParameterError('channels', 'all channels must have the same length');
  }
  const width = BYTES[format];
  const blockAlign = width * channels.length;
  const dataBytes = frames * blockAlign;
  const out = new Uint8Array(44 + dataBytes + (dataBytes % 2));
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, format === 'float32' ? 3 : 1, true);
  view.setUint16(22, channels.length, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, width * 8, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  let offset = 44;
  for (let i = 0; i < frames; i++) {
    for (const channel of channels) {
      const x = channel[i]!;
      if (format === 'float32') view.setFloat32(offset, x, true);
      else if (format === 'pcm16') view.setInt16(offset, clampToInt(x, 0x7fff), true);
      else if (format === 'pcm32') view.setInt32(offset, clampToInt(x, 0x7fffffff), true);
      else {
        const v = clampToInt(x, 0x7fffff);
        out[offset] = v & 0xff;
        out[offset + 1] = (v >> 8) & 0xff;
        out[offset + 2] = (v >> 16) & 0xff;
      }
      offset += width;
    }
  }
  return out;
}
