/**
 * The recognizer: a verified model bundle on a chosen backend, answering "what emotion is in
 * this audio?" with the feature pipeline the bundle records, so features always match
 * training.
 */
import {
  type AudioInput,
  type AudioSignal,
  computeFeatures,
  type FeatureConfig,
  loadAudio,
  resample,
} from '@ser/features';
import {
  type BundleMetadata,
  batchTensor,
  describeModel,
  type FeatureSequence,
  type LoadedBundle,
  loadBundleFromFiles,
  loadBundleFromUrl,
  type ModelSpec,
  normalizeSequence,
  tf,
} from '@ser/model';
import {
  type BackendOptions,
  type BackendSelection,
  ensureBackend,
  type RuntimeBackend,
  selectBackend,
} from './backend';
import { RecognizerError } from './errors';
import { fetchInput, type InputReader, type PredictInput, resolveInput } from './predict-input';
import { rankScores } from './ranking';
import { activeLevelDb, DEFAULT_SILENCE_THRESHOLD_DB, isSpeech } from './silence';
import { EmotionStream, type StreamOptions } from './stream';

/**
 * Milliseconds spent per stage of one prediction: `decodeMs` decoding (WAV bytes), cutting and
 * mixing to mono, `resampleMs` resampling to the bundle's rate, `featuresMs` the feature
 * pipeline with normalisation, `modelMs` the forward pass (for a batch: the whole batch's
 * pass), `totalMs` their sum.
 *
 * @example
 * ```ts
 * const { timings } = await recognizer.predict('clip.wav');
 * console.log(`${timings.totalMs.toFixed(1)} ms, of which model ${timings.modelMs.toFixed(1)} ms`);
 * ```
 */
export interface Timings {
  readonly decodeMs: number;
  readonly resampleMs: number;
  readonly featuresMs: number;
  readonly modelMs: number;
  readonly totalMs: number;
}

/**
 * A class and its probability.
 *
 * @example
 * ```ts
 * const [best]: readonly RankedLabel[] = prediction.top; // { label: 'angry', probability: 0.81 }
 * ```
 */
export interface RankedLabel {
  readonly label: string;
  readonly probability: number;
}

interface PredictionCommon {
  /** Seconds of audio analysed (after the bundle's offset/duration cut). */
  readonly seconds: number;
  /** Active level of the analysed audio (see `activeLevelDb`), dB re amplitude 1; `-Infinity` for digital silence. */
  readonly levelDb: number;
  /** Time per stage. */
  readonly timings: Timings;
}

/**
 * The answer for audio that holds speech: the most probable label, the probability of every
 * class (summing to 1) and the `topK` most probable classes, best first.
 *
 * @example
 * ```ts
 * const p = await recognizer.predict('clip.wav');
 * if (p.speech) console.log(p.label, p.scores['angry'], p.top);
 * ```
 */
export interface SpeechPrediction extends PredictionCommon {
  readonly speech: true;
  readonly label: string;
  readonly scores: Readonly<Record<string, number>>;
  readonly top: readonly RankedLabel[];
}

/**
 * The answer for audio below the silence threshold: no guess.
 *
 * @example
 * ```ts
 * const p = await recognizer.predict({ samples: new Float32Array(48000), sampleRate: 16000 });
 * if (!p.speech) console.log(`no speech (level ${p.levelDb} dB)`);
 * ```
 */
export interface NoSpeechPrediction extends PredictionCommon {
  readonly speech: false;
  readonly label: null;
  readonly scores: null;
  readonly top: readonly [];
}

/**
 * What {@link EmotionRecognizer.predict} returns; `speech` tells which kind.
 *
 * @example
 * ```ts
 * const p: Prediction = await recognizer.predict(wavBytes);
 * console.log(p.speech ? p.label : 'no speech');
 * ```
 */
export type Prediction = SpeechPrediction | NoSpeechPrediction;

/**
 * Per-call options of {@link EmotionRecognizer.predict}; they override the recognizer's.
 *
 * @example
 * ```ts
 * await recognizer.predict(bytes, { topK: 2, silenceThresholdDb: null, source: 'upload.wav' });
 * ```
 */
export interface PredictOptions {
  /** How many classes `top` lists (default 3, at most the number of labels). */
  readonly topK?: number;
  /** Active level (dB) below which the answer is "no speech"; `null` = always classify. Default −65. */
  readonly silenceThresholdDb?: number | null;
  /** Name of the input in error messages (default: the path/URL, or the kind of input). */
  readonly source?: string;
}

