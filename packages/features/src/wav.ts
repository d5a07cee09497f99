/**
 * RIFF/WAVE decoding with the sample scaling of libsndfile (what `soundfile` and therefore
 * `librosa.load` use when they read float32).
 */

import { AudioFormatError, FeatureParameterError } from './errors';
import { type Float32Allocator, freshFloat32 } from './pool';

/** How the samples of a WAV file are stored: integer PCM or IEEE float. */
export type WavEncoding = 'pcm' | 'float';

/**
 * What a WAV file holds, read from its header without decoding a sample: the `fmt ` chunk and
 * where the `data` chunk is.
 *
 * @example
 * ```ts
 * const info = readWavInfo(bytes, { source: 'clip.wav' });
 * const seconds = info.frames / info.sampleRate;
 * ```
 */
export interface WavInfo {
  /** Frames per second. */
  readonly sampleRate: number;
  /** Number of interleaved channels. */
  readonly channelCount: number;
  /** Bits per sample as the header states them (the container width for `WAVE_FORMAT_EXTENSIBLE`). */
  readonly bitsPerSample: number;
  /** Integer PCM or IEEE float. */
  readonly encoding: WavEncoding;
  /** The `fmt ` chunk's format tag as written: 1 (PCM), 3 (float) or 0xFFFE (extensible). */
  readonly formatTag: number;
  /** Bytes per frame (all channels of one sample instant). */
  readonly blockAlign: number;
  /** Byte offset of the first frame in the file. */
  readonly dataOffset: number;
  /** Whole frames that the file holds. */
  readonly frames: number;
  /**
   * `true` when the `data` chunk declares more bytes than the file holds. Like libsndfile, the
   * frames that are there are used and the rest is ignored.
   */
  readonly truncated: boolean;
}

/**
 * Samples decoded from a WAV file: one float32 array per channel, scaled as libsndfile does.
 *
 * @example
 * ```ts
 * const wav = decodeWav(bytes);
 * const [left, right] = wav.channels; // right is undefined for a mono file
 * console.log(wav.sampleRate, wav.frames, wav.encoding, wav.bitsPerSample); // 48000 174574 'pcm' 16
 * ```
 */
export interface DecodedWav {
  /** Frames per second. */
  readonly sampleRate: number;
  /** One array per channel (deinterleaved), each `frames` long. */
  readonly channels: Float32Array[];
  /** Number of decoded frames (samples per channel). */
  readonly frames: number;
  /** Bits per sample as the header states them. */
  readonly bitsPerSample: number;
  /** Integer PCM or IEEE float. */
  readonly encoding: WavEncoding;
  /** The `fmt ` chunk's format tag as written: 1 (PCM), 3 (float) or 0xFFFE (extensible). */
  readonly formatTag: number;
  /** The `data` chunk declared more bytes than the file holds (see {@link WavInfo.truncated}). */
  readonly truncated: boolean;
}

/** Options of {@link decodeWav}. */
export interface DecodeWavOptions {
  /** Name of the file or source, used in error messages. */
  readonly source?: string;
  /** First frame to decode (soundfile's `start`); default 0. Past the end gives 0 frames. */
  readonly start?: number;
  /** Most frames to decode (soundfile's `frames`); default: up to the end. */
  readonly frames?: number;
}

/** libsndfile refuses more channels than this (`SF_MAX_CHANNELS`). */
const MAX_CHANNELS = 1024;
const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_EXTENSIBLE = 0xfffe;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Encodings that exist in the wild but that we do not decode, named for the error message. */
const UNSUPPORTED_FORMATS: ReadonlyMap<number, string> = new Map([
  [0x0002, 'Microsoft ADPCM'],
  [0x0006, 'A-law'],
  [0x0007, 'mu-law'],
  [0x0011, 'IMA ADPCM'],
  [0x0031, 'GSM 6.10'],
  [0x0040, 'G.721 ADPCM'],
  [0x0050, 'MPEG'],
  [0x0055, 'MPEG Layer 3'],
  [0x0092, 'Dolby AC-3 SPDIF'],
  [0x0161, 'Windows Media Audio'],
  [0x2000, 'Dolby AC-3'],
  [0xf1ac, 'FLAC'],
]);

