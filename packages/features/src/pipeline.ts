import { delta } from './delta';
import { FeatureParameterError } from './errors';
import { type AudioInput, loadAudioWith } from './load';
import { logMelSpectrogram } from './log-mel';
import type { Matrix } from './matrix';
import { mfcc, mfccMean } from './mfcc';
import type { PadMode } from './pad';
import { pooledFloat32 } from './pool';

/**
 * How the signal is loaded before any feature (librosa.load's cut and rate): `offset` and
 * `duration` are cut at the audio's native rate, then it is resampled to `sr`.
 *
 * @example
 * ```ts
 * const seedLoad: LoadConfig = { sr: 22050, offset: 0.5, duration: 3 };
 * ```
 */
export interface LoadConfig {
  /** Target sample rate in Hz. */
  readonly sr: number;
  /** Seconds skipped at the start. */
  readonly offset: number;
  /** Seconds kept after `offset`, or null for the rest. */
  readonly duration: number | null;
}

/**
 * The STFT and mel parameters every feature kind shares (librosa names).
 *
 * @example
 * ```ts
 * const { nFft, hopLength, nMels } = resolveFeatureConfig({ kind: 'log-mel-sequence' }); // 2048, 512, 128
 * ```
 */
export interface SpectralConfig {
  readonly nFft: number;
  readonly hopLength: number;
  readonly winLength: number;
  readonly window: 'hann';
  readonly center: boolean;
  readonly padMode: PadMode;
  /** Exponent of the magnitude before the mel filters (2 = power). */
  readonly power: number;
  readonly nMels: number;
  readonly fmin: number;
  /** Highest mel edge in Hz; null = `sr/2`. */
  readonly fmax: number | null;
  readonly htk: boolean;
  readonly melNorm: 'slaney' | null;
  /** `power_to_db` clamp below the global maximum, in dB; null = none. */
  readonly topDb: number | null;
}

/**
 * Mean over frames of the MFCCs (the seed notebook's feature): shape `[nMfcc, 1]`.
 *
 * @example
 * ```ts
 * const seed = resolveFeatureConfig({ kind: 'mfcc-mean', offset: 0.5, duration: 3, nMfcc: 40 });
 * ```
 */
export interface MfccMeanConfig extends LoadConfig, SpectralConfig {
  readonly kind: 'mfcc-mean';
  readonly nMfcc: number;
  readonly lifter: number;
}

/**
 * MFCCs per frame, optionally with deltas: shape `[frames, nMfcc·(1 + deltas)]`, frame-major.
 *
 * @example
 * ```ts
 * const withDeltas = resolveFeatureConfig({ kind: 'mfcc-sequence', nMfcc: 13, deltas: 2 }); // 39 values per frame
 * ```
 */
export interface MfccSequenceConfig extends LoadConfig, SpectralConfig {
  readonly kind: 'mfcc-sequence';
  readonly nMfcc: number;
  readonly lifter: number;
  /** 0 = MFCC only, 1 = + delta, 2 = + delta and delta-delta (librosa `feature.delta`). */
  readonly deltas: 0 | 1 | 2;
  /** Savitzky–Golay window of the deltas (odd ≥ 3, ≤ frames). */
  readonly deltaWidth: number;
}

/**
 * Utterance statistics: the mean and the (population) standard deviation over frames of the
 * MFCCs and their deltas, shape `[1, 2·nMfcc·(1 + deltas)]` — every mean first, then every
 * standard deviation, in the column order of `'mfcc-sequence'`. Deltas are computed over the
 * whole sequence; the statistics then skip the frames whose mean log-mel level (dB) is more
 * than `trimDb` below the loudest frame's (leading and trailing silence, pauses), so the length
 * of the silence around the speech does not change them. A fixed-size vector: the input of a
 * small dense network (the `statistics-mlp` preset of @ser/model) or of any classic classifier.
 *
 * @example
 * ```ts
 * const stats = resolveFeatureConfig({ kind: 'mfcc-statistics', nMfcc: 40, deltas: 2, trimDb: 30 });
 * featureShape(stats); // [1, 240]
 * ```
 */
