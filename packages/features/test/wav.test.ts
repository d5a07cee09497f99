import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataPath, describeWithData } from '../../../tools/data';
import { thrownBy } from '../../../tools/errors';
import { AudioFormatError, FeatureParameterError } from '../src/errors';
import { decodeWav, readWavInfo, toMono } from '../src/wav';
import { encodeWav, type WavSampleFormat } from '../src/wav-encode';

// ---- Hand-built files, independent of the decoder and of encodeWav ----

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

function u16(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff];
}

function u32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

/** A chunk; `pad` adds the RIFF pad byte after an odd-sized body (default true). */
function chunk(
  id: string,
  body: readonly number[],
  options: { size?: number; pad?: boolean } = {},
) {
  const padByte = body.length % 2 === 1 && options.pad !== false ? [0] : [];
  return [...ascii(id), ...u32(options.size ?? body.length), ...body, ...padByte];
}

interface Fmt {
  tag?: number;
  channels?: number;
  rate?: number;
  bits?: number;
  blockAlign?: number;
  extra?: readonly number[];
}

function fmtBody({ tag = 1, channels = 1, rate = 8000, bits = 16, blockAlign, extra = [] }: Fmt) {
  const align = blockAlign ?? Math.ceil(bits / 8) * channels;
  return [
    ...u16(tag),
    ...u16(channels),
    ...u32(rate),
    ...u32(rate * align),
    ...u16(align),
    ...u16(bits),
    ...extra,
  ];
}

/** 22-byte WAVE_FORMAT_EXTENSIBLE extension with the given GUID (16 bytes). */
function extension(bits: number, guid: readonly number[]): number[] {
  return [...u16(22), ...u16(bits), ...u32(0), ...guid];
}

const KS_TAIL = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
const ksGuid = (tag: number) => [...u32(tag), ...KS_TAIL];

function riff(chunks: readonly number[][], riffSize?: number): Uint8Array {
  const body = [...ascii('WAVE'), ...chunks.flat()];
  return Uint8Array.from([...ascii('RIFF'), ...u32(riffSize ?? body.length), ...body]);
}

function wav(fmt: Fmt, data: readonly number[]): Uint8Array {
  return riff([chunk('fmt ', fmtBody(fmt)), chunk('data', data)]);
}

const int16 = (values: readonly number[]) => values.flatMap((v) => u16(v & 0xffff));
const int24 = (values: readonly number[]) =>
  values.flatMap((v) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff]);
const int32 = (values: readonly number[]) => values.flatMap((v) => u32(v >>> 0));
const float32 = (values: readonly number[]) =>
  Array.from(new Uint8Array(Float32Array.from(values).buffer));
const float64 = (values: readonly number[]) =>
  Array.from(new Uint8Array(Float64Array.from(values).buffer));

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AudioFormatError) return error.problem;
    throw error;
  }
  throw new Error('expected an AudioFormatError');
}

const errorOf = (run: () => unknown): AudioFormatError => thrownBy(AudioFormatError, run);

