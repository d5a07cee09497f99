/**
 * `librosa.load` semantics over WAV bytes or samples already in memory.
 */
import { AudioFormatError, FeatureParameterError } from './errors';
import { type Float32Allocator, freshFloat32 } from './pool';
import { Resampler } from './resample';
import { asBytes, decodeWavFrames, locateWavData, sampleLayout, toMono } from './wav';

/**
 * One channel of audio and its sample rate: what {@link loadAudio} returns with `mono: true`
 * (librosa's `y, sr`).
 *
 * @example
 * ```ts
 * const { samples, sampleRate } = loadAudio(bytes); // mono at 22050 Hz
 * console.log(samples.length / sampleRate); // duration in seconds
 * ```
 */
export interface AudioSignal {
  /** The samples, float32. */
  readonly samples: Float32Array;
  /** Samples per second. */
  readonly sampleRate: number;
}

/**
 * Several channels of audio and their sample rate: what {@link loadAudio} returns with
 * `mono: false` (one array per channel, even for a mono file).
 *
 * @example
 * ```ts
 * const { channels, sampleRate } = loadAudio(bytes, { mono: false, sr: null });
 * const [left, right] = channels;
 * ```
 */
export interface MultichannelAudioSignal {
  /** One float32 array per channel, all the same length. */
  readonly channels: Float32Array[];
  /** Samples per second. */
  readonly sampleRate: number;
}

/**
 * Samples already decoded: one channel as a `Float32Array`, or several as an array of them
 * (all the same length).
 *
 * @example
 * ```ts
 * const audio: SampledAudio = { samples: [left, right], sampleRate: 48000 };
 * const mono16k = loadAudio(audio, { sr: 16000 });
 * ```
 */
export interface SampledAudio {
  /** One channel, or one array per channel. */
  readonly samples: Float32Array | readonly Float32Array[];
  /** Samples per second. */
  readonly sampleRate: number;
}

/**
 * What {@link loadAudio} reads: the bytes of a WAV file, or samples already in memory.
 *
 * @example
 * ```ts
 * const fromFile: AudioInput = await (await fetch('clip.wav')).arrayBuffer();
 * const fromMemory: AudioInput = { samples: new Float32Array(16000), sampleRate: 16000 };
 * ```
 */
export type AudioInput = Uint8Array | ArrayBuffer | SampledAudio;

/**
 * Options of {@link loadAudio}: librosa.load's, with its defaults.
 *
 * @example
 * ```ts
 * // librosa.load(path, duration=3, offset=0.5): the seed pipeline's cut
 * const seed: LoadAudioOptions = { sr: 22050, offset: 0.5, duration: 3 };
 * ```
 */
export interface LoadAudioOptions {
  /** Target sample rate; default 22050; `null` keeps the native rate. */
  readonly sr?: number | null;
  /** Mix the channels down to one (librosa `to_mono`); default `true`. */
  readonly mono?: boolean;
  /** Seconds to skip from the start; default 0. */
  readonly offset?: number;
  /** Seconds to keep after `offset`; default `null` (to the end). */
  readonly duration?: number | null;
  /** Name of the file or source, used in error messages. */
  readonly source?: string;
}

/**
 * {@link LoadAudioOptions} with defaults applied and values checked.
 *
 * @internal
 */
export interface LoadSettings {
  readonly sr: number | null;
  readonly mono: boolean;
  readonly offset: number;
  readonly duration: number | null;
  readonly source: string | undefined;
}

function nonNegative(name: string, value: number): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw new FeatureParameterError(name, `must be a finite number ≥ 0 seconds, got ${value}`);
  }
  return value;
}

/**
 * Applies librosa's defaults to `options` and checks them.
 *
 * @internal
 */