/** Other containers that are sometimes named `.wav`, recognised by their first four bytes. */
const FOREIGN_MAGIC: ReadonlyMap<string, string> = new Map([
  ['FORM', 'an AIFF/IFF file'],
  ['fLaC', 'a FLAC file'],
  ['OggS', 'an Ogg file'],
  ['ID3\u0003', 'an MP3 file'],
  ['ID3\u0004', 'an MP3 file'],
  ['caff', 'a Core Audio (CAF) file'],
  ['.snd', 'a Sun/NeXT .au file'],
]);

/** Bytes 4–15 of the `KSDATAFORMAT_SUBTYPE_*` GUIDs (the first 4 hold the format tag). */
const KSDATAFORMAT_TAIL = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
/** Bytes 4–15 of the Ambisonic B-format subformat GUIDs, which libsndfile also reads. */
const AMBISONIC_TAIL = [0x21, 0x07, 0xd3, 0x11, 0x86, 0x44, 0xc8, 0xc1, 0xca, 0x00, 0x00, 0x00];

/**
 * How interleaved samples are stored, for {@link decodeWavFrames}.
 *
 * @internal
 */
export interface SampleLayout {
  readonly encoding: WavEncoding;
  readonly channelCount: number;
  /** Bytes per sample of one channel. */
  readonly width: number;
}

/**
 * A byte view on WAV input given as a Uint8Array (returned as is), another typed array or an
 * ArrayBuffer.
 *
 * @internal
 */
export function asBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) {
    return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  }
  if (Object.prototype.toString.call(input) === '[object ArrayBuffer]')
    return new Uint8Array(input);
  throw new FeatureParameterError('bytes', 'expected a Uint8Array or an ArrayBuffer of WAV bytes');
}

function fourCC(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(
    bytes[offset]!,
    bytes[offset + 1]!,
    bytes[offset + 2]!,
    bytes[offset + 3]!,
  );
}

/** Printable ASCII, as every real chunk id is; used only to repair missing pad bytes. */
function looksLikeChunkId(bytes: Uint8Array, offset: number): boolean {
  if (offset + 4 > bytes.length) return false;
  for (let i = offset; i < offset + 4; i++) {
    const b = bytes[i]!;
    if (b < 0x20 || b > 0x7e) return false;
  }
  return true;
}

function quoted(id: string): string {
  return JSON.stringify(id);
}

function checkContainer(bytes: Uint8Array, fileSize: number, source: string | undefined): void {
  const head = bytes.length >= 4 ? fourCC(bytes, 0) : '';
  if (head === 'RIFF') {
    if (fileSize < 12) {
      throw new AudioFormatError(
        'truncated',
        `file is ${fileSize} bytes, shorter than the 12-byte RIFF header`,
        source,
      );
    }
    const form = fourCC(bytes, 8);
    if (form !== 'WAVE') {
      throw new AudioFormatError(
        'not-wave',
        `RIFF file of type ${quoted(form)}, not a WAVE file`,
        source,
      );
    }
    return;
  }
  if (head === 'RIFX') {
    throw new AudioFormatError(
      'unsupported-encoding',
      'big-endian WAV (RIFX) is not supported',
      source,
    );
  }
  if (head === 'RF64' || head === 'BW64') {
    throw new AudioFormatError(
      'unsupported-encoding',
      `64-bit WAV (${head}) is not supported`,
      source,
    );
  }
  if (fileSize === 0) throw new AudioFormatError('empty', 'file is empty (0 bytes)', source);
  if (fileSize < 4 && 'RIFF'.startsWith(String.fromCharCode(...bytes.subarray(0, fileSize)))) {
    throw new AudioFormatError(
      'truncated',
      `file is ${fileSize} bytes, shorter than the 12-byte RIFF header`,
      source,
    );
  }
  const foreign = FOREIGN_MAGIC.get(head);
  const mp3Sync = bytes.length >= 2 && bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0;
  const what = foreign ?? (mp3Sync ? 'an MP3 file' : undefined);
  throw new AudioFormatError(
    'not-riff',
    what === undefined
      ? 'not a WAV file: no RIFF header'
      : `not a WAV file: looks like ${what} (no RIFF header)`,
    source,
  );
}

