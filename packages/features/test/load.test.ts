import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { dataPath, describeWithData } from '../../../tools/data';
import { AudioFormatError, FeatureParameterError } from '../src/errors';
import {
  type AudioSignal,
  type LoadAudioOptions,
  loadAudio,
  type MultichannelAudioSignal,
} from '../src/load';
import { resample } from '../src/resample';
import { decodeWav, toMono } from '../src/wav';
import { encodeWav } from '../src/wav-encode';

/**
 * Asserts bit-identical samples. Long arrays are compared as bytes (vitest's deep equality is
 * slow on them); on a difference the first differing sample is reported.
 */
function expectSameSamples(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  if (bytes(actual).equals(bytes(expected))) return;
  const at = actual.findIndex((x, i) => !Object.is(x, expected[i]));
  expect({ at, sample: actual[at] }).toEqual({ at, sample: expected[at] });
}

/** A ramp whose value tells which frame it came from: frame k holds k / 2^20. */
function ramp(length: number, channel = 0): Float32Array {
  return Float32Array.from({ length }, (_, k) => (k + channel * 1000) / 2 ** 20);
}

/** The frame index a ramp sample came from. */
const frameOf = (x: number) => Math.round(x * 2 ** 20);

describe('loadAudio cuts offset/duration at the native rate (librosa int())', () => {
  it('the seed cut: offset 0.5 s, duration 3 s of a 24414 Hz clip', () => {
    const audio = { samples: ramp(100_000), sampleRate: 24414 };
    const { samples, sampleRate } = loadAudio(audio, { sr: null, offset: 0.5, duration: 3 });
    expect(sampleRate).toBe(24414);
    expect(samples).toHaveLength(73242); // int(3 * 24414)
    expect(frameOf(samples[0]!)).toBe(12207); // int(0.5 * 24414)
    expect(frameOf(samples.at(-1)!)).toBe(12207 + 73242 - 1);
  });

  it('truncates offset·sr and duration·sr toward zero', () => {
    const audio = { samples: ramp(5000), sampleRate: 1000 };
    const { samples } = loadAudio(audio, { sr: null, offset: 1 / 3, duration: 0.9999 });
    expect(frameOf(samples[0]!)).toBe(333);
    expect(samples).toHaveLength(999);
    // 0.1 · 22050 = 2205.0000000000005 in floating point: still frame 2205, as in Python.
    const at22k = loadAudio({ samples: ramp(5000), sampleRate: 22050 }, { sr: null, offset: 0.1 });
    expect(frameOf(at22k.samples[0]!)).toBe(Math.floor(0.1 * 22050));
  });

  it('keeps what is there when duration runs past the end', () => {
    const { samples } = loadAudio(
      { samples: ramp(1000), sampleRate: 100 },
      { sr: null, offset: 9, duration: 5 },
    );
    expect(Array.from(samples, frameOf)).toEqual(Array.from({ length: 100 }, (_, k) => 900 + k));
  });

  it('gives an empty signal for an offset at or past the end, and for duration 0', () => {
    const audio = { samples: ramp(1000), sampleRate: 100 };
    for (const options of [
      { offset: 10 },
      { offset: 11.5 },
      { duration: 0 },
      { offset: 3, duration: 0 },
    ]) {
      expect(loadAudio(audio, { sr: null, ...options }).samples).toHaveLength(0);
      expect(loadAudio(audio, options).samples).toHaveLength(0); // resampling nothing is nothing
    }
  });

  it('cuts every channel alike with mono: false', () => {
    const audio = { samples: [ramp(500, 0), ramp(500, 1)], sampleRate: 100 };
    const { channels } = loadAudio(audio, { sr: null, mono: false, offset: 1, duration: 2 });
    expect(channels.map((c) => [c.length, frameOf(c[0]!)])).toEqual([
      [200, 100],
      [200, 1100],
    ]);
  });
});