export function loadSettings(options: LoadAudioOptions): LoadSettings {
  const { sr = 22050, mono = true, offset = 0, duration = null, source } = options;
  if (sr !== null && !(typeof sr === 'number' && Number.isFinite(sr) && sr > 0)) {
    throw new FeatureParameterError('sr', `must be a positive sample rate or null, got ${sr}`);
  }
  if (typeof mono !== 'boolean') {
    throw new FeatureParameterError('mono', `must be true or false, got ${String(mono)}`);
  }
  return {
    sr,
    mono,
    offset: nonNegative('offset', offset),
    duration: duration === null ? null : nonNegative('duration', duration),
    source,
  };
}

/**
 * The frames librosa reads: `start = int(offset · sr)`, `count = int(duration · sr)` at the
 * file's own rate, limited to what the audio holds (an offset past the end gives 0 frames).
 *
 * @internal
 */
export function frameRange(
  totalFrames: number,
  sampleRate: number,
  settings: LoadSettings,
): { readonly start: number; readonly count: number } {
  const start = Math.min(Math.floor(settings.offset * sampleRate), totalFrames);
  const remaining = totalFrames - start;
  const count =
    settings.duration === null
      ? remaining
      : Math.min(Math.floor(settings.duration * sampleRate), remaining);
  return { start, count };
}

/** Resampler output slots of {@link Float32Allocator}s: after the decoded channels' slots. */
const RESAMPLED_SLOT = 1 << 16;

function resampled(
  y: Float32Array,
  sampleRate: number,
  target: number | null,
  allocate: Float32Allocator,
  slot: number,
): Float32Array {
  if (target === null || target === sampleRate) return y;
  const resampler = new Resampler(sampleRate, target);
  return resampler.processWith(y, {}, (length) => allocate(length, RESAMPLED_SLOT + slot));
}

/**
 * Mixes down (when `mono`) and resamples (when `sr` differs from the native rate) channels that
 * were already cut, as librosa.load does after reading. `channels` must be arrays the caller
 * owns: they may be returned as they are. Resampled signals come from `allocate`.
 *
 * @internal
 */
export function finishLoad(
  channels: Float32Array[],
  sampleRate: number,
  settings: LoadSettings,
  allocate: Float32Allocator = freshFloat32,
): AudioSignal | MultichannelAudioSignal {
  const outputRate = settings.sr ?? sampleRate;
  if (settings.mono) {
    const mono = channels.length === 1 ? channels[0]! : toMono(channels);
    return {
      samples: resampled(mono, sampleRate, settings.sr, allocate, 0),
      sampleRate: outputRate,
    };
  }
  return {
    channels: channels.map((channel, c) =>
      resampled(channel, sampleRate, settings.sr, allocate, c),
    ),
    sampleRate: outputRate,
  };
}

function isSampled(input: AudioInput): input is SampledAudio {
  return typeof input === 'object' && input !== null && 'samples' in input;
}

/** Checks samples given in memory and copies the frames to keep. */
function cutSampled(
  input: SampledAudio,
  settings: LoadSettings,
): { channels: Float32Array[]; sampleRate: number } {
  const { sampleRate } = input;
  if (!(typeof sampleRate === 'number' && Number.isFinite(sampleRate) && sampleRate > 0)) {
    throw new FeatureParameterError('sampleRate', `must be a positive number, got ${sampleRate}`);
  }
  const all = input.samples instanceof Float32Array ? [input.samples] : [...input.samples];
  const first = all[0];
  if (first === undefined || !all.every((c) => c instanceof Float32Array)) {
    throw new FeatureParameterError(
      'samples',
      'must be a Float32Array or a non-empty array of them',
    );
  }
  if (all.some((c) => c.length !== first.length)) {
    throw new FeatureParameterError('samples', 'all channels must have the same length');
  }
  const { start, count } = frameRange(first.length, sampleRate, settings);
  const channels = all.map((c) => c.slice(start, start + count));
  channels.forEach((channel, c) => {
    const at = channel.findIndex((x) => !Number.isFinite(x));
    if (at >= 0) {
      throw new AudioFormatError(
        'non-finite',
        `sample ${start + at} of channel ${c} is ${channel[at]}`,
        settings.source,
      );
    }
  });
  return { channels, sampleRate };
}