describe('decodeWav sample scaling (libsndfile, read as float32)', () => {
  it('reads unsigned 8-bit as (x − 128) / 128', () => {
    const bytes = [0, 1, 127, 128, 129, 255];
    const { channels } = decodeWav(wav({ bits: 8 }, bytes));
    expect(Array.from(channels[0]!)).toEqual(bytes.map((b) => (b - 128) / 128));
  });

  it('reads 16-bit as x / 32768', () => {
    const values = [-32768, -1, 0, 1, 12345, 32767];
    const { channels, encoding, bitsPerSample } = decodeWav(wav({ bits: 16 }, int16(values)));
    expect(Array.from(channels[0]!)).toEqual(values.map((v) => v / 32768));
    expect([encoding, bitsPerSample]).toEqual(['pcm', 16]);
  });

  it('reads 24-bit as x / 8388608', () => {
    const values = [-8388608, -1, 0, 1, 4660, 8388607];
    const { channels } = decodeWav(wav({ bits: 24 }, int24(values)));
    expect(Array.from(channels[0]!)).toEqual(values.map((v) => v / 8388608));
  });

  it('reads 32-bit as float32(x) / 2147483648 (so the largest value reads as 1)', () => {
    const values = [-2147483648, -1, 0, 1, 123456789, 2147483647];
    const { channels } = decodeWav(wav({ bits: 32 }, int32(values)));
    expect(Array.from(channels[0]!)).toEqual(values.map((v) => Math.fround(v) / 2147483648));
    expect(channels[0]![5]).toBe(1);
  });

  it('reads float32 as is, even beyond ±1', () => {
    const values = [-1.5, -0.25, 0, 0.1, 1, 3.75];
    const { channels, encoding } = decodeWav(wav({ tag: 3, bits: 32 }, float32(values)));
    expect(Array.from(channels[0]!)).toEqual(values.map(Math.fround));
    expect(encoding).toBe('float');
  });

  it('rounds float64 to float32', () => {
    const values = [0.1, -1 / 3, 2.5, 1e-30];
    const { channels, bitsPerSample } = decodeWav(wav({ tag: 3, bits: 64 }, float64(values)));
    expect(Array.from(channels[0]!)).toEqual(values.map(Math.fround));
    expect(bitsPerSample).toBe(64);
  });

  it('reads 12-bit PCM in 16-bit containers as 16-bit, as libsndfile', () => {
    const values = [-32768, 16, 32752];
    const decoded = decodeWav(wav({ bits: 12, blockAlign: 2 }, int16(values)));
    expect(Array.from(decoded.channels[0]!)).toEqual(values.map((v) => v / 32768));
    expect(decoded.bitsPerSample).toBe(12);
  });

  it('repairs a zero block align, as libsndfile', () => {
    const decoded = decodeWav(wav({ channels: 2, blockAlign: 0 }, int16([1, 2, 3, 4])));
    expect(decoded.frames).toBe(2);
  });
});

describe('decodeWav channels', () => {
  it('deinterleaves any channel count', () => {
    for (const channelCount of [1, 2, 3, 5, 8]) {
      const frames = 4;
      const values = Array.from({ length: frames * channelCount }, (_, k) => k - 10);
      const { channels } = decodeWav(wav({ channels: channelCount }, int16(values)));
      expect(channels).toHaveLength(channelCount);
      channels.forEach((samples, c) => {
        const expected = Array.from({ length: frames }, (_, i) => values[i * channelCount + c]!);
        expect(Array.from(samples)).toEqual(expected.map((v) => v / 32768));
      });
    }
  });

  it('deinterleaves 24-bit and 8-bit stereo', () => {
    const s24 = decodeWav(wav({ bits: 24, channels: 2 }, int24([1, -1, 2, -2])));
    expect(Array.from(s24.channels[1]!)).toEqual([-1 / 8388608, -2 / 8388608]);
    const u8 = decodeWav(wav({ bits: 8, channels: 2 }, [0, 255, 128, 129]));
    expect(Array.from(u8.channels[0]!)).toEqual([-1, 0]);
    expect(Array.from(u8.channels[1]!)).toEqual([127 / 128, 1 / 128]);
  });
});