export interface MfccStatisticsConfig extends LoadConfig, SpectralConfig {
  readonly kind: 'mfcc-statistics';
  readonly nMfcc: number;
  readonly lifter: number;
  /** 0 = MFCC only, 1 = + delta, 2 = + delta and delta-delta (librosa `feature.delta`). */
  readonly deltas: 0 | 1 | 2;
  /** Savitzky–Golay window of the deltas (odd ≥ 3, ≤ frames). */
  readonly deltaWidth: number;
  /**
   * Frames quieter than the loudest frame by more than this (dB of mean log-mel level) are left
   * out of the statistics; null = every frame counts. Default 30.
   */
  readonly trimDb: number | null;
}

/**
 * Log-power mel spectrogram per frame (dB): shape `[frames, nMels]`, frame-major.
 *
 * @example
 * ```ts
 * const logMel = resolveFeatureConfig({ kind: 'log-mel-sequence', sr: 16000, nFft: 512, hopLength: 160, nMels: 64 });
 * ```
 */
export interface LogMelSequenceConfig extends LoadConfig, SpectralConfig {
  readonly kind: 'log-mel-sequence';
}

/**
 * The complete, serialisable description of a feature: how audio is loaded and what is
 * computed from it. Stored in datasets' caches and model bundles, and read by the runtime, so
 * training and inference compute the same numbers. Every field is explicit; build one from a
 * partial description with {@link resolveFeatureConfig}.
 *
 * @example
 * ```ts
 * const config: FeatureConfig = resolveFeatureConfig({ kind: 'mfcc-sequence', sr: 16000, nMfcc: 13, deltas: 2 });
 * const json = JSON.stringify(config); // store it next to the model
 * ```
 */
export type FeatureConfig =
  | MfccMeanConfig
  | MfccSequenceConfig
  | MfccStatisticsConfig
  | LogMelSequenceConfig;

/**
 * The feature kinds.
 *
 * @example
 * ```ts
 * const kind: FeatureKind = 'mfcc-sequence';
 * ```
 */
export type FeatureKind = FeatureConfig['kind'];

/**
 * One feature kind's configuration with every field but `kind` optional, as accepted by
 * {@link resolveFeatureConfig}.
 *
 * @example
 * ```ts
 * const partial: PartialFeatureConfig<MfccMeanConfig> = { kind: 'mfcc-mean', nMfcc: 40 };
 * ```
 */
export type PartialFeatureConfig<T extends FeatureConfig> = { readonly kind: T['kind'] } & {
  readonly [K in Exclude<keyof T, 'kind'>]?: T[K] | undefined;
};

/**
 * A partial {@link FeatureConfig}: `kind` plus any fields to change from librosa's defaults.
 *
 * @example
 * ```ts
 * const input: FeatureConfigInput = { kind: 'log-mel-sequence', sr: 16000, nFft: 512, hopLength: 160, nMels: 64 };
 * ```
 */
export type FeatureConfigInput =
  | PartialFeatureConfig<MfccMeanConfig>
  | PartialFeatureConfig<MfccSequenceConfig>
  | PartialFeatureConfig<MfccStatisticsConfig>
  | PartialFeatureConfig<LogMelSequenceConfig>;

/**
 * A computed feature: `data` in row-major order for `shape` (`[nMfcc, 1]` for a mean,
 * `[frames, dims]` — one row per frame — for sequences).
 *
 * @example
 * ```ts
 * const { shape, data } = computeFeatures(audio, config); // e.g. shape [130, 39]
 * const frame7 = data.subarray(7 * shape[1]!, 8 * shape[1]!);
 * ```
 */
export interface FeatureTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

const KINDS: readonly FeatureKind[] = [
  'mfcc-mean',
  'mfcc-sequence',
  'mfcc-statistics',
  'log-mel-sequence',
];