describe('loadAudio mono and sample rate', () => {
  const left = Float32Array.from({ length: 2400 }, (_, n) => Math.sin(n / 7) * 0.5);
  const right = Float32Array.from({ length: 2400 }, (_, n) => Math.cos(n / 5) * 0.25);

  it('mixes down with toMono by default', () => {
    const { samples } = loadAudio({ samples: [left, right], sampleRate: 24000 }, { sr: null });
    expect(samples).toEqual(toMono([left, right]));
  });

  it('keeps the channels with mono: false, one array per channel even for mono input', () => {
    const stereo = loadAudio(
      { samples: [left, right], sampleRate: 24000 },
      { sr: null, mono: false },
    );
    expect(stereo.channels).toEqual([left, right]);
    const single = loadAudio({ samples: left, sampleRate: 24000 }, { sr: null, mono: false });
    expect(single.channels).toEqual([left]);
  });

  it('resamples to 22050 Hz by default: ceil(n · 22050 / 24000) samples, as resample gives', () => {
    const { samples, sampleRate } = loadAudio({ samples: left, sampleRate: 24000 });
    expect(sampleRate).toBe(22050);
    expect(samples).toHaveLength(Math.ceil((2400 * 22050) / 24000));
    expect(samples).toEqual(resample(left, { origSr: 24000, targetSr: 22050 }));
  });

  it('resamples after cutting and mixing down', () => {
    const options = { sr: 16000, offset: 0.01, duration: 0.05 };
    const { samples } = loadAudio({ samples: [left, right], sampleRate: 24000 }, options);
    const cut = [left, right].map((c) => c.slice(240, 240 + 1200));
    expect(samples).toEqual(resample(toMono(cut), { origSr: 24000, targetSr: 16000 }));
  });

  it('does not resample when sr equals the native rate or is null', () => {
    for (const sr of [24000, null]) {
      const { samples, sampleRate } = loadAudio({ samples: left, sampleRate: 24000 }, { sr });
      expect(sampleRate).toBe(24000);
      expect(samples).toEqual(left);
    }
  });

  it('never aliases samples given in memory', () => {
    const input = left.slice();
    const { samples } = loadAudio({ samples: input, sampleRate: 24000 }, { sr: null });
    samples[0] = 42;
    expect(input).toEqual(left);
  });

  it('types the result after the mono option', () => {
    const audio = { samples: left, sampleRate: 24000 };
    expectTypeOf(loadAudio(audio)).toEqualTypeOf<AudioSignal>();
    expectTypeOf(loadAudio(audio, { mono: true })).toEqualTypeOf<AudioSignal>();
    expectTypeOf(loadAudio(audio, { mono: false })).toEqualTypeOf<MultichannelAudioSignal>();
    const options: LoadAudioOptions = {};
    expectTypeOf(loadAudio(audio, options)).toEqualTypeOf<AudioSignal | MultichannelAudioSignal>();
  });
});

describe('loadAudio from WAV bytes', () => {
  const channels = [ramp(3000, 0), ramp(3000, 1)];
  const bytes = encodeWav(channels, { sampleRate: 8000, format: 'float32' });

  it('decodes only the frames asked for, as the decoded samples would be cut', () => {
    for (const options of [
      { sr: null, mono: false, offset: 0.1, duration: 0.2 },
      { sr: null, mono: false },
      { sr: null, mono: false, offset: 0.37 },
    ] as const) {
      const fromBytes = loadAudio(bytes, options);
      const fromSamples = loadAudio({ samples: channels, sampleRate: 8000 }, options);
      expect(fromBytes).toEqual(fromSamples);
    }
    const cut = loadAudio(bytes, { sr: null, mono: false, offset: 0.1, duration: 0.2 });
    expect(cut.channels.map((c) => [c.length, frameOf(c[0]!)])).toEqual([
      [1600, 800],
      [1600, 1800],
    ]);
  });

  it('accepts an ArrayBuffer', () => {
    const fromBuffer = loadAudio(bytes.slice().buffer, { sr: null });
    expect(fromBuffer).toEqual(loadAudio(bytes, { sr: null }));
  });

  it('names the source in format errors', () => {
    const broken = bytes.slice(0, 20);
    expect(() => loadAudio(broken, { source: 'clip.wav' })).toThrow(/^clip\.wav: /);
    expect(() => loadAudio(broken)).toThrow(AudioFormatError);
  });

  it('rejects NaN samples in the part it reads, naming the source', () => {
    const withNan = channels.map((c) => c.slice());
    withNan[1]![2000] = Number.NaN;
    const nanBytes = encodeWav(withNan, { sampleRate: 8000, format: 'float32' });
    expect(() => loadAudio(nanBytes, { source: 'nan.wav' })).toThrow(
      'nan.wav: float WAV data holds NaN at frame 2000 of channel 1',
    );
    // Like librosa, a cut that does not reach the NaN loads.
    expect(loadAudio(nanBytes, { duration: 0.1 }).samples.length).toBeGreaterThan(0);
  });
});