/**
 * Loads audio with `librosa.load` semantics: cut `offset`/`duration` at the audio's own rate
 * (`start = int(offset · sr_native)`, `frames = int(duration · sr_native)`), mix to mono (the
 * channels' float32 mean, as `librosa.to_mono`), then resample to `sr` (default 22050 Hz) with
 * {@link resample} (libsoxr HQ, output length `ceil(n · sr / sr_native)`).
 *
 * From WAV bytes only the requested frames are decoded (see {@link decodeWav} for formats and
 * the scaling, which is libsndfile's). Samples given in memory are copied, never aliased.
 *
 * Edge cases, as librosa: an offset at or past the end gives an empty signal; `duration: 0`
 * gives an empty signal; a file whose `data` chunk is cut short gives the frames that are there.
 * Unlike librosa, NaN or ±Infinity samples always throw (librosa throws only when it mixes down
 * or resamples).
 *
 * The return type follows `mono`: {@link AudioSignal} (`samples`) by default or with
 * `mono: true`, {@link MultichannelAudioSignal} (`channels`) with `mono: false`.
 *
 * @param input - WAV file bytes, or {@link SampledAudio}.
 * @param options - `sr`, `mono`, `offset`, `duration` as librosa; `source` names the input in errors.
 * @throws {@link AudioFormatError} when the bytes are not a WAV file we can decode, or a sample
 *   is not finite (`non-finite`).
 * @throws {@link FeatureParameterError} for `sr` ≤ 0, a negative or non-finite `offset` or
 *   `duration`, or malformed {@link SampledAudio}.
 *
 * @example
 * ```ts
 * // y, sr = librosa.load(path, duration=3, offset=0.5)
 * const { samples, sampleRate } = loadAudio(bytes, { offset: 0.5, duration: 3, source: path });
 * // y, sr = librosa.load(path, sr=None, mono=False)
 * const native = loadAudio(bytes, { sr: null, mono: false });
 * console.log(native.channels.length, native.sampleRate); // 2 48000
 * ```
 */
export function loadAudio(
  input: AudioInput,
  options?: LoadAudioOptions & { readonly mono?: true },
): AudioSignal;
export function loadAudio(
  input: AudioInput,
  options: LoadAudioOptions & { readonly mono: false },
): MultichannelAudioSignal;
export function loadAudio(
  input: AudioInput,
  options?: LoadAudioOptions,
): AudioSignal | MultichannelAudioSignal;
export function loadAudio(
  input: AudioInput,
  options: LoadAudioOptions = {},
): AudioSignal | MultichannelAudioSignal {
  return loadAudioWith(input, options, freshFloat32);
}

/**
 * {@link loadAudio} with the decoded and resampled arrays from `allocate` (e.g. reused scratch
 * buffers when the signal does not leave the caller).
 *
 * @internal
 */
export function loadAudioWith(
  input: AudioInput,
  options: LoadAudioOptions & { readonly mono: true },
  allocate: Float32Allocator,
): AudioSignal;
export function loadAudioWith(
  input: AudioInput,
  options: LoadAudioOptions,
  allocate: Float32Allocator,
): AudioSignal | MultichannelAudioSignal;
export function loadAudioWith(
  input: AudioInput,
  options: LoadAudioOptions,
  allocate: Float32Allocator,
): AudioSignal | MultichannelAudioSignal {
  const settings = loadSettings(options);
  if (isSampled(input)) {
    const { channels, sampleRate } = cutSampled(input, settings);
    return finishLoad(channels, sampleRate, settings, allocate);
  }
  const bytes = asBytes(input);
  const info = locateWavData(bytes, bytes.length, settings.source)!;
  const { start, count } = frameRange(info.frames, info.sampleRate, settings);
  const channels = decodeWavFrames(
    bytes,
    info.dataOffset + start * info.blockAlign,
    sampleLayout(info),
    count,
    settings.source,
    allocate,
  );
  return finishLoad(channels, info.sampleRate, settings, allocate);
}