function positiveInteger(name: string, value: unknown): number {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1)) {
    throw new FeatureParameterError(name, `must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function finiteAtLeast(name: string, value: unknown, min: number): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= min)) {
    throw new FeatureParameterError(name, `must be a finite number ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

function nullable<T>(value: T | null, check: (v: T) => T): T | null {
  return value === null ? null : check(value);
}

function oneOf<T>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new FeatureParameterError(
      name,
      `must be one of ${allowed.map(String).join(', ')}, got ${String(value)}`,
    );
  }
  return value as T;
}

function booleanField(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw new FeatureParameterError(name, `must be true or false, got ${String(value)}`);
  return value;
}

/**
 * Fills a partial feature description with librosa's defaults (`sr` 22050, `nFft` 2048,
 * `hopLength` 512, `winLength` = `nFft`, periodic Hann, centred zero padding, power 2, 128
 * Slaney mel bands from 0 Hz to `sr/2`, `topDb` 80, 20 MFCCs, no lifter, deltas 0 with width 9;
 * `offset` 0, `duration` null) and validates every field, so it also checks configurations
 * read back from JSON. Unknown fields are dropped.
 *
 * @throws {@link FeatureParameterError} naming the first invalid field.
 * @example
 * ```ts
 * const seed = resolveFeatureConfig({ kind: 'mfcc-mean', offset: 0.5, duration: 3, nMfcc: 40 });
 * const fromBundle = resolveFeatureConfig(JSON.parse(text) as FeatureConfigInput);
 * ```
 */
export function resolveFeatureConfig(input: FeatureConfigInput): FeatureConfig {
  if (typeof input !== 'object' || input === null) {
    throw new FeatureParameterError('config', `must be an object, got ${String(input)}`);
  }
  const kind = oneOf('kind', input.kind, KINDS);
  const sr = finiteAtLeast('sr', input.sr ?? 22050, Number.MIN_VALUE);
  const nFft = positiveInteger('nFft', input.nFft ?? 2048);
  const winLength = positiveInteger('winLength', input.winLength ?? nFft);
  if (winLength > nFft)
    throw new FeatureParameterError('winLength', `must be ≤ nFft (${nFft}), got ${winLength}`);
  const fmin = finiteAtLeast('fmin', input.fmin ?? 0, 0);
  const fmax = nullable(input.fmax ?? null, (v) => finiteAtLeast('fmax', v, 0));
  if ((fmax ?? sr / 2) > sr / 2 || (fmax ?? sr / 2) <= fmin) {
    throw new FeatureParameterError(
      'fmax',
      `must be in (fmin = ${fmin}, sr/2 = ${sr / 2}], got ${fmax}`,
    );
  }
  const common = {
    sr,
    offset: finiteAtLeast('offset', input.offset ?? 0, 0),
    duration: nullable(input.duration ?? null, (v) => finiteAtLeast('duration', v, 0)),
    nFft,
    hopLength: positiveInteger('hopLength', input.hopLength ?? 512),
    winLength,
    window: oneOf('window', input.window ?? 'hann', ['hann'] as const),
    center: booleanField('center', input.center ?? true),
    padMode: oneOf('padMode', input.padMode ?? 'constant', [
      'constant',
      'reflect',
      'edge',
    ] as const),
    power: finiteAtLeast('power', input.power ?? 2, Number.MIN_VALUE),
    nMels: positiveInteger('nMels', input.nMels ?? 128),
    fmin,
    fmax,
    htk: booleanField('htk', input.htk ?? false),
    melNorm: oneOf('melNorm', input.melNorm === undefined ? 'slaney' : input.melNorm, [
      'slaney',
      null,
    ] as const),
    topDb: nullable(input.topDb === undefined ? 80 : input.topDb, (v) =>
      finiteAtLeast('topDb', v, 0),
    ),
  };
  if (kind === 'log-mel-sequence') return { kind, ...common };
  const mfccInput = input as PartialFeatureConfig<MfccSequenceConfig>;
  const nMfcc = positiveInteger('nMfcc', mfccInput.nMfcc ?? 20);
  if (nMfcc > common.nMels)
    throw new FeatureParameterError('nMfcc', `must be ≤ nMels (${common.nMels}), got ${nMfcc}`);
  const lifter = finiteAtLeast('lifter', mfccInput.lifter ?? 0, 0);
  if (kind === 'mfcc-mean') return { kind, ...common, nMfcc, lifter };
  const deltaWidth = positiveInteger('deltaWidth', mfccInput.deltaWidth ?? 9);
  if (deltaWidth < 3 || deltaWidth % 2 === 0) {
    throw new FeatureParameterError('deltaWidth', `must be an odd integer ≥ 3, got ${deltaWidth}`);
  }
  const deltas = oneOf('deltas', mfccInput.deltas ?? 0, [0, 1, 2] as const);
  if (kind === 'mfcc-sequence') return { kind, ...common, nMfcc, lifter, deltas, deltaWidth };
  const trimDb = nullable(
    (input as PartialFeatureConfig<MfccStatisticsConfig>).trimDb === undefined
      ? 30
      : (input as PartialFeatureConfig<MfccStatisticsConfig>).trimDb!,
    (v) => finiteAtLeast('trimDb', v, 0),
  );
  return { kind, ...common, nMfcc, lifter, deltas, deltaWidth, trimDb };
}