/**
 * Options of a recognizer: backend choice, defaults for every prediction, and how string
 * inputs are read.
 *
 * @example
 * ```ts
 * const recognizer = await EmotionRecognizer.load('/models/ser-v1', { backend: 'auto', topK: 2 });
 * ```
 */
export interface RecognizerOptions extends BackendOptions, Omit<PredictOptions, 'source'> {
  /** Reads string inputs (default `fetch`; Node loaders read files). */
  readonly readInput?: InputReader;
}

/**
 * Where a bundle comes from: already loaded, its files in memory, or a URL (prefix of
 * `metadata.json`, `model.json`, weights) fetched with `fetch`. (Directories: `loadRecognizer`
 * of `@ser/runtime/node`.)
 *
 * @example
 * ```ts
 * const source: BundleSource = 'https://example.org/models/ser-v1/';
 * ```
 */
export type BundleSource = LoadedBundle | ReadonlyMap<string, Uint8Array> | string;

/** Audio at the model's rate, ready for features. */
interface Signal {
  readonly samples: Float32Array;
  readonly source: string;
  readonly decodeMs: number;
  readonly resampleMs: number;
}

/** What one signal became on the way to the model. */
type Analysis =
  | { readonly kind: 'silent'; readonly level: number; readonly seconds: number }
  | {
      readonly kind: 'speech';
      readonly level: number;
      readonly seconds: number;
      readonly sequence: FeatureSequence;
      readonly featuresMs: number;
    };

/** Smallest number of samples (at the model's rate) the feature configuration can use. */
function minimumSamples(c: FeatureConfig): number {
  const withDeltas = c.kind === 'mfcc-sequence' || c.kind === 'mfcc-statistics';
  const frames = withDeltas && c.deltas > 0 ? c.deltaWidth : 1;
  const span = (frames - 1) * c.hopLength;
  if (!c.center) return c.nFft + span;
  return Math.max(c.padMode === 'reflect' ? Math.floor(c.nFft / 2) + 1 : 1, span);
}

function checkTopK(topK: number): number {
  if (!(Number.isInteger(topK) && topK >= 1)) {
    throw new RecognizerError('invalid-option', 'topK', `must be a positive integer, got ${topK}`);
  }
  return topK;
}

function checkThreshold(threshold: number | null): number | null {
  if (threshold !== null && Number.isNaN(threshold)) {
    throw new RecognizerError('invalid-option', 'silenceThresholdDb', 'must be a number or null');
  }
  return threshold;
}

/**
 * Speech emotion recognition with one model bundle: `predict` a file, bytes, samples or an
 * `AudioBuffer`; `predictBatch` several; `stream` live audio. The bundle's feature pipeline
 * (load cut, sample rate, MFCC/log-mel parameters), normalisation and the model's length
 * policy (pad at the end with the mask value, centre-crop) are applied exactly as in training.
 *
 * @example
 * ```ts
 * const recognizer = await EmotionRecognizer.load('/models/ser-v1/');
 * console.log(recognizer.backend); // e.g. 'webgl'
 * const p = await recognizer.predict(audioBuffer);
 * if (p.speech) console.log(p.label, p.top);
 * ```
 */
export class EmotionRecognizer {
  /** Class names, in the model's output order. */
  readonly labels: readonly string[];
  /** The bundle's metadata (feature configuration, normalisation, provenance). */
  readonly metadata: BundleMetadata;
  /** The backend inference runs on. */
  readonly backend: RuntimeBackend;
  /** The backend and the faster candidates that could not start. */
  readonly backendSelection: BackendSelection;
  private readonly bundle: LoadedBundle;
  private readonly spec: ModelSpec;
  private readonly topK: number;
  private readonly silenceThresholdDb: number | null;
  private readonly readInput: InputReader;
  private disposed = false;

  private constructor(
    bundle: LoadedBundle,
    selection: BackendSelection,
    options: RecognizerOptions,
  ) {
    this.bundle = bundle;
    this.metadata = bundle.metadata;
    this.labels = bundle.metadata.labels;
    this.backendSelection = selection;
    this.backend = selection.backend;
    this.spec = describeModel(bundle.model);
    this.topK = checkTopK(options.topK ?? 3);
    this.silenceThresholdDb = checkThreshold(
      options.silenceThresholdDb === undefined
        ? DEFAULT_SILENCE_THRESHOLD_DB
        : options.silenceThresholdDb,
    );
    this.readInput = options.readInput ?? fetchInput;
  }