describe('decodeWav chunk layout', () => {
  const samples = int16([100, -200, 300, -400]);
  const expected = [100, -200, 300, -400].map((v) => v / 32768);

  it('skips chunks around data (FLLR, LIST, bext, _PMX as in the RAVDESS files)', () => {
    const bytes = riff([
      chunk('fmt ', fmtBody({})),
      chunk('FLLR', new Array(30).fill(0)),
      chunk('data', samples),
      chunk('LIST', ascii('INFOISFT')),
      chunk('bext', new Array(602).fill(32)),
      chunk('_PMX', ascii('<xml/>!')), // odd size, padded
    ]);
    expect(Array.from(decodeWav(bytes).channels[0]!)).toEqual(expected);
  });

  it('honours the pad byte after an odd-sized chunk', () => {
    const bytes = riff([
      chunk('JUNK', [1, 2, 3]),
      chunk('fmt ', fmtBody({})),
      chunk('data', samples),
    ]);
    expect(Array.from(decodeWav(bytes).channels[0]!)).toEqual(expected);
  });

  it('recovers when a writer left out the pad byte (data then starts at an odd offset)', () => {
    const bytes = riff([
      chunk('fmt ', fmtBody({})),
      chunk('JUNK', [1, 2, 3], { pad: false }),
      chunk('data', samples),
    ]);
    const info = readWavInfo(bytes);
    expect(info.dataOffset % 2).toBe(1);
    expect(Array.from(decodeWav(bytes).channels[0]!)).toEqual(expected);
  });

  it('ignores a second fmt chunk, as libsndfile', () => {
    const bytes = riff([
      chunk('fmt ', fmtBody({})),
      chunk('fmt ', fmtBody({ channels: 2, rate: 44100 })),
      chunk('data', samples),
    ]);
    const decoded = decodeWav(bytes);
    expect([decoded.sampleRate, decoded.channels.length]).toEqual([8000, 1]);
  });

  it('decodes views at any byte offset and ArrayBuffers alike', () => {
    const bytes = wav({ channels: 2, bits: 32, tag: 3 }, float32([0.5, -0.5, 0.25, -0.25]));
    const reference = decodeWav(bytes).channels;
    for (const shift of [1, 2, 3, 5]) {
      const host = new Uint8Array(bytes.length + shift);
      host.set(bytes, shift);
      expect(decodeWav(host.subarray(shift)).channels).toEqual(reference);
    }
    expect(decodeWav(bytes.slice().buffer).channels).toEqual(reference);
  });

  it('ignores a trailing partial frame', () => {
    const decoded = decodeWav(wav({ channels: 2 }, [...int16([1, 2, 3, 4]), 9, 9]));
    expect(decoded.frames).toBe(2);
  });

  it('gives 0 frames for an empty data chunk', () => {
    const decoded = decodeWav(wav({ channels: 3 }, []));
    expect(decoded.frames).toBe(0);
    expect(decoded.channels.map((c) => c.length)).toEqual([0, 0, 0]);
  });

  it('cuts a data chunk that claims more than the file holds (libsndfile) and says so', () => {
    const bytes = riff([chunk('fmt ', fmtBody({ channels: 2 })), chunk('data', [], { size: 1e6 })]);
    const withSamples = Uint8Array.from([...bytes, ...int16([1, 2, 3, 4, 5]), 7]);
    const decoded = decodeWav(withSamples);
    expect(decoded.truncated).toBe(true);
    // 11 bytes are there: 2 whole 4-byte frames.
    expect(decoded.channels.map((c) => Array.from(c))).toEqual([
      [1 / 32768, 3 / 32768],
      [2 / 32768, 4 / 32768],
    ]);
  });

  it('reads an unfinished file (data size 0, RIFF size 8) to its end, as libsndfile', () => {
    const header = riff([chunk('fmt ', fmtBody({})), chunk('data', [])], 8);
    const bytes = Uint8Array.from([...header, ...int16([5, 6, 7])]);
    expect(Array.from(decodeWav(bytes).channels[0]!)).toEqual([5, 6, 7].map((v) => v / 32768));
  });

  it('reads a streamed file whose sizes are 0xFFFFFFFF', () => {
    const header = riff(
      [chunk('fmt ', fmtBody({})), chunk('data', [], { size: 0xffffffff })],
      0xffffffff,
    );
    const bytes = Uint8Array.from([...header, ...int16([5, 6, 7])]);
    const decoded = decodeWav(bytes);
    expect(decoded.frames).toBe(3);
    expect(decoded.truncated).toBe(true);
  });
});