/**
 * The shape of {@link computeFeatures}' output for `config`, with `null` for the number of
 * frames when it depends on the audio (sequences): `[nMfcc, 1]`, `[null, nMfcc·(1 + deltas)]`,
 * `[1, 2·nMfcc·(1 + deltas)]` (statistics) or `[null, nMels]`.
 *
 * @example
 * ```ts
 * featureShape(seedFeatureConfig); // [40, 1]
 * featureShape(resolveFeatureConfig({ kind: 'mfcc-sequence', nMfcc: 13, deltas: 2 })); // [null, 39]
 * ```
 */
export function featureShape(config: FeatureConfig): [number, number] | [null, number] {
  switch (config.kind) {
    case 'mfcc-mean':
      return [config.nMfcc, 1];
    case 'mfcc-sequence':
      return [null, config.nMfcc * (1 + config.deltas)];
    case 'mfcc-statistics':
      return [1, 2 * config.nMfcc * (1 + config.deltas)];
    case 'log-mel-sequence':
      return [null, config.nMels];
  }
}

/**
 * Version of the feature computation; part of every cache key, bumped when outputs change.
 *
 * @example
 * ```ts
 * const cacheNamespace = `features-v${FEATURE_ALGORITHM_VERSION}`;
 * ```
 */
export const FEATURE_ALGORITHM_VERSION = 1;

/** JSON with object keys sorted at every level. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** 64-bit FNV-1a of the UTF-16 code units of `text`, as 16 hex digits. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * A stable key for caching features: `<kind>-<16 hex digits>`, a 64-bit hash of the resolved
 * configuration (keys sorted, defaults filled) and {@link FEATURE_ALGORITHM_VERSION}. Equal
 * configurations give equal keys in every process and browser; any change of a parameter
 * changes it.
 *
 * @example
 * ```ts
 * featureConfigKey(seedFeatureConfig); // e.g. 'mfcc-mean-3f9a0c7d12e4b851'
 * ```
 */
export function featureConfigKey(config: FeatureConfig): string {
  const resolved = resolveFeatureConfig(config);
  return `${resolved.kind}-${fnv1a64(canonicalJson({ v: FEATURE_ALGORITHM_VERSION, config: resolved }))}`;
}

/** Matrices of equal frames (rows = dims, cols = frames) stacked and transposed to one row per frame. */
function frameMajor(blocks: readonly Matrix[]): FeatureTensor {
  const frames = blocks[0]?.cols ?? 0;
  const dims = blocks.reduce((sum, b) => sum + b.rows, 0);
  const data = new Float32Array(frames * dims);
  let first = 0;
  for (const block of blocks) {
    for (let r = 0; r < block.rows; r++) {
      for (let t = 0; t < frames; t++) data[t * dims + first + r] = block.data[r * frames + t]!;
    }
    first += block.rows;
  }
  return { shape: [frames, dims], data };
}