function unsupported(name: string, tag: number, source: string | undefined): AudioFormatError {
  const hex = tag > 9 ? ` = 0x${tag.toString(16).toUpperCase().padStart(4, '0')}` : '';
  return new AudioFormatError(
    'unsupported-encoding',
    `unsupported WAV encoding: ${name} (format ${tag}${hex})`,
    source,
  );
}

function unsupportedTag(tag: number, source: string | undefined): AudioFormatError {
  return unsupported(UNSUPPORTED_FORMATS.get(tag) ?? 'unknown format', tag, source);
}

function guidText(bytes: Uint8Array, offset: number): string {
  const hex = (from: number, to: number, reverse: boolean) => {
    const part = Array.from(bytes.subarray(offset + from, offset + to), (b) =>
      b.toString(16).padStart(2, '0'),
    );
    return (reverse ? part.reverse() : part).join('');
  };
  return `{${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}}`;
}

/** The subformat tag of a `WAVE_FORMAT_EXTENSIBLE` GUID, or an error naming the GUID. */
function subformatTag(bytes: Uint8Array, guid: number, source: string | undefined): number {
  const matches = (tail: readonly number[]) => tail.every((b, i) => bytes[guid + 4 + i] === b);
  const data1 = new DataView(bytes.buffer, bytes.byteOffset + guid, 4).getUint32(0, true);
  if ((matches(KSDATAFORMAT_TAIL) || matches(AMBISONIC_TAIL)) && data1 <= 0xffff) return data1;
  throw new AudioFormatError(
    'unsupported-encoding',
    `unsupported WAV encoding: WAVE_FORMAT_EXTENSIBLE subformat ${guidText(bytes, guid)}`,
    source,
  );
}

interface FmtChunk {
  readonly formatTag: number;
  readonly encoding: WavEncoding;
  readonly sampleRate: number;
  readonly channelCount: number;
  readonly bitsPerSample: number;
  readonly blockAlign: number;
}