describe('decodeWav WAVE_FORMAT_EXTENSIBLE', () => {
  it('reads the PCM and float subformats', () => {
    const pcm = wav({ tag: 0xfffe, bits: 24, extra: extension(24, ksGuid(1)) }, int24([-4, 4]));
    expect(Array.from(decodeWav(pcm).channels[0]!)).toEqual([-4 / 8388608, 4 / 8388608]);
    expect(decodeWav(pcm).formatTag).toBe(0xfffe);
    const float = wav({ tag: 0xfffe, bits: 32, extra: extension(32, ksGuid(3)) }, float32([0.75]));
    expect(decodeWav(float)).toMatchObject({
      encoding: 'float',
      channels: [Float32Array.of(0.75)],
    });
  });

  it('reads 24-bit samples in 32-bit containers as 32-bit, as libsndfile', () => {
    const bytes = wav(
      { tag: 0xfffe, bits: 32, extra: extension(24, ksGuid(1)) },
      int32([0x12345600, -256]),
    );
    expect(Array.from(decodeWav(bytes).channels[0]!)).toEqual([0x123456 / 8388608, -1 / 8388608]);
  });

  it('reads the Ambisonic B-format subformats that libsndfile reads', () => {
    const ambisonic = [
      ...u32(1),
      ...[0x21, 0x07, 0xd3, 0x11, 0x86, 0x44, 0xc8, 0xc1, 0xca, 0x00, 0x00, 0x00],
    ];
    const bytes = wav({ tag: 0xfffe, bits: 16, extra: extension(16, ambisonic) }, int16([64]));
    expect(Array.from(decodeWav(bytes).channels[0]!)).toEqual([64 / 32768]);
  });

  it('names an unknown subformat GUID', () => {
    const guid = [...u32(1), ...new Array(12).fill(0x42)];
    const error = errorOf(() =>
      decodeWav(wav({ tag: 0xfffe, extra: extension(16, guid) }, []), { source: 'x.wav' }),
    );
    expect(error.problem).toBe('unsupported-encoding');
    expect(error.message).toContain('{00000001-4242-4242-4242-424242424242}');
  });

  it('names unsupported subformats (mu-law)', () => {
    const bytes = wav({ tag: 0xfffe, bits: 8, extra: extension(8, ksGuid(7)) }, [0]);
    expect(errorOf(() => decodeWav(bytes)).message).toContain('mu-law (format 7)');
  });

  it('refuses an extensible fmt chunk without its extension', () => {
    expect(problemOf(() => decodeWav(wav({ tag: 0xfffe, extra: u16(0) }, [])))).toBe('bad-format');
    expect(problemOf(() => decodeWav(wav({ tag: 0xfffe }, [])))).toBe('bad-format');
  });
});

