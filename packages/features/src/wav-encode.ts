import { FeatureParameterError } from './errors';

/**
 * Sample encodings that {@link encodeWav} can write: unsigned 8-bit, signed 16/24/32-bit
 * integer PCM, and IEEE float 32/64-bit.
 */
export type WavSampleFormat = 'pcm8' | 'pcm16' | 'pcm24' | 'pcm32' | 'float32' | 'float64';

/** Options of {@link encodeWav}. */
export interface EncodeWavOptions {
  /** Sample rate in Hz written to the header. */
  readonly sampleRate: number;
  /** Encoding of the samples; default `'pcm16'`. */
  readonly format?: WavSampleFormat;
  /**
   * Write a `WAVE_FORMAT_EXTENSIBLE` header (40-byte `fmt ` with a subformat GUID) instead of a
   * plain PCM/float one; default `false`.
   */
  readonly extensible?: boolean;
}

const BYTES: Record<WavSampleFormat, number> = {
  pcm8: 1,
  pcm16: 2,
  pcm24: 3,
  pcm32: 4,
  float32: 4,
  float64: 8,
};

/** Bytes 4–15 of the `KSDATAFORMAT_SUBTYPE_PCM` / `_IEEE_FLOAT` GUIDs. */
const KSDATAFORMAT_TAIL = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** round(x · 2^(bits−1)) clipped to the signed integer range of `bits`. */
function quantize(x: number, bits: number): number {
  if (!Number.isFinite(x)) {
    throw new FeatureParameterError('channels', `${x} cannot be stored as integer PCM`);
  }
  const scale = 2 ** (bits - 1);
  return Math.min(scale - 1, Math.max(-scale, Math.round(x * scale)));
}

/**
 * Encodes channels of samples in [-1, 1] as a RIFF/WAVE file (`fmt ` then `data`).
 *
 * Integer formats store round(x · 2^(bits−1)) clipped to the integer range (unsigned 8-bit adds
 * 128): the exact inverse of {@link decodeWav}'s libsndfile scaling, so decoding what this wrote
 * from decoded samples gives the same samples back. A full-scale 1.0 therefore clips to
 * (2^(bits−1) − 1) / 2^(bits−1). Float formats store the values as they are (float64 stores the
 * float32 value exactly). Non-finite samples are refused for integer formats.
 *
 * @throws {@link FeatureParameterError} for no channels, channels of different lengths, a
 *   sample rate that is not a positive integer, or a non-finite sample in an integer format.
 *
 * @example
 * ```ts
 * const tone = Float32Array.from({ length: 16000 }, (_, n) => 0.5 * Math.sin((2 * Math.PI * 440 * n) / 16000));
 * const bytes = encodeWav([tone], { sampleRate: 16000 }); // 16-bit mono WAV
 * const wide = encodeWav([tone, tone], { sampleRate: 16000, format: 'pcm24', extensible: true });
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
  if (!(Number.isInteger(sampleRate) && sampleRate > 0 && sampleRate <= 0xffffffff)) {
    throw new FeatureParameterError('sampleRate', `must be a positive integer, got ${sampleRate}`);
  }
  const frames = channels[0]!.length;
  if (channels.some((c) => c.length !== frames)) {
    throw new FeatureParameterError('channels', 'all channels must have the same length');
  }
  const width = BYTES[format];
  const isFloat = format === 'float32' || format === 'float64';
  const tag = isFloat ? 3 : 1;
  const fmtSize = options.extensible === true ? 40 : 16;
  const blockAlign = width * channels.length;
  const dataBytes = frames * blockAlign;
  const dataStart = 12 + 8 + fmtSize + 8;
  const out = new Uint8Array(dataStart + dataBytes + (dataBytes % 2));
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, fmtSize === 40 ? 0xfffe : tag, true);
  view.setUint16(22, channels.length, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, width * 8, true);
  if (fmtSize === 40) {
    view.setUint16(36, 22, true); // extension size
    view.setUint16(38, width * 8, true); // valid bits
    view.setUint32(40, 0, true); // channel mask: no speaker positions
    view.setUint32(44, tag, true);
    out.set(KSDATAFORMAT_TAIL, 48);
  }
  ascii(dataStart - 8, 'data');
  view.setUint32(dataStart - 4, dataBytes, true);
  let offset = dataStart;
  for (let i = 0; i < frames; i++) {
    for (const channel of channels) {
      const x = channel[i]!;
      if (format === 'float32') view.setFloat32(offset, x, true);
      else if (format === 'float64') view.setFloat64(offset, x, true);
      else if (format === 'pcm8') out[offset] = quantize(x, 8) + 128;
      else if (format === 'pcm16') view.setInt16(offset, quantize(x, 16), true);
      else if (format === 'pcm32') view.setInt32(offset, quantize(x, 32), true);
      else {
        const v = quantize(x, 24);
        out[offset] = v & 0xff;
        out[offset + 1] = (v >> 8) & 0xff;
        out[offset + 2] = (v >> 16) & 0xff;
      }
      offset += width;
    }
  }
  return out;
}