/** Reads and checks a `fmt ` chunk body of `size` bytes at `body` (all inside `bytes`). */
function parseFmt(
  bytes: Uint8Array,
  body: number,
  size: number,
  source: string | undefined,
): FmtChunk {
  if (size < 16) {
    throw new AudioFormatError(
      'bad-format',
      `fmt chunk is ${size} bytes, shorter than the 16 it needs`,
      source,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + body, size);
  const formatTag = view.getUint16(0, true);
  const channelCount = view.getUint16(2, true);
  const sampleRate = view.getUint32(4, true);
  const declaredBlockAlign = view.getUint16(12, true);
  const bitsPerSample = view.getUint16(14, true);

  let tag = formatTag;
  if (formatTag === FORMAT_EXTENSIBLE) {
    if (size < 40 || view.getUint16(16, true) < 22) {
      throw new AudioFormatError(
        'bad-format',
        `WAVE_FORMAT_EXTENSIBLE fmt chunk is ${size} bytes (extension ${size >= 18 ? view.getUint16(16, true) : 0}); it needs 40 bytes with a 22-byte extension`,
        source,
      );
    }
    tag = subformatTag(bytes, body + 24, source);
  }
  let encoding: WavEncoding;
  if (tag === FORMAT_PCM) encoding = 'pcm';
  else if (tag === FORMAT_FLOAT) encoding = 'float';
  else throw unsupportedTag(tag, source);

  if (channelCount === 0) {
    throw new AudioFormatError('bad-format', 'fmt chunk declares 0 channels', source);
  }
  if (channelCount > MAX_CHANNELS) {
    throw new AudioFormatError(
      'bad-format',
      `fmt chunk declares ${channelCount} channels, more than the ${MAX_CHANNELS} libsndfile allows`,
      source,
    );
  }
  if (sampleRate === 0) {
    throw new AudioFormatError('bad-format', 'fmt chunk declares a sample rate of 0 Hz', source);
  }
  if (encoding === 'pcm' && (bitsPerSample === 0 || bitsPerSample > 32)) {
    throw bitsPerSample === 0
      ? new AudioFormatError('bad-format', 'PCM fmt chunk declares 0 bits per sample', source)
      : unsupported(`${bitsPerSample}-bit integer PCM`, tag, source);
  }
  if (encoding === 'float' && bitsPerSample !== 32 && bitsPerSample !== 64) {
    throw unsupported(`${bitsPerSample}-bit float`, tag, source);
  }
  // Like libsndfile: a sample takes ceil(bits / 8) bytes (12-bit PCM is read as 16-bit).
  const width = Math.ceil(bitsPerSample / 8);
  const blockAlign = width * channelCount;
  // libsndfile repairs a zero block align; any other disagreement is an error here.
  if (declaredBlockAlign !== 0 && declaredBlockAlign !== blockAlign) {
    const hint =
      width === 3 && declaredBlockAlign === 4 * channelCount
        ? ' (24-bit samples in 32-bit containers need WAVE_FORMAT_EXTENSIBLE with 32 bits per sample)'
        : '';
    throw new AudioFormatError(
      'bad-format',
      `fmt chunk block align is ${declaredBlockAlign} bytes, but ${channelCount} channel(s) of ${bitsPerSample}-bit samples need ${blockAlign}${hint}`,
      source,
    );
  }
  return { formatTag, encoding, sampleRate, channelCount, bitsPerSample, blockAlign };
}

/**
 * Walks the RIFF chunks of a WAV file of `fileSize` bytes whose first `bytes.length` bytes are
 * given, up to the start of the `data` chunk. Returns `undefined` when those bytes end before
 * the `fmt ` chunk and the `data` chunk header were seen (only possible when `bytes` is a
 * prefix): read more of the file and call again.
 *
 * Follows libsndfile's reader: the RIFF size is not trusted, `fmt ` must come before `data`, a
 * second `fmt ` is ignored, a `data` chunk that claims more than the file holds is cut to what
 * is there (`truncated`), and a zero `data` size in an unfinished file (RIFF size 8) means "the
 * rest of the file". Chunks of odd size are followed by a pad byte; when a writer left it out
 * (the padded position does not start a chunk id but the unpadded one does) the walk goes on
 * from the unpadded position.
 *
 * @internal
 */
export function locateWavData(
  bytes: Uint8Array,
  fileSize: number,
  source: string | undefined,
): WavInfo | undefined {
  if (bytes.length < Math.min(fileSize, 12)) return undefined;
  checkContainer(bytes, fileSize, source);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const riffSize = view.getUint32(4, true);
  let fmt: FmtChunk | undefined;
  let overrun: string | undefined;
  let pos = 12;
  while (pos + 8 <= fileSize) {
    if (pos + 8 > bytes.length) return undefined;
    const id = fourCC(bytes, pos);
    const size = view.getUint32(pos + 4, true);
    const body = pos + 8;
    if (id === 'fmt ' && fmt === undefined) {
      if (body + size > fileSize) {
        throw new AudioFormatError(
          'truncated',
          `fmt chunk at byte ${pos} declares ${size} bytes, but the file ends after ${fileSize - body}`,
          source,
        );
      }
      if (body + size > bytes.length) return undefined;
      fmt = parseFmt(bytes, body, size, source);
    } else if (id === 'data') {
      if (fmt === undefined) {
        throw new AudioFormatError(
          'missing-chunk',
          `data chunk at byte ${pos} comes before any fmt chunk`,
          source,
        );
      }
      const available = fileSize - body;
      const unfinished = size === 0 && riffSize === 8 && fileSize > 44;
      const length = unfinished ? available : Math.min(size, available);
      return {
        ...fmt,
        dataOffset: body,
        frames: Math.floor(length / fmt.blockAlign),
        truncated: size > available,
      };
    }
    let next = body + size + (size & 1);
    if (size & 1) {
      // Deciding whether the pad byte is there needs the next chunk id.
      if (next + 4 > bytes.length && bytes.length < fileSize) return undefined;
      if (!looksLikeChunkId(bytes, next) && looksLikeChunkId(bytes, next - 1)) next--;
    }
    if (next > fileSize) {
      overrun = `chunk ${quoted(id)} at byte ${pos} declares ${size} bytes, past the end of the ${fileSize}-byte file`;
    }
    pos = next;
  }
  const missing = fmt === undefined ? 'no fmt chunk' : 'no data chunk';
  if (overrun !== undefined) {
    throw new AudioFormatError('truncated', `${missing}: ${overrun}`, source);
  }
  if (pos < fileSize) {
    throw new AudioFormatError(
      'truncated',
      `${missing}: the file ends inside a chunk header at byte ${pos}`,
      source,
    );
  }
  throw new AudioFormatError('missing-chunk', missing, source);
}

/**
 * Reads a WAV file's header: format, channel count, rate and where the samples are, without
 * decoding them (for durations, integrity checks, or decoding a range later).
 *
 * @param bytes - The whole file.
 * @param options - `source`: file name for error messages.
 * @throws {@link AudioFormatError} when the bytes are not a WAV file we can decode.
 *
 * @example
 * ```ts
 * const info = readWavInfo(bytes, { source: 'clip.wav' });
 * console.log(info.channelCount, info.sampleRate, info.frames / info.sampleRate); // 2 48000 3.6036
 * ```
 */
export function readWavInfo(
  bytes: Uint8Array | ArrayBuffer,
  options: { readonly source?: string } = {},
): WavInfo {
  const all = asBytes(bytes);
  // With the whole file at hand the walk always concludes.
  return locateWavData(all, all.length, options.source)!;
}

/** A typed-array view on `length` samples of `width` bytes from `offset`, copying only when unaligned. */
function sampleBuffer(
  bytes: Uint8Array,
  offset: number,
  length: number,
  width: number,
): { buffer: ArrayBufferLike; byteOffset: number } {
  const absolute = bytes.byteOffset + offset;
  if (LITTLE_ENDIAN_HOST && absolute % width === 0) {
    return { buffer: bytes.buffer, byteOffset: absolute };
  }
  const copy = bytes.slice(offset, offset + length * width);
  if (!LITTLE_ENDIAN_HOST) {
    for (let i = 0; i < copy.length; i += width) copy.subarray(i, i + width).reverse();
  }
  return { buffer: copy.buffer, byteOffset: 0 };
}

type SampleArray = Int16Array | Int32Array | Float32Array | Float64Array;

/** Deinterleaves `src` (frames × channels) into `channels`, multiplying by `scale`. */
function deinterleave(src: SampleArray, channels: Float32Array[], scale: number): void {
  const count = channels.length;
  if (count === 1) {
    const out = channels[0]!;
    for (let i = 0; i < out.length; i++) out[i] = src[i]! * scale;
    return;
  }
  if (count === 2) {
    const left = channels[0]!;
    const right = channels[1]!;
    for (let i = 0, j = 0; i < left.length; i++, j += 2) {
      left[i] = src[j]! * scale;
      right[i] = src[j + 1]! * scale;
    }
    return;
  }
  for (let c = 0; c < count; c++) {
    const out = channels[c]!;
    for (let i = 0, j = c; i < out.length; i++, j += count) out[i] = src[j]! * scale;
  }
}

/** Deinterleaves byte-wide (8-bit unsigned) or 3-byte (24-bit signed) samples. */
function deinterleaveBytes(
  bytes: Uint8Array,
  offset: number,
  channels: Float32Array[],
  width: 1 | 3,
): void {
  const count = channels.length;
  const stride = width * count;
  for (let c = 0; c < count; c++) {
    const out = channels[c]!;
    let p = offset + c * width;
    if (width === 1) {
      // libsndfile: (x − 128) / 128.
      for (let i = 0; i < out.length; i++, p += stride) out[i] = (bytes[p]! - 128) * 0.0078125;
    } else {
      // libsndfile: the 24-bit value in the top of an int32, divided by 2^31 (= x / 2^23).
      for (let i = 0; i < out.length; i++, p += stride) {
        const v = ((bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16)) << 8) >> 8;
        out[i] = v * 1.1920928955078125e-7;
      }
    }
  }
}