describe('decodeWav errors name the source and the problem', () => {
  const good = wav({}, int16([1, 2]));

  it('prefixes the message with the source', () => {
    const error = errorOf(() =>
      decodeWav(Uint8Array.from(ascii('hello world, not audio')), { source: 'a/b.wav' }),
    );
    expect(error.source).toBe('a/b.wav');
    expect(error.message).toMatch(/^a\/b\.wav: /);
    expect(error.problem).toBe('not-riff');
  });

  it.each([
    ['an AIFF file', [...ascii('FORM'), 0, 0, 0, 4, ...ascii('AIFF')], 'not-riff', 'AIFF'],
    ['an Ogg file', [...ascii('OggS'), 0, 2, 0, 0, 0, 0, 0, 0], 'not-riff', 'Ogg'],
    ['an MP3 frame', [0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0], 'not-riff', 'MP3'],
    ['a RIFF AVI', [...ascii('RIFF'), ...u32(4), ...ascii('AVI ')], 'not-wave', 'AVI'],
    ['RIFX', [...ascii('RIFX'), ...u32(4), ...ascii('WAVE')], 'unsupported-encoding', 'RIFX'],
    ['RF64', [...ascii('RF64'), ...u32(4), ...ascii('WAVE')], 'unsupported-encoding', 'RF64'],
    ['an empty file', [], 'empty', 'empty'],
    ['a cut RIFF header', ascii('RIFF\u0004\u0000'), 'truncated', '12-byte'],
    ['two bytes of RIFF', ascii('RI'), 'truncated', '12-byte'],
    [
      'a header without chunks',
      [...ascii('RIFF'), ...u32(4), ...ascii('WAVE')],
      'missing-chunk',
      'no fmt',
    ],
  ])('%s', (_name, bytes, problem, words) => {
    const error = errorOf(() => decodeWav(Uint8Array.from(bytes)));
    expect(error.problem).toBe(problem);
    expect(error.message).toContain(words);
  });

  it('reports a missing data chunk and a data chunk before fmt', () => {
    expect(errorOf(() => decodeWav(riff([chunk('fmt ', fmtBody({}))]))).message).toContain(
      'no data chunk',
    );
    const dataFirst = riff([chunk('data', int16([1])), chunk('fmt ', fmtBody({}))]);
    expect(problemOf(() => decodeWav(dataFirst))).toBe('missing-chunk');
  });

  it('reports chunks cut by the end of the file', () => {
    expect(problemOf(() => decodeWav(good.subarray(0, 30)))).toBe('truncated');
    expect(problemOf(() => decodeWav(good.subarray(0, 40)))).toBe('truncated');
    const lyingList = riff([chunk('LIST', [1, 2], { size: 5000 }), chunk('fmt ', fmtBody({}))]);
    const error = errorOf(() => decodeWav(lyingList));
    expect(error.problem).toBe('truncated');
    expect(error.message).toContain('"LIST"');
  });

  it.each([
    [2, 'Microsoft ADPCM (format 2)'],
    [6, 'A-law (format 6)'],
    [7, 'mu-law (format 7)'],
    [0x11, 'IMA ADPCM (format 17 = 0x0011)'],
    [0x55, 'MPEG Layer 3 (format 85 = 0x0055)'],
    [0x1234, 'unknown format (format 4660 = 0x1234)'],
  ])('names unsupported encoding %i', (tag, words) => {
    const error = errorOf(() => decodeWav(wav({ tag, bits: 4 }, [0, 0]), { source: 'c.wav' }));
    expect(error.problem).toBe('unsupported-encoding');
    expect(error.message).toBe(`c.wav: unsupported WAV encoding: ${words}`);
  });

  it.each([
    ['0 channels', { channels: 0, blockAlign: 2 }, 'bad-format', '0 channels'],
    ['2000 channels', { channels: 2000, blockAlign: 4000 }, 'bad-format', '1024'],
    ['0 Hz', { rate: 0 }, 'bad-format', '0 Hz'],
    ['a wrong block align', { channels: 2, blockAlign: 3 }, 'bad-format', 'block align is 3'],
    ['24-bit in 4-byte blocks', { bits: 24, blockAlign: 4 }, 'bad-format', 'EXTENSIBLE'],
    ['0-bit PCM', { bits: 0, blockAlign: 2 }, 'bad-format', '0 bits'],
    ['40-bit PCM', { bits: 40 }, 'unsupported-encoding', '40-bit integer PCM'],
    ['16-bit float', { tag: 3, bits: 16 }, 'unsupported-encoding', '16-bit float'],
  ] as const)('refuses %s', (_name, fmt, problem, words) => {
    const error = errorOf(() => decodeWav(wav(fmt, [0, 0, 0, 0])));
    expect(error.problem).toBe(problem);
    expect(error.message).toContain(words);
  });

  it('refuses a fmt chunk shorter than 16 bytes', () => {
    const bytes = riff([chunk('fmt ', fmtBody({}).slice(0, 14)), chunk('data', [])]);
    expect(problemOf(() => decodeWav(bytes))).toBe('bad-format');
  });

  it('refuses NaN and infinities in float data, naming where', () => {
    const nan = errorOf(() =>
      decodeWav(wav({ tag: 3, bits: 32, channels: 2 }, float32([0, 0, 0, Number.NaN])), {
        source: 'n.wav',
      }),
    );
    expect(nan.problem).toBe('non-finite');
    expect(nan.message).toBe('n.wav: float WAV data holds NaN at frame 1 of channel 1');
    const inf = () => decodeWav(wav({ tag: 3, bits: 32 }, float32([Number.NEGATIVE_INFINITY])));
    expect(problemOf(inf)).toBe('non-finite');
    // A finite float64 beyond float32's range becomes Infinity, as librosa would see it.
    expect(problemOf(() => decodeWav(wav({ tag: 3, bits: 64 }, float64([1e300]))))).toBe(
      'non-finite',
    );
  });

  it('checks start and frames', () => {
    for (const bad of [-1, 1.5, Number.NaN]) {
      expect(() => decodeWav(good, { start: bad })).toThrow(FeatureParameterError);
      expect(() => decodeWav(good, { frames: bad })).toThrow(FeatureParameterError);
    }
  });
});

