import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AudioFormatError } from '../src/errors';
import { type DecodedWav, decodeWav, locateWavData } from '../src/wav';
import { encodeWav, type WavSampleFormat } from '../src/wav-encode';

/**
 * Decodes `bytes`; returns the result, `undefined` for an AudioFormatError, and lets any other
 * error escape (which fails the property).
 */
function decodeOrReject(bytes: Uint8Array): DecodedWav | undefined {
  try {
    return decodeWav(bytes, { source: 'fuzz.wav' });
  } catch (error) {
    if (error instanceof AudioFormatError) {
      expect(error.message.startsWith('fuzz.wav: ')).toBe(true);
      return undefined;
    }
    throw error;
  }
}

/** What every successful decode must satisfy, whatever the input. */
function checkInvariants(bytes: Uint8Array, decoded: DecodedWav): void {
  expect(decoded.channels.length).toBeGreaterThanOrEqual(1);
  expect(decoded.sampleRate).toBeGreaterThan(0);
  const width = Math.ceil(decoded.bitsPerSample / 8);
  // Never more samples than the bytes can hold.
  expect(decoded.frames * width * decoded.channels.length).toBeLessThanOrEqual(bytes.length);
  for (const channel of decoded.channels) {
    expect(channel.length).toBe(decoded.frames);
    for (const x of channel) {
      if (!Number.isFinite(x)) throw new Error(`non-finite sample ${x} escaped`);
      if (decoded.encoding === 'pcm' && Math.abs(x) > 1) throw new Error(`PCM sample ${x} > 1`);
    }
  }
}

const formats: WavSampleFormat[] = ['pcm8', 'pcm16', 'pcm24', 'pcm32', 'float32', 'float64'];

/** A valid WAV file of random format, channel count, length and content. */
const validWav = fc
  .record({
    format: fc.constantFrom(...formats),
    extensible: fc.boolean(),
    channelCount: fc.integer({ min: 1, max: 6 }),
    frames: fc.integer({ min: 0, max: 40 }),
    sampleRate: fc.integer({ min: 1, max: 192000 }),
    seed: fc.integer(),
  })
  .map(({ format, extensible, channelCount, frames, sampleRate, seed }) => {
    const channels = Array.from({ length: channelCount }, (_, c) =>
      Float32Array.from({ length: frames }, (_, n) => Math.sin(seed + n * 1.7 + c) * 0.9),
    );
    return encodeWav(channels, { sampleRate, format, extensible });
  });

/** Byte positions of the sizes a lying header would get wrong: RIFF, fmt and data sizes. */
function sizeFieldOffsets(bytes: Uint8Array): number[] {
  const fmtSize = new DataView(bytes.buffer).getUint32(16, true);
  return [4, 16, 20 + fmtSize + 4];
}

const runs = { numRuns: 400 };