/**
 * Decodes `frames` interleaved frames that start at byte `offset` of `bytes` (which must hold
 * them) into one float32 array per channel (from `allocate`, slot = channel), with libsndfile's
 * scaling. Float data that holds a non-finite value (after rounding to float32) is rejected.
 *
 * @internal
 */
export function decodeWavFrames(
  bytes: Uint8Array,
  offset: number,
  layout: SampleLayout,
  frames: number,
  source: string | undefined,
  allocate: Float32Allocator = freshFloat32,
): Float32Array[] {
  const { encoding, channelCount, width } = layout;
  const channels = Array.from({ length: channelCount }, (_, c) => allocate(frames, c));
  const samples = frames * channelCount;
  if (samples === 0) return channels;
  if (width === 1 || width === 3) {
    deinterleaveBytes(bytes, offset, channels, width);
    return channels;
  }
  const { buffer, byteOffset } = sampleBuffer(bytes, offset, samples, width);
  if (encoding === 'pcm') {
    if (width === 2) deinterleave(new Int16Array(buffer, byteOffset, samples), channels, 2 ** -15);
    else deinterleave(new Int32Array(buffer, byteOffset, samples), channels, 2 ** -31);
    return channels;
  }
  const src =
    width === 4
      ? new Float32Array(buffer, byteOffset, samples)
      : new Float64Array(buffer, byteOffset, samples);
  deinterleave(src, channels, 1);
  rejectNonFinite(channels, source);
  return channels;
}