describe('decodeWav ranges and readWavInfo', () => {
  const values = Array.from({ length: 30 }, (_, k) => k * 100 - 1500);
  const bytes = wav({ channels: 3 }, int16(values));

  it('decodes exactly the frames of the requested range', () => {
    const all = decodeWav(bytes).channels;
    for (const [start, frames] of [
      [0, 10],
      [3, 4],
      [9, 5],
      [12, 0],
      [4, undefined],
    ] as const) {
      const part = decodeWav(bytes, frames === undefined ? { start } : { start, frames });
      const end = frames === undefined ? undefined : start + frames;
      expect(part.channels).toEqual(all.map((c) => c.slice(start, end)));
      expect(part.frames).toBe(part.channels[0]!.length);
    }
  });

  it('gives 0 frames from a start past the end', () => {
    expect(decodeWav(bytes, { start: 1000 }).frames).toBe(0);
  });

  it('describes the file without decoding it', () => {
    expect(readWavInfo(bytes, { source: 'x.wav' })).toEqual({
      sampleRate: 8000,
      channelCount: 3,
      bitsPerSample: 16,
      encoding: 'pcm',
      formatTag: 1,
      blockAlign: 6,
      dataOffset: 44,
      frames: 10,
      truncated: false,
    });
  });
});

describe('encodeWav → decodeWav round trips', () => {
  const formats: WavSampleFormat[] = ['pcm8', 'pcm16', 'pcm24', 'pcm32', 'float32', 'float64'];
  const bits: Record<WavSampleFormat, number> = {
    pcm8: 8,
    pcm16: 16,
    pcm24: 24,
    pcm32: 32,
    float32: 32,
    float64: 64,
  };

  /** Values on the decoder's grid for `format` (k / 2^(bits−1)), including both extremes. */
  function gridSignal(format: WavSampleFormat, length: number, seed: number): Float32Array {
    const isFloat = format.startsWith('float');
    // pcm32 values above 2^24 are not float32; use a coarser grid that is.
    const scale = isFloat ? 2 ** 20 : 2 ** (Math.min(bits[format], 24) - 1);
    return Float32Array.from({ length }, (_, n) => {
      if (n === 0) return -1;
      if (n === 1 && !isFloat) return (scale - 1) / scale;
      const k = Math.round(Math.sin(n * 12.9898 + seed) * 43758.5453 * scale) % scale;
      return (k || 0) / scale; // no −0: integer PCM has a single zero
    });
  }

  for (const format of formats) {
    for (const extensible of [false, true]) {
      it(`${format}${extensible ? ' (extensible)' : ''}, 1–7 channels`, () => {
        for (const channelCount of [1, 2, 3, 7]) {
          const frames = 37;
          const input = Array.from({ length: channelCount }, (_, c) =>
            gridSignal(format, frames, c),
          );
          const bytes = encodeWav(input, { sampleRate: 16000, format, extensible });
          const decoded = decodeWav(bytes);
          expect(decoded.channels).toEqual(input);
          expect(decoded).toMatchObject({
            sampleRate: 16000,
            frames,
            bitsPerSample: bits[format],
            encoding: format.startsWith('float') ? 'float' : 'pcm',
            formatTag: extensible ? 0xfffe : format.startsWith('float') ? 3 : 1,
            truncated: false,
          });
          // Decoded samples re-encode to the same bytes.
          expect(encodeWav(decoded.channels, { sampleRate: 16000, format, extensible })).toEqual(
            bytes,
          );
        }
      });
    }
  }

  it('integer formats round to the nearest step', () => {
    const x = Float32Array.of(0.30001, -0.70001);
    for (const format of ['pcm8', 'pcm16', 'pcm24'] as const) {
      const step = 2 ** -(bits[format] - 1);
      const back = decodeWav(encodeWav([x], { sampleRate: 8000, format })).channels[0]!;
      const errors = Array.from(back, (y, i) => Math.abs(y - x[i]!));
      expect(Math.max(...errors)).toBeLessThanOrEqual(step / 2);
    }
  });
});