/**
 * Computes the feature `config` describes from audio: loads it as librosa.load would (mono,
 * `offset`/`duration` cut at the native rate, then resampled to `config.sr` — see
 * {@link loadAudio}), then the MFCC mean, the MFCC(+delta) sequence, its utterance statistics
 * or the log-mel sequence. `audio` is WAV bytes or decoded samples with their rate; `source` names it in errors.
 *
 * @throws {@link AudioFormatError} for undecodable audio; {@link FeatureParameterError} for a
 *   bad configuration or, with deltas, a clip shorter than `deltaWidth` frames.
 * @example
 * ```ts
 * const tensor = computeFeatures({ samples, sampleRate: 24414 }, seedFeatureConfig); // shape [40, 1]
 * const seq = computeFeatures(wavBytes, resolveFeatureConfig({ kind: 'mfcc-sequence', nMfcc: 13, deltas: 2 }), 'a.wav');
 * ```
 */
export function computeFeatures(
  audio: AudioInput,
  config: FeatureConfig,
  source?: string,
): FeatureTensor {
  const c = resolveFeatureConfig(config);
  // The loaded signal never leaves this call: decode and resample into reused buffers.
  const { samples } = loadAudioWith(
    audio,
    {
      sr: c.sr,
      mono: true,
      offset: c.offset,
      duration: c.duration,
      ...(source === undefined ? {} : { source }),
    },
    pooledFloat32,
  );
  const spectral = {
    sr: c.sr,
    nFft: c.nFft,
    hopLength: c.hopLength,
    winLength: c.winLength,
    window: c.window,
    center: c.center,
    padMode: c.padMode,
    power: c.power,
    nMels: c.nMels,
    fmin: c.fmin,
    ...(c.fmax === null ? {} : { fmax: c.fmax }),
    htk: c.htk,
    topDb: c.topDb,
  };
  if (c.kind === 'log-mel-sequence')
    return frameMajor([logMelSpectrogram(samples, { ...spectral, norm: c.melNorm })]);
  const mfccOptions = { ...spectral, melNorm: c.melNorm, nMfcc: c.nMfcc, lifter: c.lifter };
  if (c.kind === 'mfcc-mean') return { shape: [c.nMfcc, 1], data: mfccMean(samples, mfccOptions) };
  const coefficients = mfcc(samples, mfccOptions);
  const blocks = [coefficients];
  for (let order = 1; order <= c.deltas; order++)
    blocks.push(delta(coefficients, { width: c.deltaWidth, order }));
  if (c.kind === 'mfcc-sequence') return frameMajor(blocks);
  return utteranceStatistics(blocks, loudFrames(coefficients, c.nMels, c.trimDb));
}

/**
 * Frames whose mean log-mel level is within `trimDb` of the loudest frame's, from MFCC 0: with
 * the orthonormal DCT it is the frame's summed log-mel level divided by √nMels (a lifter leaves
 * it unchanged).
 */
function loudFrames(coefficients: Matrix, nMels: number, trimDb: number | null): number[] {
  const frames = Array.from({ length: coefficients.cols }, (_, t) => t);
  if (trimDb === null) return frames;
  const level = (t: number) => coefficients.data[t]! / Math.sqrt(nMels);
  let loudest = Number.NEGATIVE_INFINITY;
  for (const t of frames) loudest = Math.max(loudest, level(t));
  return frames.filter((t) => level(t) >= loudest - trimDb);
}

/** Mean and population standard deviation over `frames` of every row of the blocks, in float64. */
function utteranceStatistics(blocks: readonly Matrix[], frames: readonly number[]): FeatureTensor {
  const dims = blocks.reduce((sum, b) => sum + b.rows, 0);
  const data = new Float32Array(2 * dims);
  let row = 0;
  for (const block of blocks) {
    for (let r = 0; r < block.rows; r++, row++) {
      let sum = 0;
      for (const t of frames) sum += block.data[r * block.cols + t]!;
      const mean = sum / frames.length;
      let squares = 0;
      for (const t of frames) squares += (block.data[r * block.cols + t]! - mean) ** 2;
      data[row] = mean;
      data[dims + row] = Math.sqrt(squares / frames.length);
    }
  }
  return { shape: [1, 2 * dims], data };
}