describe('loadAudio checks its options and input', () => {
  const audio = { samples: new Float32Array(100), sampleRate: 100 };

  it.each([
    ['sr', { sr: 0 }],
    ['sr', { sr: -22050 }],
    ['sr', { sr: Number.NaN }],
    ['sr', { sr: Number.POSITIVE_INFINITY }],
    ['offset', { offset: -0.5 }],
    ['offset', { offset: Number.NaN }],
    ['duration', { duration: -1 }],
    ['duration', { duration: Number.POSITIVE_INFINITY }],
  ] as const)('%s: %o', (parameter, options) => {
    try {
      loadAudio(audio, options as LoadAudioOptions);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FeatureParameterError);
      expect((error as FeatureParameterError).parameter).toBe(parameter);
    }
  });

  it('refuses malformed samples in memory', () => {
    const bad = [
      { samples: [], sampleRate: 100 },
      { samples: [new Float32Array(3), new Float32Array(4)], sampleRate: 100 },
      { samples: new Float32Array(3), sampleRate: 0 },
      { samples: new Float32Array(3), sampleRate: Number.NaN },
    ];
    for (const input of bad) expect(() => loadAudio(input)).toThrow(FeatureParameterError);
  });

  it('refuses non-finite samples in memory with a non-finite AudioFormatError', () => {
    const samples = Float32Array.of(0, 0.5, Number.POSITIVE_INFINITY, 0);
    try {
      loadAudio({ samples, sampleRate: 4 }, { sr: null, source: 'mic' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AudioFormatError);
      expect((error as AudioFormatError).problem).toBe('non-finite');
      expect((error as AudioFormatError).message).toBe('mic: sample 2 of channel 0 is Infinity');
    }
    // Outside the cut, it does not matter.
    expect(loadAudio({ samples, sampleRate: 4 }, { sr: null, duration: 0.5 }).samples).toEqual(
      Float32Array.of(0, 0.5),
    );
  });
});

describeWithData(
  'loadAudio on the original 48 kHz RAVDESS files',
  dataPath('wav-fixtures'),
  'wav-fixtures',
  (dir) => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.wav'));
    const stereo = files.filter((f) => decodeWav(readFileSync(join(dir, f))).channels.length === 2);

    it('mixes the stereo files to (left + right) / 2 in float32', () => {
      expect(stereo).toHaveLength(2);
      for (const file of stereo) {
        const bytes = readFileSync(join(dir, file));
        const [left, right] = decodeWav(bytes).channels as [Float32Array, Float32Array];
        const { samples, sampleRate } = loadAudio(bytes, { sr: null, source: file });
        expect(sampleRate).toBe(48000);
        expectSameSamples(
          samples,
          left.map((l, i) => (l + right[i]!) / 2),
        );
      }
    });

    it('the seed cut at 48 kHz: 144000 frames from frame 24000, then 66150 at 22050 Hz', () => {
      for (const file of files) {
        const bytes = readFileSync(join(dir, file));
        const whole = toMono(decodeWav(bytes).channels);
        const native = loadAudio(bytes, { sr: null, offset: 0.5, duration: 3, source: file });
        expectSameSamples(native.samples, whole.slice(24000, 24000 + 144000));
        const seed = loadAudio(bytes, { offset: 0.5, duration: 3, source: file });
        expect(seed.sampleRate).toBe(22050);
        expect(seed.samples).toHaveLength(66150);
        expectSameSamples(
          seed.samples,
          resample(native.samples, { origSr: 48000, targetSr: 22050 }),
        );
      }
    });
  },
);

describeWithData(
  'loadAudio on RAVDESS at 24 kHz',
  dataPath('ravdess-24k', 'Actor_01'),
  'ravdess-24k',
  (dir) => {
    it('loads the seed cut of a few files with the lengths librosa gives', () => {
      for (const file of readdirSync(dir)
        .filter((f) => f.endsWith('.wav'))
        .slice(0, 4)) {
        const bytes = readFileSync(join(dir, file));
        const decoded = decodeWav(bytes, { source: file });
        expect([decoded.sampleRate, decoded.channels.length, decoded.bitsPerSample]).toEqual([
          24000, 1, 16,
        ]);
        const frames = Math.min(72000, decoded.frames - 12000);
        const { samples } = loadAudio(bytes, { offset: 0.5, duration: 3, source: file });
        expect(samples).toHaveLength(Math.ceil((frames * 22050) / 24000));
      }
    });
  },
);