describe('toMono (librosa.to_mono)', () => {
  const wave = (length: number, phase: number) =>
    Float32Array.from({ length }, (_, n) => Math.sin(n * 0.37 + phase) * 0.8);

  it('is the float32 mean of two channels, exactly', () => {
    const left = wave(1000, 0);
    const right = wave(1000, 1.3);
    const mono = toMono([left, right]);
    const expected = left.map((l, i) => Math.fround(Math.fround(l + right[i]!) / 2));
    expect(mono).toEqual(expected);
  });

  it('sums up to seven channels in order in float32, as numpy', () => {
    const channels = [0, 1, 2, 3, 4, 5, 6].map((c) => wave(500, c * 0.9));
    const mono = toMono(channels);
    mono.forEach((y, i) => {
      let sum = 0;
      for (const channel of channels) sum = Math.fround(sum + channel[i]!);
      expect(y).toBe(Math.fround(sum / channels.length));
    });
  });

  it('stays within float32 rounding of the exact mean for many channels', () => {
    for (const count of [8, 9, 20, 200]) {
      const channels = Array.from({ length: count }, (_, c) => wave(50, c * 0.31));
      const mono = toMono(channels);
      mono.forEach((y, i) => {
        const exact = channels.reduce((s, ch) => s + ch[i]!, 0) / count;
        expect(Math.abs(y - exact)).toBeLessThan(1e-6);
      });
    }
  });

  it('copies a single channel', () => {
    const only = wave(10, 0);
    const mono = toMono([only]);
    expect(mono).toEqual(only);
    expect(mono).not.toBe(only);
  });

  it('refuses no channels and channels of different lengths', () => {
    expect(() => toMono([])).toThrow(FeatureParameterError);
    expect(() => toMono([new Float32Array(3), new Float32Array(4)])).toThrow(FeatureParameterError);
  });
});

describeWithData(
  'decodeWav on the original RAVDESS files',
  dataPath('wav-fixtures'),
  'wav-fixtures',
  (dir) => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.wav'));

    it('finds the four fixtures', () => {
      expect(files).toHaveLength(4);
    });

    for (const file of files) {
      it(`${file}: header arithmetic and every sample`, () => {
        const bytes = readFileSync(join(dir, file));
        // Independent reading: fmt sits at byte 12 in these files, data is found by its id.
        expect(bytes.toString('latin1', 12, 16)).toBe('fmt ');
        const channelCount = bytes.readUInt16LE(22);
        const sampleRate = bytes.readUInt32LE(24);
        const blockAlign = bytes.readUInt16LE(32);
        const dataId = bytes.indexOf('data', 36, 'latin1');
        const dataSize = bytes.readUInt32LE(dataId + 4);
        expect(dataId + 8 + dataSize).toBeLessThanOrEqual(bytes.length);

        const decoded = decodeWav(bytes, { source: file });
        expect(decoded.sampleRate).toBe(48000);
        expect(sampleRate).toBe(48000);
        expect(decoded.channels).toHaveLength(channelCount);
        expect(decoded.frames).toBe(Math.floor(dataSize / blockAlign));
        expect(decoded).toMatchObject({ bitsPerSample: 16, encoding: 'pcm', truncated: false });
        for (let c = 0; c < channelCount; c++) {
          const samples = decoded.channels[c]!;
          expect(samples).toHaveLength(decoded.frames);
          for (let i = 0; i < decoded.frames; i++) {
            const raw = bytes.readInt16LE(dataId + 8 + i * blockAlign + 2 * c);
            if (samples[i] !== raw / 32768) throw new Error(`${file}: sample ${i}/${c} differs`);
          }
        }
      });
    }

    it('two of them are stereo', () => {
      const counts = files.map((f) => readWavInfo(readFileSync(join(dir, f))).channelCount);
      expect(counts.sort()).toEqual([1, 1, 2, 2]);
    });
  },
);