function rejectNonFinite(channels: readonly Float32Array[], source: string | undefined): void {
  for (let c = 0; c < channels.length; c++) {
    const samples = channels[c]!;
    let check = 0;
    for (let i = 0; i < samples.length; i++) check += samples[i]! * 0;
    if (check === 0) continue;
    const at = samples.findIndex((x) => !Number.isFinite(x));
    throw new AudioFormatError(
      'non-finite',
      `float WAV data holds ${samples[at]} at frame ${at} of channel ${c}`,
      source,
    );
  }
}

/**
 * How the samples of a file described by `info` are laid out, for {@link decodeWavFrames}.
 *
 * @internal
 */
export function sampleLayout(info: WavInfo): SampleLayout {
  return {
    encoding: info.encoding,
    channelCount: info.channelCount,
    width: info.blockAlign / info.channelCount,
  };
}

function frameCount(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new FeatureParameterError(name, `must be a non-negative integer, got ${value}`);
  }
  return value;
}

/**
 * Decodes a RIFF/WAVE file into float32 channels exactly as libsndfile (and so `soundfile` and
 * `librosa.load`) reads it as float32: int16 / 32768, int24 / 8388608, int32 / 2147483648,
 * unsigned 8-bit (x − 128) / 128, float32 as is, float64 rounded to float32.
 *
 * Reads PCM 8/16/24/32-bit (any bit depth up to 32 in whole bytes, as libsndfile does), IEEE
 * float 32/64-bit and `WAVE_FORMAT_EXTENSIBLE` with a PCM or float subformat, with any number of
 * channels (up to libsndfile's 1024) and chunks in any order before and after `data`.
 *
 * Decisions on unusual files:
 * - A `data` chunk that claims more bytes than the file holds is cut to the whole frames that
 *   are there, as libsndfile does; `truncated` is then `true`. Nothing is allocated from a
 *   declared size.
 * - An empty `data` chunk gives 0 frames (not an error), as libsndfile does.
 * - NaN or ±Infinity in float data throws `AudioFormatError` `non-finite` (librosa's `to_mono`
 *   and `resample` reject such audio too).
 * - A wrong block align throws `bad-format` (libsndfile would guess; we do not).
 *
 * @param bytes - The whole file.
 * @param options - `source` (file name for messages), `start` and `frames` to decode a range.
 * @throws {@link AudioFormatError} naming the source and the problem: `not-riff`, `not-wave`,
 *   `truncated`, `missing-chunk`, `bad-format`, `unsupported-encoding` (ADPCM, A-law, mu-law, …
 *   named) or `non-finite`.
 * @throws {@link FeatureParameterError} when `start` or `frames` is not a non-negative integer.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * const wav = decodeWav(await readFile('03-01-01-01-01-01-12.wav'), { source: '03-01-01-01-01-01-12.wav' });
 * console.log(wav.sampleRate, wav.channels.length, wav.frames); // 48000 1 174574
 * ```
 */