  /**
   * Chooses the backend, then loads and verifies a bundle from `source` (checksums, labels
   * against outputs, feature shape against the model's input).
   *
   * @throws @ser/model's `BundleError` for a missing, corrupt or inconsistent bundle;
   *   {@link RecognizerError} (`backend-unavailable`) when the backend cannot start.
   * @example
   * ```ts
   * const fromUrl = await EmotionRecognizer.load('https://example.org/models/ser-v1/');
   * const fromMemory = await EmotionRecognizer.load(filesFromADroppedFolder, { backend: 'wasm' });
   * ```
   */
  static load(source: BundleSource, options: RecognizerOptions = {}): Promise<EmotionRecognizer> {
    return EmotionRecognizer.create(() => {
      if (typeof source === 'string') return loadBundleFromUrl(source);
      if (source instanceof Map) return loadBundleFromFiles(source);
      return Promise.resolve(source as LoadedBundle);
    }, options);
  }

  /**
   * Chooses the backend, then calls `loadBundle` (so the weights are created on that backend)
   * and wraps the result; the building block of the other loaders.
   *
   * @example
   * ```ts
   * const recognizer = await EmotionRecognizer.create(() => loadBundle('models/ser-v1'), { backend: 'cpu' });
   * ```
   */
  static async create(
    loadBundle: () => Promise<LoadedBundle>,
    options: RecognizerOptions = {},
  ): Promise<EmotionRecognizer> {
    const selection = await selectBackend(options);
    const bundle = await loadBundle();
    try {
      return new EmotionRecognizer(bundle, selection, options);
    } catch (error) {
      bundle.model.dispose();
      throw error;
    }
  }

  /** The bundle's feature configuration. */
  get features(): FeatureConfig {
    return this.metadata.features;
  }

  /**
   * Recognises the emotion in one input. Audio below the silence threshold gives a
   * {@link NoSpeechPrediction}; audio shorter than the bundle's duration is analysed as
   * training analysed short clips (fewer frames, padded for fixed-length sequence models).
   *
   * @throws {@link RecognizerError} (`too-short`, `invalid-input`, `io`, …); @ser/features'
   *   `AudioFormatError` for undecodable audio or NaN/infinite samples and
   *   `FeatureParameterError` for a sample rate that is not a positive number.
   * @example
   * ```ts
   * const p = await recognizer.predict({ samples, sampleRate: 44100 }, { topK: 2 });
   * if (p.speech) console.log(`${p.label} (${(p.top[0]!.probability * 100).toFixed(0)} %)`);
   * ```
   */
  async predict(input: PredictInput, options: PredictOptions = {}): Promise<Prediction> {
    const [prediction] = await this.predictBatch([input], options);
    return prediction!;
  }

  /**
   * Recognises several inputs, running the model once per group of equal-length features
   * (once in all for fixed-length models). Results are in input order and equal to `predict`'s.
   *
   * @throws As {@link EmotionRecognizer.predict}, for the first bad input.
   * @example
   * ```ts
   * const results = await recognizer.predictBatch(['a.wav', 'b.wav', 'c.wav']);
   * ```
   */
  async predictBatch(
    inputs: readonly PredictInput[],
    options: PredictOptions = {},
  ): Promise<Prediction[]> {
    this.checkAlive();
    const signals: Signal[] = [];
    for (const [i, input] of inputs.entries()) {
      const name = options.source ?? (inputs.length > 1 ? `input ${i}` : undefined);
      const { audio, source } = await resolveInput(
        input,
        this.readInput,
        typeof input === 'string' && options.source === undefined ? undefined : name,
      );
      signals.push(this.loadSignal(audio, source, true));
    }
    return this.classify(signals, options);
  }

  /**
   * A stream over live audio: feed chunks, get smoothed predictions of sliding windows.
   *
   * @example
   * ```ts
   * const stream = recognizer.stream({ windowSeconds: 2, hopSeconds: 0.5 });
   * for (const w of await stream.push(chunk, 48000)) console.log(w.startSeconds, w.speech ? w.label : '—');
   * ```
   */
  stream(options: StreamOptions = {}): EmotionStream {
    this.checkAlive();
    return new EmotionStream(this, options);
  }

  /**
   * Classifies windows of a stream: samples at `sampleRate`, not cut by the bundle's
   * offset/duration (the window is the utterance).
   *
   * @internal
   */
  classifyWindows(
    windows: readonly Float32Array[],
    sampleRate: number,
    source: string,
    options: PredictOptions,
  ): Promise<Prediction[]> {
    this.checkAlive();
    return this.classify(
      windows.map((samples) => this.loadSignal({ samples, sampleRate }, source, false)),
      options,
    );
  }