describe('decodeWav never fails in any other way than AudioFormatError', () => {
  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const decoded = decodeOrReject(bytes);
        if (decoded !== undefined) checkInvariants(bytes, decoded);
      }),
      runs,
    );
  });

  it('random chunk soup after a RIFF/WAVE header', () => {
    const id = fc.constantFrom('fmt ', 'data', 'LIST', 'JUNK', 'fact', '\u0000\u0001ab');
    const fmtLike = fc.record({
      tag: fc.constantFrom(1, 3, 2, 6, 7, 0xfffe, 0),
      channels: fc.integer({ min: 0, max: 2000 }),
      rate: fc.constantFrom(0, 1, 8000, 0xffffffff),
      bits: fc.constantFrom(0, 1, 8, 12, 16, 24, 32, 40, 64),
      blockAlign: fc.option(fc.integer({ min: 0, max: 0xffff })),
      rest: fc.uint8Array({ maxLength: 30 }),
    });
    const chunkBytes = fc
      .record({
        id,
        body: fc.uint8Array({ maxLength: 64 }),
        fmt: fmtLike,
        lie: fc.option(fc.nat()),
      })
      .map(({ id: chunkId, body, fmt, lie }) => {
        let content = body;
        if (chunkId === 'fmt ') {
          const head = new Uint8Array(16);
          const view = new DataView(head.buffer);
          view.setUint16(0, fmt.tag, true);
          view.setUint16(2, Math.min(fmt.channels, 0xffff), true);
          view.setUint32(4, fmt.rate, true);
          const consistent = Math.ceil(fmt.bits / 8) * fmt.channels;
          view.setUint16(12, (fmt.blockAlign ?? consistent) & 0xffff, true);
          view.setUint16(14, fmt.bits, true);
          content = new Uint8Array([...head, ...fmt.rest]);
        }
        const out = new Uint8Array(8 + content.length + (content.length % 2));
        out.set(Array.from(chunkId, (c) => c.charCodeAt(0)));
        new DataView(out.buffer).setUint32(4, lie ?? content.length, true);
        out.set(content, 8);
        return out;
      });
    fc.assert(
      fc.property(fc.array(chunkBytes, { maxLength: 5 }), (chunks) => {
        const body = chunks.flatMap((c) => Array.from(c));
        const bytes = new Uint8Array([
          ...Array.from('RIFF', (c) => c.charCodeAt(0)),
          ...[0, 0, 0, 0],
          ...Array.from('WAVE', (c) => c.charCodeAt(0)),
          ...body,
        ]);
        const decoded = decodeOrReject(bytes);
        if (decoded !== undefined) checkInvariants(bytes, decoded);
      }),
      runs,
    );
  });

  it('valid files with flipped bytes', () => {
    fc.assert(
      fc.property(
        validWav,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (original, flips) => {
          const bytes = original.slice();
          for (const [position, value] of flips) bytes[position % bytes.length] = value;
          const decoded = decodeOrReject(bytes);
          if (decoded !== undefined) checkInvariants(bytes, decoded);
        },
      ),
      runs,
    );
  });

  it('valid files with lying size fields', () => {
    const size = fc.oneof(
      fc.constantFrom(0, 1, 2, 3, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff),
      fc.nat(),
      fc.integer({ min: 0, max: 200 }),
    );
    fc.assert(
      fc.property(validWav, fc.nat({ max: 2 }), size, (original, field, value) => {
        const bytes = original.slice();
        new DataView(bytes.buffer).setUint32(sizeFieldOffsets(original)[field]!, value >>> 0, true);
        const decoded = decodeOrReject(bytes);
        if (decoded !== undefined) checkInvariants(bytes, decoded);
      }),
      runs,
    );
  });

  it('valid files cut anywhere decode to a prefix of the whole, or are refused as truncated', () => {
    fc.assert(
      fc.property(validWav, fc.nat(), (original, cut) => {
        const whole = decodeWav(original);
        const length = cut % (original.length + 1);
        const bytes = original.subarray(0, length);
        const decoded = decodeOrReject(bytes);
        const dataStart = 28 + new DataView(original.buffer).getUint32(16, true);
        if (length >= dataStart) {
          expect(decoded).toBeDefined();
          checkInvariants(bytes, decoded!);
          expect(decoded!.channels).toEqual(
            whole.channels.map((c) => c.subarray(0, decoded!.frames)),
          );
          expect(decoded!.truncated).toBe(decoded!.frames < whole.frames);
        } else {
          expect(decoded).toBeUndefined();
        }
      }),
      runs,
    );
  });
});

describe('locateWavData on a prefix (how loadAudioFile reads a header)', () => {
  it('either asks for more bytes or agrees with the whole file', () => {
    const withJunk = validWav.chain((bytes) =>
      fc.tuple(fc.constant(bytes), fc.integer({ min: 0, max: 40 }), fc.boolean()),
    );
    fc.assert(
      fc.property(withJunk, fc.nat(), ([valid, junkSize, pad], cut) => {
        // Put a JUNK chunk (odd sizes with or without the pad byte) between fmt and data.
        const fmtEnd = 20 + new DataView(valid.buffer).getUint32(16, true);
        const junk = new Uint8Array(8 + junkSize + (pad ? junkSize % 2 : 0));
        junk.set([0x4a, 0x55, 0x4e, 0x4b]);
        new DataView(junk.buffer).setUint32(4, junkSize, true);
        const file = new Uint8Array([
          ...valid.subarray(0, fmtEnd),
          ...junk,
          ...valid.subarray(fmtEnd),
        ]);
        let whole: ReturnType<typeof locateWavData> | AudioFormatError;
        try {
          whole = locateWavData(file, file.length, 'f.wav');
        } catch (error) {
          if (!(error instanceof AudioFormatError)) throw error;
          whole = error;
        }
        const prefix = file.subarray(0, cut % (file.length + 1));
        try {
          const partial = locateWavData(prefix, file.length, 'f.wav');
          if (partial !== undefined) expect(partial).toEqual(whole);
        } catch (error) {
          expect(error).toBeInstanceOf(AudioFormatError);
          expect(whole).toBeInstanceOf(AudioFormatError);
          expect((error as AudioFormatError).message).toBe((whole as AudioFormatError).message);
        }
      }),
      runs,
    );
  });
});