export function decodeWav(
  bytes: Uint8Array | ArrayBuffer,
  options: DecodeWavOptions = {},
): DecodedWav {
  const all = asBytes(bytes);
  const { source } = options;
  const start = frameCount('start', options.start, 0);
  const info = locateWavData(all, all.length, source)!;
  const first = Math.min(start, info.frames);
  const frames = frameCount('frames', options.frames, info.frames - first);
  const count = Math.min(frames, info.frames - first);
  const offset = info.dataOffset + first * info.blockAlign;
  return {
    sampleRate: info.sampleRate,
    channels: decodeWavFrames(all, offset, sampleLayout(info), count, source),
    frames: count,
    bitsPerSample: info.bitsPerSample,
    encoding: info.encoding,
    formatTag: info.formatTag,
    truncated: info.truncated,
  };
}

/**
 * Mixes channels down to one by their mean, as `librosa.to_mono` (`np.mean(y, axis=0)` on
 * float32): the sum is accumulated in float32 with numpy's pairwise summation order, then
 * divided by the channel count, so the result matches librosa bit for bit. Always returns a
 * new array.
 *
 * @throws {@link FeatureParameterError} when there are no channels or their lengths differ.
 *
 * @example
 * ```ts
 * const { channels } = decodeWav(stereoBytes);
 * const mono = toMono(channels); // (left + right) / 2 per sample
 * ```
 */
export function toMono(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (first === undefined) {
    throw new FeatureParameterError('channels', 'at least one channel is needed');
  }
  if (channels.some((c) => c.length !== first.length)) {
    throw new FeatureParameterError('channels', 'all channels must have the same length');
  }
  if (channels.length === 1) return first.slice();
  const sum = pairwiseSum(channels, 0, channels.length);
  const count = channels.length;
  for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! / count;
  return sum;
}

/** Adds `b` into `a` element by element (float32 rounding at each step, as numpy). */
function addInto(a: Float32Array, b: Float32Array): Float32Array {
  for (let i = 0; i < a.length; i++) a[i] = a[i]! + b[i]!;
  return a;
}

/**
 * numpy's `pairwise_sum` over the channel axis, applied to every sample: fewer than 8 terms are
 * added in order from zero; up to 128 are added into 8 running partial sums that are combined
 * as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), the remainder added in order; longer runs are split.
 */
function pairwiseSum(channels: readonly Float32Array[], from: number, to: number): Float32Array {
  const n = to - from;
  const length = channels[from]!.length;
  if (n < 8) {
    const res = new Float32Array(length);
    for (let c = from; c < to; c++) addInto(res, channels[c]!);
    return res;
  }
  if (n <= 128) {
    const r = Array.from({ length: 8 }, (_, j) => channels[from + j]!.slice());
    let c = from + 8;
    for (; c < to - (n % 8); c += 8) for (let j = 0; j < 8; j++) addInto(r[j]!, channels[c + j]!);
    const res = addInto(
      addInto(addInto(r[0]!, r[1]!), addInto(r[2]!, r[3]!)),
      addInto(addInto(r[4]!, r[5]!), addInto(r[6]!, r[7]!)),
    );
    for (; c < to; c++) addInto(res, channels[c]!);
    return res;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return addInto(pairwiseSum(channels, from, from + half), pairwiseSum(channels, from + half, to));
}