  /** Frees the model's memory; the recognizer cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.bundle.model.dispose();
  }

  private checkAlive(): void {
    if (this.disposed) {
      throw new RecognizerError('disposed', 'EmotionRecognizer', 'used after dispose()');
    }
  }

  /**
   * Decodes and cuts (when `cut`) at the native rate, then resamples to the model's rate: the
   * two halves of `loadAudio(audio, { sr, offset, duration })`, timed apart.
   */
  private loadSignal(audio: AudioInput, source: string, cut: boolean): Signal {
    const c = this.features;
    const started = performance.now();
    const native: AudioSignal = loadAudio(audio, {
      sr: null,
      mono: true,
      offset: cut ? c.offset : 0,
      duration: cut ? c.duration : null,
      source,
    });
    const decoded = performance.now();
    const samples =
      native.sampleRate === c.sr
        ? native.samples
        : resample(native.samples, { origSr: native.sampleRate, targetSr: c.sr });
    return {
      samples,
      source,
      decodeMs: decoded - started,
      resampleMs: performance.now() - decoded,
    };
  }

  private analyse(signal: Signal, threshold: number | null): Analysis {
    const c = this.features;
    const { samples, source } = signal;
    const needed = minimumSamples(c);
    const seconds = samples.length / c.sr;
    if (samples.length < needed) {
      const cut = c.offset > 0 ? ` after skipping the bundle's offset of ${c.offset} s` : '';
      throw new RecognizerError(
        'too-short',
        source,
        `${seconds.toFixed(4)} s of audio${cut}; this model's features need at least ${(needed / c.sr).toFixed(4)} s`,
      );
    }
    const level = activeLevelDb(samples, c.sr);
    if (!isSpeech(level, threshold)) return { kind: 'silent', level, seconds };
    const started = performance.now();
    const features = computeFeatures(
      { samples, sampleRate: c.sr },
      { ...c, offset: 0, duration: null },
      source,
    );
    const [frames, coefficients] = features.shape as [number, number];
    const raw: FeatureSequence = { frames, coefficients, data: features.data };
    const normalizer = this.metadata.normalization;
    const sequence = normalizer === null ? raw : normalizeSequence(raw, normalizer);
    return { kind: 'speech', level, seconds, sequence, featuresMs: performance.now() - started };
  }

  private async classify(
    signals: readonly Signal[],
    options: PredictOptions,
  ): Promise<Prediction[]> {
    const topK = checkTopK(options.topK ?? this.topK);
    const threshold = checkThreshold(
      options.silenceThresholdDb === undefined
        ? this.silenceThresholdDb
        : options.silenceThresholdDb,
    );
    const analyses = signals.map((s) => this.analyse(s, threshold));
    const probabilities = new Map<number, Float32Array>();
    const modelMs = new Map<number, number>();
    // Sequences of equal length share a forward pass; fixed-length models take them all at once.
    const groups = new Map<number, number[]>();
    analyses.forEach((a, i) => {
      if (a.kind !== 'speech') return;
      const key = this.spec.frames ?? a.sequence.frames;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    for (const indices of groups.values()) {
      const started = performance.now();
      const sequences = indices.map((i) => (analyses[i] as { sequence: FeatureSequence }).sequence);
      const rows = await this.infer(sequences);
      const elapsed = performance.now() - started;
      indices.forEach((index, row) => {
        probabilities.set(index, rows[row]!);
        modelMs.set(index, elapsed);
      });
    }
    return analyses.map((analysis, i) => {
      const { decodeMs, resampleMs } = signals[i]!;
      const loadMs = decodeMs + resampleMs;
      if (analysis.kind === 'silent') {
        return {
          speech: false,
          label: null,
          scores: null,
          top: [],
          seconds: analysis.seconds,
          levelDb: analysis.level,
          timings: { decodeMs, resampleMs, featuresMs: 0, modelMs: 0, totalMs: loadMs },
        };
      }
      const model = modelMs.get(i)!;
      return {
        ...rankScores(this.labels, probabilities.get(i)!, topK),
        seconds: analysis.seconds,
        levelDb: analysis.level,
        timings: {
          decodeMs,
          resampleMs,
          featuresMs: analysis.featuresMs,
          modelMs: model,
          totalMs: loadMs + analysis.featuresMs + model,
        },
      };
    });
  }

  /** Class probabilities of normalised sequences, with training's length policy. */
  private async infer(sequences: readonly FeatureSequence[]): Promise<Float32Array[]> {
    await ensureBackend(this.backend);
    const output = tf.tidy(() => {
      const x = batchTensor(sequences, { frames: this.spec.frames, padValue: this.spec.padValue });
      return this.bundle.model.predict(x) as tf.Tensor;
    });
    const values = (await output.data()) as Float32Array;
    output.dispose();
    const n = this.spec.numClasses;
    return sequences.map((_, i) => values.slice(i * n, (i + 1) * n));
  }
}
